// Hash nodes: every hash join's inner (build) input goes under a kHash node, as PostgreSQL's
// create_hashjoin_plan puts a Hash node over the inner plan. The join hashes the rows that
// node returns (executor/operators/hash.hpp), so EXPLAIN shows the plan that runs: the second
// child of a Hash Join is `->  Hash` over the input that is built into the table.
#pragma once

#include "planner/plan.hpp"

namespace granary::planner {

// Puts a kHash node, estimated as PostgreSQL does (the inner plan's total cost as its startup
// and total cost), over children[1] of every kHashJoin in `plan` that has none yet. Safe to
// run again on a plan that became a subtree of a larger one.
void AddHashNodes(PlanNode& plan);

}  // namespace granary::planner
