// SelectBinder: GROUP BY keys (output-column names and positions, grouping sets).
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

// Binds GROUP BY: its distinct expressions become group_keys, the expansion of its
// grouping sets (if any) grouping_sets (grouping.hpp).
void SelectBinder::BindGroupBy() {
  query_->grouping_sets = ExpandGroupBy(
      select_.group_by, select_.group_by_distinct,
      [this](const parser::Expr& key) { return GroupKeyIndex(key); }, context_);
}

// Binds a grouped expression and returns its index in group_keys (equal ones share one).
size_t SelectBinder::GroupKeyIndex(const parser::Expr& key) {
  BoundExprPtr bound = BindGroupKey(key);
  RequireOperator(bound->type.id, "equality", key.location);
  for (size_t k = 0; k < query_->group_keys.size(); ++k) {
    if (query_->group_keys[k]->Equals(*bound)) return k;
  }
  query_->group_keys.push_back(std::move(bound));
  return query_->group_keys.size() - 1;
}

// Whether a GROUPING(...) call is among the targets or HAVING (it makes the query grouped).
bool SelectBinder::ContainsGrouping() const {
  bool found = false;
  auto visit = [&](const BoundExpr& node) { found = found || node.kind == BoundKind::kGroupingRef; };
  for (const BoundExprPtr& target : query_->targets) target->Walk(visit);
  if (query_->having) query_->having->Walk(visit);
  for (const BoundWindow& window : query_->windows) {
    for (const BoundExprPtr& arg : window.args) arg->Walk(visit);
    for (const BoundExprPtr& key : window.partition_by) key->Walk(visit);
    for (const BoundExprPtr& key : window.order_by) key->Walk(visit);
  }
  return found;
}

// GROUP BY accepts an output column number or name as well as an input expression.
BoundExprPtr SelectBinder::BindGroupKey(const parser::Expr& key) {
  if (const BoundExpr* target = FindOutputReference(key, "GROUP BY")) {
    if (ContainsAggregate(*target)) {
      throw context_.ErrorAt(sqlstate::kGroupingError,
                             "aggregate functions are not allowed in GROUP BY", key.location);
    }
    bool window = false;
    target->Walk(
        [&](const BoundExpr& node) { window = window || node.kind == BoundKind::kWindowRef; });
    if (window) {
      throw context_.ErrorAt(sqlstate::kWindowingError,
                             "window functions are not allowed in GROUP BY", key.location);
    }
    return target->Clone();
  }
  ExprBinder binder = MakeBinder(scope_, nullptr, "GROUP BY");
  return binder.Bind(key);
}

bool SelectBinder::ContainsAggregate(const BoundExpr& expr) {
  bool found = false;
  expr.Walk([&](const BoundExpr& node) { found = found || node.kind == BoundKind::kAggregateRef; });
  return found;
}

}  // namespace granary::planner
