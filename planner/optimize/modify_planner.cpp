// Plans of INSERT, UPDATE and DELETE: the source query's plan under the data-changing node
// (see optimizer.hpp).
#include "planner/optimize/cte_planner.hpp"
#include "planner/optimize/cost_model.hpp"
#include "planner/optimize/optimizer.hpp"

namespace granary::planner {

namespace {

// A data-changing node: its output is the RETURNING list (none without RETURNING).
PlanPtr MakeModify(PlanKind kind, const catalog::TableSchema& table, PlanPtr child,
                   const BoundReturning& returning) {
  auto node = std::make_unique<PlanNode>();
  node->kind = kind;
  node->table = table;
  for (size_t i = 0; i < returning.exprs.size(); ++i) {
    node->returning.push_back(returning.exprs[i]->Clone());
    node->output_types.push_back(returning.exprs[i]->type);
    node->output_names.push_back(returning.names[i]);
  }
  node->children.push_back(std::move(child));
  return node;
}

}  // namespace

void AddGenerated(PlanNode& node, const BoundGenerated& generated) {
  node.generated_columns = generated.columns;
  for (const BoundExprPtr& expr : generated.exprs) node.generated.push_back(expr->Clone());
}

void AddChecks(PlanNode& node, const BoundChecks& checks) {
  for (size_t i = 0; i < checks.exprs.size(); ++i) {
    node.checks.push_back(checks.exprs[i]->Clone());
    node.check_names.push_back(checks.names[i]);
    node.check_is_view_option.push_back(i < checks.view_options.size() && checks.view_options[i]);
  }
}

PlanPtr PlanInsert(const BoundInsert& insert) {
  PlanPtr node = MakeModify(PlanKind::kInsert, insert.table,
                            RunModifyingCtesFirst(PlanQuery(*insert.source), insert.modifying_ctes), insert.returning);
  for (const BoundExprPtr& expr : insert.row) node->expressions.push_back(expr->Clone());
  AddGenerated(*node, insert.generated);
  AddChecks(*node, insert.checks);
  node->indexes = insert.indexes;
  node->on_conflict = insert.on_conflict;
  EstimatePlan(*node);
  return node;
}

PlanPtr PlanUpdate(const BoundUpdate& update) {
  PlanPtr node = MakeModify(PlanKind::kUpdate, update.table,
                            RunModifyingCtesFirst(PlanQuery(*update.source), update.modifying_ctes), update.returning);
  AddGenerated(*node, update.generated);
  AddChecks(*node, update.checks);
  node->indexes = update.indexes;
  EstimatePlan(*node);
  return node;
}

PlanPtr PlanDelete(const BoundDelete& del) {
  PlanPtr node = MakeModify(PlanKind::kDelete, del.table,
                            RunModifyingCtesFirst(PlanQuery(*del.source), del.modifying_ctes), del.returning);
  EstimatePlan(*node);
  return node;
}

}  // namespace granary::planner
