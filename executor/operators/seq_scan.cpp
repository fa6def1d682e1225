// Sequential scan of a heap table with an optional pushed-down filter.
#include "executor/operators/seq_scan.hpp"

#include "executor/expr/evaluator.hpp"
#include "storage/heap/row_codec.hpp"

namespace granary::executor {

SeqScan::SeqScan(const planner::PlanNode& plan, ExecContext& context)
    : Operator(plan, context),
      heap_(context.pool, plan.table.relfile),
      scan_(heap_, context.transactions, context.snapshot),
      column_types_(plan.table.ColumnTypes()) {}

bool SeqScan::Next(Batch& out) {
  out.Reset(width());
  std::vector<types::Value> row;
  while (out.row_count == 0) {
    context_.CheckForCancel();
    tuples_.clear();
    if (!scan_.NextBatch(tuples_, kBatchSize)) return false;
    for (const storage::HeapTuple& tuple : tuples_) {
      row.clear();
      storage::DecodeRow(std::as_bytes(std::span(tuple.data)), column_types_, row,
                         tuple.header.attribute_count, &context_.pool);
      row.push_back(types::Value::Tid(tuple.id.block, tuple.id.slot));  // the ctid column
      out.AppendRow(std::move(row));
    }
    if (plan_.predicate) FilterBatch(*plan_.predicate, out, context_);
  }
  return true;
}

}  // namespace granary::executor
