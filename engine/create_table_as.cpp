// CREATE TABLE AS and SELECT INTO (PostgreSQL's commands/createas.c).
//
// The query is planned once to learn its result columns; the table is created from them
// (in this transaction, so a rollback removes it); then, WITH DATA, the rows go in through
// `INSERT INTO table (columns) <the query's own text>`, planned under the next command id so
// that it sees the new table. The INSERT path gives the rows the same treatment as any
// INSERT (toast, statistics, locks) and the query runs exactly once.
#include "engine/create_table_as.hpp"
#include "catalog/system_column_names.hpp"

#include <set>

#include "common/sqlstate.hpp"
#include "engine/ddl.hpp"
#include "engine/temp_tables.hpp"
#include "engine/prepare_commands.hpp"
#include "engine/statement_runner.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/deparse.hpp"
#include "planner/analyze/expr_binder.hpp"

namespace granary {
namespace {

using types::Type;
using types::TypeId;
using types::Value;

// What the table is made of, whichever statement asked for it.
struct TableAsSpec {
  const parser::RangeVar* table = nullptr;
  const std::vector<std::string>* column_names = nullptr;
  const std::vector<parser::RelOption>* options = nullptr;
  bool if_not_exists = false;
  bool temporary = false;
  bool with_data = true;
  parser::OnCommitAction on_commit = parser::OnCommitAction::kNoop;
};

// The query that fills the table: its text (positions as in `sql`), its $n and its result.
struct FillQuery {
  std::string text;
  std::vector<Value> params;
  std::vector<Type> param_types;
  std::vector<std::string> names;
  std::vector<Type> types;
};

std::string StatementText(std::string_view sql, const parser::Stmt& stmt) {
  return std::string(sql.substr(static_cast<size_t>(stmt.location), static_cast<size_t>(stmt.length)));
}

Result SkippedResult(const std::string& name) {
  Result result;
  result.impl().command_tag = "CREATE TABLE AS";
  result.impl().notices.push_back(
      Error(sqlstate::kDuplicateTable, "relation \"" + name + "\" already exists, skipping", Severity::kNotice));
  return result;
}

// The namespace of the new table (3F000 when the schema does not exist), with its name
// locked; nullopt when the table exists and IF NOT EXISTS says to skip (42P07 otherwise).
std::optional<catalog::TableSchema> NewTable(Session::Impl& session, const TableAsSpec& spec,
                                             planner::AnalyzeContext& context) {
  catalog::TableSchema table;
  table.name = spec.table->name;
  const catalog::NamespaceName target = CreationNamespace(session, *spec.table, context, spec.temporary);
  CheckOnCommit(spec.on_commit, target, context);
  table.namespace_oid = target.oid;
  table.schema_name = target.name;
  LockRelationName(context, table.namespace_oid, table.name);
  // Any relation of that name in the namespace (an index too), as CREATE TABLE checks.
  if (session.db.catalog->RelationExists(table.namespace_oid, table.name, context.snapshot)) {
    if (spec.if_not_exists) return std::nullopt;
    throw context.ErrorAt(sqlstate::kDuplicateTable, "relation \"" + table.name + "\" already exists",
                          spec.table->location);
  }
  table.reloptions = catalog::ValidateTableOptions(RelOptionInputs(*spec.options));
  return table;
}

Result CreateAndFill(Session::Impl& session, const TableAsSpec& spec, catalog::TableSchema table,
                     const FillQuery& query, planner::AnalyzeContext& context) {
  const std::vector<std::string>& given = *spec.column_names;
  if (given.size() > query.names.size()) {
    throw Error(sqlstate::kSyntaxError, "too many column names were specified");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < query.names.size(); ++i) {
    catalog::ColumnSchema column;
    column.name = i < given.size() ? given[i] : query.names[i];
    if (!seen.insert(column.name).second) {
      throw Error(sqlstate::kDuplicateColumn, "column \"" + column.name + "\" specified more than once");
    }
    catalog::CheckNotSystemColumnName(column.name);
    // An untyped literal's column is text, as PostgreSQL resolves unknown output columns.
    column.type = query.types[i].id == TypeId::kUnknown ? Type{TypeId::kText, -1} : query.types[i];
    planner::CheckColumnType(column.name, column.type);
    table.columns.push_back(std::move(column));
  }
  std::string insert = "INSERT INTO " +
                       (table.schema_name.empty() ? "" : planner::QuoteIdentifier(table.schema_name) + ".") +
                       planner::QuoteIdentifier(table.name);
  if (!table.columns.empty()) {
    insert += " (";
    for (size_t i = 0; i < table.columns.size(); ++i) {
      insert += (i > 0 ? ", " : "") + planner::QuoteIdentifier(table.columns[i].name);
    }
    insert += ")";
  }
  insert += " " + query.text;

  const catalog::TableSchema created =
      session.db.catalog->CreateTable(std::move(table), context.snapshot, context.snapshot.command_id);
  session.DropFileOnAbort(created.relfile);
  if (created.toast_relfile != 0) session.DropFileOnAbort(created.toast_relfile);
  session.MarkCatalogChanged();
  RegisterOnCommit(session, created, spec.on_commit);

  Result result;
  if (!spec.with_data) {
    result.impl().command_tag = "CREATE TABLE AS";
    return result;
  }
  const std::vector<parser::StmtPtr> parsed = parser::Parse(insert);
  std::vector<Type> param_types = query.param_types;
  const Result inserted = ExecuteStatement(session, *parsed.front(), insert, session.NextCommand(context.snapshot),
                                           query.params, param_types, nullptr);
  result.impl().affected_rows = inserted.impl().affected_rows;
  result.impl().command_tag = "SELECT " + std::to_string(inserted.impl().affected_rows);
  return result;
}

// The query's result columns, planned as it will run.
void DescribeQuery(const parser::Stmt& query, planner::AnalyzeContext& context, FillQuery& fill) {
  const PlannedStatement planned = PlanStatement(query, context);
  fill.names = planned.plan->output_names;
  fill.types = planned.plan->output_types;
}

}  // namespace

const parser::SelectStmt* FindSelectInto(const parser::SelectStmt& select) {
  const parser::SelectStmt* leftmost = &select;
  while (leftmost->set_op != parser::SetOperation::kNone) leftmost = leftmost->left.get();
  return leftmost->into ? leftmost : nullptr;
}

Result CreateTableAs(Session::Impl& session, const parser::CreateTableAsStmt& stmt, std::string_view sql,
                     planner::AnalyzeContext& context, const std::vector<Value>& params) {
  const TableAsSpec spec{stmt.table.get(), &stmt.columns, &stmt.options, stmt.if_not_exists, stmt.temporary,
                         stmt.with_data, stmt.on_commit};
  FillQuery fill;
  if (stmt.query->kind == parser::StmtKind::kExecute) {
    // As PostgreSQL, IF NOT EXISTS is settled before the arguments are evaluated.
    if (!NewTable(session, spec, context)) return SkippedResult(stmt.table->name);
    const ExecuteTarget target =
        ResolveExecute(session, stmt.query->As<parser::ExecuteStmt>(), context, context.snapshot);
    const PreparedStatement::Impl& prepared = *target.statement;
    if (prepared.statement->kind != parser::StmtKind::kSelect) {
      throw Error(sqlstate::kWrongObjectType, "prepared statement is not a SELECT");
    }
    fill.text = StatementText(prepared.sql, *prepared.statement);
    fill.params = target.params;
    fill.param_types = prepared.param_types;
    std::vector<Type> param_types = prepared.param_types;
    planner::AnalyzeContext prepared_context{context.catalog, context.snapshot, prepared.sql, param_types};
    prepared_context.locks = context.locks;
    DescribeQuery(*prepared.statement, prepared_context, fill);
  } else {
    // The query is analysed first, as PostgreSQL's parse analysis precedes execution.
    fill.text = StatementText(sql, *stmt.query);
    fill.params = params;
    DescribeQuery(*stmt.query, context, fill);
    fill.param_types = context.param_types;
  }
  std::optional<catalog::TableSchema> table = NewTable(session, spec, context);
  if (!table) return SkippedResult(stmt.table->name);
  return CreateAndFill(session, spec, std::move(*table), fill, context);
}

Result SelectInto(Session::Impl& session, const parser::SelectStmt& select,
                  const parser::SelectStmt& into_select, std::string_view sql,
                  planner::AnalyzeContext& context, const std::vector<Value>& params) {
  const parser::IntoClause& into = *into_select.into;
  const std::vector<std::string> no_names;
  const std::vector<parser::RelOption> no_options;
  const TableAsSpec spec{into.table.get(), &no_names, &no_options, false, into.temporary, true};
  FillQuery fill;
  context.select_into = &into_select;
  DescribeQuery(select, context, fill);
  context.select_into = nullptr;
  fill.params = params;
  fill.param_types = context.param_types;
  fill.text = StatementText(sql, select);
  // The query without its INTO clause: blanked in place, so offsets stay as they were.
  const size_t from = static_cast<size_t>(into.location - select.location);
  const size_t length = static_cast<size_t>(into.end - into.location);
  fill.text.replace(from, length, length, ' ');
  std::optional<catalog::TableSchema> table = NewTable(session, spec, context);
  return CreateAndFill(session, spec, std::move(*table), fill, context);
}

}  // namespace granary
