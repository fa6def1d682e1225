#include "executor/operators/distinct.hpp"

#include <algorithm>
#include <numeric>

#include "executor/instrumentation.hpp"

namespace granary::executor {
namespace {

// Estimated bytes of a key in the set beyond its values: its node and bucket.
constexpr size_t kEntryOverheadBytes = 64;

}  // namespace

Distinct::Distinct(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
    : Operator(plan, context), child_(std::move(child)) {
  const planner::PlanNode& input = *plan.children[0];
  std::vector<size_t> columns = plan.distinct_columns;
  if (columns.empty()) {
    columns.resize(input.output_types.size());
    std::iota(columns.begin(), columns.end(), size_t{0});
  }
  if (input.kind == planner::PlanKind::kSort && input.sort_keys.size() >= columns.size()) {
    std::vector<size_t> leading;
    for (size_t i = 0; i < columns.size(); ++i) leading.push_back(input.sort_keys[i].column);
    std::sort(leading.begin(), leading.end());
    std::sort(columns.begin(), columns.end());
    sorted_input_ = leading == columns;
  }
}

bool Distinct::NextInput() {
  while (true) {
    if (reader_ != nullptr) {
      if (reader_->ReadBatch(input_, width())) return true;
      reader_.reset();
      reading_.file.reset();
    } else if (!child_done_) {
      if (child_->Next(input_)) return true;
      child_done_ = true;
    }
    if (writing_ != nullptr) {
      for (std::unique_ptr<TempFile>& file : writing_->Finish(disk_bytes_)) {
        if (file != nullptr) waiting_.push_back({std::move(file), level_});
      }
      writing_.reset();
    }
    if (waiting_.empty()) {
      std::string line = "Batches: " + std::to_string(batches_) + "  Memory Usage: " + Kilobytes(peak_memory_bytes_);
      if (batches_ > 1) line += "  Disk Usage: " + Kilobytes(disk_bytes_);
      if (!sorted_input_) RecordNodeDetails(context_, plan_, {std::move(line)});
      return false;
    }
    reading_ = std::move(waiting_.back());
    waiting_.pop_back();
    reader_ = std::make_unique<SpillReader>(*reading_.file);
    ++batches_;
    level_ = reading_.level + 1;
    seen_.clear();
    memory_bytes_ = 0;
    spilling_ = false;
  }
}

RowKey Distinct::KeyOf(size_t row) const {
  if (plan_.distinct_columns.empty()) return input_.Row(row);
  RowKey key;
  for (size_t column : plan_.distinct_columns) key.push_back(input_.columns[column][row]);
  return key;
}

bool Distinct::Next(Batch& out) {
  while (NextInput()) {
    context_.CheckForCancel();
    out.Reset(width());
    for (size_t row = 0; row < input_.row_count; ++row) {
      RowKey key = KeyOf(row);
      if (sorted_input_) {
        if (has_previous_ && RowKeyEqual{}(key, previous_)) continue;
        previous_ = std::move(key);
        has_previous_ = true;
        out.AppendRow(input_.Row(row));
        continue;
      }
      if (seen_.count(key) > 0) continue;
      if (spilling_) {
        writing_->Writer(PartitionOf(RowKeyHash{}(key), level_, kSpillPartitions)).WriteBatchRow(input_, row);
        continue;
      }
      memory_bytes_ += EstimateRowBytes(key) + kEntryOverheadBytes;
      peak_memory_bytes_ = std::max(peak_memory_bytes_, memory_bytes_);
      seen_.insert(std::move(key));
      out.AppendRow(input_.Row(row));
      if (memory_bytes_ > context_.HashMemoryBytes() && context_.temp_files != nullptr) {
        spilling_ = true;
        if (writing_ == nullptr) writing_ = std::make_unique<PartitionSet>(*context_.temp_files, kSpillPartitions);
      }
    }
    if (out.row_count > 0) return true;
  }
  return false;
}

}  // namespace granary::executor
