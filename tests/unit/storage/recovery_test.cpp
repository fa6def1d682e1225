// Crash recovery at the storage level: committed work comes back, uncommitted work stays
// invisible, replaying twice (or after a recovery that itself crashed) gives the same pages,
// and a torn page is repaired from its full-page image.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/wal/resource_managers.hpp"
#include "storage/wal/wal_reader.hpp"
#include "temp_directory.hpp"
#include "wal_stack.hpp"

using namespace granary::storage;
using granary::storage::testing::kTestTable;
using granary::storage::testing::TempDirectory;
using granary::storage::testing::WalStack;

namespace {

std::span<const std::byte> Bytes(const std::string& text) { return std::as_bytes(std::span(text)); }

std::string RowText(int i) { return "row " + std::to_string(i) + std::string(static_cast<size_t>(i % 37), '.'); }

std::multiset<std::string> VisibleRows(WalStack& stack) {
  HeapFile heap(*stack.pool, kTestTable);
  HeapFile::Scan scan(heap, *stack.transactions, stack.transactions->TakeSnapshot(kInvalidXid, 0));
  std::vector<HeapTuple> tuples;
  while (scan.NextBatch(tuples, 100)) {
  }
  std::multiset<std::string> rows;
  for (const HeapTuple& tuple : tuples) rows.insert(tuple.data);
  return rows;
}

// Every byte of every relation file, by file name.
std::map<std::string, std::string> FileContents(const std::string& directory) {
  std::map<std::string, std::string> contents;
  for (const auto& entry : std::filesystem::directory_iterator(directory + "/base")) {
    std::ifstream file(entry.path(), std::ios::binary);
    contents[entry.path().filename().string()] =
        std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }
  return contents;
}

// A workload whose changes are partly flushed to the files and partly only in the log.
// Returns the rows that must be visible after recovery.
std::multiset<std::string> RunWorkload(WalStack& stack) {
  HeapFile heap(*stack.pool, kTestTable);
  TransactionManager& tm = *stack.transactions;
  std::multiset<std::string> expected;
  std::vector<TupleId> tids;
  const Xid loader = tm.Begin();
  for (int i = 0; i < 600; ++i) {
    tids.push_back(heap.Insert(Bytes(RowText(i)), 1, loader, 0));
    expected.insert(RowText(i));
  }
  tm.Commit(loader);
  stack.checkpointer->Run(CheckpointReason::kRequested);

  const Xid changer = tm.Begin();
  for (int i = 0; i < 600; i += 3) {
    heap.MarkDeleted(tids[i], changer, 0);
    expected.erase(expected.find(RowText(i)));
    if (i % 2 == 0) {
      const TupleId moved = heap.Insert(Bytes(RowText(i) + " v2"), 1, changer, 0);
      heap.LinkUpdate(tids[i], moved, changer);
      expected.insert(RowText(i) + " v2");
    }
  }
  tm.Commit(changer);
  stack.pool->FlushAll();  // some pages reach disk with these changes...

  const Xid late = tm.Begin();
  for (int i = 0; i < 50; ++i) {
    heap.Insert(Bytes("late " + std::to_string(i)), 1, late, 0);
    expected.insert("late " + std::to_string(i));
  }
  tm.Commit(late);  // ...these are only in the (flushed) log

  const Xid unfinished = tm.Begin();
  for (int i = 0; i < 40; ++i) heap.Insert(Bytes("never " + std::to_string(i)), 1, unfinished, 0);
  heap.MarkDeleted(tids[1], unfinished, 0);
  stack.wal->FlushAll();  // its changes are in the log, but no commit record
  return expected;
}

}  // namespace

TEST_CASE("recovery brings back committed work and only that", "[storage][recovery]") {
  TempDirectory temp;
  std::multiset<std::string> expected;
  {
    WalStack stack(temp.Sub("data"));
    expected = RunWorkload(stack);
    stack.CrashCopy(temp.Sub("crashed"));
  }
  WalStack recovered(temp.Sub("crashed"));
  CHECK(recovered.recovered.replayed_changes);
  CHECK(recovered.recovered.state.records > 0);
  CHECK(VisibleRows(recovered) == expected);
}

TEST_CASE("replaying the log twice leaves the same pages", "[storage][recovery]") {
  TempDirectory temp;
  std::multiset<std::string> expected;
  {
    WalStack stack(temp.Sub("data"));
    expected = RunWorkload(stack);
    stack.CrashCopy(temp.Sub("once"));
    stack.CrashCopy(temp.Sub("interrupted"));
  }
  // Recover fully, write every page, and snapshot the files (the control file still points at
  // the old checkpoint, as after a crash right at the end of recovery).
  std::map<std::string, std::string> after_once;
  uint64_t records = 0;
  {
    WalStack once(temp.Sub("once"), 64, 0, /*keep_running=*/false);
    records = once.recovered.state.records;
    once.pool->FlushAll();
  }
  after_once = FileContents(temp.Sub("once"));
  // Replaying everything again over the recovered pages changes nothing.
  {
    WalStack twice(temp.Sub("once"), 64, 0, false);
    CHECK(twice.recovered.state.records == records);
    twice.pool->FlushAll();
  }
  CHECK(FileContents(temp.Sub("once")) == after_once);

  // A recovery that died halfway, having written some pages, then a full one.
  {
    WalStack half(temp.Sub("interrupted"), 8, records / 2, false);
    half.pool->FlushAll();
  }
  {
    WalStack full(temp.Sub("interrupted"), 8, 0, false);
    full.pool->FlushAll();
  }
  CHECK(FileContents(temp.Sub("interrupted")) == after_once);
  WalStack opened(temp.Sub("interrupted"));
  CHECK(VisibleRows(opened) == expected);
}

TEST_CASE("a torn page is restored from its full-page image", "[storage][recovery]") {
  TempDirectory temp;
  std::string before_change;  // block 0 as the checkpoint wrote it
  std::multiset<std::string> expected;
  {
    WalStack stack(temp.Sub("data"));
    HeapFile heap(*stack.pool, kTestTable);
    const Xid first = stack.transactions->Begin();
    for (int i = 0; i < 20; ++i) {
      heap.Insert(Bytes(RowText(i)), 1, first, 0);
      expected.insert(RowText(i));
    }
    stack.transactions->Commit(first);
    stack.checkpointer->Run(CheckpointReason::kRequested);
    std::ifstream file(temp.Sub("data/base/16384"), std::ios::binary);
    before_change.assign(kPageSize, '\0');
    file.read(before_change.data(), kPageSize);

    const uint64_t images = stack.wal->stats().full_page_images;
    const Xid second = stack.transactions->Begin();
    for (int i = 20; i < 40; ++i) {
      heap.Insert(Bytes(RowText(i)), 1, second, 0);
      expected.insert(RowText(i));
    }
    stack.transactions->Commit(second);
    CHECK(stack.wal->stats().full_page_images > images);  // block 0's first change since
    stack.pool->FlushAll();
    stack.CrashCopy(temp.Sub("crashed"));
  }
  // The last write of block 0 tore: only its first half reached the disk.
  const std::string path = temp.Sub("crashed/base/16384");
  SECTION("the second half still holds the page as it was before") {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    REQUIRE(file.good());
    file.seekp(kPageSize / 2);
    file.write(before_change.data() + kPageSize / 2, kPageSize / 2);
  }
  SECTION("the second half holds garbage") {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    REQUIRE(file.good());
    file.seekp(kPageSize / 2);
    file.write(std::string(kPageSize / 2, '\xAB').data(), kPageSize / 2);
  }
  {
    StorageManager storage(DefaultEnv(), temp.Sub("crashed"));
    std::array<std::byte, kPageSize> page;
    try {
      storage.ReadBlock(kTestTable, 0, page.data());
      FAIL("the torn page passed its checksum");
    } catch (const granary::Error& error) {
      CHECK(error.sqlstate() == granary::sqlstate::kDataCorrupted);
    }
  }
  {
    WalStack recovered(temp.Sub("crashed"));
    CHECK(recovered.recovered.state.full_page_images > 0);
    CHECK(VisibleRows(recovered) == expected);
    recovered.checkpointer->Run(CheckpointReason::kEndOfRecovery);
  }
  StorageManager storage(DefaultEnv(), temp.Sub("crashed"));
  std::array<std::byte, kPageSize> page;
  storage.ReadBlock(kTestTable, 0, page.data());  // the checksum verifies again
}

TEST_CASE("a durable commit record commits even if its status update was lost",
          "[storage][recovery]") {
  TempDirectory temp;
  Xid xid = 0;
  {
    WalStack stack(temp.Sub("data"));
    HeapFile heap(*stack.pool, kTestTable);
    xid = stack.transactions->Begin();
    heap.Insert(Bytes("kept"), 1, xid, 0);
    // The commit record is flushed, then the process dies before FinishCommit.
    const TransactionManager::PendingCommit pending = stack.transactions->LogCommit(xid);
    stack.wal->Flush(pending.lsn);
    stack.CrashCopy(temp.Sub("crashed"));
    stack.transactions->FinishCommit(pending);
  }
  WalStack recovered(temp.Sub("crashed"));
  CHECK(recovered.recovered.state.outcomes.at(xid) == XidStatus::kCommitted);
  CHECK(recovered.transactions->Status(xid) == XidStatus::kCommitted);
  CHECK(VisibleRows(recovered) == std::multiset<std::string>{"kept"});
}

TEST_CASE("a checkpoint record that cannot be found stops the open", "[storage][recovery]") {
  TempDirectory temp;
  {
    WalStack stack(temp.Sub("data"));
    stack.checkpointer->Run(CheckpointReason::kRequested);
  }
  // Wipe the log: the control file names a checkpoint that is not there.
  for (const auto& entry : std::filesystem::directory_iterator(temp.Sub("data/wal"))) {
    std::filesystem::resize_file(entry.path(), 0);
  }
  try {
    WalStack stack(temp.Sub("data"));
    FAIL("opened without its checkpoint");
  } catch (const granary::Error& error) {
    CHECK(error.sqlstate() == granary::sqlstate::kDataCorrupted);
    CHECK(error.message().find("could not locate a valid checkpoint record") != std::string::npos);
  }
}

TEST_CASE("a change the page already has is not applied again", "[storage][recovery]") {
  TempDirectory temp;
  {
    WalStack stack(temp.Sub("data"));
    HeapFile heap(*stack.pool, kTestTable);
    const Xid xid = stack.transactions->Begin();
    for (int i = 0; i < 5; ++i) heap.Insert(Bytes(RowText(i)), 1, xid, 0);
    stack.transactions->Commit(xid);
    stack.pool->FlushAll();  // block 0 on disk has all five inserts
  }
  // The last heap record of the log: an insert into block 0 without a page image.
  std::optional<WalRecord> last_insert;
  WalReader reader(DefaultEnv(), temp.Sub("data/wal"), kFirstLsn);
  while (std::optional<WalRecord> record = reader.Next()) {
    if (record->rmgr == ResourceManager::kHeap) last_insert = std::move(record);
  }
  REQUIRE(last_insert);
  REQUIRE_FALSE(last_insert->blocks.at(0).has_image);
  REQUIRE_FALSE(last_insert->blocks.at(0).will_init);

  StorageManager storage(DefaultEnv(), temp.Sub("data"));
  BufferPool pool(storage, 8);
  RecoveryState state;
  RedoContext context(pool, state);
  CHECK_FALSE(context.PrepareBlock(*last_insert, 0));
  RedoRecord(context, *last_insert);
  PageGuard guard = pool.Fetch(kTestTable, 0, LatchMode::kShared);
  CHECK(guard.page().ItemCount() == 5);
  CHECK(guard.page().lsn() == last_insert->end_lsn);
}
