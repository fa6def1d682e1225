// WHERE and ON conjuncts on their way down the plan: split at AND, each with the range of
// input columns it reads, and taken out of the pool by the scan or join that first has all
// of its columns (predicate push-down).
#pragma once

#include <cstddef>
#include <limits>
#include <vector>

#include "planner/bound_expr.hpp"
#include "planner/plan.hpp"

namespace granary::planner {

// A WHERE/ON conjunct waiting to be placed, with the range of input columns it reads.
struct Conjunct {
  BoundExprPtr expr;
  size_t first_column = std::numeric_limits<size_t>::max();
  size_t last_column = 0;  // inclusive; meaningless when it reads no column
  bool reads_columns = false;
  bool reads_outer_values = false;  // reads an enclosing query's row (kOuterRef)
};

// Appends the conjuncts of `expr` (its AND operands, recursively; copies) to `out`.
void SplitConjuncts(const BoundExpr& expr, std::vector<Conjunct>& out);

// Whether the conjunct reads only columns in [begin, end) (or none).
bool Within(const Conjunct& conjunct, size_t begin, size_t end);

// The AND of `parts`: null for none, the one part alone.
BoundExprPtr CombineAnd(std::vector<BoundExprPtr> parts);

// Takes the conjuncts that read only columns in [begin, end) out of `pool`, shifted by -begin.
// For a LATERAL item's plan `outer_values_readable` is false: inside it, outer values are
// the item's lateral arguments, not the enclosing query's row, so a conjunct reading that
// row stays above the lateral join.
BoundExprPtr TakeConjuncts(std::vector<Conjunct>& pool, size_t begin, size_t end,
                           bool outer_values_readable = true);

// A kFilter over `child` with `predicate`; `child` itself when the predicate is null.
PlanPtr MakeFilter(PlanPtr child, BoundExprPtr predicate);

}  // namespace granary::planner
