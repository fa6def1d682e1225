// Binding of SELECT and VALUES: the order of a query's clauses, set operations (UNION,
// INTERSECT, EXCEPT), LIMIT/OFFSET and the row source of UPDATE/DELETE. The clauses are
// bound by the other SelectBinder files (select_binder.hpp lists them).
#include "planner/analyze/select_binder.hpp"

#include <algorithm>
#include <set>

#include "common/sqlstate.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/json_binder.hpp"
#include "planner/analyze/table_estimates.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/collation_assign.hpp"
#include "planner/analyze/cte_scope.hpp"
#include "planner/analyze/deparse.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/grouping.hpp"
#include "planner/analyze/index_definition.hpp"
#include "planner/analyze/locking.hpp"
#include "planner/analyze/operators.hpp"
#include "planner/analyze/relation_cache.hpp"
#include "planner/analyze/sql_function_binder.hpp"

namespace granary::planner {

using types::Type;
using types::TypeId;

// UPDATE/DELETE row source: the target table first, then the other FROM items.
std::unique_ptr<BoundQuery> SelectBinder::BindModify(const parser::RangeVar& target,
                                       const std::vector<parser::TableRefPtr>& from,
                                       const parser::Expr* where, const ModifyTargets& make_targets,
                                       const ExposeTarget& expose_target) {
  modify_target_ = &target;  // always the table: a WITH item of its name does not hide it
  query_->from.push_back(BindFromItem(target));
  BoundExprPtr target_condition = expose_target ? expose_target(scope_) : nullptr;
  for (const parser::TableRefPtr& item : from) query_->from.push_back(BindFromItem(*item));
  if (where) {
    ExprBinder binder = MakeBinder(scope_, nullptr, "WHERE");
    query_->where = binder.BindCondition(*where, "WHERE");
  }
  if (target_condition && query_->where) {
    auto both = std::make_unique<BoundExpr>();
    both->kind = BoundKind::kAnd;
    both->type = Type{TypeId::kBool, -1};
    both->args.push_back(std::move(target_condition));
    both->args.push_back(std::move(query_->where));
    query_->where = std::move(both);
  } else if (target_condition) {
    query_->where = std::move(target_condition);
  }
  ExprBinder binder = MakeBinder(scope_, nullptr, "RETURNING");
  make_targets(*query_, binder);
  query_->visible_targets = query_->targets.size();
  return std::move(query_);
}

std::unique_ptr<BoundQuery> SelectBinder::Bind() {
  if (select_.into && &select_ != context_.select_into) {
    throw context_.ErrorAt(sqlstate::kSyntaxError, "SELECT ... INTO is not allowed here",
                           select_.into->location);
  }
  const WithBinding with(select_.with.get(), context_, outer_, outer_arguments_);
  if (select_.set_op != parser::SetOperation::kNone) {
    BindSetOperation();
  } else if (!select_.values.empty()) {
    BindValues();
  } else {
    BindFrom();
    BindWhere();
    BindTargets();
  }
  BindOrderBy();
  // Before the grouping checks, as PostgreSQL's transformLockingClause precedes
  // parseCheckAggregates.
  BindRowMarks(select_.locking, pushed_locks_, *query_, context_);
  if (query_->aggregated) {
    AddFunctionallyDependentKeys(*query_, context_);
    MoveOntoAggregateOutput();
  }
  ResolveWindowRefs();
  BindLimit();
  query_->modifying_ctes = with.modifying_ctes();
  return std::move(query_);
}

void SelectBinder::BindSetOperation() {
  static const char* kNames[] = {"", "UNION", "INTERSECT", "EXCEPT"};
  const char* name = kNames[static_cast<int>(select_.set_op)];
  RejectLockingInSetOperation(select_);
  if (select_.right->into) {
    throw context_.ErrorAt(sqlstate::kSyntaxError,
                           "INTO is only allowed on first SELECT of UNION/INTERSECT/EXCEPT",
                           select_.right->into->location);
  }
  query_->set_op = select_.set_op;
  query_->set_all = select_.all;
  query_->left = BindSelect(*select_.left, context_, outer_, outer_arguments_);
  query_->right = BindSelect(*select_.right, context_, outer_, outer_arguments_);
  BoundQuery& left = *query_->left;
  BoundQuery& right = *query_->right;
  if (left.visible_targets != right.visible_targets) {
    throw context_.ErrorAt(sqlstate::kSyntaxError,
                           std::string("each ") + name + " query must have the same number of columns",
                           select_.right->location);
  }
  ScopeEntry entry;
  entry.alias = "*SELECT*";
  for (size_t i = 0; i < left.visible_targets; ++i) {
    // Both sides are coerced to the column's common type, as PostgreSQL resolves UNION.
    std::vector<BoundExprPtr> pair;
    pair.push_back(std::move(left.targets[i]));
    pair.push_back(std::move(right.targets[i]));
    Type type = CoerceToCommonType(pair, name, context_);
    if (type.id == TypeId::kUnknown) type = Type{TypeId::kText, -1};
    type.collation = SetOperationCollation(*pair[0], *pair[1], context_);
    // Every set operation but UNION ALL matches rows: 42883 for json and void, as
    // PostgreSQL's transformSetOperationTree finds no equality operator for them.
    if (select_.set_op != parser::SetOperation::kUnion || !select_.all) {
      RequireOperator(type.id, "equality", pair[0]->location);
    }
    left.targets[i] = std::move(pair[0]);
    right.targets[i] = std::move(pair[1]);
    entry.column_names.push_back(left.target_names[i]);
    entry.column_types.push_back(type);
    query_->input_types.push_back(type);
    query_->input_names.push_back(left.target_names[i]);
    query_->targets.push_back(MakeColumn(i, type));
    query_->target_names.push_back(left.target_names[i]);
  }
  query_->visible_targets = query_->targets.size();
  scope_.Add(std::move(entry));
}

// Every SELECT of a set operation's tree (PostgreSQL's transformSetOperationTree): 0A000
// `FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT` for a locking clause on any.
void SelectBinder::RejectLockingInSetOperation(const parser::SelectStmt& select) {
  if (!select.locking.empty()) {
    throw context_.ErrorAt(sqlstate::kFeatureNotSupported,
                           std::string(parser::LockStrengthName(select.locking.front().strength)) +
                               " is not allowed with UNION/INTERSECT/EXCEPT",
                           -1);
  }
  if (select.set_op == parser::SetOperation::kNone) return;
  RejectLockingInSetOperation(*select.left);
  RejectLockingInSetOperation(*select.right);
}

void SelectBinder::BindLimit() {
  Scope empty;
  ExprBinder binder = MakeBinder(empty, nullptr, "LIMIT");
  const Type int8{TypeId::kInt8, -1};
  if (select_.limit) {
    query_->limit = Coerce(binder.Bind(*select_.limit), int8, types::CastContext::kImplicit, context_);
  }
  if (select_.limit_with_ties) {
    // PostgreSQL's insertSelectOptions refuses this pair: a skipped row would end the ties.
    for (const parser::LockingClause& clause : select_.locking) {
      if (clause.wait_policy != parser::LockWaitPolicy::kSkip) continue;
      throw context_.ErrorAt(sqlstate::kSyntaxError, "SKIP LOCKED and WITH TIES options cannot be used together",
                             select_.with_ties_location);
    }
    query_->limit_with_ties = true;
  }
  if (select_.offset) {
    query_->offset = Coerce(binder.Bind(*select_.offset), int8, types::CastContext::kImplicit, context_);
  }
}

// An expression binder over this query's scope that sees enclosing queries too.
ExprBinder SelectBinder::MakeBinder(const Scope& scope, std::vector<BoundAggregate>* aggregates,
                      std::string clause) {
  ExprBinder binder(context_, scope, aggregates, std::move(clause));
  binder.SetOuter(outer_, outer_arguments_);
  return binder;
}

std::unique_ptr<BoundQuery> BindModifySource(const parser::RangeVar& target,
                                             const std::vector<parser::TableRefPtr>& from,
                                             const parser::Expr* where, AnalyzeContext& context,
                                             const ModifyTargets& make_targets,
                                             const ExposeTarget& expose_target) {
  static const parser::SelectStmt kNoSelect;
  return SelectBinder(kNoSelect, context, nullptr, nullptr)
      .BindModify(target, from, where, make_targets, expose_target);
}

std::unique_ptr<BoundQuery> BindSelect(const parser::SelectStmt& select, AnalyzeContext& context,
                                       ExprBinder* outer,
                                       std::vector<BoundExprPtr>* outer_arguments) {
  return SelectBinder(select, context, outer, outer_arguments).Bind();
}

}  // namespace granary::planner
