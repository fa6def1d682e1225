// VACUUM statements and the per-table vacuum step (see vacuum_command.hpp).
#include "engine/vacuum_command.hpp"

#include <cstdio>
#include <string>

#include "common/sqlstate.hpp"
#include "engine/analyze_command.hpp"

namespace granary {
namespace {

std::string QualifiedName(const catalog::TableSchema& table) {
  return table.schema_name + "." + table.name;
}

std::string Percent(size_t part, size_t whole) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.2f", whole == 0 ? 100.0 : 100.0 * part / whole);
  return text;
}

void AddVerboseReport(Result::Impl& out, const catalog::TableSchema& table,
                      const storage::VacuumReport& report) {
  if (report.pages_truncated > 0) {
    out.notices.push_back(Error(sqlstate::kSuccessfulCompletion,
                                "table \"" + table.name + "\": truncated " +
                                    std::to_string(report.pages_before) + " to " +
                                    std::to_string(report.pages_after) + " pages",
                                Severity::kInfo));
  }
  std::string text = "finished vacuuming \"" + QualifiedName(table) +
                     "\": index scans: " + std::to_string(report.index_passes) + "\n";
  text += "pages: " + std::to_string(report.pages_truncated) + " removed, " +
          std::to_string(report.pages_after) + " remain, " + std::to_string(report.pages_before) +
          " scanned (" + Percent(report.pages_before, report.pages_before) + "% of total)\n";
  text += "tuples: " + std::to_string(report.tuples_removed) + " removed, " +
          std::to_string(report.tuples_live + report.tuples_recently_dead) + " remain, " +
          std::to_string(report.tuples_recently_dead) + " are dead but not yet removable\n";
  text += "removable cutoff: " + std::to_string(report.horizon);
  for (size_t i = 0; i < table.indexes.size() && i < report.index_entries_removed.size(); ++i) {
    text += "\nindex \"" + table.indexes[i].name + "\": " +
            std::to_string(report.index_entries_removed[i]) + " entries removed";
  }
  out.notices.push_back(Error(sqlstate::kSuccessfulCompletion, text, Severity::kInfo));
}

// The tables a VACUUM names (all of them when it names none), read in a transaction of their
// own that ends before any table is vacuumed.
std::vector<catalog::TableSchema> ResolveTargets(Database::Impl& db, const parser::VacuumStmt& stmt,
                                                 const catalog::SearchPath& search_path,
                                                 Result::Impl& out) {
  const storage::Xid xid = db.BeginTransaction();
  std::vector<catalog::TableSchema> tables;
  try {
    const storage::Snapshot snapshot = db.transactions->TakeSnapshot(xid, 0);
    if (stmt.relations.empty()) {
      tables = db.catalog->ListTables(snapshot);
    } else {
      for (const auto& relation : stmt.relations) {
        std::optional<catalog::TableSchema> table =
            db.catalog->FindTable(relation->schema, relation->name, search_path, snapshot);
        if (!table) {
          throw Error(sqlstate::kUndefinedTable,
                      "relation \"" + (relation->schema.empty() ? "" : relation->schema + ".") +
                          relation->name + "\" does not exist");
        }
        if (table->kind != 'r' && table->kind != 'm') {  // a materialized view's rows are a table's
          out.notices.push_back(Error(sqlstate::kWarning,
                                      "skipping \"" + table->name +
                                          "\" --- cannot vacuum non-tables or special system tables",
                                      Severity::kWarning));
          continue;
        }
        tables.push_back(std::move(*table));
      }
    }
  } catch (...) {
    db.transactions->Abort(xid);
    throw;
  }
  db.transactions->Commit(xid);  // wrote nothing: no record
  return tables;
}

}  // namespace

storage::VacuumReport VacuumTable(Database::Impl& db, const catalog::TableSchema& table,
                                  bool autovacuum, const std::function<bool()>& should_stop) {
  // A transaction of its own owns the locks: ShareUpdateExclusiveLock for the whole vacuum
  // (DML goes on; DDL and other vacuums of the table wait — autovacuum does not wait, it
  // skips a busy table), and AccessExclusiveLock, if free at once, for the truncation.
  const storage::Xid owner = db.BeginTransaction();
  db.locks.Acquire(storage::LockTag::Transaction(owner), storage::LockMode::kExclusive, owner, {});
  storage::VacuumReport report;
  try {
    storage::LockWait wait;
    wait.nowait = autovacuum;
    const storage::LockResult locked = db.locks.Acquire(
        storage::LockTag::Relation(table.oid), storage::LockMode::kShareUpdateExclusive, owner, wait);
    if (locked != storage::LockResult::kGranted) {
      if (!autovacuum) throw Error(sqlstate::kLockNotAvailable, "could not obtain lock on relation \"" + table.name + "\"");
      report.stopped = true;
    } else if (db.storage->Exists(table.relfile)) {  // not dropped while we waited
      storage::VacuumTarget target;
      target.heap = table.relfile;
      for (const catalog::IndexSchema& index : table.indexes) {
        target.indexes.push_back({index.relfile, index.name});
      }
      storage::VacuumOptions options;
      options.should_stop = should_stop;
      // Catalog lookups read the system catalogs without relation locks (MVCC alone), so a
      // truncation could pull pages from under a concurrent catalog scan: their empty tail
      // pages are reused through the free space map instead of being given back.
      options.truncate = table.oid >= catalog::kFirstNormalOid;
      options.lock_for_truncation = [&] {
        storage::LockWait nowait;
        nowait.nowait = true;
        return db.locks.Acquire(storage::LockTag::Relation(table.oid),
                                storage::LockMode::kAccessExclusive, owner,
                                nowait) == storage::LockResult::kGranted;
      };
      report = storage::VacuumRelation(*db.pool, *db.transactions, target, options);
      if (table.toast_relfile != 0 && !report.stopped) {
        // The toast relation's chunks die with the row versions pointing at them (same xmin
        // and xmax), so the same horizon reclaims them; it has no indexes.
        storage::VacuumTarget toast;
        toast.heap = table.toast_relfile;
        storage::VacuumOptions toast_options;
        toast_options.should_stop = should_stop;
        toast_options.lock_for_truncation = options.lock_for_truncation;
        storage::VacuumRelation(*db.pool, *db.transactions, toast, toast_options);
      }
      if (!report.stopped) {
        db.statistics->ReportVacuum(table.relfile, report.tuples_live,
                                    report.tuples_recently_dead, autovacuum);
      }
    }
  } catch (...) {
    db.transactions->Abort(owner);
    db.locks.ReleaseAll(owner);
    throw;
  }
  db.transactions->Commit(owner);  // wrote nothing under its xid: no record
  db.locks.ReleaseAll(owner);
  return report;
}

Result RunVacuum(Database::Impl& db, const parser::VacuumStmt& stmt, const catalog::SearchPath& search_path,
                 const CompactTableStep& compact) {
  if (!stmt.analyze) {
    for (const auto& columns : stmt.columns) {
      if (!columns.empty()) {
        throw Error(sqlstate::kFeatureNotSupported, "ANALYZE option must be specified when a column list is provided");
      }
    }
  }
  if (!stmt.unsupported_option.empty()) {
    throw Error(sqlstate::kFeatureNotSupported,
                "VACUUM option \"" + stmt.unsupported_option + "\" is not supported yet");
  }
  // FREEZE is accepted and has nothing to do: xids are 64-bit and never wrap.
  Result result;
  Result::Impl& out = result.impl();
  out.command_tag = "VACUUM";
  for (const catalog::TableSchema& table : ResolveTargets(db, stmt, search_path, out)) {
    if (stmt.full && table.oid >= catalog::kFirstNormalOid) {
      // Other sessions' temporary tables are theirs to compact (PostgreSQL skips them).
      if (catalog::IsTempSchemaName(table.schema_name) && table.schema_name != search_path.temp_schema) continue;
      for (Error& notice : compact(table)) out.notices.push_back(std::move(notice));
      if (stmt.analyze) AnalyzeTableAlone(db, table, /*autovacuum=*/false, stmt.verbose ? &out.notices : nullptr);
      continue;
    }
    if (stmt.verbose) {
      out.notices.push_back(Error(sqlstate::kSuccessfulCompletion,
                                  "vacuuming \"" + QualifiedName(table) + "\"", Severity::kInfo));
    }
    const storage::VacuumReport report = VacuumTable(db, table, /*autovacuum=*/false);
    if (stmt.verbose) AddVerboseReport(out, table, report);
    // VACUUM ANALYZE: then the statistics, in a transaction of their own (all columns; a
    // column list only narrows what PostgreSQL analyzes, which Granary does not yet do here).
    if (stmt.analyze) AnalyzeTableAlone(db, table, /*autovacuum=*/false, stmt.verbose ? &out.notices : nullptr);
  }
  return result;
}

}  // namespace granary
