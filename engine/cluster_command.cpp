// CLUSTER and VACUUM FULL (see cluster_command.hpp).
#include "engine/cluster_command.hpp"

#include "catalog/search_path.hpp"
#include "common/sqlstate.hpp"
#include "engine/table_storage.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/index_definition.hpp"

namespace granary {
namespace {

std::string QualifiedName(const catalog::TableSchema& table) { return table.schema_name + "." + table.name; }

// PostgreSQL's VERBOSE report of copy_table_data.
Error CompactionNotice(const catalog::TableSchema& table, const CompactionReport& report) {
  return Error(sqlstate::kSuccessfulCompletion,
               "\"" + QualifiedName(table) + "\": found " + std::to_string(report.removed) + " removable, " +
                   std::to_string(report.kept) + " nonremovable row versions in " +
                   std::to_string(report.pages) + " pages",
               Severity::kInfo)
      .WithDetail(std::to_string(report.recently_dead) + " dead row versions cannot be removed yet.");
}

catalog::TableSchema LockTable(const parser::RangeVar& name, planner::AnalyzeContext& context) {
  catalog::TableSchema table = planner::LookupTable(name, context, storage::LockMode::kAccessExclusive);
  if (table.kind != 'r') {
    throw Error(sqlstate::kWrongObjectType, "\"" + table.name + "\" is not a table or materialized view");
  }
  return table;
}

// The index of `table` named `name` (looked up in the table's schema, as PostgreSQL does),
// refused when it is partial.
const catalog::IndexSchema& ClusterableIndex(Session::Impl& session, const catalog::TableSchema& table,
                                             const std::string& name, planner::AnalyzeContext& context) {
  for (const catalog::IndexSchema& index : table.indexes) {
    if (index.name != name) continue;
    if (planner::BindIndex(table, index, context).predicate != nullptr) {
      throw Error(sqlstate::kFeatureNotSupported, "cannot cluster on partial index \"" + name + "\"");
    }
    return index;
  }
  if (session.db.catalog->FindIndex(table.schema_name, name, context.SearchPath(), context.snapshot)) {
    throw Error(sqlstate::kWrongObjectType, "\"" + name + "\" is not an index for table \"" + table.name + "\"");
  }
  throw Error(sqlstate::kUndefinedObject,
              "index \"" + name + "\" for table \"" + table.name + "\" does not exist");
}

const catalog::IndexSchema* ClusteredIndex(const catalog::TableSchema& table) {
  for (const catalog::IndexSchema& index : table.indexes) {
    if (index.clustered) return &index;
  }
  return nullptr;
}

// Orders `table` by its index `index_name`, which becomes its clustered index.
void ClusterTable(Session::Impl& session, catalog::TableSchema table, const std::string& index_name,
                  bool verbose, planner::AnalyzeContext& context, Result::Impl& out) {
  const catalog::IndexSchema index = ClusterableIndex(session, table, index_name, context);
  for (catalog::IndexSchema& each : table.indexes) each.clustered = each.oid == index.oid;
  if (verbose) {
    out.notices.push_back(Error(sqlstate::kSuccessfulCompletion,
                                "clustering \"" + QualifiedName(table) + "\" using index scan on \"" +
                                    index.name + "\"",
                                Severity::kInfo));
  }
  CompactionReport report;
  CompactTable(session, table, &index, context, report);
  if (verbose) out.notices.push_back(CompactionNotice(table, report));
}

}  // namespace

Result Cluster(Session::Impl& session, const parser::ClusterStmt& stmt, planner::AnalyzeContext& context) {
  Result result;
  Result::Impl& out = result.impl();
  out.command_tag = "CLUSTER";
  if (stmt.table != nullptr) {
    const catalog::TableSchema table = LockTable(*stmt.table, context);
    std::string index = stmt.index;
    if (index.empty()) {
      const catalog::IndexSchema* clustered = ClusteredIndex(table);
      if (clustered == nullptr) {
        throw Error(sqlstate::kUndefinedObject,
                    "there is no previously clustered index for table \"" + table.name + "\"");
      }
      index = clustered->name;
    }
    ClusterTable(session, table, index, stmt.verbose, context, out);
    return result;
  }
  // PostgreSQL's PreventInTransactionBlock: it runs a transaction per table. Granary runs
  // them all in the statement's one transaction.
  if (session.InTransactionBlock()) {
    throw Error(sqlstate::kActiveSqlTransaction, "CLUSTER cannot run inside a transaction block");
  }
  const std::string own_temp = context.SearchPath().temp_schema;
  for (const catalog::TableSchema& listed : session.db.catalog->ListTables(context.snapshot)) {
    if (listed.oid < catalog::kFirstNormalOid || listed.kind != 'r' || ClusteredIndex(listed) == nullptr) continue;
    if (catalog::IsTempSchemaName(listed.schema_name) && listed.schema_name != own_temp) continue;
    parser::RangeVar name;
    name.schema = listed.schema_name;
    name.name = listed.name;
    // Looked up again under the lock: the table as it is once earlier holders are done.
    const catalog::TableSchema table = LockTable(name, context);
    const catalog::IndexSchema* clustered = ClusteredIndex(table);
    if (clustered == nullptr) continue;
    ClusterTable(session, table, clustered->name, stmt.verbose, context, out);
  }
  return result;
}

Result VacuumFullTable(Session::Impl& session, const parser::VacuumStmt& stmt,
                       planner::AnalyzeContext& context) {
  Result result;
  Result::Impl& out = result.impl();
  out.command_tag = "VACUUM";
  const catalog::TableSchema table = LockTable(*stmt.relations.front(), context);
  if (stmt.verbose) {
    out.notices.push_back(
        Error(sqlstate::kSuccessfulCompletion, "vacuuming \"" + QualifiedName(table) + "\"", Severity::kInfo));
  }
  CompactionReport report;
  CompactTable(session, table, nullptr, context, report);
  if (stmt.verbose) out.notices.push_back(CompactionNotice(table, report));
  return result;
}

void SetClusteredIndex(Session::Impl& session, const catalog::TableSchema& table, const std::string& index,
                       planner::AnalyzeContext& context) {
  const catalog::Oid chosen = index.empty() ? 0 : ClusterableIndex(session, table, index, context).oid;
  for (catalog::IndexSchema each : table.indexes) {
    const bool clustered = each.oid == chosen;
    if (each.clustered == clustered) continue;
    each.clustered = clustered;
    session.db.catalog->UpdateIndex(table, each, context.snapshot, context.snapshot.command_id);
  }
  session.MarkCatalogChanged();
}

}  // namespace granary
