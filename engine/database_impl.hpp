// Database::Impl — everything one open data directory owns, wired together in dependency
// order: directory (lock + control file) -> storage manager -> buffer pool -> (recovery) ->
// write-ahead log -> transactions -> catalog -> checkpointer -> autovacuum.
//
// Statements of different sessions run concurrently: relations are protected by table locks
// in the lock manager, rows by their tuple headers and the row lock table, pages by their
// latches. Committing sessions wait for their commit records to be flushed side by side, so
// they share fsyncs (group commit). Transaction ids are reserved in blocks in the control
// file before use, so an id is never handed out twice even if the process dies without a
// clean close.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>

#include "catalog/catalog.hpp"
#include "engine/autovacuum.hpp"
#include "engine/backend_control.hpp"
#include "granary/granary.hpp"
#include "planner/analyze/relation_cache.hpp"
#include "types/enum.hpp"
#include "storage/buffer/buffer_pool.hpp"
#include "storage/data_directory.hpp"
#include "storage/lock/lock_manager.hpp"
#include "storage/lock/row_locks.hpp"
#include "engine/activity_registry.hpp"
#include "engine/server_parameters.hpp"
#include "storage/txn/transaction_manager.hpp"
#include "storage/vacuum/table_statistics.hpp"
#include "storage/wal/checkpointer.hpp"
#include "storage/wal/wal_writer.hpp"

namespace granary {

struct Database::Impl {
  static constexpr storage::Xid kXidReservation = 1 << 16;

  // This data directory's enums in the process-wide registry (types/enum.hpp): the first
  // database opened starts it empty, as oids are per data directory.
  types::EnumRegistryUse enum_registry;
  // Declaration order is destruction order reversed: autovacuum stops first, then the
  // checkpointer, and the log outlives the pool, which flushes it before writing pages.
  std::unique_ptr<storage::DataDirectory> directory;
  std::unique_ptr<storage::StorageManager> storage;
  std::unique_ptr<storage::WalWriter> wal;
  std::unique_ptr<storage::BufferPool> pool;
  std::unique_ptr<storage::TransactionManager> transactions;
  std::unique_ptr<catalog::Catalog> catalog;
  std::unique_ptr<storage::Checkpointer> checkpointer;
  // Per-table activity counters (DML at transaction end, vacuum), read by autovacuum.
  std::unique_ptr<storage::TableStatistics> statistics =
      std::make_unique<storage::TableStatistics>();
  std::unique_ptr<Autovacuum> autovacuum;

  // What each session is doing (pg_stat_activity).
  ActivityRegistry activity;
  // The server serving the database, if any (pg_cancel_backend & co.).
  BackendControlSlot backend_control;
  // Server-wide settings as SHOW reports them.
  ServerParametersSlot server_parameters;

  storage::LockManager locks;
  storage::RowLockTable row_locks;
  // Moves when a transaction that changed the catalog commits, before its locks are let go
  // (storage/lock/lock_context.hpp: statements restart when it moved under them).
  std::atomic<uint64_t> catalog_version{0};
  // Table descriptions and bound indexes by catalog version, for planning.
  planner::RelationCache relation_cache;
  // Statements hold it shared; whole-database checks that read files directly hold it
  // exclusively.
  std::shared_mutex statement_gate;
  std::atomic<storage::Xid> xids_reserved_until{0};
  bool closed = false;

  // The numbers N of the temporary schemas pg_temp_N that live sessions own
  // (engine/temp_tables.hpp): a session takes the smallest free one and gives it back after
  // dropping its schema, so a number is never shared by two sessions.
  int AcquireTempNumber();
  void ReleaseTempNumber(int number);

  // Starts a transaction, first extending the reservation of xids in the control file when
  // the next xid would pass it.
  storage::Xid BeginTransaction();
  // Records the catalog's next oid in the control file (after DDL commits).
  void SaveNextOid();
  // Shutdown checkpoint; the directory is then consistent without recovery.
  void Close();

 private:
  std::mutex temp_numbers_mutex_;
  std::set<int> temp_numbers_;
};

}  // namespace granary
