// GROUP BY beyond a list of expressions: the expansion of grouping sets (GROUPING SETS,
// ROLLUP, CUBE, ()) and the columns a grouped primary key makes usable ungrouped
// (functional dependency). Used by the select binder.
#pragma once

#include <functional>
#include <vector>

#include "parser/ast.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "planner/query.hpp"

namespace granary::planner {

// One grouping set: indexes into BoundQuery::group_keys.
using GroupingSet = std::vector<size_t>;

// Expands GROUP BY `items` as PostgreSQL's expand_grouping_sets does: the top-level items
// are multiplied out (each set of the product joins one set of each item); ROLLUP (a, b) is
// (a, b), (a), (); CUBE (a, b) every subset, the whole first; GROUPING SETS the sets of its
// items in order; `(a, b)` one unit; a plain expression one set of one key. Each set keeps
// a key once; repeated sets stay unless `distinct` (GROUP BY DISTINCT). `key_index` binds a
// grouped expression and returns its group key index. Returns no sets when the items are
// all expressions (a plain GROUP BY).
//
// Errors: 54011 `CUBE is limited to 12 elements`, 54001 `too many grouping sets present
// (maximum 4096)`, and whatever `key_index` raises.
std::vector<GroupingSet> ExpandGroupBy(const parser::ExprList& items, bool distinct,
                                       const std::function<size_t(const parser::Expr&)>& key_index,
                                       AnalyzeContext& context);

// PostgreSQL's check_functional_grouping: when every column of a table's primary key is a
// group key (in every grouping set), one group holds one row of that table, so the query
// may use the table's other columns ungrouped. Each such column the targets, HAVING and
// windows use becomes one more group key (in every set), which splits no group. Only a
// table's primary key counts: not a UNIQUE constraint, and not views, subqueries or WITH
// items. Called on a grouped query before it moves onto the aggregate's output.
// The primary keys relied on are recorded in context.key_dependencies when that is set.
void AddFunctionallyDependentKeys(BoundQuery& query, AnalyzeContext& context);

}  // namespace granary::planner
