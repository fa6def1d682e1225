// RowLockTable — row locks taken by SELECT ... FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE /
// FOR KEY SHARE, held until the locking transaction ends.
//
// PostgreSQL keeps row locks in the tuple (xmax plus a MultiXact for several lockers). Here
// updates and deletes still mark the tuple (xmax), but explicit row locks live in this
// in-memory table: they need no WAL (a crash ends every transaction, and with it its locks),
// and a table without explicit row locks costs one atomic load per changed row. The price
// is memory: about 64 bytes per locked row while the lock is held.
//
// A row change or row lock checks this table and the tuple's xmax together under the heap
// page's exclusive latch, so a lock and a change of one row can never both succeed; a
// conflict names the transaction to wait for (through LockManager, on its xid).
//
// Thread-safety: all methods are thread-safe; the mutex is innermost (taken under page
// latches, never held while latching anything).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "storage/buffer/storage_manager.hpp"
#include "storage/page/page.hpp"
#include "storage/txn/xid.hpp"

namespace granary::storage {

// PostgreSQL's four row lock strengths, weakest first. UPDATE takes kNoKeyUpdate strength,
// DELETE kUpdate (UPDATE does not yet distinguish key columns).
enum class RowLockMode : uint8_t { kKeyShare, kShare, kNoKeyUpdate, kUpdate };

bool RowLockModesConflict(RowLockMode held, RowLockMode requested);

struct RowKey {
  RelFileNumber rel = 0;
  BlockNumber block = 0;
  SlotNumber slot = 0;
  bool operator==(const RowKey&) const = default;
};

class RowLockTable {
 public:
  // A transaction other than `owner` whose lock on the row conflicts with `mode`: the xid to
  // wait for (the subtransaction that took it); kInvalidXid when there is none.
  Xid FindConflict(const RowKey& row, RowLockMode mode, Xid owner) const;
  // Records a lock taken by `locker` (the owner's current subtransaction xid).
  void Add(const RowKey& row, RowLockMode mode, Xid owner, Xid locker);
  // Gives the new version `to` of an updated row the locks other transactions than `updater`
  // hold on the old version `from` (only KEY SHARE locks can be there while a NO KEY UPDATE
  // succeeds), as PostgreSQL's new tuple carries them in its xmax MultiXact.
  void CarryOver(const RowKey& from, const RowKey& to, Xid updater);
  // Drops every lock of the transaction (it ended).
  void ReleaseOwner(Xid owner);
  // Drops the locks taken by a subtransaction that rolled back.
  void ReleaseLocker(Xid owner, Xid locker);
  size_t size() const;

 private:
  struct Lock {
    Xid owner;
    Xid locker;
    RowLockMode mode;
  };
  struct RowKeyHash {
    size_t operator()(const RowKey& key) const {
      return std::hash<uint64_t>()((static_cast<uint64_t>(key.rel) << 32) ^
                                   (static_cast<uint64_t>(key.block) << 16) ^ key.slot);
    }
  };

  mutable std::mutex mutex_;
  std::atomic<size_t> lock_count_{0};  // fast path: no explicit row locks anywhere
  std::unordered_map<RowKey, std::vector<Lock>, RowKeyHash> rows_;
  std::unordered_map<Xid, std::vector<RowKey>> rows_by_owner_;
};

}  // namespace granary::storage
