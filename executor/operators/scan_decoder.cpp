// Decoding heap tuples into batches for the table scans.
#include "executor/operators/scan_decoder.hpp"

#include "executor/expr/evaluator.hpp"
#include "storage/heap/row_codec.hpp"
#include "types/type.hpp"

namespace granary::executor {

ScanDecoder::ScanDecoder(const planner::PlanNode& plan, bool allow_late,
                         const std::vector<bool>* always_early)
    : column_types_(plan.table.ColumnTypes()), predicate_(plan.predicate.get()) {
  const size_t count = column_types_.size();
  std::vector<bool> needed = plan.scan_columns;
  if (needed.size() != count) needed.assign(count, true);
  early_ = needed;
  late_.assign(count, false);
  if (allow_late && predicate_ != nullptr) {
    std::vector<bool> filter_reads(count, false);
    bool reads_other = false;
    predicate_->Walk([&](const planner::BoundExpr& node) {
      if (node.kind != planner::BoundKind::kColumn) return;
      if (node.index < count) {
        filter_reads[node.index] = true;
      } else if (node.index != count) {  // count: the ctid column, always there
        reads_other = true;
      }
    });
    filter_reads_early_ = !reads_other;
    for (size_t i = 0; i < count; ++i) {
      if (filter_reads[i] && !needed[i]) filter_reads_early_ = false;
    }
    if (!reads_other) {
      for (size_t i = 0; i < count; ++i) {
        const bool must_be_early = always_early != nullptr && i < always_early->size() && (*always_early)[i];
        if (needed[i] && !filter_reads[i] && !must_be_early) {
          early_[i] = false;
          late_[i] = true;
          has_late_ = true;
        }
      }
    }
  }
  in_place_ = true;
  for (size_t i = 0; i < count; ++i) {
    if (early_[i] && types::IsToastable(column_types_[i].id)) in_place_ = false;
  }
  early_selection_ = storage::ColumnSelection(column_types_, early_);
  if (has_late_) late_selection_ = storage::ColumnSelection(column_types_, late_);
}

void ScanDecoder::Append(const storage::HeapTuple& tuple, Batch& out, storage::BufferPool* toast_pool) {
  const size_t count = column_types_.size();
  storage::AppendColumns(std::as_bytes(std::span(tuple.data)), early_selection_,
                         std::span(out.columns.data(), count), tuple.header.attribute_count, toast_pool);
  out.columns[count].push_back(types::Value::Tid(tuple.id.block, tuple.id.slot));  // ctid
  ++out.row_count;
}

void ScanDecoder::Append(const storage::HeapTupleView& tuple, Batch& out) {
  const size_t count = column_types_.size();
  storage::AppendColumns(tuple.data, early_selection_, std::span(out.columns.data(), count),
                         tuple.header.attribute_count, nullptr);
  out.columns[count].push_back(types::Value::Tid(tuple.id.block, tuple.id.slot));  // ctid
  ++out.row_count;
}

void ScanDecoder::DropLastRow(Batch& out) const {
  const size_t count = column_types_.size();
  for (size_t i = 0; i < count; ++i) {
    if (early_[i]) out.columns[i].pop_back();
  }
  out.columns[count].pop_back();  // ctid
  --out.row_count;
}

void ScanDecoder::PadUndecoded(Batch& out) const {
  for (size_t i = 0; i < column_types_.size(); ++i) {
    if (!early_[i]) out.columns[i].resize(out.row_count);
  }
}

void ScanDecoder::FilterAndFinish(Batch& out, std::span<const storage::HeapTuple> tuples,
                                  const ExecContext& context) {
  FilterAndFinish(out, [&](uint32_t row) -> const storage::HeapTuple& { return tuples[row]; }, context);
}

void ScanDecoder::FilterAndFinish(Batch& out, const TupleSource& tuple_of, const ExecContext& context) {
  if (predicate_ == nullptr || !filter_reads_early_) {
    PadUndecoded(out);
    if (predicate_ == nullptr) return;
    FilterBatch(*predicate_, out, context, &kept_, &deferred_);
  } else {
    // The predicate reads decoded columns only: choose the rows first, then move the decoded
    // columns' kept values down and give the columns nothing reads NULLs for the kept rows
    // alone.
    const size_t rows = out.row_count;
    SelectRows(*predicate_, out, context, kept_, &deferred_);
    for (size_t i = 0; i < out.columns.size(); ++i) {
      Column& column = out.columns[i];
      if (column.size() == rows) {
        KeepRows(column, kept_);
      } else if (i >= late_.size() || !late_[i]) {
        column.clear();
        column.resize(kept_.size());
      }
    }
    out.row_count = kept_.size();
  }
  if (out.row_count == 0) deferred_.RaiseIfHeld();
  if (!has_late_) return;
  // The late columns are decoded for the kept rows, in order, straight into their vectors.
  const size_t count = column_types_.size();
  for (size_t i = 0; i < count; ++i) {
    if (late_[i]) out.columns[i].clear();
  }
  for (const uint32_t kept : kept_) {
    const storage::HeapTuple& tuple = tuple_of(kept);
    storage::AppendColumns(std::as_bytes(std::span(tuple.data)), late_selection_,
                           std::span(out.columns.data(), count), tuple.header.attribute_count, &context.pool);
  }
}

}  // namespace granary::executor
