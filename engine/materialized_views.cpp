// CREATE and REFRESH MATERIALIZED VIEW (see materialized_views.hpp).
#include "engine/materialized_views.hpp"

#include <set>
#include <span>

#include "catalog/reloptions.hpp"
#include "common/sqlstate.hpp"
#include "engine/ddl.hpp"
#include "engine/statement_runner.hpp"
#include "engine/statement_services.hpp"
#include "engine/table_storage.hpp"
#include "executor/operators/operator.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/deparse.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/index_definition.hpp"
#include "planner/analyze/view_context.hpp"
#include "storage/heap/heap_file.hpp"
#include "storage/heap/toast.hpp"

namespace granary {
namespace {

using types::Type;
using types::TypeId;
using types::Value;

// Runs `plan` (the view's query) and writes its rows into `table`'s relation file with the
// snapshot's xid and command id; returns how many.
uint64_t WriteQueryRows(Session::Impl& session, const catalog::TableSchema& table, const planner::PlanNode& plan,
                        const planner::AnalyzeContext& context) {
  const std::vector<Value> no_params;
  executor::ExecContext exec{*session.db.pool, *session.db.transactions,
                             session.ExecutionSnapshot(context.snapshot), no_params};
  AttachSessionState(session, exec, session.locks().active() ? &session.locks() : nullptr);
  StatementServices services(session, context.snapshot, exec.locks);
  services.Attach(exec);
  executor::OperatorPtr root = executor::BuildOperator(plan, exec);
  storage::HeapFile heap(*session.db.pool, table.relfile, table.toast_relfile);
  const storage::Snapshot& snapshot = context.snapshot;
  executor::Batch batch;
  uint64_t rows = 0;
  std::vector<Value> row(table.columns.size());
  while (root->Next(batch)) {
    for (size_t r = 0; r < batch.row_count; ++r) {
      for (size_t c = 0; c < row.size(); ++c) row[c] = batch.columns[c][r];
      const storage::StoredRow stored = storage::EncodeRowForStorage(
          row, *session.db.pool, table.toast_relfile, snapshot.own_xid, snapshot.command_id);
      heap.Insert(std::as_bytes(std::span(stored.bytes)), static_cast<uint16_t>(row.size()), snapshot.own_xid,
                  snapshot.command_id, stored.flags);
      ++rows;
    }
  }
  session.table_counts[table.relfile].inserted += rows;
  return rows;
}

// The schemas `context`'s search path resolves to now, as a setting value: the path the
// view's query binds along wherever it is refreshed from (as CreateView records it).
std::string ResolvedPath(Session::Impl& session, planner::AnalyzeContext& context) {
  const catalog::ResolvedSearchPath path =
      session.db.catalog->ResolveSearchPath(context.SearchPath(), context.snapshot);
  std::string resolved;
  for (size_t i = path.implicit_count; i < path.namespaces.size(); ++i) {
    resolved += (resolved.empty() ? "" : ", ") + planner::QuoteIdentifier(path.namespaces[i].name);
  }
  return resolved;
}

// Whether some unique index of `view` can identify its rows for CONCURRENTLY: no predicate
// and only plain columns as keys (PostgreSQL's refresh_by_match_merge precondition).
bool HasUsableUniqueIndex(const catalog::TableSchema& view, planner::AnalyzeContext& context) {
  for (const catalog::IndexSchema& index : view.indexes) {
    if (!index.unique) continue;
    const planner::BoundIndex bound = planner::BindIndex(view, index, context);
    if (bound.predicate) continue;
    bool plain = true;
    for (const planner::IndexKey& key : bound.keys) plain = plain && key.table_column.has_value();
    if (plain) return true;
  }
  return false;
}

}  // namespace

Result CreateMaterializedView(Session::Impl& session, const parser::CreateTableAsStmt& stmt,
                              std::string_view sql, planner::AnalyzeContext& context) {
  Result result;
  // The query is analysed first, as PostgreSQL's transformCreateTableAsStmt does; the
  // relations it reads must outlive the session.
  std::vector<planner::RelationLock> used;
  std::vector<planner::RelationLock>* const outer_locks_taken = context.locks_taken;
  context.locks_taken = &used;
  PlannedStatement planned;
  try {
    planned = PlanStatement(*stmt.query, context);
  } catch (...) {
    context.locks_taken = outer_locks_taken;
    throw;
  }
  context.locks_taken = outer_locks_taken;
  if (outer_locks_taken != nullptr) outer_locks_taken->insert(outer_locks_taken->end(), used.begin(), used.end());
  if (!context.param_types.empty()) {
    throw Error(sqlstate::kFeatureNotSupported, "materialized views may not be defined using bound parameters");
  }
  if (const std::optional<catalog::Oid> temp_oid =
          session.db.catalog->FindNamespace(session.TempSchemaName(), context.snapshot)) {
    for (const catalog::TableSchema& relation : session.db.catalog->NamespaceRelations(*temp_oid, context.snapshot)) {
      for (const planner::RelationLock& lock : used) {
        if (lock.oid == relation.oid) {
          throw Error(sqlstate::kFeatureNotSupported,
                      "materialized views must not use temporary tables or views");
        }
      }
    }
  }

  catalog::TableSchema view;
  view.kind = 'm';
  view.name = stmt.table->name;
  const catalog::NamespaceName namespace_name = CreationNamespace(session, *stmt.table, context, false);
  view.namespace_oid = namespace_name.oid;
  view.schema_name = namespace_name.name;
  LockRelationName(context, view.namespace_oid, view.name);
  if (session.db.catalog->RelationExists(view.namespace_oid, view.name, context.snapshot)) {
    if (stmt.if_not_exists) {
      result.impl().command_tag = "CREATE MATERIALIZED VIEW";
      result.impl().notices.push_back(Error(sqlstate::kDuplicateTable,
                                            "relation \"" + view.name + "\" already exists, skipping",
                                            Severity::kNotice));
      return result;
    }
    throw context.ErrorAt(sqlstate::kDuplicateTable, "relation \"" + view.name + "\" already exists",
                          stmt.table->location);
  }
  view.reloptions = catalog::ValidateTableOptions(RelOptionInputs(stmt.options));
  const std::vector<std::string>& names = planned.plan->output_names;
  const std::vector<Type>& types = planned.plan->output_types;
  if (stmt.columns.size() > names.size()) {
    throw Error(sqlstate::kSyntaxError, "too many column names were specified");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < names.size(); ++i) {
    catalog::ColumnSchema column;
    column.name = i < stmt.columns.size() ? stmt.columns[i] : names[i];
    if (!seen.insert(column.name).second) {
      throw Error(sqlstate::kDuplicateColumn, "column \"" + column.name + "\" specified more than once");
    }
    column.type = types[i].id == TypeId::kUnknown ? Type{TypeId::kText, -1} : types[i];
    planner::CheckColumnType(column.name, column.type);
    view.columns.push_back(std::move(column));
  }
  view.view_definition = std::string(sql.substr(static_cast<size_t>(stmt.query->location),
                                                static_cast<size_t>(stmt.query->length)));
  view.view_search_path = ResolvedPath(session, context);
  view.populated = stmt.with_data;
  const catalog::TableSchema created =
      session.db.catalog->CreateTable(std::move(view), context.snapshot, context.snapshot.command_id);
  session.DropFileOnAbort(created.relfile);
  if (created.toast_relfile != 0) session.DropFileOnAbort(created.toast_relfile);
  session.MarkCatalogChanged();
  if (!stmt.with_data) {
    result.impl().command_tag = "CREATE MATERIALIZED VIEW";
    return result;
  }
  const uint64_t rows = WriteQueryRows(session, created, *planned.plan, context);
  result.impl().affected_rows = rows;
  result.impl().command_tag = "SELECT " + std::to_string(rows);
  return result;
}

Result RefreshMaterializedView(Session::Impl& session, const parser::RefreshMatViewStmt& stmt,
                               planner::AnalyzeContext& context) {
  Result result;
  result.impl().command_tag = "REFRESH MATERIALIZED VIEW";
  if (stmt.concurrent && stmt.skip_data) {
    throw Error(sqlstate::kSyntaxError, "CONCURRENTLY and WITH NO DATA options cannot be used together");
  }
  // AccessExclusiveLock, also for CONCURRENTLY (see the header).
  catalog::TableSchema view = planner::LookupTable(*stmt.view, context, storage::LockMode::kAccessExclusive);
  if (view.kind != 'm') {
    // PostgreSQL 15 reports this as 0A000 (its RefreshMatView check of relkind).
    throw Error(sqlstate::kFeatureNotSupported, "\"" + view.name + "\" is not a materialized view");
  }
  if (stmt.concurrent && !view.populated) {
    throw Error(sqlstate::kFeatureNotSupported,
                "CONCURRENTLY cannot be used when the materialized view is not populated");
  }
  if (stmt.concurrent && !HasUsableUniqueIndex(view, context)) {
    throw Error(sqlstate::kObjectNotInPrerequisiteState,
                "cannot refresh materialized view \"" + view.schema_name + "." + view.name + "\" concurrently")
        .WithHint("Create a unique index with no WHERE clause on one or more columns of the materialized view.");
  }
  planner::PlanPtr plan;
  std::vector<parser::StmtPtr> parsed;
  if (!stmt.skip_data) {
    // The stored query, bound along the search path it was made with.
    parsed = parser::Parse(view.view_definition);
    planner::ViewContext view_binding(view, context);
    plan = std::move(PlanStatement(*parsed.front(), view_binding.context).plan);
  }
  view.populated = !stmt.skip_data;
  ReplaceContents(session, view, [&](const catalog::TableSchema& fresh) {
    if (plan) WriteQueryRows(session, fresh, *plan, context);
  }, context);
  return result;
}

}  // namespace granary
