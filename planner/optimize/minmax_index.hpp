// min/max answered from an index (PostgreSQL's planagg): `SELECT min(a), max(b) FROM t` with
// indexes that order a and b reads one entry of each instead of the whole table. Each
// aggregate becomes the scalar sub-select `(SELECT x FROM t WHERE x IS NOT NULL ORDER BY x
// [DESC] LIMIT 1)` over an ordered index scan (index_order.hpp), and the aggregation a
// one-row Values of those sub-selects, which HAVING and the select list read as before.
#pragma once

#include "planner/plan.hpp"
#include "planner/query.hpp"

namespace granary::planner {

// The one-row plan replacing the aggregation of `query` over `from` (the plan of its only
// FROM item, a table scan), or null when the query is not a plain min/max over columns of
// one table without GROUP BY, DISTINCT, FILTER or ORDER BY in the calls, or some argument
// has no index giving its order (also under equalities on the index's leading keys:
// `max(created_at) WHERE user_id = $1` over an index on (user_id, created_at)), or, with a
// WHERE, the index reads cost more than the aggregation (PostgreSQL's planagg costing).
PlanPtr PlanMinMaxByIndex(const BoundQuery& query, const PlanNode& from);

}  // namespace granary::planner
