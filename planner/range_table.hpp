// How many entries PostgreSQL's range table would hold for a statement, for EXPLAIN: its
// show_upper_qual, show_sort_keys and show_agg_keys qualify column names with their
// relation's name only when the planned statement's range table has more than one entry
// (explain.c's `useprefix`). That table keeps an entry for every FROM item (tables,
// functions, VALUES lists, joins, and the subqueries, views and WITH items the planner
// flattened away, besides the entries of their own FROM), for every sub-select in an
// expression, and for each side of a set operation; Granary's plans lose most of these, so
// the count is taken from the statement as bound.
#pragma once

#include <cstddef>

#include "planner/query.hpp"

namespace granary::planner {

// The entries of `query`'s range table. Exact for 0 and 1, which is what EXPLAIN asks;
// a larger count may differ from PostgreSQL's (a WITH item read twice counts twice).
size_t RangeTableEntries(const BoundQuery& query);

// The same for a data-changing statement: its target table, then what its rows come from
// (INSERT's single VALUES row adds none, as PostgreSQL makes it the plan's target list).
size_t RangeTableEntries(const BoundInsert& insert);
size_t RangeTableEntries(const BoundUpdate& update);
size_t RangeTableEntries(const BoundDelete& remove);

}  // namespace granary::planner
