// ANALYZE: sampling, statistics and their storage (see analyze_command.hpp).
#include "engine/analyze_command.hpp"

#include <string>

#include "common/sqlstate.hpp"
#include "engine/analyze_statistics.hpp"
#include "storage/heap/heap_file.hpp"
#include "storage/heap/row_codec.hpp"

namespace granary {
namespace {

std::string QualifiedName(const catalog::TableSchema& table) { return table.schema_name + "." + table.name; }

void AddVerboseLines(const catalog::TableSchema& table, const AnalyzeReport& report, std::vector<Error>& notices) {
  notices.push_back(Error(sqlstate::kSuccessfulCompletion, "analyzing \"" + QualifiedName(table) + "\"",
                          Severity::kInfo));
  notices.push_back(Error(sqlstate::kSuccessfulCompletion,
                          "\"" + table.name + "\": scanned " + std::to_string(report.pages) + " of " +
                              std::to_string(report.pages) + " pages, containing " +
                              std::to_string(report.live_rows) + " live rows and 0 dead rows; " +
                              std::to_string(report.sampled_rows) + " rows in sample, " +
                              std::to_string(report.live_rows) + " estimated total rows",
                          Severity::kInfo));
}

// The 0-based columns `names` lists (all when empty): 42703 unknown, 42701 listed twice.
std::vector<size_t> ResolveColumns(const catalog::TableSchema& table, const std::vector<std::string>& names) {
  std::vector<size_t> columns;
  for (const std::string& name : names) {
    std::optional<size_t> found;
    for (size_t i = 0; i < table.columns.size(); ++i) {
      if (table.columns[i].name == name) found = i;
    }
    if (!found) {
      throw Error(sqlstate::kUndefinedColumn,
                  "column \"" + name + "\" of relation \"" + table.name + "\" does not exist");
    }
    if (std::find(columns.begin(), columns.end(), *found) != columns.end()) {
      throw Error(sqlstate::kDuplicateColumn,
                  "column \"" + name + "\" of relation \"" + table.name + "\" appears more than once");
    }
    columns.push_back(*found);
  }
  return columns;
}

}  // namespace

AnalyzeReport SampleTable(Database::Impl& db, const catalog::TableSchema& table, const std::vector<size_t>& columns,
                          const storage::Snapshot& snapshot, const std::function<bool()>& cancelled) {
  AnalyzeReport report;
  const size_t capacity = 300 * static_cast<size_t>(kDefaultStatisticsTarget);
  Reservoir<std::vector<types::Value>> reservoir(capacity);
  if (db.storage->Exists(table.relfile)) {
    report.pages = db.storage->NumBlocks(table.relfile);
    storage::HeapFile heap(*db.pool, table.relfile);
    storage::HeapFile::Scan scan(heap, *db.transactions, snapshot);
    const std::vector<types::Type> types = table.ColumnTypes();
    std::vector<storage::HeapTuple> tuples;
    while (scan.NextBatch(tuples, 256)) {
      for (const storage::HeapTuple& tuple : tuples) {
        std::vector<types::Value> row;
        storage::DecodeRow(std::as_bytes(std::span(tuple.data)), types, row, tuple.header.attribute_count,
                           db.pool.get());
        reservoir.Offer(std::move(row));
      }
      tuples.clear();
      if (cancelled && cancelled()) {
        throw Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
      }
    }
  }
  report.live_rows = reservoir.seen();
  const std::vector<std::vector<types::Value>> sample = reservoir.Take();
  report.sampled_rows = sample.size();
  report.statistics.tuples = static_cast<double>(report.live_rows);
  report.statistics.pages = static_cast<int64_t>(report.pages);
  std::vector<size_t> targets = columns;
  if (sample.empty()) return report;  // an empty table: its size only, as PostgreSQL
  if (targets.empty()) {
    for (size_t i = 0; i < table.columns.size(); ++i) targets.push_back(i);
  }
  std::vector<types::Value> values;
  for (size_t column : targets) {
    values.clear();
    for (const auto& row : sample) values.push_back(column < row.size() ? row[column] : types::Value::Null());
    report.statistics.columns.push_back(ComputeColumnStatistics(
        values, table.columns[column].type, static_cast<double>(report.live_rows), static_cast<int32_t>(column + 1)));
  }
  return report;
}

Result RunAnalyze(Session::Impl& session, const parser::VacuumStmt& stmt, planner::AnalyzeContext& context) {
  if (!stmt.unsupported_option.empty()) {
    throw Error(sqlstate::kFeatureNotSupported, "ANALYZE option \"" + stmt.unsupported_option + "\" is not supported yet");
  }
  Result result;
  Result::Impl& out = result.impl();
  out.command_tag = "ANALYZE";
  Database::Impl& db = session.db;
  struct Target {
    catalog::TableSchema table;
    std::vector<size_t> columns;
  };
  std::vector<Target> targets;
  if (stmt.relations.empty()) {
    // Every user table (PostgreSQL also analyzes the system catalogs; Granary's planner
    // never plans over them).
    for (catalog::TableSchema& listed : db.catalog->ListTables(context.snapshot)) {
      if (listed.oid < catalog::kFirstNormalOid) continue;
      std::optional<catalog::TableSchema> table =
          db.catalog->FindTable(listed.schema_name, listed.name, context.SearchPath(), context.snapshot);
      if (table) targets.push_back({std::move(*table), {}});
    }
  } else {
    for (size_t i = 0; i < stmt.relations.size(); ++i) {
      const parser::RangeVar& relation = *stmt.relations[i];
      std::optional<catalog::TableSchema> table =
          db.catalog->FindTable(relation.schema, relation.name, context.SearchPath(), context.snapshot);
      if (!table) {
        throw Error(sqlstate::kUndefinedTable, "relation \"" + (relation.schema.empty() ? "" : relation.schema + ".") +
                                                   relation.name + "\" does not exist");
      }
      if (table->kind != 'r' && table->kind != 'm') {  // a materialized view's rows are a table's
        out.notices.push_back(Error(sqlstate::kWarning,
                                    "skipping \"" + table->name + "\" --- cannot analyze non-tables or special system tables",
                                    Severity::kWarning));
        continue;
      }
      std::vector<size_t> columns = ResolveColumns(*table, stmt.columns[i]);
      targets.push_back({std::move(*table), std::move(columns)});
    }
  }
  for (const Target& target : targets) {
    if (context.locks != nullptr) {
      context.locks->LockRelation(target.table.oid, storage::LockMode::kShareUpdateExclusive, target.table.name);
    }
    const storage::Snapshot rows_snapshot = session.ExecutionSnapshot(context.snapshot);
    const AnalyzeReport report = SampleTable(db, target.table, target.columns, rows_snapshot, [&session] {
      return session.cancel_requested.load(std::memory_order_relaxed);
    });
    db.catalog->StoreStatistics(target.table, report.statistics, context.snapshot, context.snapshot.command_id);
    session.MarkCatalogChanged();
    db.statistics->ReportAnalyze(target.table.relfile, report.live_rows, /*autovacuum=*/false);
    if (stmt.verbose) AddVerboseLines(target.table, report, out.notices);
  }
  return result;
}

bool AnalyzeTableAlone(Database::Impl& db, const catalog::TableSchema& table, bool autovacuum,
                       std::vector<Error>* notices) {
  const storage::Xid owner = db.BeginTransaction();
  db.locks.Acquire(storage::LockTag::Transaction(owner), storage::LockMode::kExclusive, owner, {});
  try {
    storage::LockWait wait;
    wait.nowait = autovacuum;
    const storage::LockResult locked = db.locks.Acquire(storage::LockTag::Relation(table.oid),
                                                        storage::LockMode::kShareUpdateExclusive, owner, wait);
    if (locked != storage::LockResult::kGranted) {
      if (!autovacuum) throw Error(sqlstate::kLockNotAvailable, "could not obtain lock on relation \"" + table.name + "\"");
      db.transactions->Abort(owner);
      db.locks.ReleaseAll(owner);
      return false;
    }
    const storage::Snapshot snapshot = db.transactions->TakeSnapshot(owner, 0);
    // The table as this snapshot describes it (ListTables gives no columns).
    std::optional<catalog::TableSchema> current =
        db.catalog->FindTable(table.schema_name, table.name, catalog::SearchPath{}, snapshot);
    if (current && current->oid == table.oid) {
      const AnalyzeReport report = SampleTable(db, *current, {}, snapshot);
      db.catalog->StoreStatistics(*current, report.statistics, snapshot, 0);
      db.statistics->ReportAnalyze(current->relfile, report.live_rows, autovacuum);
      if (notices != nullptr) AddVerboseLines(*current, report, *notices);
      db.transactions->Commit(owner);
      db.catalog_version.fetch_add(1, std::memory_order_acq_rel);
    } else {
      db.transactions->Abort(owner);
    }
  } catch (...) {
    db.transactions->Abort(owner);
    db.locks.ReleaseAll(owner);
    throw;
  }
  db.locks.ReleaseAll(owner);
  return true;
}

}  // namespace granary
