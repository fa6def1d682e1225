#include "executor/operators/modify_table.hpp"

#include "common/sqlstate.hpp"
#include "executor/expr/evaluator.hpp"
#include "granary/error.hpp"
#include "storage/heap/row_codec.hpp"

namespace granary::executor {
namespace {

using types::Value;

std::string FailingRow(const std::vector<Value>& row) {
  std::string text = "Failing row contains (";
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) text += ", ";
    text += row[i].is_null() ? "null" : types::ToText(row[i]);
  }
  return text + ").";
}

void CheckNotNull(const catalog::TableSchema& table, const std::vector<Value>& row) {
  for (size_t i = 0; i < row.size(); ++i) {
    if (!row[i].is_null() || !table.columns[i].not_null) continue;
    throw Error(sqlstate::kNotNullViolation,
                "null value in column \"" + table.columns[i].name + "\" of relation \"" +
                    table.name + "\" violates not-null constraint")
        .WithDetail(FailingRow(row))
        .WithTable(table.schema_name, table.name)
        .WithColumn(table.columns[i].name);
  }
}

storage::TupleId StoreRow(storage::HeapFile& heap, const std::vector<Value>& row,
                          const ExecContext& context) {
  std::string bytes;
  storage::EncodeRow(row, bytes);
  return heap.Insert(std::as_bytes(std::span(bytes)), static_cast<uint16_t>(row.size()),
                     context.snapshot.own_xid, context.snapshot.command_id);
}

// Refuses to change a row another transaction has changed or is changing.
void CheckRowIsFree(storage::HeapFile& heap, storage::TupleId tid, const ExecContext& context,
                    const catalog::TableSchema& table) {
  storage::HeapTuple tuple;
  if (!heap.Fetch(tid, tuple)) return;
  const storage::Xid xmax = tuple.header.xmax;
  if (xmax == storage::kInvalidXid || xmax == context.snapshot.own_xid) return;
  switch (context.transactions.Status(xmax)) {
    case storage::XidStatus::kAborted: return;
    case storage::XidStatus::kInProgress:
      throw Error(sqlstate::kLockNotAvailable,
                  "could not obtain lock on row in relation \"" + table.name + "\"")
          .WithDetail("Another open transaction is changing the row.");
    case storage::XidStatus::kCommitted:
      throw Error(sqlstate::kSerializationFailure,
                  "could not serialize access due to concurrent update");
  }
}

std::vector<Value> RowAt(const Batch& batch, size_t row, const std::vector<planner::BoundExprPtr>& exprs,
                         const ExecContext& context) {
  std::vector<Value> values;
  values.reserve(exprs.size());
  for (const auto& expr : exprs) values.push_back(Evaluate(*expr, batch, row, context));
  return values;
}

}  // namespace

InsertRows::InsertRows(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
    : Operator(plan, context), child_(std::move(child)), heap_(context.pool, plan.table.relfile) {}

bool InsertRows::Next(Batch& out) {
  Batch batch;
  while (child_->Next(batch)) {
    context_.CheckForCancel();
    for (size_t row = 0; row < batch.row_count; ++row) {
      const std::vector<Value> values = RowAt(batch, row, plan_.expressions, context_);
      CheckNotNull(plan_.table, values);
      StoreRow(heap_, values, context_);
      ++context_.rows_affected;
    }
  }
  out.Reset(0);
  return false;
}

UpdateRows::UpdateRows(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
    : Operator(plan, context), child_(std::move(child)), heap_(context.pool, plan.table.relfile) {}

bool UpdateRows::Next(Batch& out) {
  Batch batch;
  while (child_->Next(batch)) {
    context_.CheckForCancel();
    for (size_t row = 0; row < batch.row_count; ++row) {
      const std::vector<Value> values = RowAt(batch, row, plan_.expressions, context_);
      CheckNotNull(plan_.table, values);
      const storage::TupleId old_tid = batch.tuple_ids[row];
      CheckRowIsFree(heap_, old_tid, context_, plan_.table);
      heap_.MarkDeleted(old_tid, context_.snapshot.own_xid, context_.snapshot.command_id);
      const storage::TupleId new_tid = StoreRow(heap_, values, context_);
      heap_.LinkUpdate(old_tid, new_tid);
      ++context_.rows_affected;
    }
  }
  out.Reset(0);
  return false;
}

DeleteRows::DeleteRows(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
    : Operator(plan, context), child_(std::move(child)), heap_(context.pool, plan.table.relfile) {}

bool DeleteRows::Next(Batch& out) {
  Batch batch;
  while (child_->Next(batch)) {
    context_.CheckForCancel();
    for (size_t row = 0; row < batch.row_count; ++row) {
      CheckRowIsFree(heap_, batch.tuple_ids[row], context_, plan_.table);
      heap_.MarkDeleted(batch.tuple_ids[row], context_.snapshot.own_xid, context_.snapshot.command_id);
      ++context_.rows_affected;
    }
  }
  out.Reset(0);
  return false;
}

}  // namespace granary::executor
