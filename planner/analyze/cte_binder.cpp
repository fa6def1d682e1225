// Binding of WITH clauses: each item's query, its column names and types, and the checks
// PostgreSQL makes on recursive items (parse_cte.c).
#include <optional>

#include "common/sqlstate.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/cte_scope.hpp"
#include "planner/analyze/cte_search_cycle.hpp"
#include "planner/optimize/optimizer.hpp"
#include "planner/plan.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;

std::string Quoted(const std::string& name) { return "\"" + name + "\""; }

// Names the item's columns: the query's, or the list written after the name (42P10 when it
// is longer than the query is wide); output columns of unknown type become text.
void NameColumns(BoundCte& cte, const parser::CommonTableExpr& item, BoundQuery& query,
                 AnalyzeContext& context) {
  std::vector<std::string> names = query.OutputNames();
  if (item.column_names.size() > names.size()) {
    throw context.ErrorAt(sqlstate::kInvalidColumnReference,
                          "WITH query " + Quoted(item.name) + " has " + std::to_string(names.size()) +
                              " columns available but " + std::to_string(item.column_names.size()) +
                              " columns specified",
                          item.location);
  }
  for (size_t i = 0; i < item.column_names.size(); ++i) names[i] = item.column_names[i];
  ResolveUnknownOutputs(query, context);
  cte.column_names = std::move(names);
  cte.column_types = query.OutputTypes();
}

// Makes `self` the scope's item reading itself, and restores the one before (an item bound
// while another is, because the other references it) however binding ends.
class SelfGuard {
 public:
  SelfGuard(CteScope& scope, std::shared_ptr<BoundCte> self, SelfReference state, int depth)
      : scope_(scope),
        saved_self_(std::move(scope.self)),
        saved_state_(scope.self_state),
        saved_depth_(scope.self_depth),
        saved_references_(scope.self_references) {
    scope_.self = std::move(self);
    scope_.self_state = state;
    scope_.self_depth = depth;
    scope_.self_references = 0;
  }
  ~SelfGuard() {
    scope_.self = std::move(saved_self_);
    scope_.self_state = saved_state_;
    scope_.self_depth = saved_depth_;
    scope_.self_references = saved_references_;
  }
  SelfGuard(const SelfGuard&) = delete;
  SelfGuard& operator=(const SelfGuard&) = delete;

 private:
  CteScope& scope_;
  std::shared_ptr<BoundCte> saved_self_;
  SelfReference saved_state_;
  int saved_depth_;
  int saved_references_;
};

// An item is materialised once per execution of the statement, so its query cannot follow
// the rows of an enclosing query: reading their columns is 0A000 for now (PostgreSQL
// recomputes such an item for each enclosing row).
void RejectOuterColumns(const BoundCte& cte, AnalyzeContext& context) {
  bool correlated = false;
  cte.query->VisitExpressions([&](const BoundExpr& node) { correlated = correlated || node.kind == BoundKind::kOuterRef; });
  if (!correlated) return;
  throw context.ErrorAt(sqlstate::kFeatureNotSupported,
                        "WITH query " + Quoted(cte.name) + " reading columns of an enclosing query is not supported yet",
                        cte.location);
}

// Rejects clauses PostgreSQL does not implement on a recursive item's UNION (0A000).
void RejectRecursiveClauses(const parser::SelectStmt& select, AnalyzeContext& context) {
  if (!select.order_by.empty()) {
    throw context.ErrorAt(sqlstate::kFeatureNotSupported, "ORDER BY in a recursive query is not implemented",
                          select.order_by.front().expr->location);
  }
  if (select.offset) {
    throw context.ErrorAt(sqlstate::kFeatureNotSupported, "OFFSET in a recursive query is not implemented",
                          select.offset->location);
  }
  if (select.limit) {
    throw context.ErrorAt(sqlstate::kFeatureNotSupported, "LIMIT in a recursive query is not implemented",
                          select.limit->location);
  }
  if (!select.locking.empty()) {
    throw context.ErrorAt(sqlstate::kFeatureNotSupported,
                          "FOR UPDATE/SHARE in a recursive query is not implemented", -1);
  }
}

// The recursive term's aggregates (42P19), including those of a set operation's sides.
void RejectAggregates(const BoundQuery& query, AnalyzeContext& context) {
  if (query.left) RejectAggregates(*query.left, context);
  if (query.right) RejectAggregates(*query.right, context);
  if (query.aggregates.empty()) return;
  throw context.ErrorAt(sqlstate::kInvalidRecursion,
                        "aggregate functions are not allowed in a recursive query's recursive term",
                        query.aggregates.front().location);
}

// A recursive item whose query is `left UNION [ALL] right`, `right` reading the item: the
// columns are typed by `left`, and `right` must produce those types (42804 otherwise, as
// PostgreSQL: "... has type integer in non-recursive term but type bigint overall").
// Returns false, binding nothing, when `right` does not read the item after all.
bool BindRecursiveUnion(BoundCte& cte, const std::shared_ptr<BoundCte>& self,
                        const parser::CommonTableExpr& item, CteScope& scope, AnalyzeContext& context) {
  const auto& select = item.query->As<parser::SelectStmt>();
  std::optional<CycleMark> mark = BindCycleMark(item, context);
  std::unique_ptr<BoundQuery> left;
  {
    SelfGuard guard(scope, self, SelfReference::kNonRecursiveTerm, context.subquery_depth);
    left = BindSelect(*select.left, context, scope.outer, scope.outer_arguments);
  }
  NameColumns(cte, item, *left, context);
  AddSearchCycleColumns(cte, item, mark ? &*mark : nullptr);
  std::unique_ptr<BoundQuery> right;
  {
    SelfGuard guard(scope, self, SelfReference::kRecursiveTerm, context.subquery_depth);
    right = BindSelect(*select.right, context, scope.outer, scope.outer_arguments);
    if (scope.self_references == 0) return false;
  }
  RejectRecursiveClauses(select, context);
  RejectAggregates(*right, context);
  if (left->visible_targets != right->visible_targets) {
    throw context.ErrorAt(sqlstate::kSyntaxError, "each UNION query must have the same number of columns",
                          select.right->location);
  }
  auto query = std::make_unique<BoundQuery>();
  query->set_op = parser::SetOperation::kUnion;
  query->set_all = select.all;
  for (size_t i = 0; i < left->visible_targets; ++i) {
    const Type type = cte.column_types[i];
    std::vector<BoundExprPtr> pair;
    pair.push_back(left->targets[i]->Clone());
    pair.push_back(std::move(right->targets[i]));
    const Type overall = CoerceToCommonType(pair, "UNION", context);
    if (overall.id != TypeId::kUnknown && !(overall == type)) {
      throw context.ErrorAt(sqlstate::kDatatypeMismatch,
                            "recursive query " + Quoted(cte.name) + " column " + std::to_string(i + 1) +
                                " has type " + types::FormatType(type) +
                                " in non-recursive term but type " + types::FormatType(overall) + " overall",
                            left->targets[i]->location)
          .WithHint("Cast the output of the non-recursive term to the correct type.");
    }
    right->targets[i] = Coerce(std::move(pair[1]), type, types::CastContext::kImplicit, context);
    query->input_types.push_back(type);
    query->input_names.push_back(cte.column_names[i]);
    query->targets.push_back(MakeColumn(i, type));
    query->target_names.push_back(cte.column_names[i]);
  }
  query->visible_targets = query->targets.size();
  query->left = std::move(left);
  query->right = std::move(right);
  cte.query = std::move(query);
  cte.recursive = true;
  if (item.search || item.cycle) RewriteSearchAndCycle(cte, item, std::move(mark), context);
  return true;
}

// An INSERT, UPDATE or DELETE item: bound and planned at once; it runs once per execution,
// to completion, before the statement's own rows (ModifyingCtes), and scans read its
// RETURNING rows. PostgreSQL allows it only in the top-level statement's WITH (0A000).
std::shared_ptr<BoundCte> BindModifyingItem(const parser::CommonTableExpr& item, CteScope& scope,
                                            AnalyzeContext& context) {
  if (!scope.top_level) {
    throw context.ErrorAt(sqlstate::kFeatureNotSupported,
                          "WITH clause containing a data-modifying statement must be at the top level",
                          item.location);
  }
  auto cte = std::make_shared<BoundCte>();
  cte->name = item.name;
  cte->location = item.location;
  cte->modifying = true;
  PlanPtr plan;
  BoundReturning* returning = nullptr;
  std::unique_ptr<BoundInsert> insert;
  std::unique_ptr<BoundUpdate> update;
  std::unique_ptr<BoundDelete> del;
  switch (item.query->kind) {
    case parser::StmtKind::kInsert:
      insert = BindInsert(item.query->As<parser::InsertStmt>(), context);
      returning = &insert->returning;
      plan = PlanInsert(*insert);
      cte->has_returning = !item.query->As<parser::InsertStmt>().returning.empty();
      break;
    case parser::StmtKind::kUpdate:
      update = BindUpdate(item.query->As<parser::UpdateStmt>(), context);
      returning = &update->returning;
      plan = PlanUpdate(*update);
      cte->has_returning = !item.query->As<parser::UpdateStmt>().returning.empty();
      break;
    default:
      del = BindDelete(item.query->As<parser::DeleteStmt>(), context);
      returning = &del->returning;
      plan = PlanDelete(*del);
      cte->has_returning = !item.query->As<parser::DeleteStmt>().returning.empty();
      break;
  }
  std::vector<std::string> names = returning->names;
  if (item.column_names.size() > names.size()) {
    throw context.ErrorAt(sqlstate::kInvalidColumnReference,
                          "WITH query " + Quoted(item.name) + " has " + std::to_string(names.size()) +
                              " columns available but " + std::to_string(item.column_names.size()) +
                              " columns specified",
                          item.location);
  }
  for (size_t i = 0; i < item.column_names.size(); ++i) names[i] = item.column_names[i];
  cte->column_names = std::move(names);
  for (const BoundExprPtr& expr : returning->exprs) cte->column_types.push_back(expr->type);
  auto planned = std::make_shared<CtePlan>();
  planned->name = item.name;
  planned->plan = std::move(plan);
  cte->plan = planned;
  scope.modifying.push_back(planned);
  return cte;
}

std::shared_ptr<BoundCte> BindItem(const parser::WithClause& with, const parser::CommonTableExpr& item,
                                   CteScope& scope, AnalyzeContext& context) {
  if (item.query->kind != parser::StmtKind::kSelect) return BindModifyingItem(item, scope, context);
  const auto& select = item.query->As<parser::SelectStmt>();
  auto cte = std::make_shared<BoundCte>();
  cte->name = item.name;
  cte->materialized = item.materialized;
  cte->location = item.location;
  if (with.recursive && select.set_op == parser::SetOperation::kUnion &&
      BindRecursiveUnion(*cte, cte, item, scope, context)) {
    RejectOuterColumns(*cte, context);
    return cte;
  }
  // Not recursive after all; with RECURSIVE a self-reference now means a query of the wrong
  // form (without it, the item's own name is not visible: 42P01).
  std::optional<SelfGuard> guard;
  if (with.recursive) guard.emplace(scope, cte, SelfReference::kNotUnion, context.subquery_depth);
  cte->query = BindSelect(select, context, scope.outer, scope.outer_arguments);
  NameColumns(*cte, item, *cte->query, context);
  cte->search_cycle_columns = 0;
  if (item.search || item.cycle) {
    throw context.ErrorAt(sqlstate::kSyntaxError, "WITH query is not recursive", item.location);
  }
  RejectOuterColumns(*cte, context);
  return cte;
}

}  // namespace

void BindWithClause(const parser::WithClause& with, CteScope& scope, AnalyzeContext& context) {
  for (size_t i = 0; i < with.ctes.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (with.ctes[j].name == with.ctes[i].name) {
        throw context.ErrorAt(sqlstate::kDuplicateAlias,
                              "WITH query name " + Quoted(with.ctes[i].name) + " specified more than once",
                              with.ctes[i].location);
      }
    }
  }
  scope.binding_items = true;
  scope.item_states.assign(with.ctes.size(), CteScope::ItemState::kUnbound);
  // Item i is bound in the scope it belongs to, whichever nested query referenced it.
  auto bind = [&](size_t i) {
    const CteScope* saved = context.ctes;
    context.ctes = &scope;
    scope.item_states[i] = CteScope::ItemState::kBinding;
    try {
      scope.visible.push_back(BindItem(with, with.ctes[i], scope, context));
    } catch (...) {
      context.ctes = saved;
      throw;
    }
    scope.item_states[i] = CteScope::ItemState::kBound;
    context.ctes = saved;
  };
  if (with.recursive) scope.bind_item = bind;
  for (size_t i = 0; i < with.ctes.size(); ++i) {
    if (scope.item_states[i] == CteScope::ItemState::kUnbound) bind(i);
  }
  scope.bind_item = nullptr;
  scope.binding_items = false;
}

}  // namespace granary::planner

namespace granary::planner {

WithBinding::WithBinding(const parser::WithClause* with, AnalyzeContext& context, ExprBinder* outer,
                         std::vector<BoundExprPtr>* outer_arguments)
    : context_(context), saved_(context.ctes) {
  const bool top_level = context.statement_nesting == 0;
  ++context.statement_nesting;
  if (with == nullptr) return;
  scope_.emplace(*with, saved_);
  scope_->top_level = top_level;
  scope_->outer = outer;
  scope_->outer_arguments = outer_arguments;
  context.ctes = &*scope_;
  try {
    BindWithClause(*with, *scope_, context);
  } catch (...) {
    context.ctes = saved_;
    --context.statement_nesting;
    throw;
  }
}

}  // namespace granary::planner
