// ON CONFLICT binding (see on_conflict_binder.hpp).
#include "planner/analyze/on_conflict_binder.hpp"

#include <set>

#include "common/sqlstate.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/generated_columns.hpp"
#include "planner/analyze/scope.hpp"

namespace granary::planner {
namespace {

// The target table (offset 0) and EXCLUDED (offset n); an unqualified name both have is
// ambiguous (42702), as in PostgreSQL.
Scope ConflictScope(const catalog::TableSchema& table, const parser::RangeVar& name, bool excluded) {
  Scope scope;
  ScopeEntry target;
  target.alias = name.alias ? name.alias->name : table.name;
  target.schema = table.schema_name;
  ScopeEntry proposed;
  proposed.alias = "excluded";
  proposed.offset = table.columns.size();
  for (const catalog::ColumnSchema& column : table.columns) {
    target.column_names.push_back(column.name);
    target.column_types.push_back(column.type);
    proposed.column_names.push_back(column.name);
    proposed.column_types.push_back(column.type);
  }
  scope.Add(std::move(target));
  if (excluded) scope.Add(std::move(proposed));
  return scope;
}

// Whether `predicate` (a partial index's) is implied by the inference WHERE `where`: equal to
// it or to one of its AND-ed conditions (a structural stand-in for predicate_implied_by).
bool Implies(const BoundExpr* where, const BoundExpr& predicate) {
  if (where == nullptr) return false;
  if (where->Equals(predicate)) return true;
  if (where->kind != BoundKind::kAnd) return false;
  for (const BoundExprPtr& arg : where->args) {
    if (Implies(arg.get(), predicate)) return true;
  }
  return false;
}

BoundIndexes InferArbiters(const parser::OnConflictClause& clause, const parser::InsertStmt& insert,
                           const catalog::TableSchema& table, const BoundIndexes& indexes,
                           AnalyzeContext& context) {
  BoundIndexes arbiters;
  if (!clause.constraint_name.empty()) {
    for (const auto& index : indexes) {
      if (index->schema.constraint && index->schema.name == clause.constraint_name) {
        arbiters.push_back(index);
      }
    }
    if (!arbiters.empty()) return arbiters;
    for (const catalog::CheckConstraint& check : table.checks) {
      if (check.name == clause.constraint_name) {
        throw Error(sqlstate::kWrongObjectType,
                    "constraint in ON CONFLICT clause has no associated index");
      }
    }
    throw Error(sqlstate::kUndefinedObject, "constraint \"" + clause.constraint_name +
                                                "\" for table \"" + table.name + "\" does not exist");
  }
  if (clause.target.empty()) {
    if (clause.action == parser::OnConflictAction::kUpdate) {
      throw context
          .ErrorAt(sqlstate::kSyntaxError,
                   "ON CONFLICT DO UPDATE requires inference specification or constraint name",
                   clause.location)
          .WithHint("For example, ON CONFLICT (column_name).");
    }
    return {};  // DO NOTHING without a target: every unique index is an arbiter
  }
  const Scope scope = ConflictScope(table, *insert.table, false);
  ExprBinder binder(context, scope, nullptr, "index expressions");
  std::vector<BoundExprPtr> elements;
  for (const parser::IndexElem& element : clause.target) {
    if (element.expr) {
      elements.push_back(binder.Bind(*element.expr));
    } else {
      parser::ColumnRefExpr ref;
      ref.names = {element.column};
      ref.location = element.location;
      elements.push_back(binder.Bind(ref));
    }
  }
  BoundExprPtr where;
  if (clause.target_where) where = binder.BindCondition(*clause.target_where, "WHERE");
  for (const auto& index : indexes) {
    if (!index->schema.unique) continue;
    if (index->predicate && !Implies(where.get(), *index->predicate)) continue;
    // The key set of the index must be the set of inference elements.
    bool matches = true;
    for (const BoundExprPtr& element : elements) {
      bool found = false;
      for (const IndexKey& key : index->keys) found = found || key.expr->Equals(*element);
      matches = matches && found;
    }
    for (const IndexKey& key : index->keys) {
      bool found = false;
      for (const BoundExprPtr& element : elements) found = found || key.expr->Equals(*element);
      matches = matches && found;
    }
    if (matches) arbiters.push_back(index);
  }
  if (arbiters.empty()) {
    throw Error(sqlstate::kInvalidColumnReference,
                "there is no unique or exclusion constraint matching the ON CONFLICT specification");
  }
  return arbiters;
}

}  // namespace

std::shared_ptr<const BoundOnConflict> BindOnConflict(const parser::InsertStmt& insert,
                                                      const catalog::TableSchema& table,
                                                      const BoundIndexes& indexes,
                                                      AnalyzeContext& context) {
  const parser::OnConflictClause& clause = *insert.on_conflict;
  auto bound = std::make_shared<BoundOnConflict>();
  bound->action = clause.action;
  bound->arbiters = InferArbiters(clause, insert, table, indexes, context);
  bound->inferred = !clause.target.empty() || !clause.constraint_name.empty();
  if (!bound->inferred) {
    for (const auto& index : indexes) {
      if (index->schema.unique) bound->arbiters.push_back(index);
    }
  }
  if (clause.action != parser::OnConflictAction::kUpdate) return bound;
  const size_t width = table.columns.size();
  std::vector<const parser::SetClause*> assignments(width, nullptr);
  for (const parser::SetClause& set : clause.set_clauses) {
    if (!set.subscripts.empty()) {
      throw context.ErrorAt(sqlstate::kFeatureNotSupported,
                            "assignment to an array element is not supported in ON CONFLICT DO UPDATE",
                            set.location);
    }
    const std::optional<size_t> index = table.ColumnIndex(set.column);
    if (!index) {
      throw context.ErrorAt(sqlstate::kUndefinedColumn,
                            "column \"" + set.column + "\" of relation \"" + table.name +
                                "\" does not exist",
                            set.location);
    }
    if (assignments[*index]) {
      throw context.ErrorAt(sqlstate::kSyntaxError,
                            "multiple assignments to same column \"" + set.column + "\"",
                            set.location);
    }
    assignments[*index] = &set;
  }
  const Scope scope = ConflictScope(table, *insert.table, true);
  ExprBinder binder(context, scope, nullptr, "ON CONFLICT DO UPDATE");
  for (size_t c = 0; c < width; ++c) {
    const catalog::ColumnSchema& column = table.columns[c];
    const parser::SetClause* set = assignments[c];
    if (!set) {
      bound->set_row.push_back(MakeColumn(c, column.type));
    } else if (set->value->kind == parser::ExprKind::kDefault) {
      bound->set_row.push_back(BindColumnDefault(column, context, &table.schema_name));
    } else {
      if (column.generated != 0) ThrowGeneratedUpdate(column);
      if (column.identity == 'a') {
        throw Error(sqlstate::kGeneratedAlways,
                    "column \"" + column.name + "\" can only be updated to DEFAULT")
            .WithDetail("Column \"" + column.name +
                        "\" is an identity column defined as GENERATED ALWAYS.");
      }
      bound->set_row.push_back(CoerceToColumn(binder.Bind(*set->value), column.name, column.type, context));
    }
  }
  if (clause.where) bound->where = binder.BindCondition(*clause.where, "WHERE");
  return bound;
}

}  // namespace granary::planner
