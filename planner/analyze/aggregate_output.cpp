// SelectBinder: a grouped query's expressions moved onto the aggregate's output
// (group keys, aggregates, GROUPING calls; 42803 for ungrouped columns), window refs
// resolved to columns.
#include "planner/analyze/select_binder.hpp"

#include <algorithm>
#include <set>

#include "common/sqlstate.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/json_binder.hpp"
#include "planner/analyze/table_estimates.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/collation_assign.hpp"
#include "planner/analyze/cte_scope.hpp"
#include "planner/analyze/deparse.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/grouping.hpp"
#include "planner/analyze/index_definition.hpp"
#include "planner/analyze/locking.hpp"
#include "planner/analyze/operators.hpp"
#include "planner/analyze/relation_cache.hpp"
#include "planner/analyze/sql_function_binder.hpp"

namespace granary::planner {

using types::Type;
using types::TypeId;

// Rewrites targets, HAVING and the windows' expressions from the input layout onto
// [group keys..., aggregates...] (the windows run over the groups).
void SelectBinder::MoveOntoAggregateOutput() {
  for (BoundExprPtr& target : query_->targets) target = OntoAggregateOutput(std::move(target));
  if (query_->having) query_->having = OntoAggregateOutput(std::move(query_->having));
  // Ordered-set aggregates' direct arguments are evaluated over the groups too.
  in_direct_arguments_ = true;
  for (BoundAggregate& aggregate : query_->aggregates) {
    for (BoundExprPtr& arg : aggregate.direct_args) arg = OntoAggregateOutput(std::move(arg));
  }
  in_direct_arguments_ = false;
  for (BoundWindow& window : query_->windows) {
    window.Rewrite([this](BoundExprPtr expr) { return OntoAggregateOutput(std::move(expr)); });
    if (window.frame.start_offset)
      window.frame.start_offset = OntoAggregateOutput(std::move(window.frame.start_offset));
    if (window.frame.end_offset)
      window.frame.end_offset = OntoAggregateOutput(std::move(window.frame.end_offset));
  }
}

// Window results follow the layout the windows run over: the input, or the aggregate's
// output in a grouped query.
void SelectBinder::ResolveWindowRefs() {
  if (query_->windows.empty()) return;
  const size_t base = query_->aggregated ? query_->group_keys.size() + query_->aggregates.size() +
                                               query_->grouping_calls.size()
                                         : query_->input_types.size();
  for (BoundExprPtr& target : query_->targets)
    target = WindowRefsToColumns(std::move(target), base);
}

BoundExprPtr SelectBinder::WindowRefsToColumns(BoundExprPtr expr, size_t base) {
  if (expr->kind == BoundKind::kWindowRef) {
    auto column = MakeColumn(base + expr->index, expr->type);
    column->location = expr->location;
    return column;
  }
  for (BoundExprPtr& arg : expr->args) arg = WindowRefsToColumns(std::move(arg), base);
  return expr;
}

// `from_subquery`: `expr` is a value a subquery reads from this query (42803 names it so).
BoundExprPtr SelectBinder::OntoAggregateOutput(BoundExprPtr expr, bool from_subquery) {
  for (size_t k = 0; k < query_->group_keys.size(); ++k) {
    if (query_->group_keys[k]->Equals(*expr)) {
      auto column = MakeColumn(k, expr->type);
      column->location = expr->location;
      return column;
    }
  }
  if (expr->kind == BoundKind::kAggregateRef) {
    return MakeColumn(query_->group_keys.size() + expr->index, expr->type);
  }
  if (expr->kind == BoundKind::kWindowRef) return expr;  // ResolveWindowRefs places it
  if (expr->kind == BoundKind::kGroupingRef) return GroupingCallColumn(*expr);
  if (expr->kind == BoundKind::kColumn && from_subquery) {
    throw context_.ErrorAt(sqlstate::kGroupingError,
                           "subquery uses ungrouped column \"" + query_->input_names[expr->index] +
                               "\" from outer query",
                           expr->location);
  }
  if (expr->kind == BoundKind::kColumn) {
    Error error = context_.ErrorAt(sqlstate::kGroupingError,
                                   "column \"" + query_->input_names[expr->index] +
                                       "\" must appear in the GROUP BY clause or be used in an "
                                       "aggregate function",
                                   expr->location);
    if (in_direct_arguments_) {
      error.WithDetail("Direct arguments of an ordered-set aggregate must use only grouped columns.");
    }
    throw error;
  }
  // A subquery's arguments after its test expressions are the values it reads from here.
  const size_t tests = expr->kind == BoundKind::kSubquery ? expr->subquery->test_count : expr->args.size();
  for (size_t i = 0; i < expr->args.size(); ++i) {
    expr->args[i] = OntoAggregateOutput(std::move(expr->args[i]), from_subquery || i >= tests);
  }
  return expr;
}

// GROUPING(a, b): each argument must be a grouped expression (42803 at the first that is
// not); the call becomes an output column of the aggregate, after the aggregates.
BoundExprPtr SelectBinder::GroupingCallColumn(const BoundExpr& call) {
  std::vector<size_t> keys;
  for (const BoundExprPtr& arg : call.args) {
    size_t k = 0;
    while (k < query_->group_keys.size() && !query_->group_keys[k]->Equals(*arg)) ++k;
    if (k == query_->group_keys.size()) {
      throw context_.ErrorAt(sqlstate::kGroupingError,
                             "arguments to GROUPING must be grouping expressions of the "
                             "associated query level",
                             arg->location);
    }
    keys.push_back(k);
  }
  query_->grouping_calls.push_back(std::move(keys));
  auto column = MakeColumn(query_->group_keys.size() + query_->aggregates.size() +
                               query_->grouping_calls.size() - 1,
                           call.type);
  column->location = call.location;
  return column;
}

}  // namespace granary::planner
