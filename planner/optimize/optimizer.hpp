// The optimizer: bound statements in, physical plans out.
//
// For now the rules are simple and deterministic: joins are left-deep in FROM order; WHERE
// and ON conjuncts are pushed down to the lowest scan or join that has all their columns;
// a join with an equality between its two sides becomes a hash join (building on the right),
// otherwise a nested loop; grouping is a hash aggregate; ORDER BY a sort. Cost-based choices
// arrive with statistics (ANALYZE).
#pragma once

#include "planner/plan.hpp"
#include "planner/query.hpp"

namespace granary::planner {

// `cursor`: the query of a cursor, planned as PostgreSQL does for its first tenth of rows
// (cursor_tuple_fraction 0.1): an ORDER BY over one table reads an index in order when that
// costs less than sorting first.
PlanPtr PlanQuery(const BoundQuery& query, bool cursor = false);
PlanPtr PlanInsert(const BoundInsert& insert);
PlanPtr PlanUpdate(const BoundUpdate& update);
PlanPtr PlanDelete(const BoundDelete& del);

}  // namespace granary::planner
