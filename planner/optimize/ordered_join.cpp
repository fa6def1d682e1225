// ORDER BY ... LIMIT over joins read in order (see ordered_join.hpp).
#include "planner/optimize/ordered_join.hpp"

#include <utility>
#include <vector>

#include "planner/optimize/conjuncts.hpp"
#include "planner/optimize/cost_model.hpp"
#include "planner/optimize/from_planner.hpp"

namespace granary::planner {
namespace {

// Whether a FROM item is a table or inner joins of tables, and how many tables it holds.
bool TablesOnly(const BoundFromItem& item, size_t& tables) {
  if (!item.lateral_args.empty()) return false;
  if (item.kind == BoundFromItem::Kind::kTable) {
    ++tables;
    return true;
  }
  if (item.kind != BoundFromItem::Kind::kJoin) return false;
  if (item.join_type != parser::JoinType::kInner && item.join_type != parser::JoinType::kCross) return false;
  return TablesOnly(*item.left, tables) && TablesOnly(*item.right, tables);
}

// A copy of a kLimit or kProject node without its children or estimate.
PlanPtr CopyNode(const PlanNode& node) {
  auto copy = std::make_unique<PlanNode>();
  copy->kind = node.kind;
  copy->output_types = node.output_types;
  copy->output_names = node.output_names;
  for (const BoundExprPtr& expr : node.expressions) copy->expressions.push_back(expr->Clone());
  if (node.limit) copy->limit = node.limit->Clone();
  if (node.offset) copy->offset = node.offset->Clone();
  return copy;
}

}  // namespace

void UseOrderedJoin(PlanPtr& limit, const BoundQuery& query) {
  if (limit->kind != PlanKind::kLimit || !limit->limit) return;
  PlanNode& sort = *limit->children[0];
  if (sort.kind != PlanKind::kSort) return;
  const PlanNode& project = *sort.children[0];
  if (project.kind != PlanKind::kProject) return;
  size_t tables = 0;
  for (const auto& item : query.from) {
    if (!TablesOnly(*item, tables)) return;
  }
  // One table without semi joins has no join search (index_order.hpp reads it in order);
  // PlanFrom then finds no ordered path.
  if (tables == 0) return;

  // The ORDER BY as FROM columns: every key must be a plain column of the FROM layout.
  RequiredOrder order;
  for (const SortKey& key : sort.sort_keys) {
    if (key.column >= project.expressions.size()) return;
    const BoundExpr& expr = *project.expressions[key.column];
    if (expr.kind != BoundKind::kColumn || expr.index >= query.input_types.size()) return;
    order.keys.emplace_back(expr.index, key);
  }

  std::vector<Conjunct> pool;
  if (query.where) SplitConjuncts(*query.where, pool);
  PlanPtr ordered = PlanFrom(query, pool, &order);
  EstimatePlan(*limit);
  if (!ordered) return;
  PlanPtr new_project = CopyNode(project);
  new_project->children.push_back(std::move(ordered));
  PlanPtr candidate = CopyNode(*limit);
  candidate->children.push_back(std::move(new_project));
  EstimatePlan(*candidate);
  if (candidate->estimate.total_cost < limit->estimate.total_cost) limit = std::move(candidate);
}

}  // namespace granary::planner
