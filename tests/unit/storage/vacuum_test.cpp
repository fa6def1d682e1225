// Vacuum at the storage level: the removal horizon, pruning, the free space map, truncation,
// index bulk delete, the order index cleanup -> slot reuse, and redo of the new records.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "storage/btree/btree.hpp"
#include "storage/buffer/relation_wal.hpp"
#include "storage/fsm/free_space_map.hpp"
#include "storage/heap/heap_file.hpp"
#include "storage/vacuum/vacuum.hpp"
#include "storage/wal/resource_managers.hpp"
#include "storage/wal/wal_reader.hpp"
#include "temp_directory.hpp"
#include "wal_stack.hpp"

using namespace granary::storage;
using granary::storage::testing::kTestTable;
using granary::storage::testing::TempDirectory;
using granary::storage::testing::WalStack;

namespace {

constexpr RelFileNumber kTable = 16384;
constexpr RelFileNumber kIndex = 16385;

struct Fixture {
  explicit Fixture(size_t frames = 64) : pool(storage, frames), transactions(pool, kFirstNormalXid) {
    storage.Create(kTable);
  }
  TempDirectory dir;
  StorageManager storage{DefaultEnv(), dir.path()};
  BufferPool pool;
  TransactionManager transactions;
  HeapFile heap{pool, kTable};
};

std::span<const std::byte> Bytes(const std::string& text) { return std::as_bytes(std::span(text)); }

std::string RowText(int i) { return "row " + std::to_string(i) + std::string(static_cast<size_t>(i % 29), '.'); }

std::multiset<std::string> Visible(HeapFile& heap, TransactionManager& transactions) {
  HeapFile::Scan scan(heap, transactions, transactions.TakeSnapshot(kInvalidXid, 0));
  std::vector<HeapTuple> tuples;
  while (scan.NextBatch(tuples, 100)) {
  }
  std::multiset<std::string> rows;
  for (const HeapTuple& tuple : tuples) rows.insert(tuple.data);
  return rows;
}

ItemState StateOf(BufferPool& pool, RelFileNumber rel, TupleId tid) {
  PageGuard guard = pool.Fetch(rel, tid.block, LatchMode::kShared);
  return guard.page().StateOf(tid.slot);
}

std::string Key(int i) {
  std::string key = "k";
  key += std::to_string(100000 + i);
  return key;
}

}  // namespace

TEST_CASE("OldestXmin is the oldest xid running when the oldest running transaction began",
          "[storage][vacuum]") {
  Fixture f;
  TransactionManager& tm = f.transactions;
  REQUIRE(tm.OldestXmin() == tm.next_xid());
  const Xid a = tm.Begin();
  REQUIRE(tm.OldestXmin() == a);
  const Xid b = tm.Begin();
  tm.Commit(a);
  // b began while a ran: its snapshots may not see what a's successors did, but a finished;
  // the horizon is what was running when b began.
  REQUIRE(tm.OldestXmin() == a);
  const Xid c = tm.Begin();
  REQUIRE(tm.OldestXmin() == a);
  tm.Commit(b);
  REQUIRE(tm.OldestXmin() == b);  // c began while b ran
  REQUIRE(tm.TakeSnapshot(c, 0).xmin >= tm.OldestXmin());
  tm.Commit(c);
  REQUIRE(tm.OldestXmin() == tm.next_xid());
}

TEST_CASE("prune removes dead tuples and keeps live and recently dead ones", "[storage][vacuum]") {
  Fixture f;
  TransactionManager& tm = f.transactions;
  std::vector<TupleId> tids;
  const Xid loader = tm.Begin();
  for (int i = 0; i < 20; ++i) tids.push_back(f.heap.Insert(Bytes(RowText(i)), 1, loader, 0));
  tm.Commit(loader);

  const Xid aborted = tm.Begin();
  const TupleId never = f.heap.Insert(Bytes("never"), 1, aborted, 0);
  tm.Abort(aborted);

  const Xid deleter = tm.Begin();
  for (int i = 0; i < 10; ++i) f.heap.MarkDeleted(tids[i], deleter, 0);
  tm.Commit(deleter);

  // A transaction that began before the next deletion committed keeps its victims.
  const Xid old_reader = tm.Begin();
  const Xid late_deleter = tm.Begin();
  for (int i = 10; i < 13; ++i) f.heap.MarkDeleted(tids[i], late_deleter, 0);
  tm.Commit(late_deleter);

  const Xid horizon = tm.OldestXmin();
  REQUIRE(horizon == old_reader);
  const HeapFile::PruneResult pruned = f.heap.PrunePage(0, tm, horizon, /*has_indexes=*/false);
  CHECK(pruned.removed == 11);  // 10 deleted + the aborted insert
  CHECK(pruned.recently_dead == 3);
  CHECK(pruned.live == 7);
  CHECK(pruned.dead_slots.empty());  // no indexes: straight to unused
  CHECK(StateOf(f.pool, kTable, never) == ItemState::kUnused);
  CHECK(StateOf(f.pool, kTable, tids[0]) == ItemState::kUnused);
  CHECK(StateOf(f.pool, kTable, tids[10]) == ItemState::kNormal);

  tm.Commit(old_reader);
  const HeapFile::PruneResult again = f.heap.PrunePage(0, tm, tm.OldestXmin(), false);
  CHECK(again.removed == 3);
  CHECK(again.live == 7);
  std::multiset<std::string> expected;
  for (int i = 13; i < 20; ++i) expected.insert(RowText(i));
  CHECK(Visible(f.heap, tm) == expected);
}

TEST_CASE("a pruned slot stays taken until the second pass makes it unused", "[storage][vacuum]") {
  Fixture f;
  TransactionManager& tm = f.transactions;
  const Xid loader = tm.Begin();
  const TupleId first = f.heap.Insert(Bytes("first"), 1, loader, 0);
  const TupleId second = f.heap.Insert(Bytes("second"), 1, loader, 0);
  tm.Commit(loader);
  const Xid deleter = tm.Begin();
  f.heap.MarkDeleted(first, deleter, 0);
  tm.Commit(deleter);

  const HeapFile::PruneResult pruned = f.heap.PrunePage(0, tm, tm.OldestXmin(), /*has_indexes=*/true);
  REQUIRE(pruned.dead_slots == std::vector<SlotNumber>{first.slot});
  REQUIRE(StateOf(f.pool, kTable, first) == ItemState::kDead);
  HeapTuple tuple;
  REQUIRE_FALSE(f.heap.Fetch(first, tuple));  // an index scan finds nothing there

  // A new row may not take the dead slot: an index entry may still point at it.
  const Xid writer = tm.Begin();
  const TupleId third = f.heap.Insert(Bytes("third"), 1, writer, 0);
  CHECK_FALSE(third == first);
  // A second prune reports the leftover dead slot again (a vacuum that died before its index
  // pass is finished by the next one).
  CHECK(f.heap.PrunePage(0, tm, tm.OldestXmin(), true).dead_slots ==
        std::vector<SlotNumber>{first.slot});

  f.heap.ReclaimDeadSlots(0, pruned.dead_slots);
  REQUIRE(StateOf(f.pool, kTable, first) == ItemState::kUnused);
  const TupleId fourth = f.heap.Insert(Bytes("fourth"), 1, writer, 1);
  CHECK(fourth == first);  // now reusable
  tm.Commit(writer);
  CHECK(Visible(f.heap, tm) == std::multiset<std::string>{"second", "third", "fourth"});
  CHECK(f.heap.Fetch(second, tuple));
}

TEST_CASE("the free space map finds the lowest page with room and forgets truncated pages",
          "[storage][vacuum][fsm]") {
  FreeSpaceMap map;
  CHECK_FALSE(map.Find(1, 10));
  map.Record(1, 5, 100);
  map.Record(1, 40, 4000);
  map.Record(1, 3, 50);
  map.Record(2, 0, 8000);
  CHECK(map.Find(1, 40) == BlockNumber{3});
  CHECK(map.Find(1, 60) == BlockNumber{5});
  CHECK(map.Find(1, 3000) == BlockNumber{40});
  CHECK_FALSE(map.Find(1, 5000));
  map.Record(1, 3, 0);
  CHECK(map.Find(1, 40) == BlockNumber{5});
  map.Truncate(1, 10);
  CHECK_FALSE(map.Find(1, 3000));
  CHECK(map.Get(1, 40) == 0);
  CHECK(map.Get(1, 5) == 100);
  // Growing keeps what is known.
  map.Record(1, 100000, 10);
  CHECK(map.Get(1, 5) == 100);
  CHECK(map.Find(1, 10) == BlockNumber{5});
  map.Forget(1);
  CHECK_FALSE(map.Find(1, 1));
  CHECK(map.Find(2, 8000) == BlockNumber{0});
}

TEST_CASE("inserts reuse space vacuum freed in earlier pages", "[storage][vacuum][fsm]") {
  Fixture f;
  TransactionManager& tm = f.transactions;
  std::vector<TupleId> tids;
  const Xid loader = tm.Begin();
  const std::string row(200, 'r');
  for (int i = 0; i < 200; ++i) tids.push_back(f.heap.Insert(Bytes(row), 1, loader, 0));
  tm.Commit(loader);
  const BlockNumber blocks = f.storage.NumBlocks(kTable);
  REQUIRE(blocks > 3);
  const Xid deleter = tm.Begin();
  for (const TupleId tid : tids) {
    if (tid.block == 0) f.heap.MarkDeleted(tid, deleter, 0);
  }
  tm.Commit(deleter);
  const VacuumReport report = VacuumRelation(f.pool, tm, VacuumTarget{kTable, {}});
  CHECK(report.pages_after == blocks);  // the last page is not empty: nothing to truncate
  CHECK(f.pool.free_space_map().Get(kTable, 0) > 7000);
  const Xid writer = tm.Begin();
  HeapFile fresh(f.pool, kTable);  // a new statement's view of the table
  CHECK(fresh.Insert(Bytes(row), 1, writer, 0).block == 0);
  tm.Commit(writer);
  CHECK(f.storage.NumBlocks(kTable) == blocks);
}

TEST_CASE("vacuum truncates empty pages at the end and only those", "[storage][vacuum]") {
  Fixture f;
  TransactionManager& tm = f.transactions;
  std::vector<TupleId> tids;
  const Xid loader = tm.Begin();
  const std::string row(500, 'x');
  for (int i = 0; i < 100; ++i) tids.push_back(f.heap.Insert(Bytes(row + std::to_string(i)), 1, loader, 0));
  tm.Commit(loader);
  const BlockNumber blocks = f.storage.NumBlocks(kTable);
  REQUIRE(blocks >= 6);
  // Delete everything but one row on page 1: pages 2.. become empty.
  const Xid deleter = tm.Begin();
  TupleId keep{};
  for (const TupleId tid : tids) {
    if (tid.block == 1 && keep.block == kInvalidBlock) {
      keep = tid;
      continue;
    }
    f.heap.MarkDeleted(tid, deleter, 0);
  }
  tm.Commit(deleter);
  const VacuumReport report = VacuumRelation(f.pool, tm, VacuumTarget{kTable, {}});
  CHECK(report.tuples_removed == 99);
  CHECK(report.tuples_live == 1);
  CHECK(report.pages_after == 2);
  CHECK(report.pages_truncated == blocks - 2);
  CHECK(f.storage.NumBlocks(kTable) == 2);
  CHECK(Visible(f.heap, tm).size() == 1);
  // The table goes on working: new rows fill page 0 first, then extend again.
  const Xid writer = tm.Begin();
  HeapFile fresh(f.pool, kTable);
  CHECK(fresh.Insert(Bytes(row), 1, writer, 0).block == 0);
  for (int i = 0; i < 40; ++i) fresh.Insert(Bytes(row), 1, writer, 0);
  tm.Commit(writer);
  CHECK(Visible(f.heap, tm).size() == 42);

  // Everything deleted: the file ends up empty.
  const Xid wiper = tm.Begin();
  HeapFile::Scan scan(f.heap, tm, tm.TakeSnapshot(wiper, 0));
  std::vector<HeapTuple> all;
  while (scan.NextBatch(all, 100)) {
  }
  for (const HeapTuple& tuple : all) f.heap.MarkDeleted(tuple.id, wiper, 0);
  tm.Commit(wiper);
  VacuumRelation(f.pool, tm, VacuumTarget{kTable, {}});
  CHECK(f.storage.NumBlocks(kTable) == 0);
  const Xid again = tm.Begin();
  CHECK(HeapFile(f.pool, kTable).Insert(Bytes("back"), 1, again, 0) == TupleId{0, 1});
  tm.Commit(again);
}

TEST_CASE("bulk delete removes exactly the entries of dead tuples", "[storage][vacuum][btree]") {
  Fixture f;
  f.storage.Create(kIndex);
  BTree index = BTree::Create(f.pool, kIndex, "t_idx");
  constexpr int kEntries = 5000;  // several leaves and two levels
  for (int i = 0; i < kEntries; ++i) {
    index.Insert(Key(i % 700), TupleId{static_cast<BlockNumber>(i / 50), static_cast<SlotNumber>(i % 50 + 1)});
  }
  const auto is_dead = [](TupleId tid) { return tid.slot % 3 == 0; };
  const size_t removed = index.BulkDelete(is_dead);
  size_t expected_removed = 0;
  for (int i = 0; i < kEntries; ++i) expected_removed += (i % 50 + 1) % 3 == 0 ? 1 : 0;
  CHECK(removed == expected_removed);
  const BTree::Shape shape = index.Verify();
  CHECK(shape.entries == kEntries - expected_removed);
  CHECK(shape.height >= 2);
  BTreeScan scan(index);
  scan.SeekFirst();
  size_t seen = 0;
  for (IndexEntry entry; scan.Next(entry);) {
    CHECK_FALSE(is_dead(entry.tid));
    ++seen;
  }
  CHECK(seen == kEntries - expected_removed);
  // Removing again finds nothing; inserting into emptied ranges works.
  CHECK(index.BulkDelete(is_dead) == 0);
  for (int i = 0; i < 300; ++i) index.Insert(Key(i), TupleId{9999, static_cast<SlotNumber>(i + 1)});
  CHECK(index.Verify().entries == kEntries - expected_removed + 300);
}

TEST_CASE("vacuum removes index entries before their heap slots can be reused",
          "[storage][vacuum][btree]") {
  Fixture f;
  TransactionManager& tm = f.transactions;
  f.storage.Create(kIndex);
  BTree index = BTree::Create(f.pool, kIndex, "t_idx");
  std::vector<TupleId> tids;
  const Xid loader = tm.Begin();
  for (int i = 0; i < 300; ++i) {
    tids.push_back(f.heap.Insert(Bytes(RowText(i)), 1, loader, 0));
    index.Insert(Key(i), tids.back());
  }
  tm.Commit(loader);
  const Xid deleter = tm.Begin();
  for (int i = 0; i < 300; i += 2) f.heap.MarkDeleted(tids[i], deleter, 0);
  tm.Commit(deleter);

  VacuumTarget target{kTable, {{kIndex, "t_idx"}}};
  VacuumOptions options;
  options.truncate = false;
  const VacuumReport report = VacuumRelation(f.pool, tm, target, options);
  CHECK(report.tuples_removed == 150);
  CHECK(report.index_passes == 1);
  CHECK(report.index_entries_removed == std::vector<size_t>{150});
  CHECK(report.dead_item_ids == 150);
  // Every remaining entry points at a live tuple; every removed tuple's slot is free.
  BTreeScan scan(index);
  scan.SeekFirst();
  size_t entries = 0;
  for (IndexEntry entry; scan.Next(entry);) {
    HeapTuple tuple;
    REQUIRE(f.heap.Fetch(entry.tid, tuple));
    ++entries;
  }
  CHECK(entries == 150);
  for (int i = 0; i < 300; i += 2) CHECK(StateOf(f.pool, kTable, tids[i]) == ItemState::kUnused);

  // A small dead-tuple budget forces several index passes with the same outcome.
  const Xid deleter2 = tm.Begin();
  for (int i = 1; i < 300; i += 2) f.heap.MarkDeleted(tids[i], deleter2, 0);
  tm.Commit(deleter2);
  options.max_dead_tuples = 40;
  const VacuumReport second = VacuumRelation(f.pool, tm, target, options);
  CHECK(second.tuples_removed == 150);
  CHECK(second.index_passes >= 2);  // the budget is checked after each page
  CHECK(index.Verify().entries == 0);
}

TEST_CASE("a vacuum told to stop leaves a table the next vacuum finishes", "[storage][vacuum]") {
  Fixture f;
  TransactionManager& tm = f.transactions;
  f.storage.Create(kIndex);
  BTree index = BTree::Create(f.pool, kIndex, "t_idx");
  std::vector<TupleId> tids;
  const Xid loader = tm.Begin();
  for (int i = 0; i < 400; ++i) {
    tids.push_back(f.heap.Insert(Bytes(RowText(i)), 1, loader, 0));
    index.Insert(Key(i), tids.back());
  }
  tm.Commit(loader);
  const Xid deleter = tm.Begin();
  for (const TupleId tid : tids) f.heap.MarkDeleted(tid, deleter, 0);
  tm.Commit(deleter);
  VacuumTarget target{kTable, {{kIndex, "t_idx"}}};
  int calls = 0;
  VacuumOptions stopping;
  stopping.should_stop = [&calls] { return ++calls > 3; };  // during the heap pass
  const VacuumReport stopped = VacuumRelation(f.pool, tm, target, stopping);
  CHECK(stopped.stopped);
  CHECK(Visible(f.heap, tm).empty());
  const VacuumReport finished = VacuumRelation(f.pool, tm, target);
  CHECK_FALSE(finished.stopped);
  CHECK(index.Verify().entries == 0);
  CHECK(f.storage.NumBlocks(kTable) == 0);
}

TEST_CASE("prune, vacuum, index and truncation records replay idempotently after a crash",
          "[storage][vacuum][wal]") {
  TempDirectory dir;
  const std::string path = dir.path() + "/data";
  const std::string crashed = dir.path() + "/crashed";
  std::multiset<std::string> expected;
  std::vector<std::string> expected_keys;
  BlockNumber expected_blocks = 0;
  {
    WalStack stack(path);
    TransactionManager& tm = *stack.transactions;
    stack.storage->Create(kIndex);
    HeapFile heap(*stack.pool, kTestTable);
    BTree index = BTree::Create(*stack.pool, kIndex, "t_idx");
    std::vector<TupleId> tids;
    const Xid loader = tm.Begin();
    for (int i = 0; i < 800; ++i) {
      tids.push_back(heap.Insert(Bytes(RowText(i)), 1, loader, 0));
      index.Insert(Key(i), tids.back());
    }
    tm.Commit(loader);
    stack.checkpointer->Run(CheckpointReason::kRequested);
    // Delete the second half and a third of the first: vacuum prunes, cleans the index,
    // reclaims and truncates.
    const Xid deleter = tm.Begin();
    for (int i = 0; i < 800; ++i) {
      if (i >= 400 || i % 3 == 0) {
        heap.MarkDeleted(tids[i], deleter, 0);
      } else {
        expected.insert(RowText(i));
        expected_keys.push_back(Key(i));
      }
    }
    tm.Commit(deleter);
    stack.pool->FlushAll();  // some pages reach disk before vacuum changes them
    const VacuumReport report =
        VacuumRelation(*stack.pool, tm, VacuumTarget{kTestTable, {{kIndex, "t_idx"}}});
    REQUIRE(report.pages_truncated > 0);
    expected_blocks = report.pages_after;
    // New rows go into the reclaimed space.
    const Xid writer = tm.Begin();
    for (int i = 0; i < 30; ++i) {
      const TupleId tid = heap.Insert(Bytes("new " + std::to_string(i)), 1, writer, 0);
      CHECK(tid.block < expected_blocks);
      index.Insert(Key(1000 + i), tid);
      expected.insert("new " + std::to_string(i));
      expected_keys.push_back(Key(1000 + i));
    }
    tm.Commit(writer);
    stack.wal->Flush(stack.wal->insert_lsn());
    stack.CrashCopy(crashed);  // the file is already short; the log still names the old pages
  }
  // The log names the new records.
  std::set<std::string> names;
  {
    WalReader reader(DefaultEnv(), crashed + "/wal", kFirstLsn);
    while (std::optional<WalRecord> record = reader.Next()) {
      const std::string text = DescribeRecord(*record);
      names.insert(text.substr(0, text.find(' ', text.find(':') + 2)));
    }
  }
  CHECK(names.contains("Heap: PRUNE"));
  CHECK(names.contains("Heap: VACUUM"));
  CHECK(names.contains("Btree: VACUUM_LEAF"));
  CHECK(names.contains("Relation: TRUNCATE"));

  std::sort(expected_keys.begin(), expected_keys.end());
  for (int round = 0; round < 2; ++round) {  // the second replays over the first's pages
    {
      WalStack recovered(crashed, 64, 0, /*keep_running=*/false);
      recovered.pool->FlushAll();
    }
    WalStack stack(crashed);
    HeapFile heap(*stack.pool, kTestTable);
    CHECK(Visible(heap, *stack.transactions) == expected);
    CHECK(stack.storage->NumBlocks(kTestTable) == expected_blocks);
    BTree index(*stack.pool, kIndex, "t_idx");
    std::vector<std::string> keys;
    BTreeScan scan(index);
    scan.SeekFirst();
    for (IndexEntry entry; scan.Next(entry);) {
      HeapTuple tuple;
      CHECK(heap.Fetch(entry.tid, tuple));
      keys.push_back(entry.key);
    }
    CHECK(keys == expected_keys);
    index.Verify();
  }
}
