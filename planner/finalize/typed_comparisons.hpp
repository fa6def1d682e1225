// Marks the comparisons the evaluator may run without a function call (BoundExpr::comparison):
// =, <>, <, <=, >, >= between two values of one integer, date/time, float, numeric or
// boolean type. Strings are left to their functions (they compare under a collation).
// Also marks the numeric +, - and * trees the evaluator computes on scaled integers
// (BoundExpr::numeric_arithmetic).
#pragma once

#include "planner/bound_expr.hpp"

namespace granary::planner {

// Marks `expr` and its descendants (comparisons and numeric arithmetic).
void MarkComparisons(BoundExpr& expr);

}  // namespace granary::planner
