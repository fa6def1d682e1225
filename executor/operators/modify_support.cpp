// Row checks and storage shared by the data-changing operators (see modify_support.hpp).
#include "executor/operators/modify_support.hpp"

#include "common/sqlstate.hpp"
#include "executor/expr/evaluator.hpp"
#include "executor/operators/scan_decoder.hpp"
#include "granary/error.hpp"
#include "storage/heap/toast.hpp"

namespace granary::executor::modify {

using types::Value;

std::string FailingRow(const std::vector<Value>& row) {
  std::string text = "Failing row contains (";
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) text += ", ";
    text += row[i].is_null() ? "null" : types::ToText(row[i]);
  }
  return text + ").";
}

void ComputeGenerated(const planner::PlanNode& plan, std::vector<Value>& row, const ExecContext& context) {
  if (plan.generated.empty()) return;
  Batch single;
  single.Reset(row.size());
  single.AppendRow(std::vector<Value>(row));
  // Generation expressions read no generated column, so each sees the row's inputs only.
  for (size_t i = 0; i < plan.generated.size(); ++i) {
    row[plan.generated_columns[i]] = Evaluate(*plan.generated[i], single, 0, context);
  }
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

void CheckConstraints(const planner::PlanNode& plan, const Batch& batch, size_t row,
                      const ExecContext& context) {
  for (size_t i = 0; i < plan.checks.size(); ++i) {
    const Value result = Evaluate(*plan.checks[i], batch, row, context);
    const bool view_option = plan.check_is_view_option[i];
    if (result.is_null() ? !view_option : result.AsBool()) continue;
    std::vector<Value> values;
    for (size_t c = 0; c < plan.table.columns.size(); ++c) values.push_back(batch.columns[c][row]);
    if (view_option) {
      throw Error(sqlstate::kWithCheckOptionViolation,
                  "new row violates check option for view \"" + plan.check_names[i] + "\"")
          .WithDetail(FailingRow(values));
    }
    throw Error(sqlstate::kCheckViolation, "new row for relation \"" + plan.table.name +
                                               "\" violates check constraint \"" +
                                               plan.check_names[i] + "\"")
        .WithDetail(FailingRow(values))
        .WithTable(plan.table.schema_name, plan.table.name)
        .WithConstraint(plan.check_names[i]);
  }
}

storage::TupleId StoreRow(storage::HeapFile& heap, const std::vector<Value>& row,
                          const ExecContext& context) {
  const storage::StoredRow stored =
      storage::EncodeRowForStorage(row, heap.pool(), heap.toast_rel(), context.snapshot.own_xid,
                                   context.snapshot.command_id);
  return heap.Insert(std::as_bytes(std::span(stored.bytes)), static_cast<uint16_t>(row.size()),
                     context.snapshot.own_xid, context.snapshot.command_id, stored.flags);
}

std::vector<Value> RowAt(const Batch& batch, size_t row, const std::vector<planner::BoundExprPtr>& exprs,
                         const ExecContext& context) {
  std::vector<Value> values;
  values.reserve(exprs.size());
  for (const auto& expr : exprs) values.push_back(Evaluate(*expr, batch, row, context));
  return values;
}

void AppendInserted(std::vector<Value> values, bool updated, const ExecContext& context, Batch& out) {
  values.push_back(XidValue(context.snapshot.own_xid));
  values.push_back(XidValue(updated ? context.snapshot.own_xid : storage::kInvalidXid));
  out.AppendRow(std::move(values));
}

void AppendInputRow(const Batch& input, size_t row, Batch& out) {
  for (size_t c = 0; c < input.columns.size(); ++c) out.columns[c].push_back(input.columns[c][row]);
  ++out.row_count;
}

}  // namespace granary::executor::modify
