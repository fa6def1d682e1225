// FROM lists with LATERAL items: joined left-deep in FROM order, each lateral item once the
// items it reads are joined (FromPlanner's lateral members; see from_planner.hpp).
#include <algorithm>

#include "planner/optimize/from_planner.hpp"
#include "planner/optimize/lateral_join.hpp"

namespace granary::planner {

// The FROM list in FROM order, left-deep, each time preferring the first remaining item
// that a conjunct connects to what is joined so far; a lateral item waits until the items
// it reads are joined.
PlanPtr FromPlanner::PlanInFromOrder(std::vector<Conjunct>& pool) {
  std::vector<Part> parts;
  for (const auto& item : query_.from) {
    Part part;
    part.plan = PlanItem(*item, pool);
    if (!item->lateral_args.empty()) part.lateral = item.get();
    if (item->kind == BoundFromItem::Kind::kTable) part.table = item.get();
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
      return !part.lateral || LateralArgsWithin(*part.lateral, current.columns);
    };
    size_t pick = 0;
    while (pick + 1 < parts.size() && !ready(parts[pick])) ++pick;
    for (size_t i = 0; i < parts.size(); ++i) {
      if (ready(parts[i]) && Connects(current, parts[i], pool)) {
        pick = i;
        break;
      }
    }
    current = parts[pick].lateral ? JoinLateral(std::move(current), std::move(parts[pick]), pool)
                                  : JoinParts(std::move(current), std::move(parts[pick]), pool);
    parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(pick));
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
  joined.plan = MakeLateralJoin(std::move(left.plan), left.columns, *right.lateral, std::move(right.plan),
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

// A JOIN whose right side is a lateral item: its ON condition filters (INNER) or is the
// join's predicate (LEFT).
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
    PlanPtr right = PlanItem(*item.right, none);
    return MakeLateralJoin(std::move(left), left_columns, *item.right, std::move(right), item.join_type,
                           std::move(on));
  }
  if (item.condition) SplitConjuncts(*item.condition, pool);
  PlanPtr left = PlanItem(*item.left, pool);
  PlanPtr right = PlanItem(*item.right, pool);
  PlanPtr join = MakeLateralJoin(std::move(left), left_columns, *item.right, std::move(right),
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
