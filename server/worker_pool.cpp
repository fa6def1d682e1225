// The elastic worker pool: a core that bounds running jobs, extra workers while others block.
#include "server/worker_pool.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <cstring>
#include <string>

#include "common/blocking_region.hpp"
#include "common/log.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::server {

struct WorkerPool::Worker final : BlockingListener {
  explicit Worker(WorkerPool& owner) : pool(owner) {}
  void OnBlockingBegin() noexcept override { pool.OnBlockingBegin(); }
  void OnBlockingEnd() noexcept override { pool.OnBlockingEnd(); }

  WorkerPool& pool;
  pthread_t thread{};
  std::condition_variable wake;
  bool woken = false;  // under pool.mutex_: taken off idle_ by DispatchLocked
  // Wakes chosen under the lock and not yet notified; a worker does not exit (and free this
  // object) while one is outstanding.
  std::atomic<int> notifies_in_flight{0};
};

WorkerPool::WorkerPool(WorkerPoolOptions options) : options_([&] {
  options.core_threads = std::max(1, options.core_threads);
  options.max_threads = std::max(options.core_threads, options.max_threads);
  return options;
}()) {
  {
    std::lock_guard lock(mutex_);
    threads_ = options_.core_threads;
    pending_ = options_.core_threads;
    peak_threads_ = threads_;
  }
  StartWorkers(options_.core_threads);
  if (statistics().threads < options_.core_threads) {
    Join();
    throw Error(sqlstate::kSystemError, "could not start " + std::to_string(options_.core_threads) +
                                            " worker threads");
  }
}

WorkerPool::~WorkerPool() { Join(); }

void WorkerPool::Post(Job job) {
  Dispatch dispatch;
  {
    std::lock_guard lock(mutex_);
    if (!joined_) {
      queue_.push_back(std::move(job));
      dispatch = DispatchLocked();
    }
  }
  // A job posted after Join is destroyed here, outside the lock (it may own a connection).
  Complete(dispatch);
}

WorkerPool::Dispatch WorkerPool::DispatchLocked() {
  Dispatch dispatch;
  while (queue_.size() > static_cast<size_t>(pending_) &&
         running_ + pending_ < options_.core_threads) {
    if (!idle_.empty()) {
      if (dispatch.wake != nullptr) break;  // the woken worker dispatches the rest
      Worker* worker = idle_.back();
      idle_.pop_back();
      worker->woken = true;
      worker->notifies_in_flight.fetch_add(1, std::memory_order_relaxed);
      ++pending_;
      dispatch.wake = worker;
    } else if (threads_ < options_.max_threads) {
      ++threads_;
      ++pending_;
      ++dispatch.start;
      peak_threads_ = std::max(peak_threads_, threads_);
    } else {
      if (!warned_at_maximum_) {
        warned_at_maximum_ = true;
        Log(LogLevel::kWarning, "all " + std::to_string(threads_) +
                                    " worker threads are in use (" + std::to_string(blocked_) +
                                    " blocked); statements wait for a free worker "
                                    "(max_worker_threads)");
      }
      break;
    }
  }
  return dispatch;
}

void WorkerPool::Complete(const Dispatch& dispatch) {
  if (dispatch.wake != nullptr) {
    dispatch.wake->wake.notify_one();
    dispatch.wake->notifies_in_flight.fetch_sub(1, std::memory_order_release);
  }
  if (dispatch.start > 0) StartWorkers(dispatch.start);
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
    // Under the lock, so that the new thread (whose first step takes it) finds itself in
    // live_ with its id stored.
    std::lock_guard lock(mutex_);
    const int error = pthread_create(&worker->thread, &attributes, &ThreadEntry, worker.get());
    if (error != 0) {
      --threads_;
      --pending_;
      Log(LogLevel::kWarning, std::string("could not start a worker thread: ") + std::strerror(error));
      continue;
    }
    ++started_;
    live_.push_back(std::move(worker));
  }
  pthread_attr_destroy(&attributes);
}

void WorkerPool::WorkerMain(Worker& self) {
  SetBlockingListener(&self);
  std::unique_lock lock(mutex_);
  --pending_;
  bool retire = false;
  while (!retire) {
    if (!queue_.empty() && running_ < options_.core_threads) {
      Job job = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
      const Dispatch dispatch = DispatchLocked();  // for the rest of the queue
      lock.unlock();
      Complete(dispatch);
      job();
      job = nullptr;
      lock.lock();
      --running_;
      continue;
    }
    if (joining_ && queue_.empty()) {
      for (Worker* worker : idle_) worker->wake.notify_one();  // the queue has drained
      break;
    }
    self.woken = false;
    idle_.push_back(&self);
    const bool signalled = self.wake.wait_for(lock, options_.idle_timeout, [&] {
      return self.woken || (joining_ && queue_.empty());
    });
    if (self.woken) {
      --pending_;
    } else {
      idle_.erase(std::find(idle_.begin(), idle_.end(), &self));
    }
    retire = !signalled && threads_ > options_.core_threads;
  }

  while (self.notifies_in_flight.load(std::memory_order_acquire) > 0) {
    lock.unlock();  // a dispatcher that chose this worker is about to notify it
    std::this_thread::yield();
    lock.lock();
  }
  --threads_;
  if (retire) ++retired_;
  if (threads_ < options_.max_threads) warned_at_maximum_ = false;
  // Hand this thread to whoever joins next, and join the ones that exited before it.
  std::vector<std::unique_ptr<Worker>> previous = std::move(exited_);
  exited_.clear();
  auto own = std::find_if(live_.begin(), live_.end(), [&](const auto& worker) { return worker.get() == &self; });
  exited_.push_back(std::move(*own));
  live_.erase(own);
  if (threads_ == 0) all_exited_.notify_all();
  lock.unlock();
  SetBlockingListener(nullptr);
  for (const auto& worker : previous) pthread_join(worker->thread, nullptr);
}

void WorkerPool::OnBlockingBegin() {
  Dispatch dispatch;
  {
    std::lock_guard lock(mutex_);
    --running_;
    ++blocked_;
    dispatch = DispatchLocked();
  }
  Complete(dispatch);
}

void WorkerPool::OnBlockingEnd() {
  std::lock_guard lock(mutex_);
  --blocked_;
  ++running_;
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
  Dispatch dispatch;
  {
    std::unique_lock lock(mutex_);
    if (joined_) return;
    joining_ = true;
    for (Worker* worker : idle_) worker->wake.notify_one();
    dispatch = DispatchLocked();
  }
  Complete(dispatch);
  {
    std::unique_lock lock(mutex_);
    all_exited_.wait(lock, [this] { return threads_ == 0; });
    joined_ = true;
  }
  ReapExited();
}

WorkerPool::Statistics WorkerPool::statistics() const {
  std::lock_guard lock(mutex_);
  Statistics result;
  result.threads = threads_;
  result.running = running_;
  result.blocked = blocked_;
  result.idle = static_cast<int>(idle_.size());
  result.queued = queue_.size();
  result.peak_threads = peak_threads_;
  result.started = started_;
  result.retired = retired_;
  return result;
}

}  // namespace granary::server
