#include <catch2/catch.hpp>

#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/buffer/buffer_pool.hpp"
#include "storage/heap/heap_file.hpp"
#include "storage/txn/transaction_manager.hpp"
#include "temp_directory.hpp"

using namespace granary::storage;
using granary::storage::testing::TempDirectory;

namespace {

struct Fixture {
  TempDirectory dir;
  StorageManager storage{DefaultEnv(), dir.path()};
  BufferPool pool{storage, 16};
  TransactionManager transactions{pool, kFirstNormalXid};
};

TupleHeader Inserted(Xid xmin, CommandId cmin = 0) {
  TupleHeader header;
  header.xmin = xmin;
  header.cmin = cmin;
  return header;
}

TupleHeader Deleted(Xid xmin, Xid xmax, CommandId cmin = 0, CommandId cmax = 0) {
  TupleHeader header = Inserted(xmin, cmin);
  header.xmax = xmax;
  header.cmax = cmax;
  return header;
}

}  // namespace

TEST_CASE("xids are assigned in order and their status recorded", "[storage][txn]") {
  Fixture f;
  const Xid a = f.transactions.Begin();
  const Xid b = f.transactions.Begin();
  const Xid c = f.transactions.Begin();
  REQUIRE(a == kFirstNormalXid);
  REQUIRE(b == a + 1);
  REQUIRE(f.transactions.next_xid() == c + 1);
  f.transactions.Commit(a);
  f.transactions.Abort(b);
  REQUIRE(f.transactions.Status(a) == XidStatus::kCommitted);
  REQUIRE(f.transactions.Status(b) == XidStatus::kAborted);
  REQUIRE(f.transactions.Status(c) == XidStatus::kInProgress);
  REQUIRE(f.transactions.Status(kBootstrapXid) == XidStatus::kCommitted);
  REQUIRE(f.transactions.Status(kInvalidXid) == XidStatus::kAborted);
  REQUIRE(f.transactions.Status(2) == XidStatus::kAborted);
  REQUIRE(f.transactions.Status(c + 100) == XidStatus::kInProgress);  // not yet assigned
}

TEST_CASE("committing a transaction twice is an internal error", "[storage][txn]") {
  Fixture f;
  const Xid xid = f.transactions.Begin();
  f.transactions.Commit(xid);
  try {
    f.transactions.Commit(xid);
    FAIL("expected an error");
  } catch (const granary::Error& error) {
    REQUIRE(error.sqlstate() == granary::sqlstate::kInternalError);
    REQUIRE(error.message() == "transaction " + std::to_string(xid) + " is not in progress");
  }
  REQUIRE(f.transactions.Status(xid) == XidStatus::kCommitted);
}

TEST_CASE("the commit log spans many pages and survives a restart", "[storage][txn]") {
  TempDirectory dir;
  StorageManager storage(DefaultEnv(), dir.path());
  constexpr Xid kXidsPerPage = (8192 - 24) * 4;
  Xid last = 0;
  {
    BufferPool pool(storage, 4);
    TransactionManager transactions(pool, kXidsPerPage - 5);
    for (int i = 0; i < 10; ++i) {
      last = transactions.Begin();
      if (i % 2 == 0) {
        transactions.Commit(last);
      } else {
        transactions.Abort(last);
      }
    }
    REQUIRE(storage.NumBlocks(kCommitLogRelFile) == 2);
    const Xid leftover = transactions.Begin();
    REQUIRE(leftover == last + 1);
  }  // the pool flushes; `leftover` was still running

  BufferPool pool(storage, 4);
  TransactionManager transactions(pool, last + 2);
  REQUIRE(transactions.Status(kXidsPerPage - 5) == XidStatus::kCommitted);
  REQUIRE(transactions.Status(kXidsPerPage - 4) == XidStatus::kAborted);
  REQUIRE(transactions.Status(last) == XidStatus::kAborted);
  // Left running by the previous "run": below this run's first xid, so aborted.
  REQUIRE(transactions.Status(last + 1) == XidStatus::kAborted);
  REQUIRE(transactions.Status(kXidsPerPage - 5) == XidStatus::kCommitted);
  REQUIRE(transactions.Begin() == last + 2);
}

TEST_CASE("snapshots list running transactions", "[storage][txn]") {
  Fixture f;
  const Xid a = f.transactions.Begin();
  const Xid b = f.transactions.Begin();
  const Xid c = f.transactions.Begin();
  f.transactions.Commit(b);
  const Snapshot snapshot = f.transactions.TakeSnapshot(c, 4);
  REQUIRE(snapshot.xmin == a);
  REQUIRE(snapshot.xmax == c + 1);
  REQUIRE(snapshot.in_progress == std::vector<Xid>{a});
  REQUIRE(snapshot.own_xid == c);
  REQUIRE(snapshot.command_id == 4);
  REQUIRE_FALSE(snapshot.XidVisibleAsCommitted(a));
  REQUIRE(snapshot.XidVisibleAsCommitted(b));
  REQUIRE_FALSE(snapshot.XidVisibleAsCommitted(c + 1));
  REQUIRE(snapshot.XidVisibleAsCommitted(a - 1));
}

TEST_CASE("own changes are visible by command id", "[storage][txn][visibility]") {
  Fixture f;
  const Xid me = f.transactions.Begin();
  const Snapshot snapshot = f.transactions.TakeSnapshot(me, 3);
  auto& tm = f.transactions;
  REQUIRE(tm.IsVisible(Inserted(me, 0), snapshot));
  REQUIRE(tm.IsVisible(Inserted(me, 2), snapshot));
  REQUIRE_FALSE(tm.IsVisible(Inserted(me, 3), snapshot));        // inserted by this command
  REQUIRE_FALSE(tm.IsVisible(Deleted(me, me, 0, 1), snapshot));  // deleted by an earlier one
  REQUIRE(tm.IsVisible(Deleted(me, me, 0, 3), snapshot));        // deleted by this command: not yet
  const Xid committed = tm.Begin();
  tm.Commit(committed);
  const Snapshot later = tm.TakeSnapshot(me, 3);
  REQUIRE_FALSE(tm.IsVisible(Deleted(committed, me, 0, 2), later));
  REQUIRE(tm.IsVisible(Deleted(committed, me, 0, 5), later));
}

TEST_CASE("other transactions' rows follow commit status and the snapshot",
          "[storage][txn][visibility]") {
  Fixture f;
  auto& tm = f.transactions;
  const Xid committed = tm.Begin();
  tm.Commit(committed);
  const Xid aborted = tm.Begin();
  tm.Abort(aborted);
  const Xid running = tm.Begin();
  const Xid late = tm.Begin();  // commits after the snapshot
  const Xid me = tm.Begin();
  const Snapshot snapshot = tm.TakeSnapshot(me, 0);
  tm.Commit(late);
  const Xid future = tm.Begin();  // starts after the snapshot
  tm.Commit(future);

  REQUIRE(tm.IsVisible(Inserted(committed), snapshot));
  REQUIRE_FALSE(tm.IsVisible(Inserted(aborted), snapshot));
  REQUIRE_FALSE(tm.IsVisible(Inserted(running), snapshot));
  REQUIRE_FALSE(tm.IsVisible(Inserted(late), snapshot));
  REQUIRE_FALSE(tm.IsVisible(Inserted(future), snapshot));
  REQUIRE(tm.IsVisible(Inserted(kBootstrapXid), snapshot));
  REQUIRE_FALSE(tm.IsVisible(Inserted(kInvalidXid), snapshot));

  // Deleted rows: gone only if the deleter committed and is visible to the snapshot.
  REQUIRE_FALSE(tm.IsVisible(Deleted(committed, committed), snapshot));
  REQUIRE(tm.IsVisible(Deleted(committed, aborted), snapshot));
  REQUIRE(tm.IsVisible(Deleted(committed, running), snapshot));
  REQUIRE(tm.IsVisible(Deleted(committed, late), snapshot));
  REQUIRE(tm.IsVisible(Deleted(committed, future), snapshot));
  REQUIRE_FALSE(tm.IsVisible(Deleted(kBootstrapXid, committed), snapshot));

  // A fresh snapshot sees `late` and `future` as committed.
  const Snapshot fresh = tm.TakeSnapshot(me, 0);
  REQUIRE(tm.IsVisible(Inserted(late), fresh));
  REQUIRE(tm.IsVisible(Inserted(future), fresh));
  REQUIRE_FALSE(tm.IsVisible(Deleted(committed, late), fresh));

  // A snapshot without an xid of its own (a read-only statement).
  const Snapshot read_only = tm.TakeSnapshot(kInvalidXid, 0);
  REQUIRE(tm.IsVisible(Inserted(committed), read_only));
  REQUIRE_FALSE(tm.IsVisible(Inserted(me), read_only));
}

TEST_CASE("transactions left running by a crash become aborted", "[storage][txn]") {
  TempDirectory dir;
  StorageManager storage(DefaultEnv(), dir.path());
  Xid crashed = 0;
  Xid committed = 0;
  {
    BufferPool pool(storage, 4);
    TransactionManager transactions(pool, kFirstNormalXid);
    committed = transactions.Begin();
    crashed = transactions.Begin();
    transactions.Commit(committed);
  }
  BufferPool pool(storage, 4);
  TransactionManager transactions(pool, crashed + 1);
  const Snapshot before = transactions.TakeSnapshot(kInvalidXid, 0);
  REQUIRE_FALSE(transactions.IsVisible(Inserted(crashed), before));  // in progress, not running
  // Nothing needs to be written: a leftover of an earlier run reads as aborted.
  REQUIRE(transactions.Status(crashed) == XidStatus::kAborted);
  const Xid current = transactions.Begin();
  REQUIRE(transactions.Status(current) == XidStatus::kInProgress);
  REQUIRE(transactions.Status(committed) == XidStatus::kCommitted);
}
