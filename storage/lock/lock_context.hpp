// LockContext — how one statement of one transaction takes locks and waits: the database's
// lock manager and row lock table, the owner (the top-level xid), the wait limits from the
// session's settings (lock_timeout, statement_timeout, deadlock_timeout, NOWAIT) and the
// session's cancel flag. Every failure to get a lock becomes the error PostgreSQL raises:
// 55P03 (NOWAIT, lock_timeout), 57014 (statement_timeout, cancel), 40P01 (deadlock).
//
// Catalog changes: a statement reads the catalog under a snapshot taken before it locks the
// relations it found there. If any transaction that changed the catalog committed after that
// snapshot (the database's catalog version moved), what the statement found may be stale —
// a table dropped or altered while it waited for its lock. LockRelation then throws
// CatalogChanged after taking the lock, and the session runs the statement again with a new
// snapshot, keeping the locks (PostgreSQL accepts invalidation messages after each lock for
// the same reason). Statements take their locks before they write anything, so running them
// again is safe.
//
// Thread-safety: one statement's; the lock manager and row lock table are shared.
#pragma once

#include <atomic>
#include <string>
#include <string_view>

#include "storage/lock/lock_manager.hpp"
#include "storage/lock/row_locks.hpp"

namespace granary::storage {

// Thrown (not an Error: never reaches a client) when the catalog changed under a statement.
struct CatalogChanged {};

struct LockContext {
  LockManager* locks = nullptr;  // null: no locking (a statement outside any transaction)
  RowLockTable* row_locks = nullptr;
  LockOwner owner = kInvalidXid;
  LockWait wait;
  const std::atomic<uint64_t>* catalog_version = nullptr;
  uint64_t catalog_version_seen = 0;

  bool active() const { return locks != nullptr; }
  // Locks a relation (by oid); `name` is for messages. May throw CatalogChanged.
  void LockRelation(uint64_t oid, LockMode mode, std::string_view name) const;
  // Locks another object (a name being created, a role); `what` is for messages.
  void LockObject(uint32_t space, uint64_t id, LockMode mode, std::string_view what) const;
  // Waits until transaction `xid` (a top-level or subtransaction xid) ends. `relation` names
  // the table whose row is waited for, for the NOWAIT message.
  void WaitForTransaction(Xid xid, std::string_view relation, bool nowait = false) const;
  // Raises the error for a lock request that was not granted.
  [[noreturn]] void Fail(LockResult result, const std::string& nowait_message) const;
};

// A statement's place in the queue of waiters for one row (PostgreSQL's tuple lock, taken
// before it waits for the row's changer): held from the first wait until the row is claimed
// or given up, so that when the changer ends one waiter retries and the others wait for it,
// in arrival order, instead of all of them waking to race for the row. Share lockers do not
// queue behind each other (the lock modes follow PostgreSQL's tupleLockExtraInfo).
class RowTurn {
 public:
  RowTurn() = default;
  ~RowTurn() { Release(); }
  RowTurn(const RowTurn&) = delete;
  RowTurn& operator=(const RowTurn&) = delete;

  // Waits for the turn at `row` unless it is held already (a turn at another row is given up
  // first). NOWAIT, lock_timeout and deadlocks fail as a row lock wait does, naming `relation`.
  void Take(const LockContext& context, const RowKey& row, RowLockMode mode,
            std::string_view relation, bool nowait = false);
  void Release();

 private:
  LockManager* locks_ = nullptr;
  LockTag tag_;
  LockMode mode_ = LockMode::kExclusive;
  LockOwner owner_ = kInvalidXid;
};

}  // namespace granary::storage
