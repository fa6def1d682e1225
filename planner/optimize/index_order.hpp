// Ordered index scans: an ORDER BY ... LIMIT over one table read in an index's order, forward
// or backward, instead of sorting the whole table (PostgreSQL's pathkeys of an index path,
// build_index_pathkeys); for joins, a table's scan in the order of the query's ORDER BY, the
// outer side of the ordered joins the join search keeps (join_search.hpp).
#pragma once

#include <utility>
#include <vector>

#include "planner/plan.hpp"
#include "planner/query.hpp"

namespace granary::planner {

// `limit` is the query's kLimit over kSort over the target kProject over (filters over) the
// scan of `query`'s only FROM item, a table. When the ORDER BY keys are plain columns that
// some index orders (its leading keys, or the keys after those an index scan already fixes
// by equality), in the index's direction or all reversed, NULLs included, under the same
// collation, and reading that index in order until the limit is reached costs less than
// the sort, replaces the sort by that index scan (kIndexScan, `backward` for a reversed
// order) and leaves `limit` estimated. Otherwise leaves the plan as it is. Partial
// indexes and scans probing IN alternatives are never used for order.
void UseIndexOrder(PlanPtr& limit, const BoundQuery& query);

// The cheapest scan of `item` (a table) returning the rows of `scan` (its chosen scan,
// estimated) in `order` (the table's columns, each with its sort key): `scan`'s own index
// read forward or backward when its equalities leave the order to the index, or a whole
// index read in order with `scan`'s predicate rechecked on every row; estimated. Null when
// no index gives the order (the rules of UseIndexOrder).
PlanPtr OrderedScan(const PlanNode& scan, const BoundFromItem& item,
                    const std::vector<std::pair<size_t, SortKey>>& order);

}  // namespace granary::planner
