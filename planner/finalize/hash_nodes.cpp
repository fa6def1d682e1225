// Hash nodes over hash joins' inner inputs (see hash_nodes.hpp).
#include "planner/finalize/hash_nodes.hpp"

namespace granary::planner {

void AddHashNodes(PlanNode& plan) {
  for (PlanPtr& child : plan.children) AddHashNodes(*child);
  if (plan.kind != PlanKind::kHashJoin || plan.children.size() != 2 ||
      plan.children[1]->kind == PlanKind::kHash) {
    return;
  }
  PlanPtr inner = std::move(plan.children[1]);
  auto hash = std::make_unique<PlanNode>();
  hash->kind = PlanKind::kHash;
  hash->output_types = inner->output_types;
  hash->output_names = inner->output_names;
  hash->estimate = inner->estimate;
  hash->estimate.startup_cost = inner->estimate.total_cost;
  hash->children.push_back(std::move(inner));
  plan.children[1] = std::move(hash);
}

}  // namespace granary::planner
