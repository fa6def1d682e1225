// The join search's relations over one join list's planned parts (join_search.hpp's
// JoinSearchSpace): each relation a set of global columns with the estimate of its cheapest
// join; once the search has chosen, the chosen relation is built into a plan, each join by
// the method the cost model finds cheapest (FromPlanner::JoinParts), or for the joins of an
// ordered path the cheapest method that keeps the outer order.
#pragma once

#include <optional>
#include <vector>

#include "planner/optimize/conjuncts.hpp"
#include "planner/optimize/from_planner.hpp"

namespace granary::planner {

// Joins `parts` (the members of one join list, each planned with its conjuncts) with the
// conjuncts of `pool` (taken out of it as joins use them) in the order the join search finds
// cheapest. `semi[i]`, when set, marks parts[i] as the inner input of planner.semi_joins()
// at that index: it joins only as the inner side of its own semi or anti join.
// With `order`, the cheapest join of all parts that returns its rows in that order instead
// (the search's ordered paths: a table read in an index's order as the outermost input of
// nested loops); a Part without plan when there is none.
FromPlanner::Part JoinInSearchOrder(FromPlanner& planner, std::vector<FromPlanner::Part>& parts,
                                    std::vector<Conjunct>& pool, const std::vector<std::optional<size_t>>& semi,
                                    const RequiredOrder* order = nullptr);

}  // namespace granary::planner
