// WorkerPool — the server's threads: they wait for sockets and timers, and run statements,
// all through one io_context; a core bounds how many run at once, extra threads are started
// while threads block or run long statements.
//
// Every thread of the pool runs the io_context (`io()`): whichever thread the operating system
// wakes for a readable socket reads the message and, through Post, runs the statement next
// (asio runs a job posted from a handler on the posting thread), so a point query costs one
// wake-up, as a PostgreSQL backend's does, instead of a hand-over from an I/O thread to a
// worker. Slow or idle clients still hold no thread: reads and writes are asynchronous.
//
// The core of `core_threads` threads is the CPU-bound concurrency the machine can use. Two
// kinds of threads stop counting against it, and for each a queued handler gets a newly
// started thread, up to `max_threads` in all:
//   - a thread inside a blocking region (common/blocking_region.hpp: a WAL flush, a lock
//     wait), which announces itself, so compensation starts at once and only for real waits
//     (SQL Server's preemptive mode);
//   - a thread whose job has run longer than `stall_limit` (a long statement), found by a
//     monitor that looks every `stall_limit` (the MySQL/Percona thread pool's stall
//     detection). Without it, `core_threads` long statements would hold every thread, and
//     neither a new connection nor a CancelRequest could be read until one ended.
// When such a thread counts again, a thread beyond the core parks after its current handler,
// to be woken by the next compensation instead of starting a thread (a COMMIT's flush wait
// would otherwise start one per commit); parked threads, and extra threads idle in the
// io_context, exit after `idle_timeout`; the core never does.
//
// Why it matters: a fixed pool caps how many sessions can wait at once — at most
// `core_threads` commits could share one WAL flush — and with waits on other sessions (row
// and table locks) it could deadlock: every thread waiting for a lock held by a session
// whose next message waits behind them. Here a queued handler always gets a thread while
// fewer than `max_threads` exist.
//
// Thread-safety: every method may be called from any thread, Post also from inside a job.
// Jobs and handlers must not throw (an exception leaving one ends the process).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace granary::server {

struct WorkerPoolOptions {
  int core_threads = 4;  // threads always kept; how many run at once outside waits
  int max_threads = 64;  // all threads, core included (at least core_threads)
  std::chrono::milliseconds idle_timeout{60'000};  // an extra thread idle this long exits
  std::chrono::milliseconds stall_limit{50};       // a job running this long stops counting
  size_t stack_size = 0;  // bytes per thread stack; 0: the platform's default
};

class WorkerPool {
 public:
  using Job = std::function<void()>;

  struct Statistics {
    int threads = 0;   // live threads
    int running = 0;   // counting against the core: not blocked, not stalled
    int blocked = 0;   // inside a blocking region
    int stalled = 0;   // running a job longer than stall_limit
    int idle = 0;      // waiting in the io_context (threads - in handlers or jobs, roughly)
    size_t queued = 0;  // jobs posted and not yet started
    int peak_threads = 0;
    uint64_t started = 0;  // threads started beyond the core, ever
    uint64_t retired = 0;  // extra threads that exited, ever
  };

  // Starts the core threads (58000 if a thread cannot be created).
  explicit WorkerPool(WorkerPoolOptions options);
  ~WorkerPool();  // Join()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // The context whose handlers the pool's threads run: sockets, timers and strands go here.
  boost::asio::io_context& io() { return io_; }

  // Queues `job`. After Join has returned the job is dropped unrun.
  void Post(Job job);

  // Runs `job` at once when called on one of the pool's threads (from a handler: the thread
  // that read a message runs its statement) and returns true; false elsewhere.
  bool RunHere(Job& job);

  // Runs every queued job, including jobs posted meanwhile, then stops the io_context (what
  // else waits there — sockets, timers — is abandoned) and ends every thread. Blocked threads
  // are still compensated while the jobs drain, so a blocked job that waits for a queued one
  // does not hang the join. Idempotent.
  void Join();

  Statistics statistics() const;
  const WorkerPoolOptions& options() const { return options_; }

 private:
  struct Worker;

  // Starts `count` threads (threads_ was raised for them already).
  void StartWorkers(int count);
  // Brings the threads that count against the core back to core_threads: wakes parked
  // threads, else raises threads_ (up to max_threads) and returns how many to start.
  int Compensate();
  void WorkerMain(Worker& self);
  void RunJob(Job& job);
  // Threads running the io_context that count against the core.
  int Counting() const;
  // After a handler, on a thread beyond the core: waits parked until compensation needs it
  // (false: run on) or idle_timeout passes (true: exit, already taken off threads_).
  bool ParkIfSurplus(Worker& self);
  void OnBlockingBegin(Worker& self);
  void OnBlockingEnd(Worker& self);
  void MonitorMain();
  void ReapExited();
  static void* ThreadEntry(void* argument);

  const WorkerPoolOptions options_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;

  // Counted without the mutex on every handler; changed in ways that keep
  // threads_ - blocked_ - stalled_ >= core_threads whenever jobs wait.
  std::atomic<int> threads_{0};   // live plus reserved-but-not-yet-created
  std::atomic<int> parked_{0};    // changed under mutex_
  std::atomic<int> blocked_{0};
  std::atomic<int> stalled_{0};
  std::atomic<int> in_jobs_{0};
  std::atomic<size_t> queued_{0};
  std::atomic<bool> joining_{false};

  mutable std::mutex mutex_;  // the thread lists, the counters of the past, the monitor
  std::condition_variable changed_;
  std::vector<std::unique_ptr<Worker>> live_;    // every started thread not yet exited
  std::vector<std::unique_ptr<Worker>> exited_;  // to be joined
  std::vector<Worker*> parked_workers_;          // most recently parked last
  std::atomic<bool> accepting_{true};            // false once Join has returned
  std::thread monitor_;
  bool joined_ = false;
  bool warned_at_maximum_ = false;
  int peak_threads_ = 0;
  uint64_t started_ = 0;
  uint64_t retired_ = 0;
};

}  // namespace granary::server
