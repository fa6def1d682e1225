// Taking an index scan's index conditions out of its per-row filter (index_conditions.hpp).
#include "planner/finalize/index_conditions.hpp"

#include <algorithm>

#include "planner/optimize/conjuncts.hpp"

namespace granary::planner {

void SeparateIndexConditions(PlanNode& plan) {
  for (PlanPtr& child : plan.children) SeparateIndexConditions(*child);
  if (plan.kind != PlanKind::kIndexScan || plan.index_quals.empty() || !plan.predicate) return;
  std::vector<Conjunct> conjuncts;
  SplitConjuncts(*plan.predicate, conjuncts);
  std::vector<BoundExprPtr> rest;
  bool removed = false;
  for (Conjunct& conjunct : conjuncts) {
    const bool enforced = std::any_of(plan.index_quals.begin(), plan.index_quals.end(),
                                      [&](const BoundExprPtr& condition) { return condition->Equals(*conjunct.expr); });
    if (enforced) {
      removed = true;
    } else {
      rest.push_back(std::move(conjunct.expr));
    }
  }
  if (removed) plan.predicate = CombineAnd(std::move(rest));
}

}  // namespace granary::planner
