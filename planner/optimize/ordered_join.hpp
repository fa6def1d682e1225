// ORDER BY ... LIMIT over joins: the cheapest join plus a sort, or a join whose rows already
// come in the ORDER BY's order and can stop at the limit (a table read in an index's order as
// the outermost input of nested loops), whichever costs less to the limit: PostgreSQL's
// choice between the cheapest total path with a Sort and the cheapest path with the query's
// pathkeys, compared by fractional cost (startup cost plus the fraction of the run the limit
// needs; grouping_planner's use of get_cheapest_fractional_path).
#pragma once

#include "planner/plan.hpp"
#include "planner/query.hpp"

namespace granary::planner {

// `limit` is the query's kLimit over kSort over the target kProject over the FROM plan
// (PlanQuery's shape for a query without grouping, windows, DISTINCT or row locks). When the
// FROM clause joins tables (inner joins of tables, and WHERE's semi and anti joins; no
// LATERAL or other items), every ORDER BY key is a plain FROM column, and the join search finds a
// plan in that order (join_relations.hpp) whose cost up to the limit is below the sorted
// plan's, replaces the sort and its input by that plan. Otherwise leaves `limit` as it is.
// Either way `limit` is estimated afterwards.
void UseOrderedJoin(PlanPtr& limit, const BoundQuery& query);

}  // namespace granary::planner
