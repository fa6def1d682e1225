// LATERAL: joining a FROM item that reads the rows of items before it (a LATERAL subquery,
// a function in FROM whose arguments read earlier items), as PostgreSQL's nested loop with
// the outer row passed down as parameters.
//
// The item's plan reads the values through kOuterRef nodes (as a correlated subquery does);
// the kLateralJoin node evaluates the item's lateral_args over each left row and runs the
// item's plan (children[1]) again with them.
#pragma once

#include <vector>

#include "planner/plan.hpp"
#include "planner/query.hpp"

namespace granary::planner {

// True when every column `item.lateral_args` read is one of `columns` (global indexes).
bool LateralArgsWithin(const BoundFromItem& item, const std::vector<size_t>& columns);

// A kLateralJoin of `left`, whose outputs are the global columns `left_columns`, and `inner`,
// the plan of the lateral `item`. `type` is kInner or kLeft; `predicate` (LEFT JOIN's ON
// condition) is over left ++ inner and may be null. Raises 0A000 when the item reads a
// column outside `left_columns` or `type` is RIGHT or FULL.
PlanPtr MakeLateralJoin(PlanPtr left, const std::vector<size_t>& left_columns,
                        const BoundFromItem& item, PlanPtr inner, parser::JoinType type,
                        BoundExprPtr predicate);

}  // namespace granary::planner
