// Index conditions out of the scan filter: an index scan reads only entries inside the bounds
// its index values, alternatives and range give, and (storage has no HOT chains) every entry
// leads to a row with exactly the entry's key, so the conjuncts those bounds come from
// (PlanNode::index_quals) hold for every row it returns. Evaluating them again per row is
// pure cost; PostgreSQL does not recheck a btree's index quals either.
#pragma once

#include "planner/plan.hpp"

namespace granary::planner {

// Removes from the predicate of every kIndexScan in `plan` the conjuncts equal to one of its
// index_quals (null when none is left). Run before constant folding, which would make the
// predicate's copies differ from the index_quals'. Idempotent.
void SeparateIndexConditions(PlanNode& plan);

}  // namespace granary::planner
