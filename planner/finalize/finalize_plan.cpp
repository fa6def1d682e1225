// The finishing passes, in order.
#include "planner/finalize/finalize_plan.hpp"

#include "planner/finalize/constant_folding.hpp"
#include "planner/finalize/hash_nodes.hpp"
#include "planner/finalize/index_conditions.hpp"
#include "planner/finalize/scan_columns.hpp"
#include "planner/finalize/typed_comparisons.hpp"

namespace granary::planner {
namespace {

// The expressions the executor evaluates per row or per scan (not RETURNING, CHECK, VALUES
// rows, windows or aggregates' ORDER BY: those keep their bound form).
void FinishExpression(BoundExprPtr& expr) {
  if (!expr) return;
  FoldConstants(expr, FoldingErrors::kLeaveUnfolded);
  MarkComparisons(*expr);
}

void FinishExpressions(PlanNode& plan) {
  FinishExpression(plan.predicate);
  for (BoundExprPtr& expr : plan.expressions) FinishExpression(expr);
  for (BoundExprPtr& expr : plan.left_keys) FinishExpression(expr);
  for (BoundExprPtr& expr : plan.right_keys) FinishExpression(expr);
  for (BoundExprPtr& expr : plan.group_keys) FinishExpression(expr);
  for (BoundAggregate& aggregate : plan.aggregates) {
    FinishExpression(aggregate.argument);
    FinishExpression(aggregate.filter);
  }
  FinishExpression(plan.limit);
  FinishExpression(plan.offset);
  for (BoundExprPtr& expr : plan.index_values) FinishExpression(expr);
  for (BoundExprPtr& expr : plan.index_alternatives) FinishExpression(expr);
  FinishExpression(plan.range_lower);
  FinishExpression(plan.range_upper);
  for (BoundExprPtr& expr : plan.index_quals) FinishExpression(expr);
  for (PlanPtr& child : plan.children) FinishExpressions(*child);
}

}  // namespace

void FinalizePlan(PlanNode& plan) {
  AddHashNodes(plan);
  SeparateIndexConditions(plan);
  FinishExpressions(plan);
  ComputeScanColumns(plan);
}

}  // namespace granary::planner
