// TableStatistics (see table_statistics.hpp).
#include "storage/vacuum/table_statistics.hpp"

#include <algorithm>
#include <chrono>

namespace granary::storage {
namespace {

int64_t NowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void TableStatistics::ApplyTransaction(const PendingTableCounts& pending, const TransactionEnd& end) {
  const bool committed = end.committed;
  std::lock_guard lock(mutex_);
  DatabaseActivity& database = databases_[end.database];
  ++(committed ? database.xact_commit : database.xact_rollback);
  if (end.deadlocked) ++database.deadlocks;
  database.blks_hit += end.blocks_hit;
  database.blks_read += end.blocks_read;
  for (const auto& [rel, counts] : pending) {
    database.tup_returned += counts.seq_tuples_read + counts.index_tuples_read;
    database.tup_fetched += counts.index_tuples_fetched;
    database.tup_inserted += counts.inserted;
    database.tup_updated += counts.updated;
    database.tup_deleted += counts.deleted;
    TableActivity& table = tables_[rel];
    table.seq_scan += counts.seq_scans;
    table.seq_tup_read += counts.seq_tuples_read;
    table.idx_scan += counts.index_scans;
    table.idx_tup_read += counts.index_tuples_read;
    table.idx_tup_fetch += counts.index_tuples_fetched;
    if (!counts.WroteRows()) continue;
    table.tuples_inserted += counts.inserted;
    table.inserts_since_vacuum += counts.inserted;
    table.tuples_updated += counts.updated;
    table.tuples_deleted += counts.deleted;
    const auto inserted = static_cast<int64_t>(counts.inserted);
    const auto updated = static_cast<int64_t>(counts.updated);
    const auto deleted = static_cast<int64_t>(counts.deleted);
    if (committed) {
      table.changes_since_analyze += inserted + updated + deleted;
      table.live_tuples = std::max<int64_t>(0, table.live_tuples + inserted - deleted);
      table.dead_tuples += updated + deleted;
    } else {
      table.dead_tuples += inserted + updated;  // the new versions never become visible
    }
  }
}

void TableStatistics::ReportVacuum(RelFileNumber rel, uint64_t live, uint64_t dead,
                                   bool autovacuum) {
  std::lock_guard lock(mutex_);
  TableActivity& table = tables_[rel];
  table.live_tuples = static_cast<int64_t>(live);
  table.dead_tuples = static_cast<int64_t>(dead);
  table.inserts_since_vacuum = 0;
  if (autovacuum) {
    ++table.autovacuum_count;
    table.last_autovacuum_unix_ms = NowUnixMs();
  } else {
    ++table.vacuum_count;
    table.last_vacuum_unix_ms = NowUnixMs();
  }
}

void TableStatistics::ReportAnalyze(RelFileNumber rel, uint64_t live, bool autovacuum) {
  std::lock_guard lock(mutex_);
  TableActivity& table = tables_[rel];
  table.live_tuples = static_cast<int64_t>(live);
  table.changes_since_analyze = 0;
  if (autovacuum) {
    ++table.autoanalyze_count;
    table.last_autoanalyze_unix_ms = NowUnixMs();
  } else {
    ++table.analyze_count;
    table.last_analyze_unix_ms = NowUnixMs();
  }
}

void TableStatistics::CountSession(uint32_t database) {
  std::lock_guard lock(mutex_);
  ++databases_[database].sessions;
}

DatabaseActivity TableStatistics::Database(uint32_t database) const {
  std::lock_guard lock(mutex_);
  const auto it = databases_.find(database);
  return it == databases_.end() ? DatabaseActivity{} : it->second;
}

TableActivity TableStatistics::Get(RelFileNumber rel) const {
  std::lock_guard lock(mutex_);
  const auto it = tables_.find(rel);
  return it == tables_.end() ? TableActivity{} : it->second;
}

std::vector<std::pair<RelFileNumber, TableActivity>> TableStatistics::All() const {
  std::lock_guard lock(mutex_);
  return {tables_.begin(), tables_.end()};
}

void TableStatistics::Forget(RelFileNumber rel) {
  std::lock_guard lock(mutex_);
  tables_.erase(rel);
}

}  // namespace granary::storage
