// Evaluation of the array expression nodes: ARRAY[...], subscripts and slices, and
// op ANY/ALL (array) with PostgreSQL's three-valued result.
#include "executor/expr/array_eval.hpp"

#include "types/collation.hpp"

#include <array>

#include "executor/expr/evaluator.hpp"
#include "types/array.hpp"

namespace granary::executor {

using planner::BoundExpr;
using types::Value;

Value EvaluateArrayConstructor(const BoundExpr& expr, const Batch& input, size_t row,
                               const ExecContext& context) {
  std::vector<Value> elements;
  elements.reserve(expr.args.size());
  for (const auto& arg : expr.args) elements.push_back(Evaluate(*arg, input, row, context));
  if (expr.negated) return types::StackArrays(expr.type.id, elements);
  return types::MakeArray(expr.type.id, std::move(elements));
}

Value EvaluateSubscript(const BoundExpr& expr, const Batch& input, size_t row,
                        const ExecContext& context) {
  const Value base = Evaluate(*expr.args[0], input, row, context);
  if (!expr.negated) {
    std::vector<int64_t> subscripts;
    for (size_t i = 1; i < expr.args.size(); ++i) {
      const Value index = Evaluate(*expr.args[i], input, row, context);
      if (index.is_null()) return Value::Null(expr.type.id);
      subscripts.push_back(index.AsInt());
    }
    if (base.is_null()) return Value::Null(expr.type.id);
    Value element = types::ArrayElementAt(base, subscripts, expr.type.id);
    return element.is_null() ? Value::Null(expr.type.id) : element;
  }
  std::vector<std::optional<int64_t>> lowers;
  std::vector<std::optional<int64_t>> uppers;
  for (size_t i = 1; i + 1 < expr.args.size(); i += 2) {
    const size_t bit = i - 1;
    for (int side = 0; side < 2; ++side) {
      auto& bounds = side == 0 ? lowers : uppers;
      if ((expr.index >> (bit + side)) & 1) {
        bounds.push_back(std::nullopt);
        continue;
      }
      const Value bound = Evaluate(*expr.args[i + side], input, row, context);
      if (bound.is_null()) return Value::Null(expr.type.id);
      bounds.push_back(bound.AsInt());
    }
  }
  if (base.is_null()) return Value::Null(expr.type.id);
  return types::ArraySlice(base, lowers, uppers);
}

Value EvaluateArrayComparison(const BoundExpr& expr, const Batch& input, size_t row,
                              const ExecContext& context) {
  const Value left = Evaluate(*expr.args[0], input, row, context);
  const Value array = Evaluate(*expr.args[1], input, row, context);
  const bool any = !expr.negated;
  if (array.is_null()) return Value::Null(types::TypeId::kBool);
  const std::vector<Value>& elements = array.AsArray().elements;
  // An empty array decides before a NULL left side does, as in PostgreSQL.
  if (elements.empty()) return Value::Bool(!any);
  if (left.is_null() && expr.strict) return Value::Null(types::TypeId::kBool);
  bool saw_null = false;
  for (const Value& element : elements) {
    if (element.is_null() && expr.strict) {
      saw_null = true;
      continue;
    }
    const std::array<Value, 2> args{left, element};
    const types::ScopedCollation collation(expr.input_collation);
    const Value result = expr.function(args);
    if (result.is_null()) {
      saw_null = true;
      continue;
    }
    if (result.AsBool() == any) return Value::Bool(any);
  }
  if (saw_null) return Value::Null(types::TypeId::kBool);
  return Value::Bool(!any);
}

}  // namespace granary::executor
