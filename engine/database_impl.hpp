// Database::Impl — everything one open data directory owns, wired together in dependency
// order: directory (lock + control file) -> storage manager -> buffer pool -> (recovery) ->
// write-ahead log -> transactions -> catalog -> checkpointer -> autovacuum.
//
// Statements run one at a time per database (statement_mutex) until the lock manager and
// row-lock waits exist; sessions may still live on many threads. A committing session lets
// go of statement_mutex before it waits for its commit record to be flushed, so commits of
// different sessions share fsyncs (group commit) while the next statements run. Transaction
// ids are reserved in blocks in the control file before use, so an id is never handed out
// twice even if the process dies without a clean close.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>

#include "catalog/catalog.hpp"
#include "engine/autovacuum.hpp"
#include "granary/granary.hpp"
#include "storage/buffer/buffer_pool.hpp"
#include "storage/data_directory.hpp"
#include "storage/txn/transaction_manager.hpp"
#include "storage/vacuum/table_statistics.hpp"
#include "storage/wal/checkpointer.hpp"
#include "storage/wal/wal_writer.hpp"

namespace granary {

struct Database::Impl {
  static constexpr storage::Xid kXidReservation = 1 << 16;

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

  std::mutex statement_mutex;
  std::atomic<storage::Xid> xids_reserved_until{0};
  bool closed = false;

  // Starts a transaction, first extending the reservation of xids in the control file when
  // the next xid would pass it.
  storage::Xid BeginTransaction();
  // Records the catalog's next oid in the control file (after DDL commits).
  void SaveNextOid();
  // Shutdown checkpoint; the directory is then consistent without recovery.
  void Close();
};

}  // namespace granary
