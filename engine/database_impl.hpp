// Database::Impl — everything one open data directory owns, wired together in dependency
// order: directory (lock + control file) -> storage manager -> buffer pool -> transactions
// -> catalog.
//
// Statements run one at a time per database (statement_mutex) until the lock manager and
// row-lock waits exist; sessions may still live on many threads. Transaction ids are
// reserved in blocks in the control file before use, so an id is never handed out twice
// even if the process dies without a clean close.
#pragma once

#include <memory>
#include <mutex>

#include "catalog/catalog.hpp"
#include "granary/granary.hpp"
#include "storage/buffer/buffer_pool.hpp"
#include "storage/data_directory.hpp"
#include "storage/txn/transaction_manager.hpp"

namespace granary {

struct Database::Impl {
  static constexpr storage::Xid kXidReservation = 1 << 16;

  std::unique_ptr<storage::DataDirectory> directory;
  std::unique_ptr<storage::StorageManager> storage;
  std::unique_ptr<storage::BufferPool> pool;
  std::unique_ptr<storage::TransactionManager> transactions;
  std::unique_ptr<catalog::Catalog> catalog;

  std::mutex statement_mutex;
  std::mutex control_mutex;
  bool closed = false;

  // Starts a transaction, first extending the reservation of xids in the control file when
  // the next xid would pass it.
  storage::Xid BeginTransaction();
  // Records the catalog's next oid in the control file (after DDL commits).
  void SaveNextOid();
  void Close();
};

}  // namespace granary
