// LATERAL items: the kLateralJoin node (see lateral_join.hpp).
#include "planner/optimize/lateral_join.hpp"

#include <algorithm>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::planner {
namespace {

void CollectLateralColumns(const BoundFromItem& item, std::vector<size_t>& columns) {
  for (const BoundExprPtr& arg : item.lateral_args) {
    arg->Walk([&](const BoundExpr& node) {
      if (node.kind == BoundKind::kColumn) columns.push_back(node.index);
    });
  }
  if (item.kind != BoundFromItem::Kind::kJoin) return;
  for (const BoundFromItem* side : {item.left.get(), item.right.get()}) {
    for (size_t column : LateralColumns(*side)) {
      if (column < item.column_offset || column >= item.column_offset + item.column_count) columns.push_back(column);
    }
  }
}

size_t OuterValuesAfter(const BoundExpr& expr) {
  size_t count = 0;
  expr.Walk([&](const BoundExpr& node) {
    if (node.kind == BoundKind::kOuterRef) count = std::max(count, node.index + 1);
  });
  return count;
}

size_t ItemOuterValues(const BoundFromItem& item) {
  size_t count = 0;
  for (const BoundExprPtr& arg : item.lateral_args) count = std::max(count, OuterValuesAfter(*arg));
  if (item.left) count = std::max(count, ItemOuterValues(*item.left));
  if (item.right) count = std::max(count, ItemOuterValues(*item.right));
  return count;
}

}  // namespace

std::vector<size_t> LateralColumns(const BoundFromItem& item) {
  std::vector<size_t> columns;
  CollectLateralColumns(item, columns);
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  return columns;
}

bool IsLateral(const BoundFromItem& item) {
  return item.kind == BoundFromItem::Kind::kJoin ? !LateralColumns(item).empty() : !item.lateral_args.empty();
}

size_t OuterValueCount(const BoundQuery& query) {
  // VisitExpressions also walks FROM subqueries' own expressions, whose kOuterRefs number
  // their own values: counted too, which only makes the count larger than needed.
  size_t count = 0;
  query.VisitExpressions([&](const BoundExpr& node) {
    if (node.kind == BoundKind::kOuterRef) count = std::max(count, node.index + 1);
  });
  for (const auto& item : query.from) count = std::max(count, ItemOuterValues(*item));
  return count;
}

PlanPtr MakeLateralJoin(PlanPtr left, std::vector<BoundExprPtr> args, PlanPtr inner, parser::JoinType type,
                        BoundExprPtr predicate, std::optional<size_t> parameter_base) {
  if (type != parser::JoinType::kInner && type != parser::JoinType::kLeft && type != parser::JoinType::kCross) {
    // The binder refuses a LATERAL reference to the left side of RIGHT and FULL JOIN (42P10).
    throw Error(sqlstate::kInternalError, "lateral join of type RIGHT or FULL");
  }
  auto join = std::make_unique<PlanNode>();
  join->kind = PlanKind::kLateralJoin;
  join->join_type = type == parser::JoinType::kLeft ? parser::JoinType::kLeft : parser::JoinType::kInner;
  join->expressions = std::move(args);
  if (parameter_base) {
    join->parameterized = true;
    join->parameter_base = *parameter_base;
  }
  join->output_types = left->output_types;
  join->output_types.insert(join->output_types.end(), inner->output_types.begin(), inner->output_types.end());
  join->output_names = left->output_names;
  join->output_names.insert(join->output_names.end(), inner->output_names.begin(), inner->output_names.end());
  join->predicate = std::move(predicate);
  join->children.push_back(std::move(left));
  join->children.push_back(std::move(inner));
  return join;
}

}  // namespace granary::planner
