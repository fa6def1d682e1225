// Planning references to WITH items (cte_planner.hpp).
#include "planner/optimize/cte_planner.hpp"

#include "planner/optimize/cost_model.hpp"
#include "planner/optimize/optimizer.hpp"

namespace granary::planner {
namespace {

// Whether running the query twice could give different rows (nextval and friends), so that
// it must not be inlined even where it is referenced once (PostgreSQL's rule too). A
// subquery's plan is not looked into: it counts as volatile, which only costs inlining.
bool QueryMayBeVolatile(const BoundQuery& query) {
  bool found = !query.row_marks.empty();
  query.VisitExpressions([&](const BoundExpr& node) {
    found = found || node.kind == BoundKind::kSequenceCall || node.kind == BoundKind::kSubquery ||
                    node.kind == BoundKind::kRoutineCall;
  });
  return found;
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
    PlanPtr plan = cte.recursive ? PlanRecursiveUnion(cte) : PlanQuery(*cte.query);
    EstimatePlan(*plan);
    planned->plan = std::move(plan);
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
