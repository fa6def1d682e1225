// The elastic worker pool: compensation for blocked workers, growth and shrinking, the
// maximum, the core as the bound on running jobs, and Join with blocked workers.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "common/blocking_region.hpp"
#include "server/worker_pool.hpp"

using granary::BlockingRegion;
using granary::server::WorkerPool;
using granary::server::WorkerPoolOptions;
using namespace std::chrono_literals;

namespace {

// A one-shot gate: jobs wait until it is opened.
class Gate {
 public:
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  // Waits until open or `limit` passes; true when opened.
  bool Wait(std::chrono::milliseconds limit = 20s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [this] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
};

// Polls `condition` until it holds or 20 s pass.
bool Eventually(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// Stall detection is off (10 minutes) unless a test is about it: on a loaded machine a short
// job can take longer than a short limit.
WorkerPoolOptions Options(int core, int max, std::chrono::milliseconds idle = 60s,
                          std::chrono::milliseconds stall_limit = 10min) {
  WorkerPoolOptions options;
  options.core_threads = core;
  options.max_threads = max;
  options.idle_timeout = idle;
  options.stall_limit = stall_limit;
  options.stack_size = 256 * 1024;
  return options;
}

}  // namespace

TEST_CASE("jobs blocked in blocking regions do not starve other jobs", "[server][pool]") {
  // Eight jobs wait (as for a lock) for a ninth queued behind them; with the two core
  // workers alone this would never finish.
  WorkerPool pool(Options(2, 32));
  Gate release;
  std::atomic<int> finished{0};
  for (int i = 0; i < 8; ++i) {
    pool.Post([&] {
      BlockingRegion blocking;
      if (release.Wait()) ++finished;
    });
  }
  pool.Post([&] { release.Open(); });
  REQUIRE(Eventually([&] { return finished == 8; }));
  release.Open();  // let a failed run end
  CHECK(pool.statistics().peak_threads >= 9);
}

TEST_CASE("without blocking regions the core bounds the running jobs", "[server][pool]") {
  WorkerPool pool(Options(2, 32));
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  std::atomic<int> finished{0};
  for (int i = 0; i < 12; ++i) {
    pool.Post([&] {
      const int now = ++running;
      int seen = most;
      while (now > seen && !most.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(5ms);  // busy, not in a region
      --running;
      ++finished;
    });
  }
  REQUIRE(Eventually([&] { return finished == 12; }));
  CHECK(most <= 2);
  CHECK(pool.statistics().peak_threads == 2);
}

TEST_CASE("the pool grows while workers block and shrinks when they idle", "[server][pool]") {
  WorkerPool pool(Options(1, 16, 100ms));
  Gate release;
  std::atomic<int> finished{0};
  for (int i = 0; i < 5; ++i) {
    pool.Post([&] {
      BlockingRegion blocking;
      release.Wait();
      ++finished;
    });
  }
  REQUIRE(Eventually([&] { return pool.statistics().blocked == 5; }));
  // Five blocked, and the core of one still free for sockets and new jobs.
  WorkerPool::Statistics grown = pool.statistics();
  CHECK(grown.threads == 6);
  CHECK(grown.queued == 0);
  CHECK(grown.running == 0);

  // A job that does not block still runs at once.
  std::promise<void> ran;
  pool.Post([&] { ran.set_value(); });
  CHECK(ran.get_future().wait_for(10s) == std::future_status::ready);

  release.Open();
  REQUIRE(Eventually([&] { return finished == 5; }));
  // The extra workers exit after 100 ms without work; the core stays.
  REQUIRE(Eventually([&] { return pool.statistics().threads == 1; }));
  WorkerPool::Statistics shrunk = pool.statistics();
  CHECK(shrunk.retired == static_cast<uint64_t>(shrunk.started - 1));
  CHECK(shrunk.idle == 1);

  // And grows again.
  Gate second;
  std::atomic<int> finished_again{0};
  for (int i = 0; i < 3; ++i) {
    pool.Post([&] {
      BlockingRegion blocking;
      second.Wait();
      ++finished_again;
    });
  }
  REQUIRE(Eventually([&] { return pool.statistics().blocked == 3; }));
  CHECK(pool.statistics().threads == 4);
  second.Open();
  REQUIRE(Eventually([&] { return finished_again == 3; }));
}

TEST_CASE("a job running past the stall limit stops counting against the core", "[server][pool]") {
  // A long statement on a core of one must not keep a second, short one waiting: the monitor
  // finds it and starts a thread.
  WorkerPool pool(Options(1, 8, 60s, 20ms));
  Gate release;
  std::atomic<bool> long_started{false};
  std::promise<void> short_ran;
  pool.Post([&] {
    long_started = true;
    release.Wait();  // busy, not in a blocking region
  });
  REQUIRE(Eventually([&] { return long_started.load(); }));
  pool.Post([&] { short_ran.set_value(); });
  const bool ran = short_ran.get_future().wait_for(10s) == std::future_status::ready;
  WorkerPool::Statistics during = pool.statistics();
  release.Open();
  REQUIRE(ran);
  CHECK(during.stalled == 1);
  CHECK(during.threads == 2);
  // Once the long job ends it counts again, and the extra thread parks, then exits.
  REQUIRE(Eventually([&] { return pool.statistics().stalled == 0; }));
}

TEST_CASE("jobs run on the pool's threads, and RunHere runs only there", "[server][pool]") {
  WorkerPool pool(Options(2, 8));
  WorkerPool::Job outside = [] {};
  CHECK_FALSE(pool.RunHere(outside));
  std::promise<bool> inline_ran;
  pool.Post([&] {
    const std::thread::id here = std::this_thread::get_id();
    std::thread::id ran_on;
    WorkerPool::Job job = [&] { ran_on = std::this_thread::get_id(); };
    const bool ran = pool.RunHere(job);
    inline_ran.set_value(ran && ran_on == here);
  });
  CHECK(inline_ran.get_future().get());
}

TEST_CASE("the pool never exceeds its maximum", "[server][pool]") {
  WorkerPool pool(Options(1, 3));
  Gate release;
  std::atomic<int> finished{0};
  for (int i = 0; i < 6; ++i) {
    pool.Post([&] {
      BlockingRegion blocking;
      release.Wait();
      ++finished;
    });
  }
  REQUIRE(Eventually([&] { return pool.statistics().blocked == 3; }));
  std::this_thread::sleep_for(50ms);
  WorkerPool::Statistics full = pool.statistics();
  CHECK(full.threads == 3);
  CHECK(full.blocked == 3);
  CHECK(full.queued == 3);
  release.Open();
  REQUIRE(Eventually([&] { return finished == 6; }));
  CHECK(pool.statistics().peak_threads == 3);
}

TEST_CASE("a worker leaving its region counts against the core again", "[server][pool]") {
  WorkerPool pool(Options(1, 8));
  Gate flushed;
  Gate second_done;
  std::atomic<bool> first_back{false};
  std::atomic<bool> third_ran_early{false};
  std::atomic<int> finished{0};
  pool.Post([&] {
    {
      BlockingRegion blocking;
      flushed.Wait();
    }
    first_back = true;
    second_done.Wait();  // running again, outside the region
    ++finished;
  });
  pool.Post([&] {
    Eventually([&] { return first_back.load(); });  // (assertions only on the test thread)
    std::this_thread::sleep_for(20ms);
    ++finished;
    second_done.Open();
  });
  REQUIRE(Eventually([&] { return pool.statistics().blocked == 1 && pool.statistics().running == 1; }));
  flushed.Open();
  REQUIRE(Eventually([&] { return first_back.load(); }));
  // Two jobs run on a core of one: the third waits until both have ended.
  pool.Post([&] {
    if (finished < 2) third_ran_early = true;
    ++finished;
  });
  REQUIRE(Eventually([&] { return finished == 3; }));
  CHECK_FALSE(third_ran_early);
}

TEST_CASE("join runs the queue and does not hang on blocked workers", "[server][pool]") {
  auto pool = std::make_unique<WorkerPool>(Options(1, 8));
  Gate release;
  std::atomic<int> finished{0};
  // Blocked jobs that only a queued job releases: joining must keep compensating.
  for (int i = 0; i < 3; ++i) {
    pool->Post([&] {
      BlockingRegion blocking;
      if (release.Wait()) ++finished;
    });
  }
  pool->Post([&] {
    std::this_thread::sleep_for(20ms);
    release.Open();
    ++finished;
  });
  auto joined = std::async(std::launch::async, [&] { pool->Join(); });
  const bool done = joined.wait_for(20s) == std::future_status::ready;
  release.Open();  // so that a failed run still ends
  REQUIRE(done);
  CHECK(finished == 4);
  CHECK(pool->statistics().threads == 0);

  // After Join, jobs are dropped unrun and destroyed.
  auto owned = std::make_shared<int>(0);
  pool->Post([owned] { ++*owned; });
  CHECK(owned.use_count() == 1);
  CHECK(*owned == 0);
  pool->Join();  // idempotent
  pool.reset();
}

TEST_CASE("join with idle and extra workers returns", "[server][pool]") {
  WorkerPool pool(Options(2, 8, 10min));
  Gate release;
  for (int i = 0; i < 5; ++i) {
    pool.Post([&] {
      BlockingRegion blocking;
      release.Wait();
    });
  }
  REQUIRE(Eventually([&] { return pool.statistics().blocked == 5; }));
  release.Open();
  REQUIRE(Eventually([&] { return pool.statistics().idle == pool.statistics().threads; }));
  CHECK(pool.statistics().threads > 2);
  pool.Join();
  CHECK(pool.statistics().threads == 0);
}
