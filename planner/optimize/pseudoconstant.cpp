// Pseudoconstant WHERE conjuncts (see pseudoconstant.hpp).
#include "planner/optimize/pseudoconstant.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "planner/finalize/constant_folding.hpp"

namespace granary::planner {
namespace {

// Built-in functions that are volatile in PostgreSQL (pg_proc.provolatile 'v').
constexpr std::array<std::string_view, 6> kVolatile = {
    "random", "setseed", "gen_random_uuid", "clock_timestamp", "timeofday", "txid_current",
};

}  // namespace

bool IsPseudoconstant(const BoundExpr& expr) {
  bool pseudoconstant = true;
  expr.Walk([&](const BoundExpr& node) {
    switch (node.kind) {
      case BoundKind::kColumn:
      case BoundKind::kSubquery:  // PostgreSQL's InitPlan: shown apart, not folded here
      case BoundKind::kSequenceCall:
      case BoundKind::kSetFunction:
      case BoundKind::kAggregateRef:
      case BoundKind::kWindowRef:
      case BoundKind::kGroupingRef:
        pseudoconstant = false;
        break;
      case BoundKind::kCall:
        if (std::find(kVolatile.begin(), kVolatile.end(), node.name) != kVolatile.end()) pseudoconstant = false;
        break;
      default:
        break;
    }
  });
  return pseudoconstant;
}

bool IsConstantFalseOrNull(const BoundExpr& expr) {
  if (expr.kind != BoundKind::kConstant) return false;
  return expr.constant.is_null() || (expr.constant.type() == types::TypeId::kBool && !expr.constant.AsBool());
}

BoundExprPtr TakePseudoconstants(std::vector<Conjunct>& pool) {
  std::vector<BoundExprPtr> gate;
  for (Conjunct& conjunct : pool) {
    BoundExprPtr folded;
    if (conjunct.reads_columns || !IsPseudoconstant(*conjunct.expr)) {
      // One whose columns fold away (`x = 1 OR true`) is decided too; the others stay as
      // they are, folded when the plan is finished.
      folded = conjunct.expr->Clone();
      FoldConstants(folded, FoldingErrors::kLeaveUnfolded);
      if (folded->kind != BoundKind::kConstant) continue;
      conjunct.expr = nullptr;
    } else {
      folded = std::move(conjunct.expr);
      FoldConstants(folded, FoldingErrors::kLeaveUnfolded);
    }
    const bool constant_true = folded->kind == BoundKind::kConstant && !folded->constant.is_null() &&
                               folded->constant.type() == types::TypeId::kBool && folded->constant.AsBool();
    if (IsConstantFalseOrNull(*folded)) {
      // As PostgreSQL: a false qual makes the others moot; the filter shows `false`.
      gate.clear();
      gate.push_back(MakeConstant(types::Value::Bool(false), types::Type{types::TypeId::kBool, -1}));
      std::erase_if(pool, [](const Conjunct& c) { return !c.expr; });
      return std::move(gate[0]);
    }
    if (!constant_true) gate.push_back(std::move(folded));
  }
  std::erase_if(pool, [](const Conjunct& c) { return !c.expr; });
  return CombineAnd(std::move(gate));
}

PlanPtr MakeGatingResult(PlanPtr child, BoundExprPtr gate, const std::vector<types::Type>& types,
                         const std::vector<std::string>& names) {
  if (!gate) return child;
  auto result = std::make_unique<PlanNode>();
  result->kind = PlanKind::kResult;
  result->output_types = child ? child->output_types : types;
  result->output_names = child ? child->output_names : names;
  result->predicate = std::move(gate);
  if (child) result->children.push_back(std::move(child));
  return result;
}

}  // namespace granary::planner
