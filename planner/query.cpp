#include "planner/query.hpp"

namespace granary::planner {

std::vector<types::Type> BoundQuery::OutputTypes() const {
  std::vector<types::Type> result;
  for (size_t i = 0; i < visible_targets; ++i) result.push_back(targets[i]->type);
  return result;
}

std::vector<std::string> BoundQuery::OutputNames() const {
  return std::vector<std::string>(target_names.begin(), target_names.begin() + visible_targets);
}

namespace {

void VisitItem(const BoundFromItem& item, const std::function<void(const BoundExpr&)>& visit) {
  if (item.condition) item.condition->Walk(visit);
  for (const BoundExprPtr& arg : item.function_args) arg->Walk(visit);
  for (const auto& [name, expr] : item.merged_columns) expr->Walk(visit);
  if (item.subquery) item.subquery->VisitExpressions(visit);
  if (item.left) VisitItem(*item.left, visit);
  if (item.right) VisitItem(*item.right, visit);
}

}  // namespace

void BoundQuery::VisitExpressions(const std::function<void(const BoundExpr&)>& visit) const {
  if (left) left->VisitExpressions(visit);
  if (right) right->VisitExpressions(visit);
  for (const auto& item : from) VisitItem(*item, visit);
  for (const BoundExprPtr* expr : {&where, &having, &limit, &offset}) {
    if (*expr) (*expr)->Walk(visit);
  }
  for (const auto& row : values_rows) {
    for (const BoundExprPtr& expr : row) expr->Walk(visit);
  }
  for (const BoundExprPtr& expr : targets) expr->Walk(visit);
  for (const BoundExprPtr& expr : group_keys) expr->Walk(visit);
  for (const BoundAggregate& aggregate : aggregates) {
    if (aggregate.argument) aggregate.argument->Walk(visit);
    if (aggregate.delimiter) aggregate.delimiter->Walk(visit);
  }
  for (const BoundWindow& window : windows) {
    for (const BoundExprPtr& expr : window.partition_by) expr->Walk(visit);
    for (const BoundExprPtr& expr : window.order_by) expr->Walk(visit);
  }
}

}  // namespace granary::planner
