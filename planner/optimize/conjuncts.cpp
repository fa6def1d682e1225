// Conjuncts and their push-down (see conjuncts.hpp).
#include "planner/optimize/conjuncts.hpp"

#include <algorithm>

namespace granary::planner {

using types::Type;
using types::TypeId;

void SplitConjuncts(const BoundExpr& expr, std::vector<Conjunct>& out) {
  if (expr.kind == BoundKind::kAnd) {
    for (const BoundExprPtr& arg : expr.args) SplitConjuncts(*arg, out);
    return;
  }
  Conjunct conjunct;
  conjunct.expr = expr.Clone();
  expr.Walk([&](const BoundExpr& node) {
    if (node.kind == BoundKind::kOuterRef) conjunct.reads_outer_values = true;
    if (node.kind != BoundKind::kColumn) return;
    conjunct.reads_columns = true;
    conjunct.first_column = std::min(conjunct.first_column, node.index);
    conjunct.last_column = std::max(conjunct.last_column, node.index);
  });
  out.push_back(std::move(conjunct));
}

bool Within(const Conjunct& conjunct, size_t begin, size_t end) {
  return !conjunct.reads_columns || (conjunct.first_column >= begin && conjunct.last_column < end);
}

BoundExprPtr CombineAnd(std::vector<BoundExprPtr> parts) {
  if (parts.empty()) return nullptr;
  if (parts.size() == 1) return std::move(parts[0]);
  auto all = std::make_unique<BoundExpr>();
  all->kind = BoundKind::kAnd;
  all->type = Type{TypeId::kBool, -1};
  all->args = std::move(parts);
  return all;
}

BoundExprPtr TakeConjuncts(std::vector<Conjunct>& pool, size_t begin, size_t end, bool outer_values_readable) {
  std::vector<BoundExprPtr> taken;
  for (Conjunct& conjunct : pool) {
    if (!conjunct.expr || !conjunct.reads_columns || !Within(conjunct, begin, end)) continue;
    if (conjunct.reads_outer_values && !outer_values_readable) continue;
    conjunct.expr->RemapColumns([begin](size_t index) { return index - begin; });
    taken.push_back(std::move(conjunct.expr));
  }
  std::erase_if(pool, [](const Conjunct& conjunct) { return !conjunct.expr; });
  return CombineAnd(std::move(taken));
}

PlanPtr MakeFilter(PlanPtr child, BoundExprPtr predicate) {
  if (!predicate) return child;
  auto filter = std::make_unique<PlanNode>();
  filter->kind = PlanKind::kFilter;
  filter->output_types = child->output_types;
  filter->output_names = child->output_names;
  filter->predicate = std::move(predicate);
  filter->children.push_back(std::move(child));
  return filter;
}
}  // namespace granary::planner
