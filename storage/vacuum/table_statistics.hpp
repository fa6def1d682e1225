// TableStatistics — per-table and per-database activity counters kept in memory, what
// autovacuum decides by and what pg_stat_user_tables, pg_stat_user_indexes and
// pg_stat_database show (PostgreSQL's pgstat counters).
//
// DML and scans count into a transaction's PendingTableCounts; the session applies them when
// the transaction ends, as PostgreSQL's pgstat_relation does: a commit adds inserted -
// deleted live tuples and updated + deleted dead ones, an abort makes everything it inserted
// or updated dead; scans and row counts count either way. Vacuum reports the live and dead
// tuples it found. Keyed by relation file (an index's counts under its own file). The
// database counters (commits, rollbacks, buffer hits and reads, rows) are keyed by database
// oid; a transaction's rows are its tables' counts summed.
//
// Unlike PostgreSQL, which sends a backend's counts at most once a second, each transaction
// applies its counts when it ends: one short critical section per transaction, and a
// session reads its own finished transactions' counts at once.
// Counters are not persisted: after a restart they start from zero (PostgreSQL keeps them
// across clean restarts), so autovacuum waits for new activity before it visits a table.
// Thread-safety: all methods are thread-safe (one mutex).
#pragma once

#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "storage/buffer/storage_manager.hpp"

namespace granary::storage {

// One transaction's not-yet-applied counts for one table.
struct TableCounts {
  uint64_t inserted = 0;
  uint64_t updated = 0;
  uint64_t deleted = 0;
  uint64_t seq_scans = 0;
  uint64_t seq_tuples_read = 0;       // rows sequential scans returned
  // On a table: scans of any of its indexes; on an index: scans of it.
  uint64_t index_scans = 0;
  uint64_t index_tuples_read = 0;     // on an index: entries its scans returned
  uint64_t index_tuples_fetched = 0;  // live table rows fetched through an index
  bool WroteRows() const { return inserted + updated + deleted > 0; }
};
using PendingTableCounts = std::unordered_map<RelFileNumber, TableCounts>;

struct TableActivity {
  uint64_t tuples_inserted = 0;  // n_tup_ins (committed or not, as PostgreSQL counts)
  uint64_t tuples_updated = 0;   // n_tup_upd
  uint64_t tuples_deleted = 0;   // n_tup_del
  int64_t live_tuples = 0;       // n_live_tup (estimate)
  int64_t dead_tuples = 0;       // n_dead_tup (estimate)
  uint64_t vacuum_count = 0;
  uint64_t autovacuum_count = 0;
  int64_t last_vacuum_unix_ms = 0;      // 0: never
  int64_t last_autovacuum_unix_ms = 0;  // 0: never
  // n_mod_since_analyze: rows inserted, updated or deleted by committed transactions since
  // the last ANALYZE; what autovacuum's analyze threshold compares.
  int64_t changes_since_analyze = 0;
  uint64_t analyze_count = 0;
  uint64_t autoanalyze_count = 0;
  int64_t last_analyze_unix_ms = 0;      // 0: never
  int64_t last_autoanalyze_unix_ms = 0;  // 0: never
  uint64_t seq_scan = 0;
  uint64_t seq_tup_read = 0;
  uint64_t idx_scan = 0;
  uint64_t idx_tup_read = 0;   // an index's
  uint64_t idx_tup_fetch = 0;
  uint64_t inserts_since_vacuum = 0;  // n_ins_since_vacuum
};

// pg_stat_database's counters for one database.
struct DatabaseActivity {
  uint64_t xact_commit = 0;
  uint64_t xact_rollback = 0;
  uint64_t blks_read = 0;
  uint64_t blks_hit = 0;
  uint64_t tup_returned = 0;  // rows sequential scans returned and index entries read
  uint64_t tup_fetched = 0;   // rows fetched through indexes
  uint64_t tup_inserted = 0;
  uint64_t tup_updated = 0;
  uint64_t tup_deleted = 0;
  uint64_t deadlocks = 0;
  uint64_t sessions = 0;
};

// How a transaction ended, for its database's counters.
struct TransactionEnd {
  uint32_t database = 0;  // oid
  bool committed = false;
  bool deadlocked = false;  // it failed with 40P01
  // Buffer pool lookups to charge to it (BufferPool::TakeThreadCounts).
  uint64_t blocks_hit = 0;
  uint64_t blocks_read = 0;
};

class TableStatistics {
 public:
  // Applies a finished transaction's counts.
  void ApplyTransaction(const PendingTableCounts& pending, const TransactionEnd& end);
  // A session connected to `database`.
  void CountSession(uint32_t database);
  DatabaseActivity Database(uint32_t database) const;
  // Vacuum found `live` tuples and left `dead` that it could not remove yet.
  void ReportVacuum(RelFileNumber rel, uint64_t live, uint64_t dead, bool autovacuum);
  // ANALYZE found `live` rows: resets the changes since the last analyze.
  void ReportAnalyze(RelFileNumber rel, uint64_t live, bool autovacuum);
  TableActivity Get(RelFileNumber rel) const;
  std::vector<std::pair<RelFileNumber, TableActivity>> All() const;
  void Forget(RelFileNumber rel);

 private:
  mutable std::mutex mutex_;
  std::unordered_map<RelFileNumber, TableActivity> tables_;
  std::unordered_map<uint32_t, DatabaseActivity> databases_;
};

}  // namespace granary::storage
