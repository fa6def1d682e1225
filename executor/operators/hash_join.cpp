#include "executor/operators/hash_join.hpp"

#include <algorithm>

#include "executor/expr/evaluator.hpp"
#include "executor/instrumentation.hpp"
#include "executor/operators/join_rows.hpp"

namespace granary::executor {
namespace {

constexpr size_t kMinBuckets = 1024;

}  // namespace

bool HashJoin::KeyOf(const std::vector<planner::BoundExprPtr>& exprs, const Batch& batch, size_t row,
                     RowKey& key) const {
  key.clear();
  bool has_null = false;
  for (const auto& key_expr : exprs) {
    key.push_back(Evaluate(*key_expr, batch, row, context_));
    has_null = has_null || key.back().is_null();
  }
  return has_null;
}

size_t HashJoin::AddInnerRows(Batch& batch, bool stop_when_full) {
  const bool can_stop = stop_when_full && context_.temp_files != nullptr;
  // A semi or anti join without residual predicate needs one right row per key.
  const bool one_per_key = StopsAtFirstMatch(plan_.join_type) && !plan_.predicate;
  RowKey key;
  size_t row = 0;
  for (; row < batch.row_count && !(can_stop && table_.memory_bytes() > context_.HashMemoryBytes()); ++row) {
    const bool has_null = KeyOf(plan_.right_keys, batch, row, key);
    // A NULL key can never satisfy the equality; the row is kept only to be NULL-extended.
    if (has_null && !PreservesRight(plan_.join_type)) continue;
    const size_t hash = RowKeyHash{}(key);
    if (!has_null && one_per_key && table_.Find(key, hash) != HashJoinTable::kNoRow) continue;
    table_.AddBatchRow(key, hash, !has_null, batch, row);
  }
  peak_memory_bytes_ = std::max(peak_memory_bytes_, table_.memory_bytes());
  peak_rows_ = std::max(peak_rows_, table_.row_count());
  return row;
}

void HashJoin::ClearTable() {
  table_.Reset(plan_.right_keys.size());
  // The table keeps the right columns the join or the nodes above read (join_columns).
  const size_t left_width = plan_.children[0]->output_types.size();
  const std::vector<types::Type>& right_types = plan_.children[1]->output_types;
  if (plan_.join_columns.size() != left_width + right_types.size()) return;
  std::vector<bool> stored(plan_.join_columns.begin() + static_cast<std::ptrdiff_t>(left_width),
                           plan_.join_columns.end());
  std::vector<types::TypeId> types;
  types.reserve(right_types.size());
  for (const types::Type& type : right_types) types.push_back(type.id);
  table_.SetStoredColumns(std::move(stored), std::move(types));
}

void HashJoin::LoadRightRow(size_t row) {
  right_row_.Reset(plan_.children[1]->output_types.size());
  table_.AppendRowTo(row, right_row_);
}

// The right rows that never matched, NULL-extended on the left, up to a full batch.
void HashJoin::EmitUnmatchedRightRows(Batch& out) {
  static const std::vector<bool> kUnmatched{false};
  while (unmatched_right_ < table_.row_count() && out.row_count < kBatchSize) {
    const size_t row = unmatched_right_++;
    if (right_matched_[row]) continue;
    LoadRightRow(row);
    size_t next = 0;
    EmitUnmatchedRight(out, plan_, right_row_, kUnmatched, next);
  }
}

void HashJoin::Build() {
  ClearTable();
  Batch batch;
  while (right_->Next(batch)) {
    context_.CheckForCancel();
    const size_t added = AddInnerRows(batch, true);
    if (added < batch.row_count) {
      SpillBuild(batch, added);
      break;
    }
  }
  right_matched_.assign(table_.row_count(), false);
  built_ = true;
}

void HashJoin::SpillBuild(const Batch& pending, size_t first_pending) {
  batched_ = true;
  TempFileSpace& space = *context_.temp_files;
  PartitionSet inner(space, kSpillPartitions);
  std::unique_ptr<TempFile> inner_nulls;
  std::unique_ptr<SpillWriter> inner_nulls_writer;
  RowKey key;
  // Right rows: those in memory, then the rest of the input.
  const auto spill_inner = [&](const Batch& rows, size_t first) {
    for (size_t row = first; row < rows.row_count; ++row) {
      if (KeyOf(plan_.right_keys, rows, row, key)) {
        if (!PreservesRight(plan_.join_type)) continue;
        if (inner_nulls == nullptr) {
          inner_nulls = space.Create();
          inner_nulls_writer = std::make_unique<SpillWriter>(*inner_nulls);
        }
        inner_nulls_writer->WriteBatchRow(rows, row);
        continue;
      }
      inner.Writer(PartitionOf(RowKeyHash{}(key), 0, kSpillPartitions)).WriteBatchRow(rows, row);
    }
  };
  for (size_t row = 0; row < table_.row_count(); ++row) {
    LoadRightRow(row);
    spill_inner(right_row_, 0);
  }
  ClearTable();
  spill_inner(pending, first_pending);
  Batch batch;
  while (right_->Next(batch)) {
    context_.CheckForCancel();
    spill_inner(batch, 0);
  }
  // Left rows by the same hash; those with a NULL key match nothing.
  PartitionSet outer(space, kSpillPartitions);
  std::unique_ptr<TempFile> outer_nulls;
  std::unique_ptr<SpillWriter> outer_nulls_writer;
  while (left_->Next(batch)) {
    context_.CheckForCancel();
    for (size_t row = 0; row < batch.row_count; ++row) {
      if (KeyOf(plan_.left_keys, batch, row, key)) {
        if (!PreservesLeft(plan_.join_type)) continue;
        if (outer_nulls == nullptr) {
          outer_nulls = space.Create();
          outer_nulls_writer = std::make_unique<SpillWriter>(*outer_nulls);
        }
        outer_nulls_writer->WriteBatchRow(batch, row);
        continue;
      }
      outer.Writer(PartitionOf(RowKeyHash{}(key), 0, kSpillPartitions)).WriteBatchRow(batch, row);
    }
  }
  std::vector<std::unique_ptr<TempFile>> inner_files = inner.Finish(disk_bytes_);
  std::vector<std::unique_ptr<TempFile>> outer_files = outer.Finish(disk_bytes_);
  if (inner_nulls_writer != nullptr) {
    inner_nulls_writer->Flush();
    disk_bytes_ += inner_nulls->size();
    waiting_.push_back({std::move(inner_nulls), nullptr, 0, false});
  }
  if (outer_nulls_writer != nullptr) {
    outer_nulls_writer->Flush();
    disk_bytes_ += outer_nulls->size();
    waiting_.push_back({nullptr, std::move(outer_nulls), 0, false});
  }
  // Batches are taken from the back: push the last first so they run in order.
  batch_count_ = 0;
  for (size_t i = kSpillPartitions; i-- > 0;) {
    if (inner_files[i] == nullptr && outer_files[i] == nullptr) continue;
    waiting_.push_back({std::move(inner_files[i]), std::move(outer_files[i]), 0, true});
  }
  phase_ = Phase::kNextBatch;
}

void HashJoin::Split(SpilledBatch batch) {
  const size_t level = batch.level + 1;
  TempFileSpace& space = *context_.temp_files;
  PartitionSet inner(space, kSpillPartitions);
  PartitionSet outer(space, kSpillPartitions);
  RowKey key;
  Batch rows;
  const auto split = [&](TempFile* file, PartitionSet& parts, const std::vector<planner::BoundExprPtr>& exprs,
                         size_t width) {
    if (file == nullptr) return;
    SpillReader reader(*file);
    while (reader.ReadBatch(rows, width)) {
      context_.CheckForCancel();
      for (size_t row = 0; row < rows.row_count; ++row) {
        KeyOf(exprs, rows, row, key);
        parts.Writer(PartitionOf(RowKeyHash{}(key), level, kSpillPartitions)).WriteBatchRow(rows, row);
      }
    }
  };
  split(batch.inner.get(), inner, plan_.right_keys, plan_.children[1]->output_types.size());
  split(batch.outer.get(), outer, plan_.left_keys, plan_.children[0]->output_types.size());
  batch.inner.reset();
  batch.outer.reset();
  std::vector<std::unique_ptr<TempFile>> inner_files = inner.Finish(disk_bytes_);
  std::vector<std::unique_ptr<TempFile>> outer_files = outer.Finish(disk_bytes_);
  for (size_t i = kSpillPartitions; i-- > 0;) {
    if (inner_files[i] == nullptr && outer_files[i] == nullptr) continue;
    waiting_.push_back({std::move(inner_files[i]), std::move(outer_files[i]), level, true});
  }
}

bool HashJoin::LoadNextBatch() {
  const size_t right_width = plan_.children[1]->output_types.size();
  while (!waiting_.empty()) {
    SpilledBatch batch = std::move(waiting_.back());
    waiting_.pop_back();
    ClearTable();
    // Too big still: split it, unless it went deep enough (its rows may share one key).
    const bool may_split = batch.splittable && batch.level < kMaxSplitLevels;
    bool too_big = false;
    if (batch.inner != nullptr) {
      SpillReader reader(*batch.inner);
      Batch rows;
      while (!too_big && reader.ReadBatch(rows, right_width)) {
        context_.CheckForCancel();
        too_big = AddInnerRows(rows, may_split) < rows.row_count;
      }
    }
    if (too_big) {
      ClearTable();
      Split(std::move(batch));
      continue;
    }
    if (batch.splittable) ++batch_count_;
    right_matched_.assign(table_.row_count(), false);
    unmatched_right_ = 0;
    current_ = std::move(batch);
    outer_reader_ = current_.outer != nullptr ? std::make_unique<SpillReader>(*current_.outer) : nullptr;
    left_batch_.Reset(plan_.children[0]->output_types.size());
    left_row_ = 0;
    probing_ = false;
    return true;
  }
  return false;
}

bool HashJoin::NextLeftBatch() {
  if (!batched_) return left_->Next(left_batch_);
  return outer_reader_ != nullptr && outer_reader_->ReadBatch(left_batch_, plan_.children[0]->output_types.size());
}

void HashJoin::Probe(Batch& out) {
  RowKey key;
  while (out.row_count < hint_.BatchLimit()) {
    if (!probing_) {
      if (left_row_ >= left_batch_.row_count) {
        if (!NextLeftBatch()) {
          phase_ = Phase::kUnmatchedRight;
          return;
        }
        left_row_ = 0;
        context_.CheckForCancel();
      }
      const bool has_null = KeyOf(plan_.left_keys, left_batch_, left_row_, key);
      matches_.clear();
      if (!has_null) {
        const size_t hash = RowKeyHash{}(key);
        for (uint32_t row = table_.Find(key, hash); row != HashJoinTable::kNoRow; row = table_.FindNext(row, key, hash)) {
          matches_.push_back(row);
        }
      }
      match_position_ = 0;
      matched_ = false;
      probing_ = true;
    }
    if (match_position_ < matches_.size()) {
      const size_t right_row = matches_[match_position_++];
      // A semi or anti join without residual predicate is decided by the key alone.
      const bool key_decides = StopsAtFirstMatch(plan_.join_type) && !plan_.predicate;
      if (!key_decides) LoadRightRow(right_row);
      if (key_decides || EmitJoinedRow(out, pair_, plan_, left_batch_, left_row_, right_row_, 0, context_)) {
        matched_ = true;
        right_matched_[right_row] = true;
        if (StopsAtFirstMatch(plan_.join_type)) match_position_ = matches_.size();
      }
      continue;
    }
    FinishLeftRow(out, plan_, left_batch_, left_row_, matched_);
    ++left_row_;
    probing_ = false;
  }
}

void HashJoin::RecordDetails() {
  size_t buckets = kMinBuckets;
  while (buckets < peak_rows_) buckets *= 2;
  // Shown on the Hash node, which holds the table in PostgreSQL.
  const planner::PlanNode& build = plan_.children[1]->kind == planner::PlanKind::kHash ? *plan_.children[1] : plan_;
  RecordNodeDetails(context_, build,
                    {"Buckets: " + std::to_string(buckets) + "  Batches: " + std::to_string(std::max<size_t>(batch_count_, 1)) +
                     "  Memory Usage: " + Kilobytes(peak_memory_bytes_)});
}

bool HashJoin::Next(Batch& out) {
  deferred_.RaiseIfHeld();
  if (!built_) Build();
  out.Reset(width());
  ProduceUntilError(out, deferred_, [&] { JoinRows(out); });
  hint_.Returned(out.row_count);
  return out.row_count > 0;
}

void HashJoin::JoinRows(Batch& out) {
  while (out.row_count < hint_.BatchLimit() && phase_ != Phase::kDone) {
    switch (phase_) {
      case Phase::kProbe:
        Probe(out);
        break;
      case Phase::kUnmatchedRight:
        if (PreservesRight(plan_.join_type)) EmitUnmatchedRightRows(out);
        if (!PreservesRight(plan_.join_type) || unmatched_right_ >= table_.row_count()) {
          phase_ = batched_ ? Phase::kNextBatch : Phase::kDone;
        }
        break;
      case Phase::kNextBatch:
        phase_ = LoadNextBatch() ? Phase::kProbe : Phase::kDone;
        break;
      case Phase::kDone:
        break;
    }
    if (phase_ == Phase::kDone) RecordDetails();
  }
}

}  // namespace granary::executor
