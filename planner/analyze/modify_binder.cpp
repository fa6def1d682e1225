// Binding of INSERT, UPDATE and DELETE.
#include <set>

#include "catalog/catalog_functions.hpp"
#include "common/sqlstate.hpp"
#include "planner/analyze/operators.hpp"
#include "types/functions/array_functions.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/cte_scope.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/generated_columns.hpp"
#include "planner/analyze/index_definition.hpp"
#include "planner/analyze/on_conflict_binder.hpp"
#include "planner/analyze/updatable_view.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;

// What a data-changing statement changes: a table, or a view it changes the table of
// (updatable_view.hpp); a sequence raises 42809.
struct ModifyTarget {
  catalog::TableSchema table;         // the table whose rows change
  std::optional<UpdatableView> view;  // set when the statement names a view
};

ModifyTarget TargetTable(const parser::RangeVar& name, ViewChange change, AnalyzeContext& context) {
  catalog::TableSchema table = LookupTable(name, context, storage::LockMode::kRowExclusive, true);
  if (table.kind == 'S') {
    throw context.ErrorAt(sqlstate::kWrongObjectType, "cannot change sequence \"" + table.name + "\"",
                          name.location);
  }
  // Only REFRESH changes a materialized view's rows (PostgreSQL's CheckValidResultRel).
  if (table.kind == 'm') {
    throw Error(sqlstate::kWrongObjectType, "cannot change materialized view \"" + table.name + "\"");
  }
  ModifyTarget target;
  if (table.kind == 'v') {
    target.view.emplace(std::move(table), name, change, context);
    target.table = target.view->base();
  } else {
    target.table = std::move(table);
  }
  return target;
}

size_t ColumnOf(const catalog::TableSchema& table, const std::string& name, int location,
                AnalyzeContext& context) {
  const std::optional<size_t> index = table.ColumnIndex(name);
  if (!index) {
    throw context.ErrorAt(sqlstate::kUndefinedColumn,
                          "column \"" + name + "\" of relation \"" + table.name +
                              "\" does not exist",
                          location);
  }
  return *index;
}

Scope TableScope(const catalog::TableSchema& table, const parser::RangeVar& name,
                 bool insert_system_columns = false) {
  Scope scope;
  ScopeEntry entry;
  entry.alias = name.alias ? name.alias->name : table.name;
  if (name.alias) entry.hidden_name = table.name;
  entry.schema = table.schema_name;
  for (const catalog::ColumnSchema& column : table.columns) {
    entry.column_names.push_back(column.name);
    entry.column_types.push_back(column.type);
  }
  if (insert_system_columns) {
    for (const char* system : {"xmin", "xmax"}) {
      entry.column_names.push_back(system);
      entry.column_types.push_back(Type{TypeId::kXid, -1});
    }
    entry.system_columns = 2;
  }
  scope.Add(std::move(entry));
  return scope;
}

// A value written into a GENERATED ALWAYS identity column without OVERRIDING SYSTEM VALUE.
[[noreturn]] void ThrowGeneratedAlways(const catalog::ColumnSchema& column) {
  throw Error(sqlstate::kGeneratedAlways,
              "cannot insert a non-DEFAULT value into column \"" + column.name + "\"")
      .WithDetail("Column \"" + column.name + "\" is an identity column defined as GENERATED ALWAYS.")
      .WithHint("Use OVERRIDING SYSTEM VALUE to override.");
}

// Whether an INSERT's value for `column` is replaced by the column's default: OVERRIDING USER
// VALUE ignores values given for identity columns. Raises 428C9 for a value given for a
// GENERATED ALWAYS column without OVERRIDING SYSTEM VALUE.
bool UsesIdentityDefault(const catalog::ColumnSchema& column, parser::OverridingKind overriding) {
  if (column.identity == 0) return false;
  if (overriding == parser::OverridingKind::kUserValue) return true;
  if (column.identity == 'a' && overriding != parser::OverridingKind::kSystemValue) {
    ThrowGeneratedAlways(column);
  }
  return false;
}

// Rows written through a view WITH CHECK OPTION must meet its conditions: they follow the
// table's CHECK constraints, bound over the same row.
void AddViewChecks(const std::optional<UpdatableView>& view, BoundChecks& checks, AnalyzeContext& context) {
  if (!view || !view->HasCheckOptions()) return;
  Scope scope = TableScope(view->base(), view->base_name());
  const size_t first = checks.exprs.size();
  view->Expose(scope, context, &checks);
  for (size_t i = first; i < checks.exprs.size(); ++i) {
    bool has_subquery = false;
    checks.exprs[i]->Walk([&](const BoundExpr& node) { has_subquery = has_subquery || node.kind == BoundKind::kSubquery; });
    if (has_subquery) {
      throw Error(sqlstate::kFeatureNotSupported,
                  "WITH CHECK OPTION of view \"" + checks.names[i] + "\" has a subquery, which is not supported");
    }
  }
}

// UPDATE/DELETE through a view: its columns put over the table's (see BindModifySource).
ExposeTarget ExposeView(const std::optional<UpdatableView>& view, AnalyzeContext& context) {
  if (!view) return nullptr;
  return [&view, &context](Scope& scope) { return view->Expose(scope, context); };
}

// UPDATE/DELETE ... WHERE CURRENT OF cursor: the target's ctid (the column after the table's,
// the target being first in FROM) equals the tid of the cursor's current row, which a
// catalog call asks the session for when the statement runs (PostgreSQL's CurrentOfExpr,
// evaluated by execCurrentOf). Through a view 0A000, as PostgreSQL's rewriter.
ExposeTarget CurrentOfCondition(const std::string& cursor, int location, const catalog::TableSchema& table,
                                bool through_view, AnalyzeContext& context) {
  if (through_view) {
    throw context.ErrorAt(sqlstate::kFeatureNotSupported, "WHERE CURRENT OF on a view is not implemented", location);
  }
  return [cursor, location, &table, &context](Scope&) {
    const Type tid{TypeId::kTid, -1};
    auto call = std::make_unique<BoundExpr>();
    call->kind = BoundKind::kCatalogCall;
    call->type = tid;
    call->name = "current_of";
    call->index = static_cast<size_t>(catalog::CatalogFunction::kCurrentOf);
    call->location = location;
    call->args.push_back(MakeConstant(types::Value::Text(cursor), Type{TypeId::kText, -1}));
    call->args.push_back(MakeConstant(types::Value::OfInt(TypeId::kOid, table.oid), Type{TypeId::kOid, -1}));
    call->args.push_back(MakeConstant(types::Value::Text(table.name), Type{TypeId::kText, -1}));
    return BindComparison("=", MakeColumn(table.columns.size(), tid), std::move(call), location, context);
  };
}

}  // namespace

BoundChecks BindChecks(const catalog::TableSchema& table, AnalyzeContext& context) {
  BoundChecks checks;
  for (const catalog::CheckConstraint& check : table.checks) {
    const std::string sql = "SELECT " + check.sql;
    std::vector<parser::StmtPtr> parsed = parser::Parse(sql);
    const auto& select = parsed.front()->As<parser::SelectStmt>();
    std::vector<Type> no_params;
    AnalyzeContext check_context{context.catalog, context.snapshot, sql, no_params};
    check_context.search_path = context.search_path;
    check_context.database = context.database;
    parser::RangeVar name;
    name.name = table.name;
    const Scope scope = TableScope(table, name);
    ExprBinder binder(check_context, scope, nullptr, "check constraints");
    BoundExprPtr condition = binder.BindCondition(*select.targets.front().expr, "CHECK");
    bool has_subquery = false;
    condition->Walk([&](const BoundExpr& node) { has_subquery = has_subquery || node.kind == BoundKind::kSubquery; });
    if (has_subquery) {
      throw Error(sqlstate::kFeatureNotSupported, "cannot use subquery in check constraint");
    }
    checks.exprs.push_back(std::move(condition));
    checks.names.push_back(check.name);
  }
  return checks;
}

BoundExprPtr BindColumnDefault(const catalog::ColumnSchema& column, AnalyzeContext& context,
                               const std::string* table_schema) {
  // A generated column's value is computed over the finished row (BindGenerated); until
  // then it is NULL.
  if (!column.default_sql || column.generated != 0) {
    return MakeConstant(types::Value::Null(column.type.id), column.type);
  }
  const std::string sql = "SELECT " + *column.default_sql;
  std::vector<parser::StmtPtr> parsed = parser::Parse(sql);
  const auto& select = parsed.front()->As<parser::SelectStmt>();
  std::vector<Type> no_params;
  AnalyzeContext default_context{context.catalog, context.snapshot, sql, no_params};
  default_context.search_path = context.search_path;
  default_context.database = context.database;
  catalog::SearchPath table_first;
  if (table_schema != nullptr) {
    table_first = context.SearchPath();
    table_first.schemas.insert(table_first.schemas.begin(), *table_schema);
    default_context.search_path = &table_first;
  }
  Scope empty;
  ExprBinder binder(default_context, empty, nullptr, "DEFAULT expressions");
  return Coerce(binder.Bind(*select.targets.front().expr), column.type,
                types::CastContext::kAssignment, default_context);
}

std::unique_ptr<BoundInsert> BindInsert(const parser::InsertStmt& insert, AnalyzeContext& context) {
  const WithBinding with(insert.with.get(), context);
  auto bound = std::make_unique<BoundInsert>();
  ModifyTarget target = TargetTable(*insert.table, ViewChange::kInsert, context);
  const std::optional<UpdatableView>& view = target.view;
  bound->table = std::move(target.table);
  const catalog::TableSchema& table = bound->table;
  if (view && insert.on_conflict &&
      (insert.on_conflict->action != parser::OnConflictAction::kNothing ||
       !insert.on_conflict->target.empty() || !insert.on_conflict->constraint_name.empty())) {
    throw context.ErrorAt(sqlstate::kFeatureNotSupported,
                          "INSERT ... ON CONFLICT with a conflict target or DO UPDATE is not supported "
                          "on views",
                          insert.on_conflict->location);
  }

  // The target columns, in the order the source supplies them. Into a view without a column
  // list: its columns in order, as many as the source supplies (resolved to the table's by
  // `resolve_view_columns`, as only they need be columns of the table).
  std::vector<size_t> targets;
  const bool implicit_view_columns = view && insert.columns.empty();
  const auto resolve_view_columns = [&](size_t width) {
    if (!implicit_view_columns) return;
    targets.resize(std::min(width, targets.size()));
    for (size_t& column : targets) {
      column = view->AssignedColumn(view->column_names()[column], insert.table->location, context);
    }
  };
  if (insert.columns.empty()) {
    const size_t count = view ? view->column_names().size() : table.columns.size();
    for (size_t i = 0; i < count; ++i) targets.push_back(i);
  } else {
    std::set<size_t> seen;
    for (const std::string& name : insert.columns) {
      const size_t index = view ? view->AssignedColumn(name, insert.table->location, context)
                                : ColumnOf(table, name, insert.table->location, context);
      if (!seen.insert(index).second) {
        throw context.ErrorAt(sqlstate::kDuplicateColumn,
                              "column \"" + name + "\" specified more than once",
                              insert.table->location);
      }
      targets.push_back(index);
    }
  }

  auto source = std::make_unique<BoundQuery>();
  const parser::SelectStmt* select = insert.source.get();
  if (!select || !select->values.empty()) {
    // VALUES rows are coerced straight to the column types (DEFAULT becomes the default), so a
    // bad value's error names the column's type and points at the value.
    const size_t width = select ? select->values.front().size() : 0;
    if (width > targets.size()) {
      throw context.ErrorAt(sqlstate::kSyntaxError,
                            "INSERT has more expressions than target columns",
                            select->values.front()[targets.size()]->location);
    }
    if (select && width < targets.size() && !insert.columns.empty()) {
      throw context.ErrorAt(sqlstate::kSyntaxError,
                            "INSERT has more target columns than expressions",
                            insert.table->location);
    }
    resolve_view_columns(width);
    Scope empty;
    ExprBinder binder(context, empty, nullptr, "VALUES");
    if (!select) {
      source->values_rows.emplace_back();
    }
    for (size_t i = 0; i < width; ++i) {
      source->input_types.push_back(table.columns[targets[i]].type);
      source->input_names.push_back(table.columns[targets[i]].name);
    }
    if (select) {
      for (const parser::ExprList& row : select->values) {
        if (row.size() != width) {
          throw context.ErrorAt(sqlstate::kSyntaxError, "VALUES lists must all be the same length",
                                row.empty() ? -1 : row.front()->location);
        }
        std::vector<BoundExprPtr> bound_row;
        for (size_t i = 0; i < width; ++i) {
          const catalog::ColumnSchema& column = table.columns[targets[i]];
          if (column.generated != 0 && row[i]->kind != parser::ExprKind::kDefault) {
            ThrowGeneratedInsert(column);
          }
          if (row[i]->kind == parser::ExprKind::kDefault ||
              UsesIdentityDefault(column, insert.overriding)) {
            bound_row.push_back(BindColumnDefault(column, context, &table.schema_name));
          } else {
            bound_row.push_back(CoerceToColumn(binder.Bind(*row[i]), column.name, column.type, context));
          }
        }
        source->values_rows.push_back(std::move(bound_row));
      }
    }
    targets.resize(width);
    for (size_t i = 0; i < width; ++i) source->targets.push_back(MakeColumn(i, source->input_types[i]));
    source->target_names = source->input_names;
    source->visible_targets = width;
  } else {
    source = BindSelect(*select, context);
    const size_t width = source->visible_targets;
    if (width > targets.size()) {
      throw context.ErrorAt(sqlstate::kSyntaxError,
                            "INSERT has more expressions than target columns", select->location);
    }
    if (width < targets.size() && !insert.columns.empty()) {
      throw context.ErrorAt(sqlstate::kSyntaxError,
                            "INSERT has more target columns than expressions",
                            insert.table->location);
    }
    resolve_view_columns(width);
    targets.resize(width);
  }

  const std::vector<Type> source_types = source->OutputTypes();
  bound->row.resize(table.columns.size());
  const bool from_values = !select || !select->values.empty();
  for (size_t i = 0; i < targets.size(); ++i) {
    if (!from_values && table.columns[targets[i]].generated != 0) ThrowGeneratedInsert(table.columns[targets[i]]);
    if (!from_values && UsesIdentityDefault(table.columns[targets[i]], insert.overriding)) continue;
    bound->row[targets[i]] = CoerceToColumn(MakeColumn(i, source_types[i]), table.columns[targets[i]].name,
                                            table.columns[targets[i]].type, context);
  }
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (!bound->row[c]) bound->row[c] = BindColumnDefault(table.columns[c], context, &table.schema_name);
  }
  bound->source = std::move(source);
  bound->generated = BindGenerated(table, context);
  bound->checks = BindChecks(table, context);
  AddViewChecks(view, bound->checks, context);
  bound->indexes = BindIndexes(table, context);
  if (insert.on_conflict) bound->on_conflict = BindOnConflict(insert, table, bound->indexes, context);
  if (!insert.returning.empty()) {
    // RETURNING sees the inserted row: the table's columns, in order (through a view: the
    // view's columns over them), then its system columns xmin and xmax (ModifyTable appends
    // their values: xmax is 0 for an inserted row, the transaction's for one ON CONFLICT DO
    // UPDATE wrote, as PostgreSQL's row lock leaves it, which `RETURNING (xmax = 0) AS
    // inserted` tells apart).
    Scope scope = TableScope(table, view ? view->base_name() : *insert.table, /*insert_system_columns=*/true);
    if (view) view->Expose(scope, context);
    ExprBinder binder(context, scope, nullptr, "RETURNING");
    std::vector<std::string> names;
    for (const catalog::ColumnSchema& column : table.columns) names.push_back(column.name);
    bound->returning = BindReturning(insert.returning, binder, table.columns.size(),
                                     table.ColumnTypes(), names);
  }
  bound->modifying_ctes = with.modifying_ctes();
  return bound;
}

namespace {

// column[i] = v, ... over the column's old value: array_set_element calls in order (42804
// when the column is no array; the subscripts are integers, the value of the element type).
BoundExprPtr BindElementAssignments(const catalog::ColumnSchema& column, size_t index,
                                    const std::vector<const parser::SetClause*>& clauses,
                                    ExprBinder& binder, AnalyzeContext& context) {
  if (!types::IsArray(column.type.id)) {
    throw context.ErrorAt(sqlstate::kDatatypeMismatch,
                          "cannot subscript type " + types::FormatType(types::Type{column.type.id, -1}) +
                              " because it does not support subscripting",
                          clauses.front()->location);
  }
  const types::Type element{*types::ElementTypeOf(column.type.id), column.type.typmod};
  BoundExprPtr value = MakeColumn(index, column.type);
  for (const parser::SetClause* clause : clauses) {
    std::vector<BoundExprPtr> args;
    args.push_back(std::move(value));
    args.push_back(Coerce(binder.Bind(*clause->value), element, types::CastContext::kAssignment, context));
    for (const parser::ExprPtr& subscript : clause->subscripts) {
      args.push_back(Coerce(binder.Bind(*subscript), types::Type{types::TypeId::kInt4, -1},
                            types::CastContext::kAssignment, context));
    }
    value = MakeCall("array_set_element", types::ArraySetElement, column.type, std::move(args),
                     clause->location, false);
  }
  return value;
}

}  // namespace

std::unique_ptr<BoundUpdate> BindUpdate(const parser::UpdateStmt& update, AnalyzeContext& context) {
  const WithBinding with(update.with.get(), context);
  auto bound = std::make_unique<BoundUpdate>();
  ModifyTarget target = TargetTable(*update.table, ViewChange::kUpdate, context);
  const std::optional<UpdatableView>& view = target.view;
  bound->table = std::move(target.table);
  const catalog::TableSchema& table = bound->table;
  const size_t width = table.columns.size();
  // Resolve the SET columns first, so that unknown ones are reported before anything else.
  std::vector<const parser::SetClause*> assignments(width, nullptr);
  // Element assignments (a[1] = x, a[2] = y) to one column apply in order to its old value.
  std::vector<std::vector<const parser::SetClause*>> element_assignments(width);
  for (const parser::SetClause& clause : update.set_clauses) {
    const size_t index = view ? view->AssignedColumn(clause.column, clause.location, context)
                              : ColumnOf(table, clause.column, clause.location, context);
    if (!clause.subscripts.empty() && !assignments[index]) {
      element_assignments[index].push_back(&clause);
      continue;
    }
    if (assignments[index] || !element_assignments[index].empty()) {
      throw context.ErrorAt(sqlstate::kSyntaxError,
                            "multiple assignments to same column \"" + clause.column + "\"",
                            clause.location);
    }
    assignments[index] = &clause;
  }
  const ExposeTarget expose = update.current_of.empty()
                                  ? ExposeView(view, context)
                                  : CurrentOfCondition(update.current_of, update.current_of_location, table,
                                                       view.has_value(), context);
  bound->source = BindModifySource(
      view ? view->base_name() : *update.table, update.from, update.where.get(), context,
      [&](BoundQuery& query, ExprBinder& binder) {
        // The new row, the old version's ctid, then every column of the other FROM items.
        for (size_t c = 0; c < width; ++c) {
          const catalog::ColumnSchema& column = table.columns[c];
          const parser::SetClause* clause = assignments[c];
          if (!element_assignments[c].empty()) {
            query.targets.push_back(BindElementAssignments(column, c, element_assignments[c], binder, context));
          } else if (!clause) {
            query.targets.push_back(MakeColumn(c, column.type));
          } else if (clause->value->kind == parser::ExprKind::kDefault) {
            query.targets.push_back(BindColumnDefault(column, context, &table.schema_name));
          } else if (column.generated != 0) {
            ThrowGeneratedUpdate(column);
          } else if (column.identity == 'a') {
            throw Error(sqlstate::kGeneratedAlways,
                        "column \"" + column.name + "\" can only be updated to DEFAULT")
                .WithDetail("Column \"" + column.name +
                            "\" is an identity column defined as GENERATED ALWAYS.");
          } else {
            query.targets.push_back(CoerceToColumn(binder.Bind(*clause->value), column.name, column.type, context));
          }
          query.target_names.push_back(column.name);
        }
        for (size_t i = width; i < query.input_types.size(); ++i) {
          query.targets.push_back(MakeColumn(i, query.input_types[i]));
          query.target_names.push_back(query.input_names[i]);
        }
        bound->returning = BindReturning(update.returning, binder, width, query.input_types,
                                         query.target_names);
      },
      expose);
  bound->generated = BindGenerated(table, context);
  bound->checks = BindChecks(table, context);
  AddViewChecks(view, bound->checks, context);
  bound->indexes = BindIndexes(table, context);
  bound->modifying_ctes = with.modifying_ctes();
  return bound;
}

std::unique_ptr<BoundDelete> BindDelete(const parser::DeleteStmt& del, AnalyzeContext& context) {
  const WithBinding with(del.with.get(), context);
  auto bound = std::make_unique<BoundDelete>();
  ModifyTarget target = TargetTable(*del.table, ViewChange::kDelete, context);
  const std::optional<UpdatableView>& view = target.view;
  bound->table = std::move(target.table);
  const size_t width = bound->table.columns.size();
  const ExposeTarget expose = del.current_of.empty()
                                  ? ExposeView(view, context)
                                  : CurrentOfCondition(del.current_of, del.current_of_location, bound->table,
                                                       view.has_value(), context);
  bound->source = BindModifySource(
      view ? view->base_name() : *del.table, del.using_tables, del.where.get(), context,
      [&](BoundQuery& query, ExprBinder& binder) {
        // The old row, its ctid, then every column of the USING items.
        for (size_t i = 0; i < query.input_types.size(); ++i) {
          query.targets.push_back(MakeColumn(i, query.input_types[i]));
          query.target_names.push_back(query.input_names[i]);
        }
        bound->returning = BindReturning(del.returning, binder, width, query.input_types,
                                         query.target_names);
      },
      expose);
  bound->modifying_ctes = with.modifying_ctes();
  return bound;
}

BoundReturning BindReturning(const std::vector<parser::ResTarget>& returning, ExprBinder& binder,
                             size_t table_columns, const std::vector<Type>& row_types,
                             const std::vector<std::string>& column_names) {
  BoundReturning bound;
  // Through a view, `*` and `view.*` are the view's columns.
  // (The view's relation comes before any aliased JOIN of FROM.)
  const std::vector<Scope::ComputedRelation>& computed = binder.scope().computed();
  const Scope::ComputedRelation* view = computed.empty() || computed.front().of_join ? nullptr : &computed.front();
  for (const parser::ResTarget& target : returning) {
    if (view != nullptr && target.expr->kind == parser::ExprKind::kStar) {
      const std::vector<std::string>& qualifier = target.expr->As<parser::StarExpr>().qualifier;
      if (qualifier.empty() || qualifier.back() == view->alias) {
        for (size_t c = 0; c < view->columns.size(); ++c) {
          bound.exprs.push_back(view->columns[c]->Clone());
          bound.names.push_back(view->column_names[c]);
        }
        continue;
      }
    }
    if (target.expr->kind == parser::ExprKind::kStar &&
        target.expr->As<parser::StarExpr>().qualifier.empty()) {
      for (size_t c = 0; c < table_columns; ++c) {
        bound.exprs.push_back(MakeColumn(c, row_types[c]));
        const std::string& name = column_names[c];
        bound.names.push_back(name.substr(name.find('.') == std::string::npos ? 0 : name.find('.') + 1));
      }
      continue;
    }
    if (target.expr->kind == parser::ExprKind::kStar) {
      // t.*: the columns of that relation (a target table's: its new or old values).
      const std::string& relation = target.expr->As<parser::StarExpr>().qualifier.back();
      const ScopeEntry* entry = binder.scope().FindEntry(relation);
      if (!entry) {
        throw binder.context().ErrorAt(sqlstate::kUndefinedTable,
                                       "missing FROM-clause entry for table \"" + relation + "\"",
                                       target.location);
      }
      for (size_t c = 0; c + entry->system_columns < entry->column_names.size(); ++c) {
        bound.exprs.push_back(MakeColumn(entry->offset + c, entry->column_types[c]));
        bound.names.push_back(entry->column_names[c]);
      }
      continue;
    }
    bound.exprs.push_back(binder.Bind(*target.expr));
    bound.names.push_back(target.alias.empty() ? FigureColumnName(*target.expr) : target.alias);
  }
  return bound;
}

}  // namespace granary::planner
