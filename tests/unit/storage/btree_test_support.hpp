// Shared set-up for the B-tree tests: an index relation in a scratch directory behind a
// buffer pool of a chosen (small) size, and helpers to read an index back.
#pragma once

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "storage/btree/btree.hpp"
#include "temp_directory.hpp"

namespace granary::storage::testing {

inline constexpr RelFileNumber kIndexRel = 16500;

struct BTreeFixture {
  explicit BTreeFixture(size_t frames = 64) : pool(storage, frames) {
    storage.Create(kIndexRel);
    tree.emplace(BTree::Create(pool, kIndexRel, "test_index"));
  }
  TempDirectory dir;
  StorageManager storage{DefaultEnv(), dir.path()};
  BufferPool pool;
  std::optional<BTree> tree;
};

// Every live entry of the index, in scan order.
inline std::vector<IndexEntry> ScanAll(BTree& tree) {
  std::vector<IndexEntry> entries;
  BTreeScan scan(tree);
  scan.SeekFirst();
  IndexEntry entry;
  while (scan.Next(entry)) entries.push_back(entry);
  return entries;
}

// (key, tid) order, the order every scan must produce.
inline bool EntryLess(const IndexEntry& left, const IndexEntry& right) {
  if (left.key != right.key) return left.key < right.key;  // unsigned bytes, prefix first
  if (left.tid.block != right.tid.block) return left.tid.block < right.tid.block;
  return left.tid.slot < right.tid.slot;
}

// A tid derived from a number, unique per number.
inline TupleId TidOf(uint64_t n) {
  return TupleId{static_cast<BlockNumber>(n / 100), static_cast<SlotNumber>(n % 100 + 1)};
}

}  // namespace granary::storage::testing
