// LATERAL: joining a FROM item that reads the rows of items before it (a LATERAL subquery,
// a function in FROM whose arguments read earlier items, a JOIN holding such an item), as
// PostgreSQL's nested loop with the outer row passed down as parameters.
//
// A subquery's or function's plan reads the values through kOuterRef nodes numbered by its
// lateral_args (as a correlated subquery does); the kLateralJoin node evaluates them over
// each left row and runs the item's plan (children[1]) again with them. A JOIN whose items
// read FROM items before it (PostgreSQL lets a LATERAL item read every earlier FROM item;
// the JOIN is then lateral to them) is planned at the query's own level: its plan reads
// those columns as the query's outer values after the enclosing query's (a parameterized
// kLateralJoin, see plan.hpp), its lateral items' arguments mapped to them.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "planner/plan.hpp"
#include "planner/query.hpp"

namespace granary::planner {

// The columns of the FROM layout outside `item` that it reads (sorted, without repetitions):
// the columns of a subquery's or function's lateral_args; for a JOIN, those its items read
// outside it.
std::vector<size_t> LateralColumns(const BoundFromItem& item);

// Whether `item` is joined as a lateral item: a subquery or function with lateral_args (which
// may read only an enclosing query's row), or a JOIN reading FROM items before it.
bool IsLateral(const BoundFromItem& item);

// How many of the enclosing query's outer values (kOuterRef) `query`'s own expressions may
// read: at least one more than the largest index read (it may count more).
size_t OuterValueCount(const BoundQuery& query);

// A kLateralJoin of `left` and `inner`, the plan of a lateral item, with `args` (over the
// left row) the values the inner plan reads. `type` is kInner, kCross or kLeft; `predicate`
// (LEFT JOIN's ON condition) is over left ++ inner and may be null. With `parameter_base`,
// the inner plan reads the enclosing query's first parameter_base outer values and `args`
// after them (a JOIN item); without, `args` alone (a subquery or function).
PlanPtr MakeLateralJoin(PlanPtr left, std::vector<BoundExprPtr> args, PlanPtr inner, parser::JoinType type,
                        BoundExprPtr predicate, std::optional<size_t> parameter_base);

}  // namespace granary::planner
