#include "executor/operators/hash_join_table.hpp"

#include "common/sqlstate.hpp"
#include "executor/spill/spill_file.hpp"
#include "granary/error.hpp"

namespace granary::executor {
namespace {

constexpr size_t kMinBuckets = 1024;

}  // namespace

void HashJoinTable::Reset(size_t key_count) {
  key_count_ = key_count;
  std::string().swap(arena_);
  std::vector<Entry>().swap(entries_);
  std::vector<types::Value>().swap(keys_);
  std::vector<uint32_t>().swap(buckets_);
  memory_bytes_ = 0;
}

void HashJoinTable::SetStoredColumns(std::vector<bool> stored, std::vector<types::TypeId> types) {
  stored_ = std::move(stored);
  types_ = std::move(types);
}

size_t HashJoinTable::AddBatchRow(const RowKey& key, size_t hash, bool findable, const Batch& batch, size_t row) {
  scratch_.clear();
  const bool all = stored_.size() != batch.columns.size();
  for (size_t c = 0; c < batch.columns.size(); ++c) {
    if (all || stored_[c]) scratch_.push_back(batch.columns[c][row]);
  }
  const size_t offset = arena_.size();
  EncodeSpillRow(scratch_, arena_);
  return Link(key, hash, findable, offset);
}

size_t HashJoinTable::Link(const RowKey& key, size_t hash, bool findable, size_t offset) {
  if (entries_.size() >= kNoRow) {
    throw Error(sqlstate::kProgramLimitExceeded, "hash join table has too many rows");
  }
  const auto row = static_cast<uint32_t>(entries_.size());
  entries_.push_back({hash, offset, static_cast<uint32_t>(arena_.size() - offset), kNoRow});
  for (size_t k = 0; k < key_count_; ++k) {
    keys_.push_back(k < key.size() ? key[k] : types::Value());
    memory_bytes_ += EstimateBytes(keys_.back());
  }
  memory_bytes_ += sizeof(Entry) + (arena_.size() - offset);
  if (findable) {
    if (entries_.size() > buckets_.size()) Grow();
    uint32_t& head = buckets_[hash & (buckets_.size() - 1)];
    entries_[row].next = head;
    head = row;
  }
  return row;
}

// Doubles the buckets (at least kMinBuckets) and relinks the findable rows; a row is
// findable exactly when it is reachable, so relinking walks the old chains.
void HashJoinTable::Grow() {
  std::vector<uint32_t> old = std::move(buckets_);
  buckets_.assign(std::max(kMinBuckets, old.size() * 2), kNoRow);
  const size_t mask = buckets_.size() - 1;
  for (uint32_t head : old) {
    // Chains are relinked in reverse; rows of one key keep no particular order (the join
    // emits a left row's partners in any order, as PostgreSQL's does).
    for (uint32_t row = head; row != kNoRow;) {
      const uint32_t next = entries_[row].next;
      uint32_t& bucket = buckets_[entries_[row].hash & mask];
      entries_[row].next = bucket;
      bucket = row;
      row = next;
    }
  }
}

uint32_t HashJoinTable::Match(uint32_t row, const RowKey& key, size_t hash) const {
  const RowKeyEqual equal;
  for (; row != kNoRow; row = entries_[row].next) {
    const Entry& entry = entries_[row];
    if (entry.hash != hash) continue;
    const types::Value* stored = keys_.data() + static_cast<size_t>(row) * key_count_;
    bool same = true;
    for (size_t k = 0; k < key_count_ && same; ++k) {
      same = equal.Equal(stored[k], key[k]);
    }
    if (same) return row;
  }
  return kNoRow;
}

void HashJoinTable::AppendRowTo(size_t row, Batch& out) const {
  const Entry& entry = entries_[row];
  DecodeSpillRow(std::string_view(arena_).substr(entry.offset, entry.length), scratch_);
  if (stored_.size() != out.columns.size()) {
    for (size_t c = 0; c < out.columns.size(); ++c) out.columns[c].push_back(std::move(scratch_[c]));
  } else {
    size_t next = 0;
    for (size_t c = 0; c < out.columns.size(); ++c) {
      if (stored_[c]) {
        out.columns[c].push_back(std::move(scratch_[next++]));
      } else {
        out.columns[c].push_back(types::Value::Null(types_[c]));
      }
    }
  }
  ++out.row_count;
}

}  // namespace granary::executor
