#include "executor/operators/modify_table.hpp"

#include <optional>

#include "common/sqlstate.hpp"
#include "executor/expr/evaluator.hpp"
#include "executor/index_maintenance.hpp"
#include "executor/operators/modify_support.hpp"
#include "executor/operators/scan_decoder.hpp"
#include "executor/tid_value.hpp"
#include "granary/error.hpp"
#include "storage/heap/row_codec.hpp"
#include "storage/heap/toast.hpp"

namespace granary::executor {
namespace {

using types::Value;
using modify::AppendInputRow;
using modify::AppendInserted;
using modify::CheckConstraints;
using modify::CheckNotNull;
using modify::ComputeGenerated;
using modify::RowAt;
using modify::StoreRow;

// The target's xmin (unless nullopt) and xmax in an UPDATE or DELETE row: its system
// columns follow the table's `width` columns, the target being first in FROM.
void SetSystemColumns(Batch& row, size_t width, std::optional<storage::Xid> xmin, storage::Xid xmax) {
  if (row.columns.size() < width + planner::kTableSystemColumns) return;
  if (xmin) row.columns[width + 1][0] = XidValue(*xmin);
  row.columns[width + 2][0] = XidValue(xmax);
}

// The scan of the changed table in an UPDATE/DELETE source plan: the leftmost scan of it
// (the target is the first FROM item, and a self-join scans it again further right).
const planner::PlanNode* FindTargetScan(const planner::PlanNode& plan, storage::RelFileNumber rel) {
  if (planner::IsTableScan(plan.kind) &&
      plan.table.relfile == rel) {
    return &plan;
  }
  for (const auto& child : plan.children) {
    if (const planner::PlanNode* found = FindTargetScan(*child, rel)) return found;
  }
  return nullptr;
}

[[noreturn]] void ThrowSerializationFailure() {
  throw Error(sqlstate::kSerializationFailure, "could not serialize access due to concurrent update");
}

}  // namespace

// Whether `plan` calls a PL/pgSQL function in its projections, VALUES rows or filters.
static bool CallsRoutines(const planner::PlanNode& plan) {
  bool found = false;
  const auto visit = [&](const planner::BoundExprPtr& expr) {
    if (expr == nullptr || found) return;
    expr->Walk([&](const planner::BoundExpr& node) { found = found || node.kind == planner::BoundKind::kRoutineCall; });
  };
  visit(plan.predicate);
  for (const planner::BoundExprPtr& expr : plan.expressions) visit(expr);
  for (const auto& row : plan.rows) {
    for (const planner::BoundExprPtr& expr : row) visit(expr);
  }
  for (const auto& child : plan.children) found = found || CallsRoutines(*child);
  return found;
}

ModifyTable::ModifyTable(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
    : Operator(plan, context),
      child_(std::move(child)),
      heap_(context.pool, plan.table.relfile, plan.table.toast_relfile) {
  if (plan.kind != planner::PlanKind::kInsert) {
    target_scan_ = FindTargetScan(*plan.children[0], plan.table.relfile);
  }
  // A PL/pgSQL function called for each row sees the rows changed before it (PostgreSQL
  // changes each row before computing the next): one row per batch.
  if (CallsRoutines(*plan.children[0])) child_->SetRowHint(0);
}

bool ModifyTable::ClaimRow(storage::TupleId& tid, Batch& row, storage::RowLockMode mode) {
  const storage::RowLockTable* row_locks = context_.locks ? context_.locks->row_locks : nullptr;
  storage::RowTurn turn;  // this statement's place among the row's waiters, once it waits
  for (;;) {
    const storage::ChangeOutcome outcome =
        heap_.TryMarkDeleted(tid, context_.snapshot, context_.transactions, row_locks, mode);
    switch (outcome.result) {
      case storage::ChangeResult::kOk:
        // Its out-of-line values go with it (an UPDATE stores the new version's afresh).
        storage::DeleteExternalValues(heap_, tid, outcome.flags, plan_.table.ColumnTypes(),
                                      context_.snapshot.own_xid, context_.snapshot.command_id);
        return true;
      case storage::ChangeResult::kSelfModified: return false;  // this statement changed it
      case storage::ChangeResult::kBeingModified:
        if (context_.locks == nullptr) {
          throw Error(sqlstate::kLockNotAvailable,
                      "could not obtain lock on row in relation \"" + plan_.table.name + "\"");
        }
        turn.Take(*context_.locks, storage::RowKey{plan_.table.relfile, tid.block, tid.slot}, mode,
                  plan_.table.name);
        context_.locks->WaitForTransaction(outcome.blocker, plan_.table.name);
        continue;
      case storage::ChangeResult::kDeleted:
        if (context_.transaction_snapshot) ThrowSerializationFailure();
        return false;
      case storage::ChangeResult::kUpdated:
        if (context_.transaction_snapshot) ThrowSerializationFailure();
        tid = outcome.newer;
        if (!Recheck(tid, row)) return false;
        continue;
    }
  }
}

bool ModifyTable::Recheck(storage::TupleId tid, Batch& row) {
  if (target_scan_ == nullptr) return false;
  ExecContext recheck = context_;
  recheck.recheck = RecheckTarget{target_scan_, tid};
  recheck.rows_affected = 0;
  OperatorPtr source = BuildOperator(*plan_.children[0], recheck);
  const size_t ctid_column = plan_.table.columns.size();
  Batch batch;
  while (source->Next(batch)) {
    for (size_t r = 0; r < batch.row_count; ++r) {
      if (!(TidOf(batch.columns[ctid_column][r]) == tid)) continue;
      row.Reset(batch.columns.size());
      AppendInputRow(batch, r, row);
      return true;
    }
  }
  return false;
}

std::vector<Value> ModifyTable::ReadRow(storage::TupleId tid) {
  storage::HeapTuple tuple;
  std::vector<Value> row;
  if (!heap_.Fetch(tid, tuple)) return row;
  storage::DecodeRow(std::as_bytes(std::span(tuple.data)), plan_.table.ColumnTypes(), row,
                     tuple.header.attribute_count, &context_.pool);
  return row;
}

bool ModifyTable::Next(Batch& out) {
  Batch input;
  Batch returning_input;
  while (child_->Next(input)) {
    context_.CheckForCancel();
    // An INSERT's RETURNING reads the row written and its xmin and xmax (AppendInserted).
    returning_input.Reset(plan_.kind == planner::PlanKind::kInsert ? plan_.table.columns.size() + 2
                                                                   : input.columns.size());
    for (size_t row = 0; row < input.row_count; ++row) {
      if (ChangeRow(input, row, returning_input)) ++context_.rows_affected;
    }
    if (plan_.returning.empty() || returning_input.row_count == 0) continue;
    out.Reset(width());
    for (size_t i = 0; i < plan_.returning.size(); ++i) {
      EvaluateColumn(*plan_.returning[i], returning_input, context_, out.columns[i]);
    }
    out.row_count = returning_input.row_count;
    return true;
  }
  return false;
}

bool InsertRows::ChangeRow(const Batch& input, size_t row, Batch& returning_input) {
  std::vector<Value> values = RowAt(input, row, plan_.expressions, context_);
  ComputeGenerated(plan_, values, context_);
  if (plan_.on_conflict) return InsertOnConflict(std::move(values), returning_input);
  CheckNotNull(plan_.table, values);
  if (plan_.checks.empty() && plan_.indexes.empty()) {
    StoreRow(heap_, values, context_);
  } else {
    Batch single;
    single.Reset(values.size());
    single.AppendRow(std::vector<Value>(values));
    CheckConstraints(plan_, single, 0, context_);
    const storage::TupleId tid = StoreRow(heap_, values, context_);
    InsertIndexEntries(plan_.indexes, plan_.table, single, 0, tid, context_);
  }
  if (context_.table_counts != nullptr) ++(*context_.table_counts)[plan_.table.relfile].inserted;
  if (ForeignKeyEventNeeded(ForeignKeyEvent::Kind::kInsert)) {
    QueueForeignKeyEvent(ForeignKeyEvent::Kind::kInsert, {}, values);
  }
  if (!plan_.returning.empty()) AppendInserted(std::move(values), false, context_, returning_input);
  return true;
}

bool UpdateRows::ChangeRow(const Batch& input, size_t row, Batch& returning_input) {
  const size_t width = plan_.table.columns.size();
  // The row to write: the input's, or the statement's result for a newer version of it.
  Batch current;
  current.Reset(input.columns.size());
  AppendInputRow(input, row, current);
  storage::TupleId old_tid = TidOf(current.columns[width][0]);
  if (!ClaimRow(old_tid, current, storage::RowLockMode::kNoKeyUpdate)) return false;
  std::vector<Value> values;
  values.reserve(width);
  for (size_t c = 0; c < width; ++c) values.push_back(current.columns[c][0]);
  if (!plan_.generated.empty()) {
    ComputeGenerated(plan_, values, context_);
    for (size_t c : plan_.generated_columns) current.columns[c][0] = values[c];
  }
  CheckNotNull(plan_.table, values);
  CheckConstraints(plan_, current, 0, context_);
  const storage::TupleId new_tid = StoreRow(heap_, values, context_);
  const bool still_locked = heap_.LinkUpdate(old_tid, new_tid, context_.snapshot.own_xid);
  if (context_.locks != nullptr && context_.locks->row_locks != nullptr) {
    context_.locks->row_locks->CarryOver({plan_.table.relfile, old_tid.block, old_tid.slot},
                                         {plan_.table.relfile, new_tid.block, new_tid.slot},
                                         context_.snapshot.top_xid());
  }
  InsertIndexEntries(plan_.indexes, plan_.table, current, 0, new_tid, context_);
  if (context_.table_counts != nullptr) ++(*context_.table_counts)[plan_.table.relfile].updated;
  if (ForeignKeyEventNeeded(ForeignKeyEvent::Kind::kUpdate)) {
    QueueForeignKeyEvent(ForeignKeyEvent::Kind::kUpdate, ReadRow(old_tid), values);
  }
  if (!plan_.returning.empty()) {
    // RETURNING's xmin and xmax are the new version's: this transaction, and none unless
    // this transaction had locked the row (the lock stays on the new version).
    SetSystemColumns(current, width, context_.snapshot.own_xid,
                     still_locked ? context_.snapshot.own_xid : storage::kInvalidXid);
    AppendInputRow(current, 0, returning_input);
  }
  return true;
}

bool DeleteRows::ChangeRow(const Batch& input, size_t row, Batch& returning_input) {
  Batch current;
  current.Reset(input.columns.size());
  AppendInputRow(input, row, current);
  storage::TupleId tid = TidOf(current.columns[plan_.table.columns.size()][0]);
  if (!ClaimRow(tid, current, storage::RowLockMode::kUpdate)) return false;
  if (context_.table_counts != nullptr) ++(*context_.table_counts)[plan_.table.relfile].deleted;
  if (ForeignKeyEventNeeded(ForeignKeyEvent::Kind::kDelete)) {
    const size_t width = plan_.table.columns.size();
    std::vector<Value> old_row;
    for (size_t c = 0; c < width; ++c) old_row.push_back(current.columns[c][0]);
    QueueForeignKeyEvent(ForeignKeyEvent::Kind::kDelete, std::move(old_row), {});
  }
  if (!plan_.returning.empty()) {
    // RETURNING's xmax is the deleting transaction, as the version now carries it.
    SetSystemColumns(current, plan_.table.columns.size(), std::nullopt, context_.snapshot.own_xid);
    AppendInputRow(current, 0, returning_input);
  }
  return true;
}

}  // namespace granary::executor
