// LockManager — PostgreSQL's heavyweight locks (storage/lmgr/lock.c, deadlock.c).
//
// A lock is a (tag, mode) pair held by an owner, the top-level transaction id of the
// transaction that asked for it; locks are held until the owner releases them, normally all
// at once when the transaction ends. Tags name relations (the eight table lock modes of
// PostgreSQL with its conflict table), transaction ids (every transaction holds its own xid
// exclusively; waiting for a transaction to end is asking for a share lock on its xid), and
// other objects (names being created, roles).
//
// A request that conflicts with a lock another owner holds, or with an earlier waiter when
// the owner holds nothing on the tag yet (first come, first served), waits. A waiter that
// has waited deadlock_timeout looks once for a cycle in the wait-for graph through itself;
// finding one, it gives up with kDeadlock (the transaction that completes a cycle is the one
// that notices it, as in PostgreSQL). Waits also end on the lock and statement deadlines and
// on the cancel flag, which is polled. A wait runs inside a BlockingRegion, so the server's
// worker pool starts another worker while a session waits for a lock (a fixed pool would
// deadlock once every worker waited for a session whose next message is queued).
//
// Thread-safety: all methods are thread-safe. Tags are spread over partitions, each with its
// own mutex; deadlock detection takes every partition mutex in index order. No page latch
// may be held while calling Acquire with waiting allowed.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/txn/xid.hpp"

namespace granary::storage {

// PostgreSQL's table lock modes, weakest first.
enum class LockMode : uint8_t {
  kAccessShare = 1,
  kRowShare,
  kRowExclusive,
  kShareUpdateExclusive,
  kShare,
  kShareRowExclusive,
  kExclusive,
  kAccessExclusive,
};
inline constexpr int kLockModeCount = 8;

bool LockModesConflict(LockMode held, LockMode requested);
const char* LockModeName(LockMode mode);  // "AccessShareLock", as pg_locks shows

enum class LockTagKind : uint8_t {
  kRelation,     // id: relation oid
  kTransaction,  // id: xid
  kObject,       // space: class of object (e.g. pg_authid's oid), id: object (oid or name hash)
  kTuple,        // space: relation file, id: block << 16 | slot (a row's queue of waiters)
};

struct LockTag {
  LockTagKind kind = LockTagKind::kRelation;
  uint32_t space = 0;
  uint64_t id = 0;

  static LockTag Relation(uint64_t oid) { return {LockTagKind::kRelation, 0, oid}; }
  static LockTag Transaction(Xid xid) { return {LockTagKind::kTransaction, 0, xid}; }
  static LockTag Object(uint32_t space, uint64_t id) { return {LockTagKind::kObject, space, id}; }
  static LockTag Tuple(uint32_t rel, uint32_t block, uint16_t slot) {
    return {LockTagKind::kTuple, rel, uint64_t{block} << 16 | slot};
  }
  bool operator==(const LockTag&) const = default;
};

struct LockTagHash {
  size_t operator()(const LockTag& tag) const {
    return std::hash<uint64_t>()(tag.id * 0x9E3779B97F4A7C15ULL ^
                                 (static_cast<uint64_t>(tag.space) << 8) ^
                                 static_cast<uint64_t>(tag.kind));
  }
};

using LockOwner = Xid;  // the top-level xid of the holding transaction

// How long a request may wait; a zero time_point means no deadline.
struct LockWait {
  bool nowait = false;
  std::chrono::steady_clock::time_point lock_deadline{};       // lock_timeout
  std::chrono::steady_clock::time_point statement_deadline{};  // statement_timeout
  std::chrono::milliseconds deadlock_timeout{1000};
  const std::atomic<bool>* cancel = nullptr;
};

enum class LockResult : uint8_t {
  kGranted,
  kNotAvailable,      // nowait and the lock was taken
  kLockTimeout,
  kStatementTimeout,
  kCanceled,
  kDeadlock,
};

// One held lock, for pg_locks and tests.
struct LockInfo {
  LockTag tag;
  LockMode mode = LockMode::kAccessShare;
  LockOwner owner = kInvalidXid;
  bool granted = false;
};

class LockManager {
 public:
  LockManager();
  ~LockManager();
  LockManager(const LockManager&) = delete;
  LockManager& operator=(const LockManager&) = delete;

  // Takes the lock for `owner`, waiting as `wait` allows. Asking again for a mode the owner
  // holds is granted at once (locks are not counted).
  LockResult Acquire(const LockTag& tag, LockMode mode, LockOwner owner, const LockWait& wait);
  // Releases one lock (a transaction-id lock after waiting on it, a subtransaction's xid
  // when it rolls back). Does nothing if the owner does not hold it.
  void Release(const LockTag& tag, LockMode mode, LockOwner owner);
  // Releases every lock the owner holds (transaction end) and wakes whoever may now run.
  void ReleaseAll(LockOwner owner);

  bool Holds(const LockTag& tag, LockMode mode, LockOwner owner) const;
  std::vector<LockInfo> Locks() const;  // granted locks and waiters, for pg_locks

 private:
  struct Waiter;
  struct Entry;
  struct Partition;

  Partition& PartitionOf(const LockTag& tag) const;
  // True if the owner, waiting for `waiter`'s request, closes a cycle of waits.
  bool InDeadlock(const Waiter& waiter);
  static void WakeWaiters(Entry& entry);

  static constexpr size_t kPartitions = 16;
  std::array<std::unique_ptr<Partition>, kPartitions> partitions_;
  // Which tags each owner holds locks on, so ReleaseAll need not search.
  mutable std::mutex owners_mutex_;
  std::unordered_map<LockOwner, std::vector<std::pair<LockTag, LockMode>>> held_by_owner_;
  // Owner -> its waiter while it waits; read by deadlock detection under every partition.
  std::mutex waiting_mutex_;
  std::unordered_map<LockOwner, Waiter*> waiting_;
};

}  // namespace granary::storage
