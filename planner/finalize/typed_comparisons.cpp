// Which calls are plain comparisons: by operator name over two operands of one type, which
// the analyzer binds only to the types::Compare-based operators (analyze/operators.cpp).
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
    case TypeId::kFloat4:
    case TypeId::kFloat8:
    case TypeId::kNumeric:
      return true;
    default:
      return false;
  }
}

}  // namespace

void MarkComparisons(BoundExpr& expr) {
  for (BoundExprPtr& arg : expr.args) MarkComparisons(*arg);
  if (expr.kind != BoundKind::kCall || expr.args.size() != 2 || !expr.strict ||
      expr.function == nullptr || expr.type.id != TypeId::kBool) {
    return;
  }
  const TypeId left = expr.args[0]->type.id;
  if (left != expr.args[1]->type.id || !HasPlainOrdering(left)) return;
  expr.comparison = KindOf(expr.name);
}

}  // namespace granary::planner
