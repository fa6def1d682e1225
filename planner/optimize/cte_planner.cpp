// Planning references to WITH items (cte_planner.hpp).
#include "planner/optimize/cte_planner.hpp"

#include "planner/optimize/optimizer.hpp"

namespace granary::planner {
namespace {

bool ExprMayBeVolatile(const BoundExpr* expr) {
  if (expr == nullptr) return false;
  bool found = false;
  // A subquery's plan is not looked into: it counts as volatile, which only costs inlining.
  expr->Walk([&](const BoundExpr& node) {
    found = found || node.kind == BoundKind::kSequenceCall || node.kind == BoundKind::kSubquery;
  });
  return found;
}

bool QueryMayBeVolatile(const BoundQuery& query);

bool ItemMayBeVolatile(const BoundFromItem& item) {
  if (item.subquery && QueryMayBeVolatile(*item.subquery)) return true;
  if (item.left && ItemMayBeVolatile(*item.left)) return true;
  if (item.right && ItemMayBeVolatile(*item.right)) return true;
  if (ExprMayBeVolatile(item.condition.get())) return true;
  for (const BoundExprPtr& arg : item.function_args) {
    if (ExprMayBeVolatile(arg.get())) return true;
  }
  return false;
}

// Whether running the query twice could give different rows (nextval and friends), so that
// it must not be inlined even where it is referenced once (PostgreSQL's rule too).
bool QueryMayBeVolatile(const BoundQuery& query) {
  if (query.left && QueryMayBeVolatile(*query.left)) return true;
  if (query.right && QueryMayBeVolatile(*query.right)) return true;
  for (const auto& item : query.from) {
    if (ItemMayBeVolatile(*item)) return true;
  }
  for (const BoundExprPtr* expr : {&query.where, &query.having, &query.limit, &query.offset}) {
    if (ExprMayBeVolatile(expr->get())) return true;
  }
  for (const auto& row : query.values_rows) {
    for (const BoundExprPtr& expr : row) {
      if (ExprMayBeVolatile(expr.get())) return true;
    }
  }
  for (const BoundExprPtr& expr : query.targets) {
    if (ExprMayBeVolatile(expr.get())) return true;
  }
  for (const BoundExprPtr& expr : query.group_keys) {
    if (ExprMayBeVolatile(expr.get())) return true;
  }
  for (const BoundAggregate& aggregate : query.aggregates) {
    if (ExprMayBeVolatile(aggregate.argument.get())) return true;
  }
  return !query.row_marks.empty();
}

// Whether a reference plans the item's query in place, like a subquery in FROM (so that
// conditions reach its scans), as PostgreSQL inlines: NOT MATERIALIZED, or a non-recursive
// item referenced once whose query gives the same rows however often it runs. (A reference
// planned while binding, in an expression subquery, may see a count that grows later; an
// item inlined then is still safe to compute twice.)
bool Inlined(const BoundCte& cte) {
  if (cte.recursive || cte.materialized == parser::CteMaterialize::kAlways) return false;
  if (cte.materialized == parser::CteMaterialize::kNever) return true;
  return cte.references <= 1 && !QueryMayBeVolatile(*cte.query);
}

// A recursive item: the non-recursive term, then the recursive term over the work table.
// The item's CtePlan exists before the recursive term is planned, so that its work-table
// scans can name it.
PlanPtr PlanRecursiveUnion(const BoundCte& cte) {
  const BoundQuery& query = *cte.query;
  auto node = std::make_unique<PlanNode>();
  node->kind = PlanKind::kRecursiveUnion;
  node->set_all = query.set_all;
  node->work_table = cte.plan.get();
  node->output_types = query.input_types;
  node->output_names = query.input_names;
  node->children.push_back(PlanQuery(*query.left));
  node->children.push_back(PlanQuery(*query.right));
  return node;
}

}  // namespace

PlanPtr PlanCteReference(BoundCte& cte) {
  if (!cte.plan && Inlined(cte)) return PlanQuery(*cte.query);
  if (!cte.plan) {
    auto planned = std::make_shared<CtePlan>();
    planned->name = cte.name;
    cte.plan = planned;
    planned->plan = cte.recursive ? PlanRecursiveUnion(cte) : PlanQuery(*cte.query);
  }
  auto scan = std::make_unique<PlanNode>();
  scan->kind = PlanKind::kCteScan;
  scan->cte = cte.plan;
  scan->output_types = cte.column_types;
  scan->output_names = cte.column_names;
  return scan;
}

PlanPtr RunModifyingCtesFirst(PlanPtr plan, const std::vector<std::shared_ptr<const CtePlan>>& ctes) {
  if (ctes.empty()) return plan;
  auto node = std::make_unique<PlanNode>();
  node->kind = PlanKind::kModifyingCtes;
  node->modifying_ctes = ctes;
  node->output_types = plan->output_types;
  node->output_names = plan->output_names;
  node->children.push_back(std::move(plan));
  return node;
}

}  // namespace granary::planner
