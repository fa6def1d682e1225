// Join methods (see join_methods.hpp).
#include "planner/optimize/join_methods.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include "planner/optimize/conjuncts.hpp"
#include "planner/optimize/cost_model.hpp"
#include "planner/optimize/cost_parameters.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;

// Which inputs an expression reads: bit 1 the outer's columns, bit 2 the inner's.
int SidesOf(const BoundExpr& expr, size_t outer_width) {
  int sides = 0;
  expr.Walk([&](const BoundExpr& node) {
    if (node.kind == BoundKind::kColumn) sides |= node.index < outer_width ? 1 : 2;
  });
  return sides;
}

// An equality between an expression of the outer input and one of the inner input: the
// operands, outer first.
struct EquiClause {
  const BoundExpr* outer = nullptr;
  const BoundExpr* inner = nullptr;
};

std::optional<EquiClause> AsEquiClause(const BoundExpr& expr, size_t outer_width) {
  if (expr.kind != BoundKind::kCall || expr.name != "=" || expr.args.size() != 2) return std::nullopt;
  const int first = SidesOf(*expr.args[0], outer_width);
  const int second = SidesOf(*expr.args[1], outer_width);
  if (first == 1 && second == 2) return EquiClause{expr.args[0].get(), expr.args[1].get()};
  if (first == 2 && second == 1) return EquiClause{expr.args[1].get(), expr.args[0].get()};
  return std::nullopt;
}

// A merge join compares key values with the sort's comparison: both keys plain columns of
// one type (no cross-type comparison).
bool Mergeable(const EquiClause& clause) {
  return clause.outer->kind == BoundKind::kColumn && clause.inner->kind == BoundKind::kColumn &&
         clause.outer->type.id == clause.inner->type.id && !types::IsArray(clause.outer->type.id) &&
         clause.outer->type.id != TypeId::kRecord;
}

bool SemiOrAnti(parser::JoinType type) {
  return type == parser::JoinType::kSemi || type == parser::JoinType::kAnti;
}

// A join node over `outer` and `inner`: its output is outer ++ inner, or for semi and anti
// joins the outer row alone.
PlanPtr NewJoinNode(PlanKind kind, parser::JoinType type, PlanPtr outer, PlanPtr inner) {
  auto join = std::make_unique<PlanNode>();
  join->kind = kind;
  join->join_type = type == parser::JoinType::kCross ? parser::JoinType::kInner : type;
  join->output_types = outer->output_types;
  join->output_names = outer->output_names;
  if (!SemiOrAnti(type)) {
    join->output_types.insert(join->output_types.end(), inner->output_types.begin(), inner->output_types.end());
    join->output_names.insert(join->output_names.end(), inner->output_names.begin(), inner->output_names.end());
  }
  join->children.push_back(std::move(outer));
  join->children.push_back(std::move(inner));
  return join;
}

// Whether `plan` returns its rows ordered (ascending, NULLs last) by its output `column`:
// an index scan whose equalities fix the index keys before that column's key.
bool Presorted(const PlanNode& plan, size_t column) {
  if (plan.kind != PlanKind::kIndexScan || !plan.index) return false;
  const size_t position = plan.index_values.size();
  for (size_t k = 0; k < plan.index->keys.size() && k <= position; ++k) {
    const IndexKey& key = plan.index->keys[k];
    if (!key.table_column || *key.table_column != column) continue;
    if (k < position) return true;  // fixed by an equality: one value
    // Index order is the sort's order for integers (other types' key encodings, collations
    // among them, are not relied on).
    const TypeId id = key.column.type.id;
    const bool integer = id == TypeId::kInt2 || id == TypeId::kInt4 || id == TypeId::kInt8;
    return integer && !plan.alternatives_from_array && !key.column.descending;
  }
  return false;
}

// `input` ordered on `columns`: as it is when presorted, else the cheaper of a Sort above it
// and, for a bare scan of `table`, a full scan of an index whose first key is the column
// (PostgreSQL's ordered index path).
PlanPtr SortedOn(PlanPtr input, const std::vector<size_t>& columns, const BoundFromItem* table) {
  if (columns.size() == 1 && Presorted(*input, columns[0])) return input;
  auto sort = std::make_unique<PlanNode>();
  sort->kind = PlanKind::kSort;
  sort->output_types = input->output_types;
  sort->output_names = input->output_names;
  for (size_t column : columns) sort->sort_keys.push_back(SortKey{column, false, false});
  if (table == nullptr || columns.size() != 1 || input->kind != PlanKind::kSeqScan) {
    sort->children.push_back(std::move(input));
    EstimatePlan(*sort);
    return sort;
  }
  PlanPtr best_scan;
  const RelationEstimate relation = EstimateItem(*table);
  for (size_t i = 0; i < table->indexes.size(); ++i) {
    const auto& index = table->indexes[i];
    if (index->predicate || index->keys.empty() || index->keys[0].table_column != columns[0]) continue;
    auto scan = std::make_unique<PlanNode>();
    scan->kind = PlanKind::kIndexScan;
    scan->table = input->table;
    scan->alias = input->alias;
    scan->output_types = input->output_types;
    scan->output_names = input->output_names;
    scan->predicate = input->predicate ? input->predicate->Clone() : nullptr;
    scan->index = index;
    if (!Presorted(*scan, columns[0])) continue;
    CostSeqScan(*scan, relation);
    double correlation = 0;
    if (const catalog::ColumnStatistics* stats = relation.Column(columns[0])) {
      correlation = stats->correlation.value_or(0);
    }
    const double pages = i < table->index_pages.size() ? table->index_pages[i] : 1;
    const double other = scan->predicate ? OperatorCount(*scan->predicate) : 0;
    const IndexScanCost cost = CostIndexScan(relation, 1.0, 0, other, pages, correlation);
    scan->estimate.startup_cost = cost.startup;
    scan->estimate.total_cost = cost.total;
    if (!best_scan || cost.total < best_scan->estimate.total_cost) best_scan = std::move(scan);
  }
  sort->children.push_back(std::move(input));
  EstimatePlan(*sort);
  if (best_scan && best_scan->estimate.total_cost < sort->estimate.total_cost) return best_scan;
  return sort;
}

// The largest kOuterRef index `expr` reads, plus one (0: none).
size_t OuterValuesRead(const BoundExpr* expr) {
  size_t count = 0;
  if (expr == nullptr) return 0;
  expr->Walk([&](const BoundExpr& node) {
    if (node.kind == BoundKind::kOuterRef) count = std::max(count, node.index + 1);
  });
  return count;
}

// The nested loop over a parameterized index scan: `inner` (a bare scan of `table`) becomes
// an index scan probing, for each outer row, an index whose first key is the inner column of
// an equality with the outer row.
PlanPtr MakeIndexNestLoop(parser::JoinType type, PlanPtr outer, PlanPtr inner, std::vector<BoundExprPtr> conditions,
                          const BoundFromItem& table) {
  if (type != parser::JoinType::kInner && type != parser::JoinType::kLeft && type != parser::JoinType::kCross &&
      !SemiOrAnti(type)) {
    return nullptr;
  }
  if (!IsTableScan(inner->kind)) return nullptr;
  const size_t outer_width = outer->output_types.size();
  const size_t column_count = table.table.columns.size();
  std::optional<size_t> chosen_condition;
  size_t chosen_index = 0;
  for (size_t c = 0; c < conditions.size() && !chosen_condition; ++c) {
    const std::optional<EquiClause> clause = AsEquiClause(*conditions[c], outer_width);
    if (!clause || clause->inner->kind != BoundKind::kColumn || clause->outer->IsVolatile()) continue;
    const size_t column = clause->inner->index - outer_width;
    if (column >= column_count) continue;  // ctid
    for (size_t i = 0; i < table.indexes.size(); ++i) {
      const auto& index = table.indexes[i];
      if (index->predicate || index->keys.empty() || !index->keys[0].table_column) continue;
      if (*index->keys[0].table_column != column || index->keys[0].column.type.id != clause->outer->type.id) continue;
      chosen_condition = c;
      chosen_index = i;
      break;
    }
  }
  if (!chosen_condition) return nullptr;
  EstimatePlan(*outer);
  const EquiClause clause = *AsEquiClause(*conditions[*chosen_condition], outer_width);
  const size_t column = clause.inner->index - outer_width;
  const auto& index = table.indexes[chosen_index];

  auto scan = std::make_unique<PlanNode>();
  scan->kind = PlanKind::kIndexScan;
  scan->table = inner->table;
  scan->alias = inner->alias;
  scan->output_types = inner->output_types;
  scan->output_names = inner->output_names;
  scan->predicate = inner->predicate ? inner->predicate->Clone() : nullptr;
  scan->index = index;
  // The parameter follows the outer values the scan already reads (an enclosing query's).
  const size_t base = OuterValuesRead(scan->predicate.get());
  auto parameter = std::make_unique<BoundExpr>();
  parameter->kind = BoundKind::kOuterRef;
  parameter->type = clause.outer->type;
  parameter->index = base;
  scan->index_values.push_back(std::move(parameter));
  scan->index_condition = "(" + table.table.columns[column].name + " = " + clause.outer->ToString(outer->output_names) + ")";

  // cost_index for one probe, with the heap pages amortized over the outer rows.
  const RelationEstimate relation = EstimateItem(table);
  CostSeqScan(*scan, relation);
  const double equal = std::clamp(relation.unique_columns.size() > column && relation.unique_columns[column]
                                      ? 1.0 / std::max(relation.tuples, 1.0)
                                      : 1.0 / relation.Distinct(column),
                                  0.0, 1.0);
  double correlation = 0;
  if (const catalog::ColumnStatistics* stats = relation.Column(column)) correlation = stats->correlation.value_or(0);
  const double pages = chosen_index < table.index_pages.size() ? table.index_pages[chosen_index] : 1;
  const double other = scan->predicate ? OperatorCount(*scan->predicate) : 0;
  const IndexScanCost cost =
      CostIndexScan(relation, equal, 1, other, pages, correlation, std::max(1.0, outer->estimate.rows));
  scan->estimate.rows = ClampRows(scan->estimate.rows * equal);
  scan->estimate.startup_cost = cost.startup;
  scan->estimate.total_cost = cost.total;

  auto join = NewJoinNode(PlanKind::kLateralJoin, type, std::move(outer), std::move(scan));
  join->parameterized = true;
  join->parameter_base = base;
  join->expressions.push_back(clause.outer->Clone());
  conditions.erase(conditions.begin() + static_cast<std::ptrdiff_t>(*chosen_condition));
  join->predicate = CombineAnd(std::move(conditions));
  EstimatePlan(*join);
  return join;
}

// A bare copy of an estimated input for costing: what MakeJoin reads of it.
PlanPtr CostingCopy(const JoinInput& input) {
  const PlanNode& plan = *input.plan;
  auto copy = std::make_unique<PlanNode>();
  copy->kind = plan.kind == PlanKind::kIndexScan || plan.kind == PlanKind::kSeqScan ? plan.kind : PlanKind::kValues;
  copy->estimate = plan.estimate;
  copy->output_types = plan.output_types;
  copy->output_names = plan.output_names;
  copy->index = plan.index;
  for (const BoundExprPtr& value : plan.index_values) copy->index_values.push_back(value->Clone());
  copy->alternatives_from_array = plan.alternatives_from_array;
  if (input.table != nullptr) {
    copy->kind = plan.kind;
    copy->table = plan.table;
    copy->alias = plan.alias;
    if (plan.predicate) copy->predicate = plan.predicate->Clone();
  }
  return copy;
}

}  // namespace

parser::JoinType MirroredJoin(parser::JoinType type) {
  if (type == parser::JoinType::kLeft) return parser::JoinType::kRight;
  if (type == parser::JoinType::kRight) return parser::JoinType::kLeft;
  return type;
}

RelationEstimate EstimateItem(const BoundFromItem& item) {
  RelationEstimate relation = EstimateRelation(item.table, item.statistics.get(), item.pages);
  relation.unique_columns.assign(item.table.columns.size(), false);
  for (const auto& index : item.indexes) {
    if (index->schema.unique && !index->predicate && index->keys.size() == 1 && index->keys[0].table_column &&
        *index->keys[0].table_column < relation.unique_columns.size()) {
      relation.unique_columns[*index->keys[0].table_column] = true;
    }
  }
  return relation;
}

PlanPtr MakeJoin(parser::JoinType type, JoinMethod method, PlanPtr outer, PlanPtr inner,
                 std::vector<BoundExprPtr> conditions, const BoundFromItem* outer_table,
                 const BoundFromItem* inner_table) {
  const size_t outer_width = outer->output_types.size();
  bool has_equality = false;
  bool has_mergeable = false;
  for (const BoundExprPtr& condition : conditions) {
    if (std::optional<EquiClause> clause = AsEquiClause(*condition, outer_width)) {
      has_equality = true;
      has_mergeable = has_mergeable || Mergeable(*clause);
    }
  }
  const bool outer_preserving_inner = type == parser::JoinType::kRight || type == parser::JoinType::kFull;
  switch (method) {
    case JoinMethod::kIndexNestLoop:
      if (inner_table == nullptr) return nullptr;
      return MakeIndexNestLoop(type, std::move(outer), std::move(inner), std::move(conditions), *inner_table);
    case JoinMethod::kNestLoop: {
      // PostgreSQL's nested loop cannot preserve its inner side; Granary's can (it keeps the
      // inner rows), which is the plan of last resort for RIGHT/FULL joins without equality.
      if (outer_preserving_inner && (has_equality || type == parser::JoinType::kRight)) return nullptr;
      auto join = NewJoinNode(PlanKind::kNestedLoopJoin, type, std::move(outer), std::move(inner));
      join->predicate = CombineAnd(std::move(conditions));
      EstimatePlan(*join);
      return join;
    }
    case JoinMethod::kHash:
    case JoinMethod::kMerge: {
      const bool merge = method == JoinMethod::kMerge;
      if (merge ? !has_mergeable : !has_equality) return nullptr;
      std::vector<BoundExprPtr> left_keys;
      std::vector<BoundExprPtr> right_keys;
      std::vector<BoundExprPtr> residual;
      for (BoundExprPtr& condition : conditions) {
        const std::optional<EquiClause> clause = AsEquiClause(*condition, outer_width);
        if (!clause || (merge && !Mergeable(*clause))) {
          residual.push_back(std::move(condition));
          continue;
        }
        left_keys.push_back(clause->outer->Clone());
        BoundExprPtr right_key = clause->inner->Clone();
        right_key->RemapColumns([outer_width](size_t index) { return index - outer_width; });
        right_keys.push_back(std::move(right_key));
      }
      if (merge) {
        std::vector<size_t> outer_columns;
        std::vector<size_t> inner_columns;
        for (size_t i = 0; i < left_keys.size(); ++i) {
          outer_columns.push_back(left_keys[i]->index);
          inner_columns.push_back(right_keys[i]->index);
        }
        outer = SortedOn(std::move(outer), outer_columns, outer_table);
        inner = SortedOn(std::move(inner), inner_columns, inner_table);
      }
      auto join = NewJoinNode(merge ? PlanKind::kMergeJoin : PlanKind::kHashJoin, type, std::move(outer),
                              std::move(inner));
      join->left_keys = std::move(left_keys);
      join->right_keys = std::move(right_keys);
      join->predicate = CombineAnd(std::move(residual));
      EstimatePlan(*join);
      return join;
    }
  }
  return nullptr;
}

JoinChoice ChooseJoin(parser::JoinType type, const JoinInput& left, const JoinInput& right,
                      const std::vector<const BoundExpr*>& conditions, bool keep_outer_order) {
  JoinChoice best;
  if (keep_outer_order) best.estimate.total_cost = std::numeric_limits<double>::infinity();
  double best_cost = std::numeric_limits<double>::infinity();
  const size_t left_width = left.plan->output_types.size();
  const size_t right_width = right.plan->output_types.size();
  for (const bool swapped : {false, true}) {
    // A semi or anti join's inner input stays inner (PostgreSQL 15 has no right semi join).
    if (swapped && (SemiOrAnti(type) || keep_outer_order)) continue;
    const JoinInput& outer = swapped ? right : left;
    const JoinInput& inner = swapped ? left : right;
    for (const JoinMethod method :
         {JoinMethod::kHash, JoinMethod::kMerge, JoinMethod::kNestLoop, JoinMethod::kIndexNestLoop}) {
      if (method == JoinMethod::kIndexNestLoop && inner.table == nullptr) continue;
      if (keep_outer_order && method != JoinMethod::kNestLoop && method != JoinMethod::kIndexNestLoop) continue;
      std::vector<BoundExprPtr> copies;
      for (const BoundExpr* condition : conditions) {
        BoundExprPtr copy = condition->Clone();
        if (swapped) {
          copy->RemapColumns([&](size_t index) { return index < left_width ? index + right_width : index - left_width; });
        }
        copies.push_back(std::move(copy));
      }
      PlanPtr candidate = MakeJoin(swapped ? MirroredJoin(type) : type, method, CostingCopy(outer), CostingCopy(inner),
                                   std::move(copies), outer.table, inner.table);
      if (!candidate || !(candidate->estimate.total_cost < best_cost)) continue;
      best_cost = candidate->estimate.total_cost;
      best.method = method;
      best.swapped = swapped;
      best.estimate = candidate->estimate;
    }
  }
  return best;
}

}  // namespace granary::planner
