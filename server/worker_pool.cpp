// The server's threads: one io_context, a core that bounds running work, extra threads while
// others block or run long statements.
#include "server/worker_pool.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include <boost/asio/post.hpp>

#include "common/blocking_region.hpp"
#include "common/log.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::server {

namespace {

int64_t NowNanoseconds() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct WorkerPool::Worker final : BlockingListener {
  explicit Worker(WorkerPool& owner) : pool(owner) {}
  void OnBlockingBegin() noexcept override { pool.OnBlockingBegin(*this); }
  void OnBlockingEnd() noexcept override { pool.OnBlockingEnd(*this); }

  WorkerPool& pool;
  pthread_t thread{};
  std::atomic<int64_t> job_started_ns{0};  // the running job's start; 0: none runs
  std::atomic<bool> blocking{false};       // inside a blocking region
  std::atomic<bool> stalled{false};        // counted in stalled_
  std::condition_variable wake;            // parked: Compensate or Join wakes it
  bool unparked = false;                   // under pool.mutex_
};

namespace {
// The pool whose thread this is (RunHere runs jobs only on its own pool's threads).
thread_local const WorkerPool* current_pool = nullptr;
}  // namespace

WorkerPool::WorkerPool(WorkerPoolOptions options)
    : options_([&] {
        options.core_threads = std::max(1, options.core_threads);
        options.max_threads = std::max(options.core_threads, options.max_threads);
        options.stall_limit = std::max(options.stall_limit, std::chrono::milliseconds(1));
        return options;
      }()),
      work_(io_.get_executor()) {
  threads_ = options_.core_threads;
  peak_threads_ = options_.core_threads;
  StartWorkers(options_.core_threads);
  if (threads_.load() < options_.core_threads) {
    Join();
    throw Error(sqlstate::kSystemError, "could not start " + std::to_string(options_.core_threads) +
                                            " worker threads");
  }
  monitor_ = std::thread([this] { MonitorMain(); });
}

WorkerPool::~WorkerPool() { Join(); }

void WorkerPool::Post(Job job) {
  if (!accepting_.load(std::memory_order_relaxed)) return;  // destroyed here, unrun
  queued_.fetch_add(1, std::memory_order_relaxed);
  boost::asio::post(io_, [this, job = std::move(job)]() mutable { RunJob(job); });
}

bool WorkerPool::RunHere(Job& job) {
  if (current_pool != this) return false;
  queued_.fetch_add(1, std::memory_order_relaxed);
  RunJob(job);
  return true;
}

void WorkerPool::RunJob(Job& job) {
  queued_.fetch_sub(1, std::memory_order_relaxed);
  auto* self = static_cast<Worker*>(CurrentBlockingListener());  // only the pool's threads run jobs
  in_jobs_.fetch_add(1, std::memory_order_relaxed);
  self->job_started_ns.store(NowNanoseconds(), std::memory_order_relaxed);
  job();
  job = nullptr;
  self->job_started_ns.store(0, std::memory_order_relaxed);
  if (self->stalled.exchange(false)) stalled_.fetch_sub(1);
  in_jobs_.fetch_sub(1, std::memory_order_relaxed);
  if (joining_.load()) {
    std::lock_guard lock(mutex_);
    changed_.notify_all();
  }
}

void* WorkerPool::ThreadEntry(void* argument) {
  auto* worker = static_cast<Worker*>(argument);
  pthread_setname_np(pthread_self(), "granary worker");
  worker->pool.WorkerMain(*worker);
  return nullptr;
}

void WorkerPool::StartWorkers(int count) {
  ReapExited();
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  if (options_.stack_size > 0) pthread_attr_setstacksize(&attributes, options_.stack_size);
  for (int i = 0; i < count; ++i) {
    auto worker = std::make_unique<Worker>(*this);
    // Under the lock, so that the new thread finds itself in live_ when it exits.
    std::lock_guard lock(mutex_);
    const int error = pthread_create(&worker->thread, &attributes, &ThreadEntry, worker.get());
    if (error != 0) {
      threads_.fetch_sub(1);
      Log(LogLevel::kWarning, std::string("could not start a worker thread: ") + std::strerror(error));
      continue;
    }
    ++started_;
    live_.push_back(std::move(worker));
  }
  pthread_attr_destroy(&attributes);
}

int WorkerPool::Counting() const {
  return threads_.load(std::memory_order_relaxed) - parked_.load(std::memory_order_relaxed) -
         blocked_.load(std::memory_order_relaxed) - stalled_.load(std::memory_order_relaxed);
}

int WorkerPool::Compensate() {
  std::lock_guard lock(mutex_);
  int start = 0;
  while (Counting() < options_.core_threads) {
    if (!parked_workers_.empty()) {
      Worker* worker = parked_workers_.back();
      parked_workers_.pop_back();
      worker->unparked = true;
      parked_.fetch_sub(1);
      worker->wake.notify_one();
    } else if (threads_.load() < options_.max_threads) {
      threads_.fetch_add(1);
      ++start;
      peak_threads_ = std::max(peak_threads_, threads_.load());
    } else {
      if (!warned_at_maximum_) {
        warned_at_maximum_ = true;
        Log(LogLevel::kWarning, "all " + std::to_string(threads_.load()) +
                                    " worker threads are in use (" + std::to_string(blocked_.load()) +
                                    " blocked); statements wait for a free worker "
                                    "(max_worker_threads)");
      }
      break;
    }
  }
  return start;
}

bool WorkerPool::ParkIfSurplus(Worker& self) {
  if (Counting() <= options_.core_threads) return false;  // the common case, without the lock
  std::unique_lock lock(mutex_);
  if (Counting() <= options_.core_threads || joining_.load()) return false;
  self.unparked = false;
  parked_workers_.push_back(&self);
  parked_.fetch_add(1);
  self.wake.wait_for(lock, options_.idle_timeout, [&] { return self.unparked || joining_.load(); });
  if (self.unparked) return false;  // Compensate took it off the list and the count
  parked_workers_.erase(std::find(parked_workers_.begin(), parked_workers_.end(), &self));
  parked_.fetch_sub(1);
  if (joining_.load()) return false;  // run on until the io_context stops
  threads_.fetch_sub(1);
  ++retired_;
  return true;
}

void WorkerPool::WorkerMain(Worker& self) {
  SetBlockingListener(&self);
  current_pool = this;
  bool counted = true;  // still in threads_
  while (!io_.stopped()) {
    const bool extra = threads_.load(std::memory_order_relaxed) > options_.core_threads;
    const size_t ran = extra ? io_.run_one_for(options_.idle_timeout) : io_.run_one();
    if (io_.stopped()) break;
    if (ran == 0 && extra) {  // idle in the io_context for idle_timeout
      std::lock_guard lock(mutex_);
      if (Counting() > options_.core_threads) {
        threads_.fetch_sub(1);
        ++retired_;
        counted = false;
        break;
      }
    }
    if (ParkIfSurplus(self)) {
      counted = false;
      break;
    }
  }
  current_pool = nullptr;
  SetBlockingListener(nullptr);

  std::unique_lock lock(mutex_);
  if (counted) threads_.fetch_sub(1);
  if (threads_.load() < options_.max_threads) warned_at_maximum_ = false;
  // Hand this thread to whoever joins next, and join the ones that exited before it.
  std::vector<std::unique_ptr<Worker>> previous = std::move(exited_);
  exited_.clear();
  auto own = std::find_if(live_.begin(), live_.end(), [&](const auto& worker) { return worker.get() == &self; });
  exited_.push_back(std::move(*own));
  live_.erase(own);
  changed_.notify_all();
  lock.unlock();
  for (const auto& worker : previous) pthread_join(worker->thread, nullptr);
}

void WorkerPool::OnBlockingBegin(Worker& self) {
  self.blocking.store(true);
  if (self.stalled.exchange(false)) stalled_.fetch_sub(1);  // now counted as blocked
  blocked_.fetch_add(1);
  const int start = Compensate();
  if (start > 0) StartWorkers(start);
}

void WorkerPool::OnBlockingEnd(Worker& self) {
  blocked_.fetch_sub(1);
  self.blocking.store(false);
}

void WorkerPool::MonitorMain() {
  std::unique_lock lock(mutex_);
  while (!joined_) {
    changed_.wait_for(lock, options_.stall_limit);
    if (joined_) break;
    const int64_t stalled_before = NowNanoseconds() -
        std::chrono::duration_cast<std::chrono::nanoseconds>(options_.stall_limit).count();
    int newly_stalled = 0;
    for (const auto& worker : live_) {
      const int64_t started = worker->job_started_ns.load(std::memory_order_relaxed);
      if (started == 0 || started > stalled_before || worker->blocking.load()) continue;
      if (!worker->stalled.exchange(true)) ++newly_stalled;
    }
    if (newly_stalled == 0) continue;
    stalled_.fetch_add(newly_stalled);
    lock.unlock();
    const int start = Compensate();
    if (start > 0) StartWorkers(start);
    lock.lock();
  }
}

void WorkerPool::ReapExited() {
  std::vector<std::unique_ptr<Worker>> exited;
  {
    std::lock_guard lock(mutex_);
    exited.swap(exited_);
  }
  for (const auto& worker : exited) pthread_join(worker->thread, nullptr);
}

void WorkerPool::Join() {
  {
    std::unique_lock lock(mutex_);
    if (joined_ || joining_.load()) {
      changed_.wait(lock, [this] { return joined_; });
      return;
    }
    joining_ = true;
    for (Worker* worker : parked_workers_) worker->wake.notify_one();
  }
  // Jobs still queued or running finish first; blocked ones keep being compensated.
  {
    std::unique_lock lock(mutex_);
    while (queued_.load() > 0 || in_jobs_.load() > 0) {
      if (threads_.load() == 0) break;  // the core could not be started
      changed_.wait_for(lock, std::chrono::milliseconds(10));
    }
  }
  work_.reset();
  io_.stop();
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return threads_.load() == 0; });
    joined_ = true;
    accepting_ = false;
    changed_.notify_all();
  }
  if (monitor_.joinable()) monitor_.join();
  ReapExited();
}

WorkerPool::Statistics WorkerPool::statistics() const {
  std::lock_guard lock(mutex_);
  Statistics result;
  result.threads = threads_.load();
  result.blocked = blocked_.load();
  result.stalled = stalled_.load();
  result.running = std::max(0, in_jobs_.load() - result.blocked - result.stalled);
  result.idle = std::max(0, result.threads - in_jobs_.load());
  result.queued = queued_.load();
  result.peak_threads = peak_threads_;
  result.started = started_;
  result.retired = retired_;
  return result;
}

}  // namespace granary::server
