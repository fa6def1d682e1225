// Decoding heap tuples into batches for the table scans.
#include "executor/operators/scan_decoder.hpp"

#include "executor/expr/evaluator.hpp"
#include "executor/instrumentation.hpp"
#include "storage/heap/row_codec.hpp"
#include "types/type.hpp"

namespace granary::executor {

types::Value XidValue(storage::Xid xid) {
  return types::Value::OfInt(types::TypeId::kXid, static_cast<int64_t>(static_cast<uint32_t>(xid)));
}

types::Value XmaxValue(const storage::TupleHeader& header) {
  return XidValue(header.xmax != storage::kInvalidXid ? header.xmax : header.locker);
}

ScanDecoder::ScanDecoder(const planner::PlanNode& plan, bool allow_late,
                         const std::vector<bool>* always_early)
    : column_types_(plan.table.ColumnTypes()), predicate_(plan.predicate.get()) {
  const size_t count = column_types_.size();
  std::vector<bool> needed = plan.scan_columns;
  if (needed.size() == count + planner::kTableSystemColumns) {
    system_values_ = needed[count + 1] || needed[count + 2];
    needed.resize(count);
  }
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
      } else if (node.index >= count + planner::kTableSystemColumns) {  // the system columns are always there
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
  if (filter_reads_early_) PlanStages(always_early);
  // Staged filtering decodes its middle columns from the fetched tuples: a scan reading in
  // place keeps none, so it runs without the stages.
  in_place_ = prefix_steps_ == 0;
  for (size_t i = 0; i < count; ++i) {
    if (early_[i] && types::IsToastable(column_types_[i].id)) in_place_ = false;
  }
  // The pre-filter reads the first conjunct's column from the bytes: only when that column
  // is one Append decodes (so the predicate runs over decoded columns) and no stage sits
  // between Append and the predicate.
  if (compiled_ && prefix_steps_ == 0) {
    const std::vector<size_t> columns = compiled_->StepColumns(0);
    if (columns.size() == 1 && columns[0] < count && early_[columns[0]]) {
      reject_probe_ = storage::FixedColumnProbe::Make(column_types_, columns[0]);
    }
  }
  early_selection_ = storage::ColumnSelection(column_types_, early_);
  if (has_late_) late_selection_ = storage::ColumnSelection(column_types_, late_);
}

void ScanDecoder::PlanStages(const std::vector<bool>* always_early) {
  compiled_ = CompiledPredicate::Compile(*predicate_);
  if (!compiled_) return;
  const size_t count = column_types_.size();
  std::vector<bool> first(count, false);
  for (const size_t column : compiled_->StepColumns(0)) {
    if (column < count) first[column] = true;
  }
  for (size_t i = 0; i < count && always_early != nullptr && i < always_early->size(); ++i) {
    if ((*always_early)[i]) first[i] = first[i] || early_[i];
  }
  // The first stage also decodes the columns of every later leading step it covers already.
  std::vector<bool> available = first;
  available.insert(available.end(), planner::kTableSystemColumns, true);  // ctid, xmin, xmax
  prefix_steps_ = compiled_->LeadingStepsReading(available);
  middle_.assign(count, false);
  bool has_middle = false;
  for (size_t i = 0; i < count; ++i) {
    if (early_[i] && !first[i]) {
      middle_[i] = true;
      has_middle = true;
    }
  }
  if (prefix_steps_ == 0 || !has_middle) {
    prefix_steps_ = 0;
    return;
  }
  early_ = first;
  middle_selection_ = storage::ColumnSelection(column_types_, middle_);
}

void ScanDecoder::Append(const storage::HeapTuple& tuple, Batch& out, storage::BufferPool* toast_pool) {
  const size_t count = column_types_.size();
  storage::AppendColumns(std::as_bytes(std::span(tuple.data)), early_selection_,
                         std::span(out.columns.data(), count), tuple.header.attribute_count, toast_pool);
  AppendSystemColumns(tuple.id, tuple.header, out.columns.data() + count);
  ++out.row_count;
}

void ScanDecoder::Append(const storage::HeapTupleView& tuple, Batch& out) {
  const size_t count = column_types_.size();
  storage::AppendColumns(tuple.data, early_selection_, std::span(out.columns.data(), count),
                         tuple.header.attribute_count, nullptr);
  AppendSystemColumns(tuple.id, tuple.header, out.columns.data() + count);
  ++out.row_count;
}

void ScanDecoder::AppendSystemColumns(const storage::TupleId& id, const storage::TupleHeader& header,
                                      Column* columns) const {
  columns[0].push_back(types::Value::Tid(id.block, id.slot));
  if (!system_values_) return;  // PadUndecoded / FilterAndFinish make them NULL
  columns[1].push_back(XidValue(header.xmin));
  columns[2].push_back(XmaxValue(header));
}

void ScanDecoder::BeginRejecting(const ExecContext& context) {
  reject_test_ = CompiledPredicate::ColumnTest();
  if (!reject_probe_) return;
  reject_test_ = compiled_->LeadingColumnTest(context);
  // A column whose decoded values would carry another tag sends the batch to the tree.
  if (reject_test_.kind == CompiledPredicate::ColumnTest::Kind::kTest &&
      reject_test_.stored_type != column_types_[reject_test_.column].id) {
    reject_test_ = CompiledPredicate::ColumnTest();
  }
}

bool ScanDecoder::RejectsStored(std::span<const std::byte> data, size_t attribute_count) const {
  if (reject_test_.kind == CompiledPredicate::ColumnTest::Kind::kRejectsAll) return true;
  int64_t value = 0;
  switch (reject_probe_->Probe(data, attribute_count, value)) {
    case storage::FixedColumnProbe::Read::kValue: return !reject_test_.Passes(value);
    case storage::FixedColumnProbe::Read::kNull: return true;  // a NULL comparison rejects
    case storage::FixedColumnProbe::Read::kUnknown: return false;
  }
  return false;
}

void ScanDecoder::CountRejected(size_t rows, const ExecContext& context) const {
  if (rows > 0 && context.instrumentation != nullptr) context.instrumentation->At(predicate_).removed += rows;
}

void ScanDecoder::DropLastRow(Batch& out) const {
  const size_t count = column_types_.size();
  for (size_t i = 0; i < count; ++i) {
    if (early_[i]) out.columns[i].pop_back();
  }
  out.columns[count].pop_back();  // ctid
  if (system_values_) {
    out.columns[count + 1].pop_back();
    out.columns[count + 2].pop_back();
  }
  --out.row_count;
}

void ScanDecoder::PadUndecoded(Batch& out) const {
  for (size_t i = 0; i < column_types_.size(); ++i) {
    if (!early_[i]) out.columns[i].resize(out.row_count);
  }
  if (!system_values_) {
    out.columns[column_types_.size() + 1].resize(out.row_count);
    out.columns[column_types_.size() + 2].resize(out.row_count);
  }
}

void ScanDecoder::RunPrefix(Batch& out, const TupleSource& tuple_of, const ExecContext& context) {
  const size_t rows = out.row_count;
  if (compiled_->SelectCompiled(out, context, prefix_kept_, prefix_steps_) == CompiledPredicate::Outcome::kGeneral) {
    // A value the compiled form does not decide: every row goes on to the predicate.
    prefix_kept_.resize(rows);
    for (size_t row = 0; row < rows; ++row) prefix_kept_[row] = static_cast<uint32_t>(row);
  }
  // The rows the comparisons rejected leave the decoded columns (and the ctid); the middle
  // columns are decoded for the others. The predicate then runs over these rows, evaluating
  // the leading comparisons again (they cannot raise), so its NULLs, errors and instrumented
  // counts are those of one pass over the remaining rows.
  if (prefix_kept_.size() != rows) {
    for (size_t i = 0; i < out.columns.size(); ++i) {
      if (out.columns[i].size() == rows) KeepRows(out.columns[i], prefix_kept_);
    }
  }
  const size_t count = column_types_.size();
  for (const uint32_t row : prefix_kept_) {
    const storage::HeapTuple& tuple = tuple_of(row);
    storage::AppendColumns(std::as_bytes(std::span(tuple.data)), middle_selection_,
                           std::span(out.columns.data(), count), tuple.header.attribute_count, &context.pool);
  }
  out.row_count = prefix_kept_.size();
  if (context.instrumentation != nullptr) context.instrumentation->At(predicate_).removed += rows - out.row_count;
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
    if (prefix_steps_ > 0) RunPrefix(out, tuple_of, context);
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
    // kept_ now names the tuples the rows came from (for the late columns below).
    if (prefix_steps_ > 0) {
      for (uint32_t& kept : kept_) kept = prefix_kept_[kept];
    }
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
