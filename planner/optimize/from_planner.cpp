// The FROM clause's plan (see from_planner.hpp): join lists, scans and subqueries, outer
// joins, the semi and anti joins pulled up from WHERE.
#include "planner/optimize/from_planner.hpp"

#include <algorithm>
#include <optional>

#include "planner/optimize/cost_model.hpp"
#include "planner/optimize/cost_parameters.hpp"
#include "planner/optimize/cte_planner.hpp"
#include "planner/optimize/equivalence_classes.hpp"
#include "planner/optimize/join_methods.hpp"
#include "planner/optimize/join_relations.hpp"
#include "planner/optimize/lateral_join.hpp"
#include "planner/optimize/optimizer.hpp"
#include "planner/optimize/pseudoconstant.hpp"
#include "planner/optimize/scan_choice.hpp"
#include "planner/optimize/semi_join.hpp"

namespace granary::planner {

// Plans the FROM list with the WHERE conjuncts in `pool`; what cannot be pushed down stays.
// The list and the inner JOINs in it are flattened into join lists within the collapse
// limits (PostgreSQL's deconstruct_jointree) and each list is joined in the order the
// join search (join_search.hpp) finds cheapest; a final projection restores FROM order.
// A FROM list with LATERAL items is joined left-deep in FROM order instead (PlanInFromOrder).
// The conjuncts of `pool` (WHERE, and the ON clauses of the inner JOINs the top-level list
// flattens) that are EXISTS / IN / NOT EXISTS become semi and anti joins (semi_join.hpp).
FromPlanner::FromPlanner(const BoundQuery& query, const RequiredOrder* order)
    : query_(query), order_(order), outer_value_base_(OuterValueCount(query)) {}

PlanPtr FromPlanner::Plan(std::vector<Conjunct>& pool) {
  const bool lateral =
      std::any_of(query_.from.begin(), query_.from.end(), [](const auto& item) { return IsLateral(*item); });
  if (lateral && order_ != nullptr) return nullptr;
  if (lateral) {
    semi_joins_ = PullUpSublinks(query_, pool);
    // The semi and anti joins go above the FROM list joined in FROM order.
    Part current;
    current.plan = PlanInFromOrder(pool);
    for (size_t i = 0; i < current.plan->output_types.size(); ++i) current.columns.push_back(i);
    for (size_t k = 0; k < semi_joins_.size(); ++k) {
      Part inner;
      inner.plan = std::move(semi_joins_[k].plan);
      inner.columns = semi_joins_[k].columns;
      inner.table = semi_joins_[k].table;
      current = SemiJoinParts(std::move(current), std::move(inner), semi_joins_[k]);
    }
    return std::move(current.plan);
  }
  const int limit = CurrentCostParameters().from_collapse_limit;
  const size_t where_count = pool.size();
  std::vector<JoinListEntry> list;
  for (size_t i = 0; i < query_.from.size(); ++i) {
    std::vector<JoinListEntry> sub = Deconstruct(*query_.from[i], pool);
    const size_t remaining = query_.from.size() - i - 1;
    if (sub.size() <= 1 || list.size() + sub.size() + remaining <= static_cast<size_t>(limit)) {
      for (JoinListEntry& entry : sub) list.push_back(std::move(entry));
    } else {
      list.push_back(Wrap(std::move(sub)));
    }
  }
  // The ON conjuncts (children's first) before WHERE's, in the order PostgreSQL's
  // deconstruct_jointree distributes them: the order of restrictions and of classes' members.
  std::rotate(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(where_count), pool.end());
  DeriveConstantEqualities(pool);
  semi_joins_ = PullUpSublinks(query_, pool);
  Part joined = PlanJoinList(list, pool, true);
  if (!joined.plan) return nullptr;
  return InOrder(std::move(joined), 0);
}

FromPlanner::JoinListEntry FromPlanner::Wrap(std::vector<JoinListEntry> list) {
  if (list.size() == 1) return std::move(list.front());
  JoinListEntry entry;
  entry.members = std::move(list);
  return entry;
}

// deconstruct_recurse: an inner JOIN (whose right side is not lateral to its left) becomes the
// concatenation of its sides' lists while that has at most join_collapse_limit members,
// else the two-member list [left, right] (explicit JOINs beyond the limit keep their
// shape); its ON conjuncts join `pool` after its sides' own. Any other item is one entry. Outer joins are not
// flattened: their inputs are planned below them (no reordering across outer joins).
std::vector<FromPlanner::JoinListEntry> FromPlanner::Deconstruct(const BoundFromItem& item, std::vector<Conjunct>& pool) {
  const bool inner = item.kind == BoundFromItem::Kind::kJoin &&
                     (item.join_type == parser::JoinType::kInner || item.join_type == parser::JoinType::kCross) &&
                     !LateralToLeft(item);
  if (!inner) {
    JoinListEntry entry;
    entry.item = &item;
    return {std::move(entry)};
  }
  std::vector<JoinListEntry> left = Deconstruct(*item.left, pool);
  std::vector<JoinListEntry> right = Deconstruct(*item.right, pool);
  if (item.condition) SplitConjuncts(*item.condition, pool);
  const int limit = CurrentCostParameters().join_collapse_limit;
  if (left.size() + right.size() <= static_cast<size_t>(limit)) {
    for (JoinListEntry& entry : right) left.push_back(std::move(entry));
    return left;
  }
  std::vector<JoinListEntry> pair;
  pair.push_back(Wrap(std::move(left)));
  pair.push_back(Wrap(std::move(right)));
  return pair;
}

FromPlanner::Part FromPlanner::PlanEntry(const JoinListEntry& entry, std::vector<Conjunct>& pool) {
  if (!entry.item) return PlanJoinList(entry.members, pool);
  const BoundFromItem& item = *entry.item;
  Part part;
  part.plan = PlanItem(item, pool);
  for (size_t i = 0; i < item.column_count; ++i) part.columns.push_back(item.column_offset + i);
  if (item.kind == BoundFromItem::Kind::kTable) part.table = &item;
  return part;
}

// Plans every member (taking the conjuncts that read only its columns), then joins them
// in the order the join search finds cheapest.
// The top-level list (`with_semi_joins`) also holds the inner inputs of the semi and anti
// joins, which the search joins as PostgreSQL's SpecialJoinInfo rules allow: only as the
// inner side of their own join, with a relation holding every column their conditions read.
FromPlanner::Part FromPlanner::PlanJoinList(const std::vector<JoinListEntry>& list, std::vector<Conjunct>& pool,
                  bool with_semi_joins) {
  std::vector<Part> parts;
  for (const JoinListEntry& entry : list) parts.push_back(PlanEntry(entry, pool));
  std::vector<std::optional<size_t>> semi(parts.size());
  if (with_semi_joins) {
    for (size_t k = 0; k < semi_joins_.size(); ++k) {
      Part inner;
      inner.plan = std::move(semi_joins_[k].plan);
      inner.columns = semi_joins_[k].columns;
      inner.table = semi_joins_[k].table;
      parts.push_back(std::move(inner));
      semi.push_back(k);
    }
  }
  // The order asked for is the top-level list's (a single relation's is index_order.hpp's).
  const RequiredOrder* order = with_semi_joins ? order_ : nullptr;
  if (parts.size() == 1) return order != nullptr ? Part{} : std::move(parts.front());
  return JoinInSearchOrder(*this, parts, pool, semi, order);
}

// The plan of `part` with its columns in global order (global column `begin` first),
// projecting when joins were built with their inputs swapped.
PlanPtr FromPlanner::InOrder(Part part, size_t begin) {
  bool in_order = true;
  for (size_t i = 0; i < part.columns.size(); ++i) in_order = in_order && part.columns[i] == begin + i;
  if (in_order) return std::move(part.plan);
  std::vector<size_t> position(part.columns.size());
  for (size_t i = 0; i < part.columns.size(); ++i) position[part.columns[i] - begin] = i;
  auto project = std::make_unique<PlanNode>();
  project->kind = PlanKind::kProject;
  for (size_t global = 0; global < position.size(); ++global) {
    const size_t local = position[global];
    project->expressions.push_back(MakeColumn(local, part.plan->output_types[local]));
    project->output_types.push_back(part.plan->output_types[local]);
    project->output_names.push_back(part.plan->output_names[local]);
  }
  project->children.push_back(std::move(part.plan));
  return project;
}

std::vector<size_t> FromPlanner::ColumnsOf(const BoundExpr& expr) {
  std::vector<size_t> columns;
  expr.Walk([&](const BoundExpr& node) {
    if (node.kind == BoundKind::kColumn) columns.push_back(node.index);
  });
  return columns;
}

bool FromPlanner::Contains(const std::vector<size_t>& columns, size_t column) {
  return std::find(columns.begin(), columns.end(), column) != columns.end();
}

// Inner-joins two parts with every conjunct of `pool` that reads only their columns (taken
// out of it), by the method and with the outer side the cost model finds cheapest
// (join_methods.hpp).
FromPlanner::Part FromPlanner::JoinParts(Part left, Part right, std::vector<Conjunct>& pool, bool keep_order) {
  EstimatePlan(*left.plan);
  EstimatePlan(*right.plan);
  std::vector<size_t> columns = left.columns;
  columns.insert(columns.end(), right.columns.begin(), right.columns.end());
  auto local = [&](size_t global) {
    return static_cast<size_t>(std::find(columns.begin(), columns.end(), global) - columns.begin());
  };
  std::vector<BoundExprPtr> conditions;
  for (Conjunct& conjunct : pool) {
    if (!conjunct.expr || !conjunct.reads_columns) continue;
    const std::vector<size_t> read = ColumnsOf(*conjunct.expr);
    if (!std::all_of(read.begin(), read.end(), [&](size_t column) { return Contains(columns, column); })) continue;
    BoundExprPtr expr = std::move(conjunct.expr);
    expr->RemapColumns(local);
    conditions.push_back(std::move(expr));
  }
  std::erase_if(pool, [](const Conjunct& conjunct) { return !conjunct.expr; });
  Part joined;
  joined.plan = JoinPlans(parser::JoinType::kInner, std::move(left.plan), left.table, std::move(right.plan),
                          right.table, std::move(conditions), joined.columns, left.columns, right.columns, keep_order);
  return joined;
}

// The semi or anti join of `outer` with the inner input `inner` of `semi`, by the method the
// cost model finds cheapest (the inner input stays inner); output: the outer's columns.
FromPlanner::Part FromPlanner::SemiJoinParts(Part outer, Part inner, const SemiJoinInput& semi, bool keep_order) {
  std::vector<size_t> columns = outer.columns;
  columns.insert(columns.end(), inner.columns.begin(), inner.columns.end());
  std::vector<BoundExprPtr> conditions;
  for (const BoundExprPtr& condition : semi.conditions) {
    BoundExprPtr copy = condition->Clone();
    copy->RemapColumns([&](size_t global) {
      return static_cast<size_t>(std::find(columns.begin(), columns.end(), global) - columns.begin());
    });
    conditions.push_back(std::move(copy));
  }
  Part joined;
  joined.plan = JoinPlans(semi.type, std::move(outer.plan), outer.table, std::move(inner.plan), inner.table,
                          std::move(conditions), joined.columns, outer.columns, inner.columns, keep_order);
  joined.columns = outer.columns;
  return joined;
}

// Joins `left` and `right` (outputs: the global columns `left_columns`, `right_columns`)
// with `conditions` over left ++ right by ChooseJoin's choice; `columns` receives the
// global column of each output (the right side's first when the inputs were swapped).
PlanPtr FromPlanner::JoinPlans(parser::JoinType type, PlanPtr left, const BoundFromItem* left_table, PlanPtr right,
                         const BoundFromItem* right_table, std::vector<BoundExprPtr> conditions,
                         std::vector<size_t>& columns, const std::vector<size_t>& left_columns,
                         const std::vector<size_t>& right_columns, bool keep_order) {
  EstimatePlan(*left);
  EstimatePlan(*right);
  std::vector<const BoundExpr*> views;
  for (const BoundExprPtr& condition : conditions) views.push_back(condition.get());
  const JoinChoice choice = ChooseJoin(type, JoinInput{left.get(), left_table}, JoinInput{right.get(), right_table}, views,
                                       keep_order);
  if (choice.swapped) {
    const size_t left_width = left->output_types.size();
    const size_t right_width = right->output_types.size();
    for (BoundExprPtr& condition : conditions) {
      condition->RemapColumns(
          [&](size_t index) { return index < left_width ? index + right_width : index - left_width; });
    }
    std::swap(left, right);
    std::swap(left_table, right_table);
    type = MirroredJoin(type);
  }
  columns = choice.swapped ? right_columns : left_columns;
  const std::vector<size_t>& second = choice.swapped ? left_columns : right_columns;
  columns.insert(columns.end(), second.begin(), second.end());
  return MakeJoin(type, choice.method, std::move(left), std::move(right), std::move(conditions), left_table,
                  right_table);
}

PlanPtr FromPlanner::PlanItem(const BoundFromItem& item, std::vector<Conjunct>& pool) {
  PlanPtr plan = PlanOwnItem(item, pool);
  if (item.kind == BoundFromItem::Kind::kJoin || item.lateral_args.empty()) return plan;
  // A subquery or function whose plan reads its lateral_args as outer values 0..n-1: a
  // lateral join over one row supplies them, unless they are this query's own first n.
  bool same_values = true;
  for (size_t i = 0; i < item.lateral_args.size(); ++i) {
    same_values = same_values && item.lateral_args[i]->kind == BoundKind::kOuterRef && item.lateral_args[i]->index == i;
  }
  if (same_values) return plan;
  return JoinLateralItem(MakeOneRow(), {}, item, std::move(plan), parser::JoinType::kInner, nullptr);
}

PlanPtr FromPlanner::PlanOwnItem(const BoundFromItem& item, std::vector<Conjunct>& pool) {
  const size_t begin = item.column_offset;
  const size_t end = item.column_offset + item.column_count;
  const bool outer_values_readable = item.lateral_args.empty();
  switch (item.kind) {
    case BoundFromItem::Kind::kTable: {
      PlanPtr scan = MakeScan(item.table, item.alias);
      scan->predicate = TakeConjuncts(pool, begin, end);
      scan->sample = item.sample;  // a sampled table has no indexes bound: a seq scan stays
      ChooseIndex(*scan, item);
      return scan;
    }
    case BoundFromItem::Kind::kFunction: {
      auto scan = std::make_unique<PlanNode>();
      scan->kind = PlanKind::kFunctionScan;
      scan->alias = item.function_name;
      for (const BoundExprPtr& arg : item.function_args) scan->expressions.push_back(arg->Clone());
      if (item.function_column_types.empty()) {
        scan->output_types = {item.function_type};
      } else {
        scan->output_types = item.function_column_types;
      }
      for (size_t i = 0; i < scan->output_types.size(); ++i) {
        scan->output_names.push_back(item.alias + "." + item.column_names[i]);
      }
      return MakeFilter(std::move(scan), TakeConjuncts(pool, begin, end, outer_values_readable));
    }
    case BoundFromItem::Kind::kSystemView: {
      auto scan = std::make_unique<PlanNode>();
      scan->kind = PlanKind::kSystemViewScan;
      scan->table = item.table;
      scan->system_view = item.system_view;
      scan->alias = item.alias;
      for (size_t i = 0; i < item.table.columns.size(); ++i) {
        scan->output_types.push_back(item.table.columns[i].type);
        scan->output_names.push_back(item.alias + "." + item.column_names[i]);
      }
      return MakeFilter(std::move(scan), TakeConjuncts(pool, begin, end, outer_values_readable));
    }
    case BoundFromItem::Kind::kCte: {
      PlanPtr scan = PlanCteReference(*item.cte);
      for (size_t i = 0; i < scan->output_names.size(); ++i) {
        scan->output_names[i] = item.alias + "." + item.column_names[i];
      }
      if (scan->kind == PlanKind::kCteScan) scan->alias = item.alias;
      return MakeFilter(std::move(scan), TakeConjuncts(pool, begin, end, outer_values_readable));
    }
    case BoundFromItem::Kind::kWorkTable: {
      auto scan = std::make_unique<PlanNode>();
      scan->kind = PlanKind::kWorkTableScan;
      scan->work_table = item.cte->plan.get();
      scan->alias = item.alias;
      scan->output_types = item.cte->column_types;
      for (const std::string& name : item.column_names) scan->output_names.push_back(item.alias + "." + name);
      return MakeFilter(std::move(scan), TakeConjuncts(pool, begin, end, outer_values_readable));
    }
    case BoundFromItem::Kind::kSubquery: {
      PlanPtr sub = PlanQuery(*item.subquery);
      for (std::string& name : sub->output_names) name = item.alias + "." + name;
      return MakeFilter(std::move(sub), TakeConjuncts(pool, begin, end, outer_values_readable));
    }
    case BoundFromItem::Kind::kJoin: {
      if (LateralToLeft(item)) return PlanLateralJoinItem(item, pool);
      const size_t split = item.right->column_offset;
      if (item.join_type == parser::JoinType::kInner || item.join_type == parser::JoinType::kCross) {
        std::vector<JoinListEntry> list = Deconstruct(item, pool);
        DeriveConstantEqualities(pool);
        return InOrder(PlanJoinList(list, pool), begin);
      }
      // Outer joins. A side whose rows the join may NULL-extend (nullable) must not be
      // filtered by WHERE before the join; a side whose every row the join keeps
      // (preserved) must not be filtered by ON. What cannot go down stays at the join
      // (ON) or above it (WHERE).
      const bool left_preserved = item.join_type != parser::JoinType::kRight;
      const bool right_preserved = item.join_type != parser::JoinType::kLeft;
      const bool left_nullable = right_preserved;
      const bool right_nullable = left_preserved;
      std::vector<Conjunct> on;
      if (item.condition) SplitConjuncts(*item.condition, on);
      std::vector<Conjunct> on_left = TakeSide(on, begin, split, !left_preserved);
      std::vector<Conjunct> on_right = TakeSide(on, split, end, !right_preserved);
      // `inner = outer` of ON with `outer = constant` above the join: `inner = constant` on
      // the nullable side (equivalence_classes.hpp; PostgreSQL leaves FULL JOIN's to its
      // outer join reduction, which Granary does not do).
      if (item.join_type == parser::JoinType::kLeft) DeriveOuterJoinConstants(on, pool, split, end, on_right);
      if (item.join_type == parser::JoinType::kRight) DeriveOuterJoinConstants(on, pool, begin, split, on_left);
      PlanPtr left = PlanItem(*item.left, left_nullable ? on_left : pool);
      PlanPtr right = PlanItem(*item.right, right_nullable ? on_right : pool);
      // What a side's pool still holds (conjuncts reading no column, such as a constant
      // false of an inner JOIN inside it) filters that side: in a FULL JOIN's ON it would
      // only decide matches, and the side's rows would survive NULL-extended.
      if (left_nullable) left = FilterSide(std::move(left), on_left, begin);
      if (right_nullable) right = FilterSide(std::move(right), on_right, split);
      const BoundFromItem* left_table = item.left->kind == BoundFromItem::Kind::kTable ? item.left.get() : nullptr;
      const BoundFromItem* right_table = item.right->kind == BoundFromItem::Kind::kTable ? item.right.get() : nullptr;
      return OuterJoin(item.join_type, std::move(left), left_table, std::move(right), right_table, split, end, on,
                       begin);
    }
  }
  return nullptr;
}

// `plan` (the columns from global `begin` on) filtered by every conjunct of `rest` (taken).
PlanPtr FromPlanner::FilterSide(PlanPtr plan, std::vector<Conjunct>& rest, size_t begin) {
  std::vector<BoundExprPtr> parts;
  for (Conjunct& conjunct : rest) {
    if (!conjunct.expr) continue;
    conjunct.expr->RemapColumns([begin](size_t index) { return index - begin; });
    parts.push_back(std::move(conjunct.expr));
  }
  rest.clear();
  return MakeFilter(std::move(plan), CombineAnd(std::move(parts)));
}

// Moves the conjuncts of `conjuncts` that read only columns in [begin, end) into the
// result when `take` is set.
std::vector<Conjunct> FromPlanner::TakeSide(std::vector<Conjunct>& conjuncts, size_t begin, size_t end,
                                      bool take) {
  std::vector<Conjunct> taken;
  if (!take) return taken;
  for (Conjunct& conjunct : conjuncts) {
    if (conjunct.reads_columns && Within(conjunct, begin, end)) taken.push_back(std::move(conjunct));
  }
  std::erase_if(conjuncts, [](const Conjunct& conjunct) { return !conjunct.expr; });
  return taken;
}

// The outer join of `left` (columns [begin, split)) and `right` (columns [split, end)) on
// every conjunct of `conditions` (its ON clause), in column order [begin, end).
PlanPtr FromPlanner::OuterJoin(parser::JoinType type, PlanPtr left, const BoundFromItem* left_table, PlanPtr right,
                         const BoundFromItem* right_table, size_t split, size_t end,
                         std::vector<Conjunct>& conditions, size_t begin) {
  std::vector<BoundExprPtr> on;
  for (Conjunct& conjunct : conditions) {
    if (!conjunct.expr) continue;
    BoundExprPtr expr = std::move(conjunct.expr);
    expr->RemapColumns([begin](size_t index) { return index - begin; });
    on.push_back(std::move(expr));
  }
  conditions.clear();
  std::vector<size_t> left_columns;
  std::vector<size_t> right_columns;
  for (size_t column = begin; column < split; ++column) left_columns.push_back(column);
  for (size_t column = split; column < end; ++column) right_columns.push_back(column);
  Part joined;
  joined.plan = JoinPlans(type, std::move(left), left_table, std::move(right), right_table, std::move(on),
                          joined.columns, left_columns, right_columns);
  return InOrder(std::move(joined), begin);
}

std::vector<SemiJoinInput> PullUpSublinks(const BoundQuery& query, std::vector<Conjunct>& pool) {
  std::vector<SemiJoinInput> semi_joins;
  const size_t outer_width = query.input_types.size();
  size_t next_column = outer_width;
  for (Conjunct& conjunct : pool) {
    std::optional<SublinkPullUp> pull_up = PullUpSublink(*conjunct.expr, outer_width);
    if (!pull_up) continue;
    SemiJoinInput semi;
    semi.type = pull_up->type;
    const BoundQuery& sub = *pull_up->query;
    if (pull_up->whole_query) {
      semi.plan = PlanQuery(sub);
      // EXPLAIN names a selected column as its source does (`sj_keys.k`, not `k`).
      if (semi.plan->kind == PlanKind::kProject) {
        const PlanNode& source = *semi.plan->children[0];
        for (size_t i = 0; i < semi.plan->expressions.size(); ++i) {
          const BoundExpr& expr = *semi.plan->expressions[i];
          if (expr.kind == BoundKind::kColumn && expr.index < source.output_names.size()) {
            semi.plan->output_names[i] = source.output_names[expr.index];
          }
        }
      }
    } else {
      std::vector<Conjunct> inner_pool;
      for (const BoundExprPtr& condition : pull_up->inner_conditions) SplitConjuncts(*condition, inner_pool);
      semi.plan = PlanFrom(sub, inner_pool);
      if (sub.from.size() == 1 && sub.from[0]->kind == BoundFromItem::Kind::kTable &&
          IsTableScan(semi.plan->kind)) {
        semi.table = sub.from[0].get();
      }
    }
    const size_t base = next_column;
    for (size_t i = 0; i < semi.plan->output_types.size(); ++i) semi.columns.push_back(next_column++);
    for (BoundExprPtr& condition : pull_up->join_conditions) {
      condition->RemapColumns([&](size_t index) { return index < outer_width ? index : index - outer_width + base; });
      condition->Walk([&](const BoundExpr& node) {
        if (node.kind == BoundKind::kColumn && node.index < outer_width) semi.required.push_back(node.index);
      });
      semi.conditions.push_back(std::move(condition));
    }
    std::sort(semi.required.begin(), semi.required.end());
    semi.required.erase(std::unique(semi.required.begin(), semi.required.end()), semi.required.end());
    semi_joins.push_back(std::move(semi));
    conjunct.expr = nullptr;
  }
  std::erase_if(pool, [](const Conjunct& conjunct) { return !conjunct.expr; });
  return semi_joins;
}

PlanPtr PlanFrom(const BoundQuery& query, std::vector<Conjunct>& pool, const RequiredOrder* order) {
  // Conjuncts without columns that give every row the same value (WHERE false) are tested
  // once, by a Result above everything (pseudoconstant.hpp); a false one leaves nothing to
  // plan.
  BoundExprPtr gate = TakePseudoconstants(pool);
  if (gate && IsConstantFalseOrNull(*gate)) {
    return MakeGatingResult(nullptr, std::move(gate), query.input_types, query.input_names);
  }
  // The others (volatile calls, sub-selects) are evaluated per row, above everything.
  std::vector<BoundExprPtr> constant_conditions;
  for (Conjunct& conjunct : pool) {
    if (!conjunct.reads_columns) constant_conditions.push_back(std::move(conjunct.expr));
  }
  std::erase_if(pool, [](const Conjunct& conjunct) { return !conjunct.expr; });
  FromPlanner from(query, order);
  PlanPtr plan = from.Plan(pool);
  if (!plan) return nullptr;
  std::vector<BoundExprPtr> rest = std::move(constant_conditions);
  for (Conjunct& conjunct : pool) rest.push_back(std::move(conjunct.expr));
  plan = MakeFilter(std::move(plan), CombineAnd(std::move(rest)));
  return MakeGatingResult(std::move(plan), std::move(gate), query.input_types, query.input_names);
}

}  // namespace granary::planner
