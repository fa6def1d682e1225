// LATERAL items: the kLateralJoin node (see lateral_join.hpp).
#include "planner/optimize/lateral_join.hpp"

#include <algorithm>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::planner {

bool LateralArgsWithin(const BoundFromItem& item, const std::vector<size_t>& columns) {
  bool within = true;
  for (const BoundExprPtr& arg : item.lateral_args) {
    arg->Walk([&](const BoundExpr& node) {
      if (node.kind == BoundKind::kColumn) {
        within = within && std::find(columns.begin(), columns.end(), node.index) != columns.end();
      }
    });
  }
  return within;
}

PlanPtr MakeLateralJoin(PlanPtr left, const std::vector<size_t>& left_columns,
                        const BoundFromItem& item, PlanPtr inner, parser::JoinType type,
                        BoundExprPtr predicate) {
  if (type != parser::JoinType::kInner && type != parser::JoinType::kLeft &&
      type != parser::JoinType::kCross) {
    throw Error(sqlstate::kFeatureNotSupported,
                "RIGHT and FULL JOIN to a FROM item that reads an enclosing query's row are not supported");
  }
  if (!LateralArgsWithin(item, left_columns)) {
    throw Error(sqlstate::kFeatureNotSupported,
                "a LATERAL item inside a JOIN may read only that JOIN's left side");
  }
  auto join = std::make_unique<PlanNode>();
  join->kind = PlanKind::kLateralJoin;
  join->join_type = type == parser::JoinType::kLeft ? parser::JoinType::kLeft : parser::JoinType::kInner;
  for (const BoundExprPtr& arg : item.lateral_args) {
    BoundExprPtr local = arg->Clone();
    local->RemapColumns([&](size_t global) {
      return static_cast<size_t>(std::find(left_columns.begin(), left_columns.end(), global) -
                                 left_columns.begin());
    });
    join->expressions.push_back(std::move(local));
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
