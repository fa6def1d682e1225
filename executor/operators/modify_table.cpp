#include "executor/operators/modify_table.hpp"

#include "common/sqlstate.hpp"
#include "executor/expr/evaluator.hpp"
#include "executor/index_maintenance.hpp"
#include "granary/error.hpp"
#include "storage/heap/toast.hpp"

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

// Raises 23514 for the first CHECK constraint the row (row `row` of `batch`, the table's
// columns first) makes false; NULL passes, as in SQL.
void CheckConstraints(const planner::PlanNode& plan, const Batch& batch, size_t row,
                      const ExecContext& context) {
  for (size_t i = 0; i < plan.checks.size(); ++i) {
    const Value result = Evaluate(*plan.checks[i], batch, row, context);
    if (result.is_null() || result.AsBool()) continue;
    std::vector<Value> values;
    for (size_t c = 0; c < plan.table.columns.size(); ++c) values.push_back(batch.columns[c][row]);
    throw Error(sqlstate::kCheckViolation, "new row for relation \"" + plan.table.name +
                                               "\" violates check constraint \"" +
                                               plan.check_names[i] + "\"")
        .WithDetail(FailingRow(values))
        .WithTable(plan.table.schema_name, plan.table.name)
        .WithConstraint(plan.check_names[i]);
  }
}

// Inserts the row; its large values go to the table's toast relation first (toast.hpp).
storage::TupleId StoreRow(storage::HeapFile& heap, const std::vector<Value>& row,
                          const ExecContext& context) {
  const storage::StoredRow stored =
      storage::EncodeRowForStorage(row, heap.pool(), heap.toast_rel(), context.snapshot.own_xid,
                                   context.snapshot.command_id);
  return heap.Insert(std::as_bytes(std::span(stored.bytes)), static_cast<uint16_t>(row.size()),
                     context.snapshot.own_xid, context.snapshot.command_id, stored.flags);
}

// Deletes a row version and, with the same xid and command, its out-of-line values: an
// UPDATE stores the new version's values afresh (StoreRow), so the old chunks go either way.
void DeleteRowVersion(storage::HeapFile& heap, storage::TupleId tid, const ExecContext& context,
                      const catalog::TableSchema& table) {
  const uint16_t flags =
      heap.MarkDeleted(tid, context.snapshot.own_xid, context.snapshot.command_id);
  storage::DeleteExternalValues(heap, tid, flags, table.ColumnTypes(), context.snapshot.own_xid,
                                context.snapshot.command_id);
}

std::vector<Value> RowAt(const Batch& batch, size_t row, const std::vector<planner::BoundExprPtr>& exprs,
                         const ExecContext& context) {
  std::vector<Value> values;
  values.reserve(exprs.size());
  for (const auto& expr : exprs) values.push_back(Evaluate(*expr, batch, row, context));
  return values;
}

storage::TupleId TidOf(const Value& ctid) {
  const auto packed = static_cast<uint64_t>(ctid.AsInt());
  return storage::TupleId{static_cast<storage::BlockNumber>(packed >> 16),
                          static_cast<storage::SlotNumber>(packed & 0xFFFF)};
}

// Whether this statement may change the row: false when this very statement already changed
// it (an UPDATE ... FROM row matched twice); raises when another transaction has.
bool ClaimRow(storage::HeapFile& heap, storage::TupleId tid, const ExecContext& context,
              const catalog::TableSchema& table) {
  storage::HeapTuple tuple;
  if (!heap.Fetch(tid, tuple)) return false;
  const storage::Xid xmax = tuple.header.xmax;
  if (xmax == storage::kInvalidXid) return true;
  if (xmax == context.snapshot.own_xid) return false;
  switch (context.transactions.Status(xmax)) {
    case storage::XidStatus::kAborted: return true;
    case storage::XidStatus::kInProgress:
      throw Error(sqlstate::kLockNotAvailable,
                  "could not obtain lock on row in relation \"" + table.name + "\"")
          .WithDetail("Another open transaction is changing the row.");
    case storage::XidStatus::kCommitted:
      throw Error(sqlstate::kSerializationFailure,
                  "could not serialize access due to concurrent update");
  }
  return true;
}

void AppendInputRow(const Batch& input, size_t row, Batch& out) {
  for (size_t c = 0; c < input.columns.size(); ++c) out.columns[c].push_back(input.columns[c][row]);
  ++out.row_count;
}

}  // namespace

ModifyTable::ModifyTable(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
    : Operator(plan, context),
      child_(std::move(child)),
      heap_(context.pool, plan.table.relfile, plan.table.toast_relfile) {}

bool ModifyTable::Next(Batch& out) {
  Batch input;
  Batch returning_input;
  while (child_->Next(input)) {
    context_.CheckForCancel();
    returning_input.Reset(plan_.kind == planner::PlanKind::kInsert ? plan_.table.columns.size()
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
  if (!plan_.returning.empty()) returning_input.AppendRow(std::move(values));
  return true;
}

bool UpdateRows::ChangeRow(const Batch& input, size_t row, Batch& returning_input) {
  const size_t width = plan_.table.columns.size();
  std::vector<Value> values;
  values.reserve(width);
  for (size_t c = 0; c < width; ++c) values.push_back(input.columns[c][row]);
  CheckNotNull(plan_.table, values);
  CheckConstraints(plan_, input, row, context_);
  const storage::TupleId old_tid = TidOf(input.columns[width][row]);
  if (!ClaimRow(heap_, old_tid, context_, plan_.table)) return false;
  DeleteRowVersion(heap_, old_tid, context_, plan_.table);
  const storage::TupleId new_tid = StoreRow(heap_, values, context_);
  heap_.LinkUpdate(old_tid, new_tid, context_.snapshot.own_xid);
  InsertIndexEntries(plan_.indexes, plan_.table, input, row, new_tid, context_);
  if (!plan_.returning.empty()) AppendInputRow(input, row, returning_input);
  return true;
}

bool DeleteRows::ChangeRow(const Batch& input, size_t row, Batch& returning_input) {
  const storage::TupleId tid = TidOf(input.columns[plan_.table.columns.size()][row]);
  if (!ClaimRow(heap_, tid, context_, plan_.table)) return false;
  DeleteRowVersion(heap_, tid, context_, plan_.table);
  if (!plan_.returning.empty()) AppendInputRow(input, row, returning_input);
  return true;
}

}  // namespace granary::executor
