// Marks the comparisons the evaluator may run without a function call (BoundExpr::comparison):
// =, <>, <, <=, >, >= between two values of one integer, date/time, float, numeric or
// boolean type. Strings are left to their functions (they compare under a collation).
#pragma once

#include "planner/bound_expr.hpp"

namespace granary::planner {

// Marks `expr` and its descendants.
void MarkComparisons(BoundExpr& expr);

}  // namespace granary::planner
