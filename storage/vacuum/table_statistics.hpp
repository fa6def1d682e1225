// TableStatistics — per-table activity counters kept in memory, what autovacuum decides by
// (PostgreSQL's pgstat table counters behind pg_stat_user_tables: n_tup_ins, n_tup_upd,
// n_tup_del, n_live_tup, n_dead_tup, vacuum counts).
//
// DML counts into a transaction's PendingTableCounts; the session applies them when the
// transaction ends, as PostgreSQL's pgstat_relation does: a commit adds inserted - deleted
// live tuples and updated + deleted dead ones, an abort makes everything it inserted or
// updated dead. Vacuum reports the live and dead tuples it found. Keyed by relation file.
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
};

class TableStatistics {
 public:
  // Applies a finished transaction's counts.
  void ApplyTransaction(const PendingTableCounts& pending, bool committed);
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
};

}  // namespace granary::storage
