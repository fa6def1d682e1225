// Planning references to WITH items: a CTE scan of the item's one shared plan, or the
// item's query planned in place (inlined, like a subquery in FROM); and the node that runs
// a statement's data-modifying items first.
#pragma once

#include "planner/plan.hpp"
#include "planner/query.hpp"

namespace granary::planner {

// The plan for one reference to `cte`. Items are planned once (the first reference fills
// `cte.plan`) and read through kCteScan nodes, so the statement computes their rows once
// however often they are referenced. A non-recursive item written NOT MATERIALIZED, or
// referenced once without MATERIALIZED and without volatile calls, has its query planned in
// place instead, like a subquery in FROM (PostgreSQL's inlining).
PlanPtr PlanCteReference(BoundCte& cte);

// `plan` under a kModifyingCtes node that first runs `ctes` (the statement's data-modifying
// WITH items); `plan` itself when there are none.
PlanPtr RunModifyingCtesFirst(PlanPtr plan, const std::vector<std::shared_ptr<const CtePlan>>& ctes);

}  // namespace granary::planner
