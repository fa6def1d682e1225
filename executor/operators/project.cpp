#include "executor/operators/project.hpp"

#include <algorithm>

#include "common/sqlstate.hpp"
#include "executor/expr/evaluator.hpp"
#include "granary/error.hpp"
#include "types/array.hpp"
#include "types/functions/regex_functions.hpp"
#include "types/functions/series.hpp"
#include "types/record.hpp"

namespace granary::executor {
namespace {

using planner::BoundExpr;
using planner::BoundKind;
using types::TypeId;
using types::Value;

// The members of one set-returning call for the current row.
std::vector<Value> EvaluateSet(const BoundExpr& expr, const Batch& input, size_t row,
                               const ExecContext& context) {
  std::vector<Value> args;
  for (const auto& arg : expr.args) args.push_back(Evaluate(*arg, input, row, context));
  std::vector<Value> members;
  if (expr.name == "pg_partition_ancestors") {
    if (!args[0].is_null()) members.push_back(args[0]);
    return members;
  }
  if (expr.name == "unnest") {
    if (!args[0].is_null()) members = args[0].AsArray().elements;
    return members;
  }
  if (expr.name == "_pg_expandarray") {
    // information_schema._pg_expandarray(a): (a[s], s - array_lower(a, 1) + 1) for s over
    // the first dimension's subscripts; a[s] is NULL in a multi-dimensional array.
    if (args[0].is_null()) return members;
    const types::Array& array = args[0].AsArray();
    if (array.dimensions.empty()) return members;
    const TypeId element = types::ElementTypeOf(args[0].type()).value_or(TypeId::kUnknown);
    for (int64_t i = 0; i < array.dimensions[0].length; ++i) {
      Value x = array.dimensions.size() == 1 ? array.elements[static_cast<size_t>(i)] : Value::Null(element);
      members.push_back(types::MakeRecord({std::move(x), Value::Int4(i + 1)}));
    }
    return members;
  }
  // generate_series(start, stop[, step]): no rows when an argument is NULL.
  for (const Value& arg : args) {
    if (arg.is_null()) return members;
  }
  if (expr.name == "regexp_matches") return types::RegexpMatches(args);
  if (expr.name == "regexp_split_to_table") return types::RegexpSplitToArray(args).AsArray().elements;
  types::Series series(args, expr.type.id);
  Value value;
  while (series.Next(value)) {
    members.push_back(std::move(value));
    if (members.size() % 65536 == 0) context.CheckForCancel();
  }
  return members;
}

// A select-list entry that expands rows: a set-returning call, or a field of one
// (`(f(x)).n`).
bool IsSetEntry(const BoundExpr& expr) {
  if (expr.kind == BoundKind::kFieldSelect) return IsSetEntry(*expr.args[0]);
  return expr.kind == BoundKind::kSetFunction;
}

std::vector<Value> EvaluateEntrySet(const BoundExpr& expr, const Batch& input, size_t row,
                                    const ExecContext& context) {
  if (expr.kind != BoundKind::kFieldSelect) return EvaluateSet(expr, input, row, context);
  std::vector<Value> members = EvaluateEntrySet(*expr.args[0], input, row, context);
  for (Value& member : members) {
    member = member.is_null() ? Value::Null(expr.type.id) : member.AsRecord().fields.at(expr.index);
  }
  return members;
}

}  // namespace

Project::Project(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
    : Operator(plan, context), child_(std::move(child)) {
  for (const auto& expr : plan_.expressions) has_set_functions_ |= IsSetEntry(*expr);
  // An output that is a plain reference to an input column nothing else reads takes the
  // column itself instead of a copy of its values.
  std::vector<size_t> reads;
  for (const auto& expr : plan_.expressions) {
    expr->Walk([&](const BoundExpr& node) {
      if (node.kind != BoundKind::kColumn) return;
      if (node.index >= reads.size()) reads.resize(node.index + 1, 0);
      ++reads[node.index];
    });
  }
  takes_column_.assign(plan_.expressions.size(), false);
  for (size_t i = 0; i < plan_.expressions.size(); ++i) {
    const BoundExpr& expr = *plan_.expressions[i];
    takes_column_[i] = expr.kind == BoundKind::kColumn && reads[expr.index] == 1;
  }
}

bool Project::SkipRows(size_t rows) {
  if (has_set_functions_) return false;
  for (const auto& expr : plan_.expressions) {
    if (expr->kind != BoundKind::kColumn && expr->kind != BoundKind::kConstant) return false;
  }
  return child_->SkipRows(rows);
}

bool Project::Next(Batch& out) {
  deferred_.RaiseIfHeld();
  if (has_set_functions_) return NextExpanding(out);
  if (!child_->Next(input_)) return false;
  out.Reset(width());
  // Each output is evaluated only for the rows before the first row that failed so far, so
  // the error held at the end is the first in row order.
  size_t rows = input_.row_count;
  for (size_t i = 0; i < plan_.expressions.size(); ++i) {
    if (takes_column_[i]) {
      // A swap, so that both batches keep their columns' capacity for the next call.
      std::swap(out.columns[i], input_.columns[plan_.expressions[i]->index]);
      continue;
    }
    rows = EvaluateColumnUntilError(*plan_.expressions[i], input_, context_, rows, out.columns[i], deferred_);
  }
  if (rows == 0) deferred_.RaiseIfHeld();
  for (Column& column : out.columns) column.resize(rows);
  out.row_count = rows;
  return true;
}

void Project::StartRow() {
  const size_t count = plan_.expressions.size();
  row_values_.assign(count, Value());
  row_sets_.assign(count, {});
  row_length_ = 0;
  row_position_ = 0;
  for (size_t i = 0; i < count; ++i) {
    const BoundExpr& expr = *plan_.expressions[i];
    if (IsSetEntry(expr)) {
      row_sets_[i] = EvaluateEntrySet(expr, input_, input_row_, context_);
      row_length_ = std::max(row_length_, row_sets_[i].size());
    } else {
      row_values_[i] = Evaluate(expr, input_, input_row_, context_);
    }
  }
}

bool Project::NextExpanding(Batch& out) {
  out.Reset(width());
  while (out.row_count < kBatchSize) {
    if (!input_valid_ || row_position_ >= row_length_) {
      // Move to the next input row (fetching a batch when this one is used up).
      if (input_valid_) ++input_row_;
      if (!input_valid_ || input_row_ >= input_.row_count) {
        if (!child_->Next(input_)) {
          input_valid_ = false;
          break;
        }
        input_row_ = 0;
        input_valid_ = true;
        if (input_.row_count == 0) continue;
      }
      try {
        StartRow();
      } catch (const Error&) {
        if (out.row_count == 0) throw;
        deferred_.Hold();
        break;
      }
      continue;
    }
    for (size_t i = 0; i < plan_.expressions.size(); ++i) {
      const BoundExpr& expr = *plan_.expressions[i];
      if (!IsSetEntry(expr)) {
        out.columns[i].push_back(row_values_[i]);
      } else if (row_position_ < row_sets_[i].size()) {
        out.columns[i].push_back(row_sets_[i][row_position_]);
      } else {
        out.columns[i].push_back(Value::Null(expr.type.id));
      }
    }
    ++out.row_count;
    ++row_position_;
  }
  context_.CheckForCancel();
  return out.row_count > 0;
}

}  // namespace granary::executor
