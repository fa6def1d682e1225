#include "executor/operators/recheck_scan.hpp"

#include "executor/expr/evaluator.hpp"
#include "executor/operators/scan_decoder.hpp"
#include "storage/heap/row_codec.hpp"

namespace granary::executor {

RecheckScan::RecheckScan(const planner::PlanNode& plan, ExecContext& context)
    : Operator(plan, context), heap_(context.pool, plan.table.relfile) {}

bool RecheckScan::Next(Batch& out) {
  out.Reset(width());
  if (done_) return false;
  done_ = true;
  storage::HeapTuple tuple;
  const storage::TupleId tid = context_.recheck.tid;
  if (!heap_.Fetch(tid, tuple)) return false;
  std::vector<types::Value> row;
  storage::DecodeRow(std::as_bytes(std::span(tuple.data)), plan_.table.ColumnTypes(), row,
                     tuple.header.attribute_count);
  row.push_back(types::Value::Tid(tid.block, tid.slot));
  row.push_back(XidValue(tuple.header.xmin));
  row.push_back(XmaxValue(tuple.header));
  out.AppendRow(std::move(row));
  // The newer version must still meet the index conditions, which the scan's predicate no
  // longer repeats (planner/finalize/index_conditions.hpp).
  for (const planner::BoundExprPtr& condition : plan_.index_quals) FilterBatch(*condition, out, context_);
  if (plan_.predicate) FilterBatch(*plan_.predicate, out, context_);
  return out.row_count > 0;
}

}  // namespace granary::executor
