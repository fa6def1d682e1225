// The select list's projection. A set-returning call at the top of an entry is expanded by
// the Project operator itself, in lockstep with the entry's other calls (PostgreSQL's
// ProjectSet). Calls inside expressions (`generate_series(a, b)::date`, `1 + unnest(x)`) are
// moved into a Project below: its entries are the input's columns followed by the calls
// whose arguments hold no other call (every such call, so that they still expand in
// lockstep), and the entries above read them as columns. A call whose arguments hold
// another call makes one more such level, as PostgreSQL stacks ProjectSet nodes.
#pragma once

#include <string>
#include <vector>

#include "planner/plan.hpp"

namespace granary::planner {

// A Project of the first `count` of `targets` (named `names`) over `child`, with the levels
// above where set-returning calls sit inside expressions.
PlanPtr PlanSelectList(PlanPtr child, const std::vector<BoundExprPtr>& targets,
                       const std::vector<std::string>& names, size_t count);

}  // namespace granary::planner
