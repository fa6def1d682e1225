// The join search's relations over one join list's planned parts (join_search.hpp's
// JoinSearchSpace): each relation a set of global columns with the estimate of its cheapest
// join; once the search has chosen, the chosen relation is built into a plan, each join by
// the method the cost model finds cheapest (FromPlanner::JoinParts).
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
FromPlanner::Part JoinInSearchOrder(FromPlanner& planner, std::vector<FromPlanner::Part>& parts,
                                    std::vector<Conjunct>& pool, const std::vector<std::optional<size_t>>& semi);

}  // namespace granary::planner
