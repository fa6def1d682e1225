// B-tree indexes under the write-ahead log: every page change is redone after a crash —
// insertions, splits, new roots — giving a structurally sound tree with every entry, and a
// torn index page is repaired from its image.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/btree/btree.hpp"
#include "storage/buffer/relation_wal.hpp"
#include "temp_directory.hpp"
#include "wal_stack.hpp"

using namespace granary::storage;
using granary::storage::testing::TempDirectory;
using granary::storage::testing::WalStack;

namespace {

constexpr RelFileNumber kIndex = 16390;

std::string Key(int i) {
  char text[32];
  std::snprintf(text, sizeof(text), "key-%08d", i);
  return std::string(text) + std::string(static_cast<size_t>(i % 400), 'k');
}

TupleId Tid(int i) { return TupleId{static_cast<BlockNumber>(i / 100), static_cast<SlotNumber>(i % 100 + 1)}; }

// Keys in a scattered order, so splits happen all over the tree.
int Scattered(int i, int count) { return static_cast<int>((static_cast<int64_t>(i) * 7919) % count); }

}  // namespace

TEST_CASE("an index is rebuilt by redo after a crash", "[storage][btree][recovery]") {
  TempDirectory temp;
  constexpr int kKeys = 6000;
  BTree::Shape before;
  {
    WalStack stack(temp.Sub("data"), 32);
    const Xid xid = stack.transactions->Begin();
    relation_wal::CreateRelation(*stack.pool, kIndex, xid);
    BTree index = BTree::Create(*stack.pool, kIndex, "test_index");
    for (int i = 0; i < kKeys / 2; ++i) index.Insert(Key(Scattered(i, kKeys)), Tid(Scattered(i, kKeys)));
    stack.checkpointer->Run(CheckpointReason::kRequested);  // the first half is on disk
    for (int i = kKeys / 2; i < kKeys; ++i) index.Insert(Key(Scattered(i, kKeys)), Tid(Scattered(i, kKeys)));
    REQUIRE(index.Delete(Key(17), Tid(17)));
    stack.transactions->Commit(xid);  // flushes the log; many pages are only in the pool
    before = index.Verify();
    REQUIRE(before.height >= 3);
    stack.CrashCopy(temp.Sub("crashed"));
  }
  WalStack recovered(temp.Sub("crashed"), 32);
  BTree index(*recovered.pool, kIndex, "test_index");
  const BTree::Shape after = index.Verify();
  CHECK(after.height == before.height);
  CHECK(after.entries == before.entries);
  CHECK(after.pages_per_level == before.pages_per_level);
  for (int i = 0; i < kKeys; i += 37) {
    INFO(Key(i));
    CHECK(index.Lookup(Key(i)) == (i == 17 ? std::vector<TupleId>{} : std::vector<TupleId>{Tid(i)}));
  }
  // And it keeps working.
  index.Insert(Key(kKeys + 1), Tid(kKeys + 1));
  CHECK(index.Lookup(Key(kKeys + 1)).size() == 1);
  CHECK(index.Verify().entries == before.entries + 1);
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

TEST_CASE("torn index pages are restored from their images", "[storage][btree][recovery]") {
  TempDirectory temp;
  const std::string relative = "base/" + std::to_string(kIndex);
  std::string at_checkpoint;
  {
    WalStack stack(temp.Sub("data"), 32);
    const Xid xid = stack.transactions->Begin();
    relation_wal::CreateRelation(*stack.pool, kIndex, xid);
    BTree index = BTree::Create(*stack.pool, kIndex, "test_index");
    for (int i = 0; i < 500; ++i) index.Insert(Key(i), Tid(i));
    stack.transactions->Commit(xid);
    stack.checkpointer->Run(CheckpointReason::kRequested);
    at_checkpoint = ReadFile(temp.Sub("data/") + relative);
    const Xid more = stack.transactions->Begin();
    for (int i = 500; i < 700; ++i) index.Insert(Key(i), Tid(i));  // right side, with splits
    REQUIRE(index.Delete(Key(3), Tid(3)));  // a hint on the leftmost leaf: logs its image
    stack.transactions->Commit(more);
    stack.pool->FlushAll();
    stack.CrashCopy(temp.Sub("crashed"));
  }
  // Every page written since the checkpoint tore: its second half is still the old one (or
  // garbage, for pages that did not exist then).
  const std::string path = temp.Sub("crashed/") + relative;
  const std::string final_bytes = ReadFile(path);
  int torn = 0;
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    REQUIRE(file.good());
    for (size_t offset = 0; offset < final_bytes.size(); offset += kPageSize) {
      const bool existed = offset < at_checkpoint.size();
      if (existed && final_bytes.compare(offset, kPageSize, at_checkpoint, offset, kPageSize) == 0) continue;
      const std::string old_half = existed ? at_checkpoint.substr(offset + kPageSize / 2, kPageSize / 2)
                                           : std::string(kPageSize / 2, '\xC3');
      file.seekp(static_cast<std::streamoff>(offset + kPageSize / 2));
      file.write(old_half.data(), static_cast<std::streamsize>(old_half.size()));
      ++torn;
    }
  }
  REQUIRE(torn >= 3);  // the leftmost leaf, the rightmost leaves, their parent
  WalStack recovered(temp.Sub("crashed"), 32);
  CHECK(recovered.recovered.state.full_page_images >= static_cast<uint64_t>(torn));
  BTree index(*recovered.pool, kIndex, "test_index");
  CHECK(index.Verify().entries == 700);
  for (int i = 0; i < 700; ++i) {
    INFO(Key(i));
    CHECK(index.Lookup(Key(i)).size() == (i == 3 ? 0u : 1u));
  }
}
