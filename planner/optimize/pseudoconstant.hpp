// PostgreSQL's pseudoconstant quals (distribute_qual_to_rels, create_gating_plan): a WHERE
// conjunct that reads no column of its query level and calls nothing volatile has the same
// value for every row, so it is folded (eval_const_expressions) and tested once, before the
// first row, by a Result node's One-Time Filter above the FROM plan, instead of per row. One
// that folds to false or NULL proves the FROM empty (set_dummy_rel_pathlist): the FROM is not
// planned at all, and the plan is a Result without input whose One-Time Filter is false.
#pragma once

#include <vector>

#include "planner/optimize/conjuncts.hpp"
#include "planner/plan.hpp"

namespace granary::planner {

// Whether `expr` reads no column (an enclosing query's values and parameters are fixed for a
// run of the plan) and calls nothing volatile, sub-selects included.
bool IsPseudoconstant(const BoundExpr& expr);

// Takes the pseudoconstant conjuncts out of `pool`, folded, and those that fold to a
// constant whatever their columns; those that fold to true are dropped. Their AND, or null when none is left; constant false when one folds to false or
// NULL.
BoundExprPtr TakePseudoconstants(std::vector<Conjunct>& pool);

// Whether `expr` is a constant false or NULL (a One-Time Filter that never passes).
bool IsConstantFalseOrNull(const BoundExpr& expr);

// A Result testing `gate` once over `child`; `child` itself when `gate` is null. With a
// null `child`: a Result without input, of `types` and `names`.
PlanPtr MakeGatingResult(PlanPtr child, BoundExprPtr gate, const std::vector<types::Type>& types,
                         const std::vector<std::string>& names);

}  // namespace granary::planner
