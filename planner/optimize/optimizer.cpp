// The optimizer's entry for queries (see optimizer.hpp): the FROM plan (from_planner.hpp),
// then grouping, windows, the projection, DISTINCT, ORDER BY, row locks and LIMIT above it.
#include "planner/optimize/optimizer.hpp"

#include <algorithm>

#include "planner/finalize/constant_folding.hpp"
#include "planner/finalize/finalize_plan.hpp"
#include "planner/optimize/conjuncts.hpp"
#include "planner/optimize/cost_model.hpp"
#include "planner/optimize/cte_planner.hpp"
#include "planner/optimize/from_planner.hpp"
#include "planner/optimize/index_order.hpp"
#include "planner/optimize/minmax_index.hpp"
#include "planner/optimize/ordered_join.hpp"
#include "planner/optimize/project_set.hpp"
#include "planner/optimize/pseudoconstant.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;

PlanPtr MakeProject(PlanPtr child, const std::vector<BoundExprPtr>& expressions,
                    const std::vector<std::string>& names, size_t count) {
  auto project = std::make_unique<PlanNode>();
  project->kind = PlanKind::kProject;
  for (size_t i = 0; i < count; ++i) {
    project->expressions.push_back(expressions[i]->Clone());
    project->output_types.push_back(expressions[i]->type);
    project->output_names.push_back(names[i]);
  }
  project->children.push_back(std::move(child));
  return project;
}

PlanPtr PlanSource(const BoundQuery& query) {
  if (!query.values_rows.empty() || query.from.empty()) {
    auto values = std::make_unique<PlanNode>();
    values->kind = PlanKind::kValues;
    values->output_types = query.input_types;
    values->output_names = query.input_names;
    if (query.values_rows.empty()) {
      values->rows.emplace_back();  // SELECT without FROM: one empty row
    }
    for (const auto& row : query.values_rows) {
      std::vector<BoundExprPtr> copy;
      for (const BoundExprPtr& expr : row) copy.push_back(expr->Clone());
      values->rows.push_back(std::move(copy));
    }
    if (!query.values_rows.empty() || !query.where) {
      return MakeFilter(std::move(values), query.where ? query.where->Clone() : nullptr);
    }
    // SELECT without FROM: a WHERE without sub-selects or volatile calls is PostgreSQL's Result
    // with a One-Time Filter (pseudoconstant.hpp), which makes the one row itself.
    std::vector<Conjunct> pool;
    SplitConjuncts(*query.where, pool);
    BoundExprPtr gate = TakePseudoconstants(pool);
    std::vector<BoundExprPtr> rest;
    for (Conjunct& conjunct : pool) rest.push_back(std::move(conjunct.expr));
    PlanPtr plan = rest.empty() && gate ? nullptr : MakeFilter(std::move(values), CombineAnd(std::move(rest)));
    return MakeGatingResult(std::move(plan), std::move(gate), query.input_types, query.input_names);
  }
  std::vector<Conjunct> pool;
  if (query.where) SplitConjuncts(*query.where, pool);
  return PlanFrom(query, pool);
}

}  // namespace

PlanPtr PlanSetOperation(const BoundQuery& query) {
  auto node = std::make_unique<PlanNode>();
  node->kind = PlanKind::kSetOperation;
  node->set_op = query.set_op;
  node->set_all = query.set_all;
  node->output_types = query.input_types;
  node->output_names = query.input_names;
  node->children.push_back(PlanQuery(*query.left));
  node->children.push_back(PlanQuery(*query.right));
  return node;
}

namespace {

// A cursor's ORDER BY over one table (PostgreSQL's cursor_tuple_fraction 0.1): UseIndexOrder
// under a LIMIT of unknown value, which the cost model takes as a tenth of the rows; the
// LIMIT is dropped again.
PlanPtr PlanCursorOrder(PlanPtr plan, const BoundQuery& query) {
  const bool plain = query.set_op == parser::SetOperation::kNone && !query.aggregated && query.windows.empty() &&
                     !query.distinct && query.distinct_on.empty() && query.row_marks.empty();
  if (!plain || query.sort.empty() || query.limit_with_ties || plan->kind != PlanKind::kSort) return plan;
  auto limit = std::make_unique<PlanNode>();
  limit->kind = PlanKind::kLimit;
  limit->output_types = plan->output_types;
  limit->output_names = plan->output_names;
  limit->limit = std::make_unique<BoundExpr>();
  limit->limit->kind = BoundKind::kParam;  // not a constant: a tenth of the rows
  limit->limit->type = types::Type{types::TypeId::kInt8, -1};
  limit->children.push_back(std::move(plan));
  UseIndexOrder(limit, query);
  return std::move(limit->children[0]);
}

}  // namespace

PlanPtr PlanQuery(const BoundQuery& query, bool cursor) {
  CheckFoldingErrors(query);
  PlanPtr plan = query.set_op != parser::SetOperation::kNone ? PlanSetOperation(query)
                                                              : PlanSource(query);

  if (query.aggregated) {
    if (query.group_keys.empty() && query.aggregates.empty() && query.grouping_sets.empty()) {
      // PostgreSQL's degenerate grouping (HAVING without aggregates or GROUP BY): one row if
      // HAVING holds, whatever FROM yields, so FROM is not read at all (nor its WHERE run).
      auto nothing = std::make_unique<PlanNode>();
      nothing->kind = PlanKind::kValues;
      nothing->output_types = plan->output_types;
      nothing->output_names = plan->output_names;
      plan = std::move(nothing);
    }
    if (PlanPtr first_values = PlanMinMaxByIndex(query, *plan)) {
      plan = std::move(first_values);
      if (query.having) plan = MakeFilter(std::move(plan), query.having->Clone());
    } else {
      auto aggregate = std::make_unique<PlanNode>();
      aggregate->kind = PlanKind::kAggregate;
      for (const BoundExprPtr& key : query.group_keys) {
        aggregate->group_keys.push_back(key->Clone());
        aggregate->output_types.push_back(key->type);
        aggregate->output_names.push_back(key->ToString(plan->output_names));
      }
      for (const BoundAggregate& source : query.aggregates) {
        BoundAggregate copy = source.Clone();
        aggregate->output_types.push_back(Type{source.signature.result, -1});
        aggregate->output_names.push_back(
            source.name + "(" + (copy.argument ? copy.argument->ToString(plan->output_names) : "*") + ")");
        aggregate->aggregates.push_back(std::move(copy));
      }
      aggregate->grouping_sets = query.grouping_sets;
      aggregate->grouping_calls = query.grouping_calls;
      for (size_t c = 0; c < query.grouping_calls.size(); ++c) {
        aggregate->output_types.push_back(Type{TypeId::kInt4, -1});
        aggregate->output_names.push_back("grouping");
      }
      aggregate->children.push_back(std::move(plan));
      plan = std::move(aggregate);
      if (query.having) plan = MakeFilter(std::move(plan), query.having->Clone());
    }
  }

  if (!query.windows.empty()) {
    auto window = std::make_unique<PlanNode>();
    window->kind = PlanKind::kWindow;
    window->output_types = plan->output_types;
    window->output_names = plan->output_names;
    for (const BoundWindow& source : query.windows) {
      window->windows.push_back(source.Clone());
      window->output_types.push_back(source.type);
      std::string arguments;
      for (const BoundExprPtr& arg : source.args) {
        arguments += (arguments.empty() ? "" : ", ") + arg->ToString(plan->output_names);
      }
      if (source.function == WindowFunction::kAggregate && source.args.empty()) arguments = "*";
      window->output_names.push_back(source.name + "(" + arguments + ")");
    }
    window->children.push_back(std::move(plan));
    plan = std::move(window);
  }

  plan = PlanSelectList(std::move(plan), query.targets, query.target_names, query.targets.size());

  if (query.distinct) {
    auto distinct = std::make_unique<PlanNode>();
    distinct->kind = PlanKind::kDistinct;
    distinct->output_types = plan->output_types;
    distinct->output_names = plan->output_names;
    distinct->children.push_back(std::move(plan));
    plan = std::move(distinct);
  }
  if (!query.sort.empty()) {
    auto sort = std::make_unique<PlanNode>();
    sort->kind = PlanKind::kSort;
    sort->output_types = plan->output_types;
    sort->output_names = plan->output_names;
    sort->sort_keys = query.sort;
    sort->children.push_back(std::move(plan));
    plan = std::move(sort);
  }
  if (!query.distinct_on.empty()) {
    // After the sort: the first row of each DISTINCT ON group in ORDER BY order.
    auto distinct = std::make_unique<PlanNode>();
    distinct->kind = PlanKind::kDistinct;
    distinct->distinct_columns = query.distinct_on;
    distinct->output_types = plan->output_types;
    distinct->output_names = plan->output_names;
    distinct->children.push_back(std::move(plan));
    plan = std::move(distinct);
  }
  if (!query.row_marks.empty()) {
    // Below LIMIT, as PostgreSQL plans it: LIMIT counts only rows that were locked (a row
    // skipped by SKIP LOCKED or gone after a concurrent update does not count).
    auto lock_rows = std::make_unique<PlanNode>();
    lock_rows->kind = PlanKind::kLockRows;
    lock_rows->output_types = plan->output_types;
    lock_rows->output_names = plan->output_names;
    lock_rows->row_marks = query.row_marks;
    lock_rows->children.push_back(std::move(plan));
    plan = std::move(lock_rows);
  }
  if (cursor && !query.limit && !query.offset) plan = PlanCursorOrder(std::move(plan), query);
  if (query.limit || query.offset) {
    auto limit = std::make_unique<PlanNode>();
    limit->kind = PlanKind::kLimit;
    limit->output_types = plan->output_types;
    limit->output_names = plan->output_names;
    if (query.limit) limit->limit = query.limit->Clone();
    if (query.offset) limit->offset = query.offset->Clone();
    if (query.limit_with_ties) {
      limit->limit_with_ties = true;
      limit->sort_keys = query.sort;
    }
    limit->children.push_back(std::move(plan));
    plan = std::move(limit);
    const bool plain = query.set_op == parser::SetOperation::kNone && !query.aggregated && query.windows.empty() &&
                       !query.distinct && query.distinct_on.empty() && query.row_marks.empty();
    // (WITH TIES compares rows on the sort keys, which those rewrites do not carry over.)
    if (plain && !query.sort.empty() && !query.limit_with_ties) {
      UseIndexOrder(plan, query);
      UseOrderedJoin(plan, query);
    }
  }
  if (query.visible_targets < query.targets.size()) {
    std::vector<BoundExprPtr> visible;
    for (size_t i = 0; i < query.visible_targets; ++i) visible.push_back(MakeColumn(i, query.targets[i]->type));
    plan = MakeProject(std::move(plan), visible, query.target_names, query.visible_targets);
  }
  PlanPtr result = RunModifyingCtesFirst(std::move(plan), query.modifying_ctes);
  FinalizePlan(*result);
  EstimatePlan(*result);
  return result;
}

}  // namespace granary::planner
