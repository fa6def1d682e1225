// WorkerPool — the threads that run statements: a fixed core that bounds how many jobs run at
// once, and extra workers started while workers are blocked.
//
// The core of `core_threads` workers limits how many jobs run at a time outside blocking
// regions (common/blocking_region.hpp) — the CPU-bound concurrency the machine can use. A
// worker that enters a blocking region (a WAL flush, later a lock wait) stops counting
// against that limit, and when a job is queued with no running slot taken up, an idle worker
// is woken or, when there is none, an extra thread started, up to `max_threads` in all. A
// worker leaving its region counts again at once, so for a moment more than `core_threads`
// jobs may run; workers then take no new job until the count is below the core again. Extra
// workers idle for `idle_timeout` exit; the core never does. Idle workers are woken last-in
// first-out, so under a steady load the same few stay busy and the rest time out.
//
// This is SQL Server's "preemptive" mode and the stall handling of the MySQL/Percona thread
// pool, with one difference: a worker announces that it blocks (the region) instead of being
// detected by a timer as stalled, so compensation starts at once and only for real waits.
//
// Why it matters: a fixed pool caps how many sessions can wait at once — at most
// `core_threads` commits could share one WAL flush — and with waits on other sessions (row
// and table locks) it could deadlock: every worker waiting for a lock held by a session
// whose next message sits in the queue behind them. Here a queued job always gets a worker
// while fewer than `max_threads` exist.
//
// Thread-safety: every method may be called from any thread, Post also from inside a job.
// Jobs must not throw (an exception leaving a job ends the process, as with any thread).
#pragma once

#include <pthread.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace granary::server {

struct WorkerPoolOptions {
  int core_threads = 4;  // workers always kept; jobs run at once outside blocking regions
  int max_threads = 64;  // all workers, core included (at least core_threads)
  std::chrono::milliseconds idle_timeout{60'000};  // an extra worker idle this long exits
  size_t stack_size = 0;  // bytes per worker stack; 0: the platform's default
};

class WorkerPool {
 public:
  using Job = std::function<void()>;

  struct Statistics {
    int threads = 0;   // live workers
    int running = 0;   // running a job outside a blocking region
    int blocked = 0;   // running a job inside a blocking region
    int idle = 0;      // waiting for a job
    size_t queued = 0;
    int peak_threads = 0;
    uint64_t started = 0;  // threads started beyond the core, ever
    uint64_t retired = 0;  // extra threads that exited after idling, ever
  };

  // Starts the core workers (58000 if a thread cannot be created).
  explicit WorkerPool(WorkerPoolOptions options);
  ~WorkerPool();  // Join()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job`. After Join has returned the job is dropped unrun.
  void Post(Job job);

  // Runs every queued job, including jobs posted meanwhile, then ends every worker and
  // returns. Blocked workers are still compensated while the queue drains, so a blocked job
  // that waits for a queued one does not hang the join. Idempotent.
  void Join();

  Statistics statistics() const;
  const WorkerPoolOptions& options() const { return options_; }

 private:
  struct Worker;

  // What a dispatch asks of its caller once mutex_ is released: waking the worker chosen
  // (notifying under the lock would wake it only to block on the lock) and starting threads.
  struct Dispatch {
    Worker* wake = nullptr;
    int start = 0;
  };
  // With mutex_ held: for queued jobs while fewer than core_threads run, picks one idle worker
  // to wake, or reserves new threads when none is idle. One wake is enough: a worker that takes
  // a job dispatches again for the rest of the queue.
  Dispatch DispatchLocked();
  // Without mutex_: carries out a dispatch.
  void Complete(const Dispatch& dispatch);
  void StartWorkers(int count);
  void WorkerMain(Worker& self);
  void OnBlockingBegin();
  void OnBlockingEnd();
  void ReapExited();
  static void* ThreadEntry(void* argument);

  const WorkerPoolOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable all_exited_;
  std::deque<Job> queue_;
  std::vector<std::unique_ptr<Worker>> live_;    // every started thread not yet exited
  std::vector<Worker*> idle_;                    // waiting, most recently idle last
  std::vector<std::unique_ptr<Worker>> exited_;  // to be joined
  int threads_ = 0;   // live_ plus threads reserved but not yet created
  int running_ = 0;   // running a job outside a blocking region
  int blocked_ = 0;
  int pending_ = 0;   // woken or starting, not yet looking at the queue
  bool joining_ = false;
  bool joined_ = false;
  bool warned_at_maximum_ = false;
  int peak_threads_ = 0;
  uint64_t started_ = 0;
  uint64_t retired_ = 0;
};

}  // namespace granary::server
