// Which calls are plain comparisons: by operator name over two operands of one type, which
// the analyzer binds only to the types::Compare-based operators (analyze/operators.cpp); and
// which are numeric +, - and * over numeric columns, constants and each other (bound only to
// types::Arithmetic there).
#include "planner/finalize/typed_comparisons.hpp"

#include <string_view>

namespace granary::planner {
namespace {

using types::TypeId;

ComparisonKind KindOf(std::string_view name) {
  if (name == "=") return ComparisonKind::kEqual;
  if (name == "<>") return ComparisonKind::kNotEqual;
  if (name == "<") return ComparisonKind::kLess;
  if (name == "<=") return ComparisonKind::kLessEqual;
  if (name == ">") return ComparisonKind::kGreater;
  if (name == ">=") return ComparisonKind::kGreaterEqual;
  return ComparisonKind::kNone;
}

bool HasPlainOrdering(TypeId type) {
  switch (type) {
    case TypeId::kBool:
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
    case TypeId::kTimeTz:
    case TypeId::kFloat4:
    case TypeId::kFloat8:
    case TypeId::kNumeric:
      return true;
    default:
      return false;
  }
}

NumericArithmetic ArithmeticOf(std::string_view name) {
  if (name == "+") return NumericArithmetic::kAdd;
  if (name == "-") return NumericArithmetic::kSubtract;
  if (name == "*") return NumericArithmetic::kMultiply;
  return NumericArithmetic::kNone;
}

// A numeric column or constant, or a call marked below.
bool ScaledOperand(const BoundExpr& expr) {
  if (expr.type.id != TypeId::kNumeric) return false;
  if (expr.kind == BoundKind::kColumn) return true;
  if (expr.kind == BoundKind::kConstant) return expr.constant.is_null() || expr.constant.type() == TypeId::kNumeric;
  return expr.kind == BoundKind::kCall && expr.numeric_arithmetic != NumericArithmetic::kNone;
}

// Marks a numeric +, - or * over scaled operands (NumericArithmetic), after its arguments.
void MarkNumericArithmetic(BoundExpr& expr) {
  if (expr.kind != BoundKind::kCall || expr.args.size() != 2 || !expr.strict ||
      expr.function == nullptr || expr.type.id != TypeId::kNumeric) {
    return;
  }
  if (!ScaledOperand(*expr.args[0]) || !ScaledOperand(*expr.args[1])) return;
  expr.numeric_arithmetic = ArithmeticOf(expr.name);
}

}  // namespace

void MarkComparisons(BoundExpr& expr) {
  for (BoundExprPtr& arg : expr.args) MarkComparisons(*arg);
  MarkNumericArithmetic(expr);
  if (expr.kind != BoundKind::kCall || expr.args.size() != 2 || !expr.strict ||
      expr.function == nullptr || expr.type.id != TypeId::kBool) {
    return;
  }
  const TypeId left = expr.args[0]->type.id;
  if (left != expr.args[1]->type.id || !HasPlainOrdering(left)) return;
  expr.comparison = KindOf(expr.name);
}

}  // namespace granary::planner
