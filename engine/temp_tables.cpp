// Temporary schemas and ON COMMIT actions (temp_tables.hpp).
#include "engine/temp_tables.hpp"

#include <algorithm>

#include "common/sqlstate.hpp"
#include "parser/parser.hpp"
#include "planner/analyze/deparse.hpp"

namespace granary {
namespace {

// The superuser the bootstrap objects belong to; PostgreSQL's temporary schemas are owned by
// it too.
constexpr catalog::Oid kBootstrapSuperuser = 10;

}  // namespace

catalog::NamespaceName TempNamespace(Session::Impl& session, planner::AnalyzeContext& context) {
  const std::string name = session.TempSchemaName();
  if (const std::optional<catalog::Oid> oid = session.db.catalog->FindNamespace(name, context.snapshot)) {
    return {*oid, name};
  }
  // Made earlier in this same command (a SERIAL column's sequence follows its table), where
  // the command's snapshot does not see it yet.
  Session::Impl::MadeTempSchema& made = session.made_temp_schema;
  if (made.oid != 0 && made.xid == context.snapshot.own_xid && made.command_id == context.snapshot.command_id) {
    return {made.oid, name};
  }
  const catalog::Oid oid =
      session.db.catalog->CreateNamespace(name, kBootstrapSuperuser, context.snapshot, context.snapshot.command_id);
  made = {oid, context.snapshot.own_xid, context.snapshot.command_id};
  session.temp_schema_made = true;
  session.MarkCatalogChanged();
  return {oid, name};
}

void CheckOnCommit(parser::OnCommitAction action, const catalog::NamespaceName& target,
                   planner::AnalyzeContext& context) {
  if (action != parser::OnCommitAction::kNoop && !catalog::IsTempSchemaName(target.name)) {
    throw context.ErrorAt(sqlstate::kInvalidTableDefinition, "ON COMMIT can only be used on temporary tables", -1);
  }
}

void RegisterOnCommit(Session::Impl& session, const catalog::TableSchema& table, parser::OnCommitAction action) {
  if (action == parser::OnCommitAction::kDeleteRows || action == parser::OnCommitAction::kDrop) {
    session.on_commit_actions.push_back({table.oid, action});
  }
}

void Session::Impl::RunOnCommitActions() {
  if (on_commit_actions.empty()) return;
  // The tables' current names (a table may have been renamed); entries of tables that are
  // gone are forgotten.
  const storage::Snapshot snapshot = db.transactions->TakeSnapshot(WriterXid(), command_id_, OwnAncestors());
  const std::string schema = planner::QuoteIdentifier(TempSchemaName()) + ".";
  std::vector<std::string> statements;
  std::vector<OnCommitEntry> kept;
  const std::vector<catalog::CatalogRow> classes = db.catalog->ReadSystemTable(catalog::SystemTable::kClass, snapshot);
  for (const OnCommitEntry& entry : on_commit_actions) {
    const catalog::CatalogRow* found = nullptr;
    for (const catalog::CatalogRow& row : classes) {
      if (static_cast<catalog::Oid>(row[catalog::pg_class::kOid].AsInt()) == entry.table) found = &row;
    }
    if (found == nullptr) continue;
    const std::string name = schema + planner::QuoteIdentifier((*found)[catalog::pg_class::kName].AsString());
    if (entry.action == parser::OnCommitAction::kDrop) {
      statements.push_back("DROP TABLE " + name);
      continue;
    }
    kept.push_back(entry);
    // A transaction that wrote no rows cannot have filled the table since the last commit
    // emptied it (PostgreSQL skips the truncation likewise when no temporary table was used).
    const bool wrote = std::any_of(table_counts.begin(), table_counts.end(),
                                   [](const auto& entry) { return entry.second.WroteRows(); });
    if (wrote) statements.push_back("DELETE FROM " + name);
  }
  on_commit_actions = std::move(kept);
  for (const std::string& sql : statements) {
    const std::vector<parser::StmtPtr> parsed = parser::Parse(sql);
    std::vector<types::Type> param_types;
    RunStatement(*parsed.front(), sql, {}, param_types, nullptr, nullptr, nullptr, nullptr);
  }
}

void Session::Impl::DropTempSchema() {
  on_commit_actions.clear();
  const std::string sql = "DROP SCHEMA IF EXISTS " + planner::QuoteIdentifier(TempSchemaName()) + " CASCADE";
  const std::vector<parser::StmtPtr> parsed = parser::Parse(sql);
  std::vector<types::Type> param_types;
  // A session ending inside a failed block or a COPY has already been rolled back.
  Run(*parsed.front(), sql, {}, param_types, /*in_script=*/false);
  temp_schema_made = false;
}

void DropLeftoverTempSchemas(Database::Impl& database) {
  Session::Impl session(database);
  const storage::Snapshot snapshot = database.transactions->TakeSnapshot(storage::kInvalidXid, 0, {});
  std::string names;
  for (const catalog::CatalogRow& row : database.catalog->ReadSystemTable(catalog::SystemTable::kNamespace, snapshot)) {
    const std::string& name = row[catalog::pg_namespace::kName].AsString();
    if (catalog::IsTempSchemaName(name)) names += (names.empty() ? "" : ", ") + planner::QuoteIdentifier(name);
  }
  if (names.empty()) return;
  const std::string sql = "DROP SCHEMA IF EXISTS " + names + " CASCADE";
  const std::vector<parser::StmtPtr> parsed = parser::Parse(sql);
  std::vector<types::Type> param_types;
  session.Run(*parsed.front(), sql, {}, param_types, /*in_script=*/false);
}

}  // namespace granary
