// The passes over a finished plan, after the optimizer chose it and before its estimates
// (PostgreSQL's set_plan_references stage, with eval_const_expressions' folding moved here):
// the Hash nodes over hash joins' inner inputs (hash_nodes.hpp), the index conditions taken out of index scans' filters (index_conditions.hpp), constant
// folding (constant_folding.hpp) and the marking of plain comparisons
// (typed_comparisons.hpp) in the expressions the executor evaluates, then the columns each
// scan decodes (scan_columns.hpp).
#pragma once

#include "planner/plan.hpp"

namespace granary::planner {

// Runs every finishing pass over `plan`. Idempotent: a plan finished as a subquery may be
// finished again as part of the enclosing plan.
void FinalizePlan(PlanNode& plan);

}  // namespace granary::planner
