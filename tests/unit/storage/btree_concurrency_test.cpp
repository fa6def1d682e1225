// The B-tree under concurrent writers and readers: no entry lost, scans always ordered,
// uniqueness kept between inserters of the same key (also when they must wait for each
// other's transactions). Run under ThreadSanitizer too (README.md says how).
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "btree_test_support.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"

using namespace granary::storage;
using namespace granary::storage::testing;

namespace {

std::string KeyOf(uint64_t n) {
  return std::to_string(n * 2654435761ULL % 1000003) + ":" + std::to_string(n) +
         std::string(n % 29, '#');
}

}  // namespace

TEST_CASE("concurrent inserters and readers lose nothing and scan in order",
          "[storage][btree][concurrency]") {
  BTreeFixture f(64);
  constexpr size_t kWriters = 4;
  constexpr size_t kPerWriter = 15'000;
  constexpr size_t kReaders = 2;

  std::vector<std::vector<uint64_t>> plans(kWriters);
  for (size_t w = 0; w < kWriters; ++w) {
    for (uint64_t i = 0; i < kPerWriter; ++i) plans[w].push_back(i * kWriters + w);
    std::shuffle(plans[w].begin(), plans[w].end(), std::mt19937_64(w));
  }
  std::vector<std::atomic<size_t>> done(kWriters);
  std::atomic<size_t> writers_left{kWriters};
  std::atomic<size_t> disorder{0};
  std::atomic<size_t> lost{0};
  std::atomic<size_t> scans{0};
  std::atomic<size_t> errors{0};

  std::vector<std::thread> threads;
  for (size_t w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      try {
        for (size_t i = 0; i < kPerWriter; ++i) {
          f.tree->Insert(KeyOf(plans[w][i]), TidOf(plans[w][i]));
          done[w].store(i + 1, std::memory_order_release);
        }
      } catch (...) {
        ++errors;
      }
      --writers_left;
    });
  }
  for (size_t r = 0; r < kReaders; ++r) {
    threads.emplace_back([&, r] {
      std::mt19937_64 random(100 + r);
      try {
        while (writers_left.load() > 0) {
          // Point lookups of entries whose insertion has completed.
          for (int i = 0; i < 200; ++i) {
            const size_t w = random() % kWriters;
            const size_t count = done[w].load(std::memory_order_acquire);
            if (count == 0) continue;
            const uint64_t n = plans[w][random() % count];
            const std::vector<TupleId> found = f.tree->Lookup(KeyOf(n));
            if (found.size() != 1 || !(found[0] == TidOf(n))) ++lost;
          }
          // A full scan holds every entry completed before it began, in order.
          size_t before = 0;
          for (size_t w = 0; w < kWriters; ++w) before += done[w].load(std::memory_order_acquire);
          BTreeScan scan(*f.tree);
          scan.SeekFirst();
          IndexEntry previous;
          IndexEntry entry;
          size_t seen = 0;
          while (scan.Next(entry)) {
            if (seen > 0 && !EntryLess(previous, entry)) ++disorder;
            previous = entry;
            ++seen;
          }
          if (seen < before) ++lost;
          ++scans;
        }
      } catch (...) {
        ++errors;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  CHECK(errors == 0);
  CHECK(disorder == 0);
  CHECK(lost == 0);
  CHECK(scans > 0);
  const BTree::Shape shape = f.tree->Verify();
  CHECK(shape.entries == kWriters * kPerWriter);
  const std::vector<IndexEntry> entries = ScanAll(*f.tree);
  REQUIRE(entries.size() == kWriters * kPerWriter);
  CHECK(std::is_sorted(entries.begin(), entries.end(), EntryLess));
}

TEST_CASE("concurrent inserters of the same unique keys: exactly one wins each",
          "[storage][btree][concurrency]") {
  BTreeFixture f(64);
  constexpr size_t kThreads = 4;
  constexpr uint64_t kKeys = 3000;
  std::vector<std::atomic<int>> winners(kKeys);
  std::atomic<size_t> violations{0};
  std::atomic<size_t> errors{0};
  UniqueCheck check;
  check.constraint_name = "t_pkey";
  check.liveness = [](TupleId) { return TupleLiveness::kLive; };  // every insert commits
  check.wait = [](TupleId) {};
  check.describe_key = [](std::string_view key) { return "(k)=(" + std::string(key) + ")"; };

  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<uint64_t> order(kKeys);
      for (uint64_t k = 0; k < kKeys; ++k) order[k] = k;
      std::shuffle(order.begin(), order.end(), std::mt19937_64(t));
      for (const uint64_t k : order) {
        try {
          f.tree->InsertUnique(KeyOf(k), TidOf(k * kThreads + t), check);
          ++winners[k];
        } catch (const granary::Error& error) {
          if (error.sqlstate() == granary::sqlstate::kUniqueViolation) {
            ++violations;
          } else {
            ++errors;
          }
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  CHECK(errors == 0);
  size_t wrong = 0;
  for (const std::atomic<int>& count : winners) wrong += count.load() != 1;
  CHECK(wrong == 0);
  CHECK(violations == kKeys * (kThreads - 1));
  CHECK(ScanAll(*f.tree).size() == kKeys);
  f.tree->Verify();
}

TEST_CASE("unique inserters wait for undecided transactions and see their outcome",
          "[storage][btree][concurrency]") {
  BTreeFixture f(64);
  constexpr size_t kThreads = 4;
  constexpr uint64_t kKeys = 600;
  enum class State { kRunning, kCommitted, kAborted };
  std::mutex mutex;
  std::condition_variable decided;
  std::map<uint64_t, State> transactions;  // by tid number
  auto number_of = [](TupleId tid) { return uint64_t{tid.block} * 100 + tid.slot - 1; };

  UniqueCheck check;
  check.constraint_name = "t_pkey";
  check.liveness = [&](TupleId tid) {
    std::lock_guard lock(mutex);
    switch (transactions.at(number_of(tid))) {
      case State::kRunning:
        return TupleLiveness::kInProgress;
      case State::kCommitted:
        return TupleLiveness::kLive;
      case State::kAborted:
        return TupleLiveness::kDead;
    }
    return TupleLiveness::kLive;
  };
  check.wait = [&](TupleId tid) {
    std::unique_lock lock(mutex);
    decided.wait(lock, [&] { return transactions.at(number_of(tid)) != State::kRunning; });
  };
  check.describe_key = [](std::string_view) { return std::string("(k)=(?)"); };

  std::vector<std::atomic<int>> committed(kKeys);
  std::vector<std::atomic<int>> violations(kKeys);
  std::atomic<size_t> errors{0};
  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 random(t + 50);
      std::vector<uint64_t> order(kKeys);
      for (uint64_t k = 0; k < kKeys; ++k) order[k] = k;
      std::shuffle(order.begin(), order.end(), random);
      for (const uint64_t k : order) {
        const uint64_t n = k * kThreads + t;
        {
          std::lock_guard lock(mutex);
          transactions[n] = State::kRunning;
        }
        bool inserted = false;
        try {
          f.tree->InsertUnique(KeyOf(k), TidOf(n), check);
          inserted = true;
        } catch (const granary::Error& error) {
          if (error.sqlstate() == granary::sqlstate::kUniqueViolation) {
            ++violations[k];
          } else {
            ++errors;
          }
        }
        if (inserted) std::this_thread::yield();  // let others find the undecided entry
        const bool commit = inserted && random() % 10 < 6;
        {
          std::lock_guard lock(mutex);
          transactions[n] = commit ? State::kCommitted : State::kAborted;
        }
        decided.notify_all();
        if (commit) ++committed[k];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  CHECK(errors == 0);
  size_t doubled = 0;
  size_t unexplained = 0;
  for (uint64_t k = 0; k < kKeys; ++k) {
    doubled += committed[k].load() > 1;
    // A violation needs a committed entry to have been seen.
    unexplained += committed[k].load() == 0 && violations[k].load() > 0;
  }
  CHECK(doubled == 0);
  CHECK(unexplained == 0);
  f.tree->Verify();
}

TEST_CASE("concurrent inserters grow the tree through root splits together",
          "[storage][btree][concurrency]") {
  // Keys near the size limit put two or three entries on a page, so the root splits every
  // few dozen inserts while other writers are on their way down from an older root, and
  // their splits must find parents on levels their descent never saw. Several rounds, as
  // that interleaving needs luck.
  for (int round = 0; round < 4; ++round) {
    BTreeFixture f(96);
    constexpr size_t kThreads = 4;
    constexpr uint64_t kPerThread = 500;
    std::atomic<size_t> errors{0};
    std::vector<std::thread> threads;
    for (size_t t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        try {
          for (uint64_t i = 0; i < kPerThread; ++i) {
            const uint64_t n = i * kThreads + t;
            std::string key = KeyOf(n + 1'000'000 * round);
            key.resize(BTree::kMaxKeySize - n % 200, static_cast<char>('a' + n % 26));
            f.tree->Insert(key, TidOf(n));
          }
        } catch (...) {
          ++errors;
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    CHECK(errors == 0);
    const BTree::Shape shape = f.tree->Verify();
    CHECK(shape.entries == kThreads * kPerThread);
    CHECK(shape.height >= 7);
    const std::vector<IndexEntry> entries = ScanAll(*f.tree);
    CHECK(entries.size() == kThreads * kPerThread);
    CHECK(std::is_sorted(entries.begin(), entries.end(), EntryLess));
  }
}
