// HashJoinTable — the in-memory right side of a hash join, stored compactly: each right row
// in the spill row format (executor/spill/spill_file.hpp) in one byte arena, its key values
// in one flat vector, and a chained hash table of 32-bit row numbers over a power-of-two
// bucket array. Adding a row allocates nothing per row beyond the arena's and the vectors'
// growth; probing compares stored hashes first and key values only on a hash match, and
// decodes a right row only when it is a partner. Rows whose key has a NULL are kept (for
// NULL-extension) but never found.
//
// Compared with a hash table of Value vectors this keeps a row in about its encoded size
// (PostgreSQL's MinimalTuple in its hash table is the model), so joins whose right side
// carries wide rows stay in memory far longer before grace batching starts.
// Thread-safety: none (one operator's state).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "executor/batch.hpp"
#include "executor/row_key.hpp"

namespace granary::executor {

class HashJoinTable {
 public:
  static constexpr uint32_t kNoRow = UINT32_MAX;

  explicit HashJoinTable(size_t key_count = 0) : key_count_(key_count) {}

  // Empties the table for rows with `key_count` key values, releasing its memory.
  void Reset(size_t key_count);
  // Keeps only the right columns whose `stored` entry is true (a join's unread columns,
  // PlanNode::join_columns); AppendRowTo gives the others as NULL of their type in `types`.
  // Empty `stored` (the default): every column. Call before adding rows.
  void SetStoredColumns(std::vector<bool> stored, std::vector<types::TypeId> types);
  // Adds row `row` of `batch` (a right row: its stored columns) under `key` (whose hash is
  // `hash`); a row with `findable` false (a NULL in its key) is stored but never matches.
  // Returns its number.
  size_t AddBatchRow(const RowKey& key, size_t hash, bool findable, const Batch& batch, size_t row);
  // The first row with key `key` (hash `hash`), then the following ones; kNoRow at the end.
  uint32_t Find(const RowKey& key, size_t hash) const { return Match(FirstInBucket(hash), key, hash); }
  uint32_t FindNext(uint32_t row, const RowKey& key, size_t hash) const {
    return Match(entries_[row].next, key, hash);
  }
  // Appends row `row`'s values to `out` as its one new row (out has the right side's width).
  void AppendRowTo(size_t row, Batch& out) const;
  size_t row_count() const { return entries_.size(); }
  // Estimated bytes held: the arena, the entries, the keys and the buckets.
  size_t memory_bytes() const { return memory_bytes_ + buckets_.size() * sizeof(uint32_t); }

 private:
  struct Entry {
    uint64_t hash;
    uint64_t offset;  // of the row's bytes in arena_
    uint32_t length;
    uint32_t next;    // next row in the bucket's chain
  };

  uint32_t FirstInBucket(size_t hash) const {
    return buckets_.empty() ? kNoRow : buckets_[hash & (buckets_.size() - 1)];
  }
  uint32_t Match(uint32_t row, const RowKey& key, size_t hash) const;
  size_t Link(const RowKey& key, size_t hash, bool findable, size_t offset);
  void Grow();

  size_t key_count_;
  std::vector<bool> stored_;  // empty: every column
  std::vector<types::TypeId> types_;
  std::string arena_;
  std::vector<Entry> entries_;
  std::vector<types::Value> keys_;  // key_count_ per row
  std::vector<uint32_t> buckets_;
  size_t memory_bytes_ = 0;
  mutable std::vector<types::Value> scratch_;
};

}  // namespace granary::executor
