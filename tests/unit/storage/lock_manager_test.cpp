// LockManager: PostgreSQL's conflict table, queueing, NOWAIT, timeouts, cancel, release on
// transaction end, and deadlock detection; RowLockTable's conflicts.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "storage/lock/lock_manager.hpp"
#include "storage/lock/row_locks.hpp"

using granary::storage::LockManager;
using granary::storage::LockMode;
using granary::storage::LockResult;
using granary::storage::LockTag;
using granary::storage::LockWait;
using granary::storage::RowKey;
using granary::storage::RowLockMode;
using granary::storage::RowLockTable;
using namespace std::chrono_literals;

namespace {

LockWait NoWait() {
  LockWait wait;
  wait.nowait = true;
  return wait;
}

}  // namespace

TEST_CASE("table lock modes conflict as in PostgreSQL", "[storage][lock]") {
  using granary::storage::LockModesConflict;
  CHECK_FALSE(LockModesConflict(LockMode::kAccessShare, LockMode::kRowExclusive));
  CHECK_FALSE(LockModesConflict(LockMode::kRowExclusive, LockMode::kRowExclusive));
  CHECK(LockModesConflict(LockMode::kRowExclusive, LockMode::kShare));
  CHECK_FALSE(LockModesConflict(LockMode::kShare, LockMode::kShare));
  CHECK(LockModesConflict(LockMode::kShareUpdateExclusive, LockMode::kShareUpdateExclusive));
  CHECK(LockModesConflict(LockMode::kAccessShare, LockMode::kAccessExclusive));
  CHECK(LockModesConflict(LockMode::kAccessExclusive, LockMode::kAccessShare));
  CHECK_FALSE(LockModesConflict(LockMode::kRowShare, LockMode::kShareRowExclusive));
  CHECK(LockModesConflict(LockMode::kRowShare, LockMode::kExclusive));
  CHECK(std::string(granary::storage::LockModeName(LockMode::kShareUpdateExclusive)) ==
        "ShareUpdateExclusiveLock");
}

TEST_CASE("a conflicting request waits until the holder releases", "[storage][lock]") {
  LockManager locks;
  const LockTag table = LockTag::Relation(16384);
  REQUIRE(locks.Acquire(table, LockMode::kAccessShare, 10, {}) == LockResult::kGranted);
  REQUIRE(locks.Acquire(table, LockMode::kRowExclusive, 11, {}) == LockResult::kGranted);
  CHECK(locks.Acquire(table, LockMode::kAccessExclusive, 12, NoWait()) == LockResult::kNotAvailable);
  auto waiting = std::async(std::launch::async,
                            [&] { return locks.Acquire(table, LockMode::kAccessExclusive, 12, {}); });
  // Wait until the request is queued: on a loaded machine the thread may start late, and a
  // weak request made before it queues would be granted and never released.
  for (int i = 0; i < 5000; ++i) {
    const std::vector<granary::storage::LockInfo> all = locks.Locks();
    if (std::any_of(all.begin(), all.end(), [](const auto& l) { return l.owner == 12 && !l.granted; })) break;
    std::this_thread::sleep_for(1ms);
  }
  CHECK(waiting.wait_for(100ms) == std::future_status::timeout);
  // A later weak request queues behind the waiting strong one (first come, first served).
  CHECK(locks.Acquire(table, LockMode::kAccessShare, 13, NoWait()) == LockResult::kNotAvailable);
  locks.ReleaseAll(10);
  CHECK(waiting.wait_for(100ms) == std::future_status::timeout);
  locks.ReleaseAll(11);
  CHECK(waiting.get() == LockResult::kGranted);
  CHECK(locks.Holds(table, LockMode::kAccessExclusive, 12));
  locks.ReleaseAll(12);
  CHECK(locks.Locks().empty());
}

TEST_CASE("lock and statement deadlines and the cancel flag end a wait", "[storage][lock]") {
  LockManager locks;
  const LockTag xid = LockTag::Transaction(50);
  REQUIRE(locks.Acquire(xid, LockMode::kExclusive, 50, {}) == LockResult::kGranted);
  LockWait lock_timeout;
  lock_timeout.lock_deadline = std::chrono::steady_clock::now() + 50ms;
  CHECK(locks.Acquire(xid, LockMode::kShare, 51, lock_timeout) == LockResult::kLockTimeout);
  LockWait statement_timeout;
  statement_timeout.statement_deadline = std::chrono::steady_clock::now() + 50ms;
  CHECK(locks.Acquire(xid, LockMode::kShare, 51, statement_timeout) == LockResult::kStatementTimeout);
  std::atomic<bool> cancel{false};
  LockWait cancellable;
  cancellable.cancel = &cancel;
  auto waiting = std::async(std::launch::async, [&] { return locks.Acquire(xid, LockMode::kShare, 51, cancellable); });
  std::this_thread::sleep_for(30ms);
  cancel = true;
  CHECK(waiting.get() == LockResult::kCanceled);
  // The abandoned requests left nothing behind.
  CHECK(locks.Locks().size() == 1);
}

TEST_CASE("a cycle of waits is found by the waiter that closes it", "[storage][lock]") {
  LockManager locks;
  LockWait wait;
  wait.deadlock_timeout = 50ms;
  REQUIRE(locks.Acquire(LockTag::Transaction(1001), LockMode::kExclusive, 1001, {}) == LockResult::kGranted);
  REQUIRE(locks.Acquire(LockTag::Transaction(1002), LockMode::kExclusive, 1002, {}) == LockResult::kGranted);
  LockWait patient;
  patient.deadlock_timeout = 10s;  // never checks in this test
  auto first = std::async(std::launch::async, [&] {
    return locks.Acquire(LockTag::Transaction(1002), LockMode::kShare, 1001, patient);
  });
  std::this_thread::sleep_for(30ms);
  CHECK(locks.Acquire(LockTag::Transaction(1001), LockMode::kShare, 1002, wait) == LockResult::kDeadlock);
  locks.ReleaseAll(1002);  // the victim ends
  CHECK(first.get() == LockResult::kGranted);
  locks.ReleaseAll(1001);
}

TEST_CASE("waits that form no cycle are not deadlocks", "[storage][lock]") {
  LockManager locks;
  REQUIRE(locks.Acquire(LockTag::Transaction(7), LockMode::kExclusive, 7, {}) == LockResult::kGranted);
  LockWait wait;
  wait.deadlock_timeout = 20ms;
  auto waiting = std::async(std::launch::async, [&] {
    return locks.Acquire(LockTag::Transaction(7), LockMode::kShare, 8, wait);
  });
  CHECK(waiting.wait_for(150ms) == std::future_status::timeout);
  locks.ReleaseAll(7);
  CHECK(waiting.get() == LockResult::kGranted);
}

TEST_CASE("row locks conflict by strength and go with their owner", "[storage][lock]") {
  RowLockTable rows;
  const RowKey row{16384, 0, 1};
  CHECK(rows.FindConflict(row, RowLockMode::kUpdate, 1) == 0);
  rows.Add(row, RowLockMode::kShare, 1, 1);
  rows.Add(row, RowLockMode::kKeyShare, 2, 20);
  CHECK(rows.FindConflict(row, RowLockMode::kShare, 3) == 0);
  CHECK(rows.FindConflict(row, RowLockMode::kNoKeyUpdate, 3) == 1);
  CHECK(rows.FindConflict(row, RowLockMode::kUpdate, 1) == 20);  // own lock never conflicts
  rows.ReleaseLocker(2, 20);  // the subtransaction rolled back
  CHECK(rows.FindConflict(row, RowLockMode::kUpdate, 1) == 0);
  rows.ReleaseOwner(1);
  CHECK(rows.size() == 0);
  CHECK(rows.FindConflict(row, RowLockMode::kUpdate, 3) == 0);
}

TEST_CASE("a row's new version keeps the locks others hold on the old one", "[storage][lock]") {
  RowLockTable rows;
  const RowKey old_version{16384, 0, 1};
  const RowKey new_version{16384, 0, 2};
  rows.Add(old_version, RowLockMode::kKeyShare, 1, 1);
  rows.Add(old_version, RowLockMode::kKeyShare, 2, 2);
  rows.CarryOver(old_version, new_version, 2);  // transaction 2 updated the row
  CHECK(rows.FindConflict(new_version, RowLockMode::kUpdate, 3) == 1);
  CHECK(rows.FindConflict(new_version, RowLockMode::kUpdate, 1) == 0);
  CHECK(rows.size() == 3);
  rows.ReleaseOwner(1);
  CHECK(rows.FindConflict(new_version, RowLockMode::kUpdate, 3) == 0);
  rows.ReleaseOwner(2);
  CHECK(rows.size() == 0);
}
