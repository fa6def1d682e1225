#include "planner/optimize/minmax_index.hpp"

#include <memory>
#include <utility>
#include <vector>

#include "planner/finalize/finalize_plan.hpp"
#include "planner/optimize/cost_model.hpp"
#include "planner/optimize/cost_parameters.hpp"
#include "planner/optimize/index_order.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;

bool IsPlainMinMax(const BoundAggregate& aggregate, size_t table_columns) {
  return (aggregate.name == "min" || aggregate.name == "max") && !aggregate.distinct && !aggregate.filter &&
         aggregate.order_by.empty() && aggregate.direct_args.empty() && aggregate.argument &&
         aggregate.argument->kind == BoundKind::kColumn && aggregate.argument->index < table_columns;
}

// Limit 1 over the column of an ordered scan whose NULLs are filtered out.
PlanPtr FirstValuePlan(PlanPtr ordered, const BoundExpr& column) {
  auto not_null = std::make_unique<BoundExpr>();
  not_null->kind = BoundKind::kIsNull;
  not_null->negated = true;
  not_null->type = Type{TypeId::kBool, -1};
  not_null->args.push_back(column.Clone());
  auto filter = std::make_unique<PlanNode>();
  filter->kind = PlanKind::kFilter;
  filter->output_types = ordered->output_types;
  filter->output_names = ordered->output_names;
  filter->predicate = std::move(not_null);
  filter->children.push_back(std::move(ordered));

  auto project = std::make_unique<PlanNode>();
  project->kind = PlanKind::kProject;
  project->expressions.push_back(column.Clone());
  project->output_types.push_back(column.type);
  project->output_names.push_back(filter->output_names[column.index]);
  project->children.push_back(std::move(filter));

  auto limit = std::make_unique<PlanNode>();
  limit->kind = PlanKind::kLimit;
  limit->output_types = project->output_types;
  limit->output_names = project->output_names;
  limit->limit = MakeConstant(types::Value::Int8(1), Type{TypeId::kInt8, -1});
  limit->children.push_back(std::move(project));
  return limit;
}

// Whether `expr` reads an enclosing query's row, or has a sub-select (which might).
bool ReadsOuterValues(const BoundExpr& expr) {
  bool reads = false;
  expr.Walk([&](const BoundExpr& node) {
    reads |= node.kind == BoundKind::kOuterRef || node.kind == BoundKind::kSubquery;
  });
  return reads;
}

}  // namespace

PlanPtr PlanMinMaxByIndex(const BoundQuery& query, const PlanNode& from) {
  if (query.from.size() != 1 || !query.group_keys.empty() || !query.grouping_sets.empty() ||
      !query.grouping_calls.empty() || query.aggregates.empty() || !query.row_marks.empty()) {
    return nullptr;
  }
  const BoundFromItem& item = *query.from[0];
  if (item.kind != BoundFromItem::Kind::kTable || item.indexes.empty()) return nullptr;
  // The WHERE is the scan's predicate, which each ordered scan checks on its rows. One that
  // reads an enclosing query's row stays with the aggregation: inside the sub-selects it
  // would be one query level further down.
  if (!IsTableScan(from.kind) || (from.predicate && ReadsOuterValues(*from.predicate))) return nullptr;
  const size_t table_columns = item.table.columns.size();
  for (const BoundAggregate& aggregate : query.aggregates) {
    if (!IsPlainMinMax(aggregate, table_columns)) return nullptr;
  }
  auto values = std::make_unique<PlanNode>();
  values->kind = PlanKind::kValues;
  values->rows.emplace_back();
  double first_values_cost = 0;
  for (const BoundAggregate& aggregate : query.aggregates) {
    const BoundExpr& column = *aggregate.argument;
    const bool max = aggregate.name == "max";
    // min reads the ascending order with NULLs last, max its reverse; NULLs are skipped.
    SortKey key;
    key.column = column.index;
    key.descending = max;
    key.nulls_first = max;
    key.collation = column.type.collation;
    PlanPtr ordered = OrderedScan(from, item, {{column.index, key}});
    if (!ordered) return nullptr;
    PlanPtr first = FirstValuePlan(std::move(ordered), column);
    FinalizePlan(*first);
    EstimatePlan(*first);
    first_values_cost += first->estimate.total_cost;
    auto info = std::make_shared<SubqueryInfo>();
    info->mode = SubqueryMode::kScalar;
    info->plan = std::shared_ptr<const PlanNode>(std::move(first));
    const Type result{aggregate.signature.result, -1};  // as the aggregation outputs it
    auto subquery = std::make_unique<BoundExpr>();
    subquery->kind = BoundKind::kSubquery;
    subquery->type = result;
    subquery->subquery = std::move(info);
    values->output_types.push_back(result);
    values->output_names.push_back(aggregate.name + "(" + from.output_names[column.index] + ")");
    values->rows.back().push_back(std::move(subquery));
  }
  // With a WHERE, the first matching entry may lie far into the index: as planagg, only when
  // cheaper than aggregating the scan (cost_agg: an operator cost per row and aggregate).
  if (from.predicate) {
    const double aggregate_cost = from.estimate.total_cost + CurrentCostParameters().cpu_operator_cost *
                                                                 from.estimate.rows *
                                                                 static_cast<double>(query.aggregates.size());
    if (first_values_cost >= aggregate_cost) return nullptr;
  }
  return values;
}

}  // namespace granary::planner
