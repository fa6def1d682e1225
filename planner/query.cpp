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

BoundExprPtr CloneOrNull(const BoundExprPtr& expr) { return expr ? expr->Clone() : nullptr; }

bool SameOrBothNull(const BoundExprPtr& a, const BoundExprPtr& b) {
  if (!a || !b) return !a && !b;
  return a->Equals(*b);
}

bool SameList(const std::vector<BoundExprPtr>& a, const std::vector<BoundExprPtr>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i]->Equals(*b[i])) return false;
  }
  return true;
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
  for (const BoundAggregate& aggregate : aggregates) aggregate.Walk(visit);
  for (const BoundWindow& window : windows) {
    for (const BoundExprPtr& expr : window.args) expr->Walk(visit);
    if (window.filter) window.filter->Walk(visit);
    for (const BoundExprPtr& expr : window.partition_by) expr->Walk(visit);
    for (const BoundExprPtr& expr : window.order_by) expr->Walk(visit);
    if (window.frame.start_offset) window.frame.start_offset->Walk(visit);
    if (window.frame.end_offset) window.frame.end_offset->Walk(visit);
  }
}

BoundAggregate BoundAggregate::Clone() const {
  BoundAggregate copy;
  copy.name = name;
  copy.signature = signature;
  if (argument) copy.argument = argument->Clone();
  if (delimiter) copy.delimiter = delimiter->Clone();
  copy.distinct = distinct;
  if (filter) copy.filter = filter->Clone();
  for (const BoundExprPtr& key : order_by) copy.order_by.push_back(key->Clone());
  copy.descending = descending;
  copy.nulls_first = nulls_first;
  for (const BoundExprPtr& arg : direct_args) copy.direct_args.push_back(arg->Clone());
  copy.location = location;
  return copy;
}

void BoundAggregate::Walk(const std::function<void(const BoundExpr&)>& visit) const {
  if (argument) argument->Walk(visit);
  if (delimiter) delimiter->Walk(visit);
  if (filter) filter->Walk(visit);
  for (const BoundExprPtr& key : order_by) key->Walk(visit);
  for (const BoundExprPtr& arg : direct_args) arg->Walk(visit);
}

BoundWindow BoundWindow::Clone() const {
  BoundWindow copy;
  copy.name = name;
  copy.function = function;
  copy.aggregate = aggregate;
  for (const BoundExprPtr& arg : args) copy.args.push_back(arg->Clone());
  copy.filter = CloneOrNull(filter);
  copy.type = type;
  for (const BoundExprPtr& key : partition_by) copy.partition_by.push_back(key->Clone());
  for (const BoundExprPtr& key : order_by) copy.order_by.push_back(key->Clone());
  copy.descending = descending;
  copy.nulls_first = nulls_first;
  copy.frame.rows = frame.rows;
  copy.frame.groups = frame.groups;
  copy.frame.start = frame.start;
  copy.frame.end = frame.end;
  copy.frame.exclusion = frame.exclusion;
  copy.frame.start_offset = CloneOrNull(frame.start_offset);
  copy.frame.end_offset = CloneOrNull(frame.end_offset);
  return copy;
}

bool BoundWindow::Equals(const BoundWindow& other) const {
  return name == other.name && function == other.function && SameList(args, other.args) &&
         SameOrBothNull(filter, other.filter) && SameList(partition_by, other.partition_by) &&
         SameList(order_by, other.order_by) && descending == other.descending &&
         nulls_first == other.nulls_first && frame.rows == other.frame.rows &&
         frame.groups == other.frame.groups && frame.start == other.frame.start &&
         frame.end == other.frame.end && frame.exclusion == other.frame.exclusion &&
         SameOrBothNull(frame.start_offset, other.frame.start_offset) &&
         SameOrBothNull(frame.end_offset, other.frame.end_offset);
}

void BoundWindow::Rewrite(const std::function<BoundExprPtr(BoundExprPtr)>& rewrite) {
  for (BoundExprPtr& arg : args) arg = rewrite(std::move(arg));
  if (filter) filter = rewrite(std::move(filter));
  for (BoundExprPtr& key : partition_by) key = rewrite(std::move(key));
  for (BoundExprPtr& key : order_by) key = rewrite(std::move(key));
}

}  // namespace granary::planner
