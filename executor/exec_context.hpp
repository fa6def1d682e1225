// ExecContext — what a running statement needs from its session and database.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "executor/cte_store.hpp"
#include "executor/foreign_key_events.hpp"
#include "executor/routine_caller.hpp"
#include "executor/sequence_access.hpp"
#include "catalog/catalog.hpp"
#include "catalog/system_views.hpp"
#include "storage/buffer/buffer_pool.hpp"
#include "storage/heap/heap_file.hpp"
#include "storage/lock/lock_context.hpp"
#include "storage/txn/transaction_manager.hpp"
#include "storage/vacuum/table_statistics.hpp"
#include "types/value.hpp"

namespace granary::planner {
struct PlanNode;
}

namespace granary::executor {

class PlanInstrumentation;  // instrumentation.hpp
class TempFileSpace;        // spill/temp_file_space.hpp

// Re-evaluating a statement for a newer version of a row it changes (PostgreSQL's
// EvalPlanQual): the plan runs again with the scan `scan` of the changed table yielding
// only the tuple `tid`, read as it is now, whatever the snapshot says.
struct RecheckTarget {
  const planner::PlanNode* scan = nullptr;
  storage::TupleId tid;
};

// The values of an uncorrelated `x = ANY (sub-select)` in a hash set (expr/evaluator.cpp).
struct HashedSubquery;

struct ExecContext {
  // Applies `change` to the transaction's counts for relation file `rel`, when kept.
  template <typename Change>
  void CountActivity(storage::RelFileNumber rel, Change&& change) const {
    if (table_counts != nullptr) change((*table_counts)[rel]);
  }

  storage::BufferPool& pool;
  storage::TransactionManager& transactions;
  storage::Snapshot snapshot;          // own_xid and command_id name the writer
  const std::vector<types::Value>& params;
  uint64_t rows_affected = 0;          // set by INSERT/UPDATE/DELETE
  // The transaction's per-table DML and scan counts (autovacuum's and the pg_stat views'
  // statistics), or null.
  storage::PendingTableCounts* table_counts = nullptr;
  const std::atomic<bool>* cancel_requested = nullptr;  // checked between batches
  std::chrono::steady_clock::time_point statement_deadline{};  // statement_timeout; zero: none
  // Locks and waits for rows; null outside a transaction (a row conflict is then 55P03).
  const storage::LockContext* locks = nullptr;
  // REPEATABLE READ: a row changed by a transaction that committed after the snapshot is a
  // serialization failure (40001) instead of being re-evaluated.
  bool transaction_snapshot = false;
  RecheckTarget recheck;
  // Where INSERT/UPDATE/DELETE queue the changes foreign keys must check (the engine runs
  // them when the plan has finished); null where no foreign key is enforced.
  ForeignKeyEvents* foreign_key_events = nullptr;
  // nextval and friends; null where sequences cannot be used (0A000).
  SequenceAccess* sequences = nullptr;
  // PL/pgSQL functions (kRoutineCall); null where they cannot run (0A000).
  RoutineCaller* routines = nullptr;
  // Inside a correlated subquery: the enclosing row's values for its outer references.
  const std::vector<types::Value>* outer_values = nullptr;
  // Results of uncorrelated subqueries, computed once per statement (shared by the contexts
  // subqueries run in).
  std::shared_ptr<std::unordered_map<const void*, std::vector<types::Value>>> subquery_results =
      std::make_shared<std::unordered_map<const void*, std::vector<types::Value>>>();
  // Uncorrelated `x = ANY (sub-select)` (IN and NOT IN) hashed once per statement
  // (expr/evaluator.cpp), keyed like subquery_results.
  std::shared_ptr<std::unordered_map<const void*, std::shared_ptr<const HashedSubquery>>> hashed_subqueries =
      std::make_shared<std::unordered_map<const void*, std::shared_ptr<const HashedSubquery>>>();

  // Rows of WITH items (materialised items, recursive work tables), for the statement.
  std::shared_ptr<CteStore> ctes = std::make_shared<CteStore>();

  // For system views and catalog functions (catalog/system_views.hpp, catalog_functions.hpp):
  // the catalog and the session's environment; null where no statement can use them.
  granary::catalog::Catalog* system_catalog = nullptr;
  const granary::catalog::SystemViewEnvironment* environment = nullptr;
  // Both of the above; XX000 when absent.
  granary::catalog::Catalog& Catalog() const;
  const granary::catalog::SystemViewEnvironment& Environment() const;

  // EXPLAIN ANALYZE: every operator built is counted and timed there (instrumentation.hpp);
  // null otherwise.
  PlanInstrumentation* instrumentation = nullptr;

  // work_mem and hash_mem_multiplier: a sort may hold work_mem bytes of rows, a hash table
  // (hash aggregation, DISTINCT, a hash join's inner side) work_mem * hash_mem_multiplier,
  // before spilling to temporary files in `temp_files` (whose limit is temp_file_limit).
  // Without `temp_files` nothing spills.
  size_t work_mem_bytes = size_t{4} * 1024 * 1024;
  double hash_mem_multiplier = 2.0;
  std::shared_ptr<TempFileSpace> temp_files;
  size_t HashMemoryBytes() const {
    return static_cast<size_t>(static_cast<double>(work_mem_bytes) * hash_mem_multiplier);
  }

  // Parallel query (operators/gather.hpp). In a participant's context: the blocks its
  // Parallel Seq Scan shares with the others, and the flag the Gather raises to stop every
  // participant when one has failed (CheckForCancel then raises 57014, an error the Gather
  // drops in favour of the first one). In the leader's: how many workers the process may
  // run at once (max_parallel_workers).
  storage::ParallelBlocks* parallel_blocks = nullptr;
  const std::atomic<bool>* parallel_stop = nullptr;
  int max_parallel_workers = 8;

  // Raises 57014 (query_canceled) when the statement was asked to stop or ran out of time.
  void CheckForCancel() const;
};

}  // namespace granary::executor
