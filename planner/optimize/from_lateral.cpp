// FROM lists with LATERAL items: joined left-deep in FROM order, each lateral item once the
// items it reads are joined (FromPlanner's lateral members; see from_planner.hpp).
#include <algorithm>
#include <functional>
#include <optional>
#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "planner/optimize/from_planner.hpp"
#include "planner/optimize/lateral_join.hpp"

namespace granary::planner {

// The items of `item` that an inner JOIN (or CROSS JOIN) lateral to earlier FROM items joins,
// in FROM order, their ON conjuncts added to `pool` (PostgreSQL flattens inner joins into the
// FROM list alike), so that its items join the earlier ones one by one; any other item stays
// whole (a JOIN reading nothing before it keeps its own join search).
void FromPlanner::FlattenInnerJoins(const BoundFromItem& item, std::vector<const BoundFromItem*>& items,
                                    std::vector<Conjunct>& pool) {
  if (item.kind != BoundFromItem::Kind::kJoin ||
      (item.join_type != parser::JoinType::kInner && item.join_type != parser::JoinType::kCross) ||
      !IsLateral(item)) {
    items.push_back(&item);
    return;
  }
  FlattenInnerJoins(*item.left, items, pool);
  FlattenInnerJoins(*item.right, items, pool);
  if (item.condition) SplitConjuncts(*item.condition, pool);
}

// The FROM list, its lateral inner JOINs flattened, in FROM order, left-deep, each time preferring
// the first remaining item that a conjunct connects to what is joined so far, else the first
// lateral item that can be joined (run once per row joined so far, not per row of a cross
// product with an unconnected item); a lateral item waits until the items it reads are
// joined.
PlanPtr FromPlanner::PlanInFromOrder(std::vector<Conjunct>& pool) {
  std::vector<const BoundFromItem*> items;
  for (const auto& item : query_.from) FlattenInnerJoins(*item, items, pool);
  std::vector<Part> parts;
  for (const BoundFromItem* item : items) {
    Part part;
    if (IsLateral(*item)) {
      part.plan = PlanLateralBody(*item, pool);
      part.lateral = item;
    } else {
      part.plan = PlanItem(*item, pool);
    }
    if (item->kind == BoundFromItem::Kind::kTable) part.table = item;
    for (size_t i = 0; i < item->column_count; ++i) part.columns.push_back(item->column_offset + i);
    parts.push_back(std::move(part));
  }
  Part current;
  if (parts.front().lateral) {
    current.plan = MakeOneRow();  // what a leading lateral item (reading only an enclosing row) joins
  } else {
    current = std::move(parts.front());
    parts.erase(parts.begin());
  }
  while (!parts.empty()) {
    // A lateral item waits until the items it reads are joined.
    const auto ready = [&](const Part& part) {
      if (!part.lateral) return true;
      const std::vector<size_t> read = LateralColumns(*part.lateral);
      return std::all_of(read.begin(), read.end(), [&](size_t column) { return Contains(current.columns, column); });
    };
    std::optional<size_t> pick;
    for (size_t i = 0; i < parts.size() && !pick; ++i) {
      if (ready(parts[i]) && Connects(current, parts[i], pool)) pick = i;
    }
    for (size_t i = 0; i < parts.size() && !pick; ++i) {
      if (parts[i].lateral && ready(parts[i])) pick = i;
    }
    for (size_t i = 0; i < parts.size() && !pick; ++i) {
      if (ready(parts[i])) pick = i;
    }
    if (!pick) pick = parts.size() - 1;  // not reached: the binder lets items read only earlier ones
    current = parts[*pick].lateral ? JoinLateral(std::move(current), std::move(parts[*pick]), pool)
                                   : JoinParts(std::move(current), std::move(parts[*pick]), pool);
    parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(*pick));
  }
  return InOrder(std::move(current), 0);
}

PlanPtr FromPlanner::MakeOneRow() {
  auto values = std::make_unique<PlanNode>();
  values->kind = PlanKind::kValues;
  values->rows.emplace_back();
  return values;
}

// Joins `left` with a lateral item's part, then filters by the conjuncts of `pool` that
// read only their columns.
FromPlanner::Part FromPlanner::JoinLateral(Part left, Part right, std::vector<Conjunct>& pool) {
  Part joined;
  joined.columns = left.columns;
  joined.columns.insert(joined.columns.end(), right.columns.begin(), right.columns.end());
  joined.plan = JoinLateralItem(std::move(left.plan), left.columns, *right.lateral, std::move(right.plan),
                                parser::JoinType::kInner, nullptr);
  std::vector<BoundExprPtr> filters;
  for (Conjunct& conjunct : pool) {
    if (!conjunct.expr || !conjunct.reads_columns) continue;
    const std::vector<size_t> columns = ColumnsOf(*conjunct.expr);
    if (!std::all_of(columns.begin(), columns.end(),
                     [&](size_t column) { return Contains(joined.columns, column); })) {
      continue;
    }
    conjunct.expr->RemapColumns([&](size_t global) {
      return static_cast<size_t>(std::find(joined.columns.begin(), joined.columns.end(), global) -
                                 joined.columns.begin());
    });
    filters.push_back(std::move(conjunct.expr));
  }
  std::erase_if(pool, [](const Conjunct& conjunct) { return !conjunct.expr; });
  joined.plan = MakeFilter(std::move(joined.plan), CombineAnd(std::move(filters)));
  return joined;
}

// Whether `join` is an INNER or LEFT JOIN whose right side is lateral to its left: it reads
// the left side's columns, or it is a subquery or function reading outer values (the join
// supplies them; under RIGHT and FULL JOIN such an item runs under its own lateral join
// over one row, PlanItem).
bool FromPlanner::LateralToLeft(const BoundFromItem& join) const {
  if (join.join_type != parser::JoinType::kInner && join.join_type != parser::JoinType::kCross &&
      join.join_type != parser::JoinType::kLeft) {
    return false;
  }
  const BoundFromItem& right = *join.right;
  if (right.kind != BoundFromItem::Kind::kJoin && !right.lateral_args.empty()) return true;
  const std::vector<size_t> read = LateralColumns(right);
  return std::any_of(read.begin(), read.end(), [&](size_t column) {
    return column >= join.left->column_offset && column < join.left->column_offset + join.left->column_count;
  });
}

// The plan a lateral join reruns for `item` (IsLateral): a subquery's or function's own plan,
// reading its lateral_args as outer values 0..n-1; a JOIN's plan, reading the columns before
// it that it needs as the query's outer values after the enclosing query's.
PlanPtr FromPlanner::PlanLateralBody(const BoundFromItem& item, std::vector<Conjunct>& pool) {
  if (item.kind != BoundFromItem::Kind::kJoin) return PlanOwnItem(item, pool);
  std::vector<size_t> params = LateralColumns(item);
  std::swap(params, lateral_params_);
  PlanPtr plan = PlanItem(item, pool);
  std::swap(params, lateral_params_);
  return plan;
}

// The kLateralJoin of `left` (outputs: the global columns `left_columns`) and `body`, the plan
// of the lateral `item` (PlanLateralBody), passing it the values it reads.
PlanPtr FromPlanner::JoinLateralItem(PlanPtr left, const std::vector<size_t>& left_columns, const BoundFromItem& item,
                                     PlanPtr body, parser::JoinType type, BoundExprPtr predicate) const {
  std::vector<BoundExprPtr> args;
  if (item.kind == BoundFromItem::Kind::kJoin) {
    for (size_t column : LateralColumns(item)) {
      args.push_back(LocalArgument(*MakeColumn(column, query_.input_types[column]), left_columns));
    }
    return MakeLateralJoin(std::move(left), std::move(args), std::move(body), type, std::move(predicate),
                           outer_value_base_);
  }
  for (const BoundExprPtr& arg : item.lateral_args) args.push_back(LocalArgument(*arg, left_columns));
  return MakeLateralJoin(std::move(left), std::move(args), std::move(body), type, std::move(predicate), std::nullopt);
}

// `arg` (over global columns) over the left row of a lateral join whose left side's outputs
// are `left_columns`: a column outside them is a value the enclosing lateral JOIN passes down
// (lateral_params_).
BoundExprPtr FromPlanner::LocalArgument(const BoundExpr& arg, const std::vector<size_t>& left_columns) const {
  BoundExprPtr local = arg.Clone();
  const std::function<void(BoundExpr&)> map = [&](BoundExpr& node) {
    if (node.kind == BoundKind::kColumn) {
      const auto left = std::find(left_columns.begin(), left_columns.end(), node.index);
      if (left != left_columns.end()) {
        node.index = static_cast<size_t>(left - left_columns.begin());
        return;
      }
      const auto param = std::find(lateral_params_.begin(), lateral_params_.end(), node.index);
      if (param == lateral_params_.end()) {
        throw Error(sqlstate::kInternalError,
                    "LATERAL reference to input column " + std::to_string(node.index) + " that is not joined yet");
      }
      node.kind = BoundKind::kOuterRef;
      node.index = outer_value_base_ + static_cast<size_t>(param - lateral_params_.begin());
      return;
    }
    for (BoundExprPtr& child : node.args) map(*child);
  };
  map(*local);
  return local;
}

// A JOIN whose right side is lateral to its left (LateralToLeft): its ON condition filters
// (INNER) or is the join's predicate (LEFT).
PlanPtr FromPlanner::PlanLateralJoinItem(const BoundFromItem& item, std::vector<Conjunct>& pool) {
  const size_t begin = item.column_offset;
  const size_t split = item.right->column_offset;
  const size_t end = item.column_offset + item.column_count;
  std::vector<size_t> left_columns;
  for (size_t column = begin; column < split; ++column) left_columns.push_back(column);
  const auto local = [begin](size_t index) { return index - begin; };
  if (item.join_type == parser::JoinType::kLeft) {
    BoundExprPtr on = item.condition ? item.condition->Clone() : nullptr;
    if (on) on->RemapColumns(local);
    std::vector<Conjunct> none;
    PlanPtr left = PlanItem(*item.left, pool);
    PlanPtr right = PlanLateralBody(*item.right, none);
    return JoinLateralItem(std::move(left), left_columns, *item.right, std::move(right), item.join_type,
                           std::move(on));
  }
  if (item.condition) SplitConjuncts(*item.condition, pool);
  PlanPtr left = PlanItem(*item.left, pool);
  PlanPtr right = PlanLateralBody(*item.right, pool);
  PlanPtr join = JoinLateralItem(std::move(left), left_columns, *item.right, std::move(right),
                                 item.join_type, nullptr);
  return MakeFilter(std::move(join), TakeConjuncts(pool, begin, end));
}

// Whether a conjunct reads columns of both parts and nothing else.
bool FromPlanner::Connects(const Part& left, const Part& right, const std::vector<Conjunct>& pool) {
  for (const Conjunct& conjunct : pool) {
    if (!conjunct.expr || !conjunct.reads_columns) continue;
    bool reads_left = false;
    bool reads_right = false;
    bool reads_other = false;
    for (size_t column : ColumnsOf(*conjunct.expr)) {
      if (Contains(left.columns, column)) {
        reads_left = true;
      } else if (Contains(right.columns, column)) {
        reads_right = true;
      } else {
        reads_other = true;
      }
    }
    if (reads_left && reads_right && !reads_other) return true;
  }
  return false;
}

}  // namespace granary::planner
