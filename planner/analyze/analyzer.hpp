// The analyzer: raw statements in, bound statements out (planner/query.hpp).
//
// One binder per statement kind (select_binder.cpp, insert_binder.cpp, update_binder.cpp,
// delete_binder.cpp); expressions go through ExprBinder.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "parser/ast.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "planner/query.hpp"

namespace granary::planner {

class ExprBinder;
class Scope;

// `outer`/`outer_arguments`: when binding a subquery, the enclosing query's binder and the list
// that receives the correlation values the subquery reads from it.
std::unique_ptr<BoundQuery> BindSelect(const parser::SelectStmt& select, AnalyzeContext& context,
                                       ExprBinder* outer = nullptr,
                                       std::vector<BoundExprPtr>* outer_arguments = nullptr);
std::unique_ptr<BoundInsert> BindInsert(const parser::InsertStmt& insert, AnalyzeContext& context);
std::unique_ptr<BoundUpdate> BindUpdate(const parser::UpdateStmt& update, AnalyzeContext& context);
std::unique_ptr<BoundDelete> BindDelete(const parser::DeleteStmt& del, AnalyzeContext& context);

// Binds the row source of UPDATE/DELETE: FROM = `target` then `from`, WHERE = `where`.
// `make_targets` then adds the query's targets (and binds RETURNING) with a binder over the
// query's scope; every target it adds is visible.
// `expose_target`, when given, runs once the target is in scope (its entry first) and before
// `from` is: it may put other names over the target's columns (a view's, updatable_view.hpp)
// and returns a condition every changed row must meet besides `where` (or null).
using ModifyTargets = std::function<void(BoundQuery& query, ExprBinder& binder)>;
using ExposeTarget = std::function<BoundExprPtr(Scope& scope)>;
std::unique_ptr<BoundQuery> BindModifySource(const parser::RangeVar& target,
                                             const std::vector<parser::TableRefPtr>& from,
                                             const parser::Expr* where, AnalyzeContext& context,
                                             const ModifyTargets& make_targets,
                                             const ExposeTarget& expose_target = nullptr);

// Binds a RETURNING list (`*` expands to the target table's columns, found first in scope).
BoundReturning BindReturning(const std::vector<parser::ResTarget>& returning, ExprBinder& binder,
                             size_t table_columns, const std::vector<types::Type>& row_types,
                             const std::vector<std::string>& column_names);

// Parses and binds the table's CHECK constraints over its columns. Raises 42804 when a
// condition is not boolean and 0A000 for subqueries or aggregates in it.
BoundChecks BindChecks(const catalog::TableSchema& table, AnalyzeContext& context);

// Looks up a table for a statement (42P01 `relation "t" does not exist` at the name) and
// locks it in `mode` until the transaction ends. An unqualified name is looked up along the
// session's search path. A schema that does not exist is 3F000, or 42P01 with `in_query`
// (a relation named in SELECT, INSERT, UPDATE or DELETE, as PostgreSQL's parserOpenTable);
// database.schema.name must name the current database (0A000).
catalog::TableSchema LookupTable(const parser::RangeVar& name, AnalyzeContext& context,
                                 storage::LockMode mode = storage::LockMode::kAccessShare,
                                 bool in_query = false);

// A name of DROP's any_name form ([[database.]schema.]name) as (schema, name): 42601 for more
// than three parts, 0A000 for another database.
std::pair<std::string, std::string> SplitObjectName(const std::vector<std::string>& names,
                                                    const AnalyzeContext& context);

// 0A000 `cross-database references are not implemented` unless `database` is empty or the
// current one.
void CheckDatabaseName(std::string_view database, std::string_view schema, std::string_view name,
                       const AnalyzeContext& context, int location);

// Parses and binds a column DEFAULT expression (stored as SQL text) for `column`, coerced to
// the column's type; a NULL constant when the column has no default. With `table_schema`, the
// table's schema is searched before the session's path, so that the unqualified sequence of a
// SERIAL column in public is found whatever the path (PostgreSQL stores its oid).
BoundExprPtr BindColumnDefault(const catalog::ColumnSchema& column, AnalyzeContext& context,
                               const std::string* table_schema = nullptr);

// The column name PostgreSQL gives a select-list entry written without an alias.
std::string FigureColumnName(const parser::Expr& expr);

}  // namespace granary::planner
