#include "storage/lock/lock_manager.hpp"

#include <algorithm>
#include <condition_variable>
#include <list>
#include <unordered_set>

namespace granary::storage {
namespace {

using Clock = std::chrono::steady_clock;

// PostgreSQL's LockConflicts table (lock.c), indexed by mode - 1: the modes each one
// conflicts with, as a bit mask over mode - 1.
constexpr uint8_t Bit(LockMode mode) { return static_cast<uint8_t>(1u << (static_cast<int>(mode) - 1)); }
constexpr std::array<uint8_t, kLockModeCount> kConflicts = {
    /* AccessShare */ Bit(LockMode::kAccessExclusive),
    /* RowShare */ static_cast<uint8_t>(Bit(LockMode::kExclusive) | Bit(LockMode::kAccessExclusive)),
    /* RowExclusive */
    static_cast<uint8_t>(Bit(LockMode::kShare) | Bit(LockMode::kShareRowExclusive) |
                         Bit(LockMode::kExclusive) | Bit(LockMode::kAccessExclusive)),
    /* ShareUpdateExclusive */
    static_cast<uint8_t>(Bit(LockMode::kShareUpdateExclusive) | Bit(LockMode::kShare) |
                         Bit(LockMode::kShareRowExclusive) | Bit(LockMode::kExclusive) |
                         Bit(LockMode::kAccessExclusive)),
    /* Share */
    static_cast<uint8_t>(Bit(LockMode::kRowExclusive) | Bit(LockMode::kShareUpdateExclusive) |
                         Bit(LockMode::kShareRowExclusive) | Bit(LockMode::kExclusive) |
                         Bit(LockMode::kAccessExclusive)),
    /* ShareRowExclusive */
    static_cast<uint8_t>(Bit(LockMode::kRowExclusive) | Bit(LockMode::kShareUpdateExclusive) |
                         Bit(LockMode::kShare) | Bit(LockMode::kShareRowExclusive) |
                         Bit(LockMode::kExclusive) | Bit(LockMode::kAccessExclusive)),
    /* Exclusive */
    static_cast<uint8_t>(Bit(LockMode::kRowShare) | Bit(LockMode::kRowExclusive) |
                         Bit(LockMode::kShareUpdateExclusive) | Bit(LockMode::kShare) |
                         Bit(LockMode::kShareRowExclusive) | Bit(LockMode::kExclusive) |
                         Bit(LockMode::kAccessExclusive)),
    /* AccessExclusive */ 0xFF,
};

// How often a waiter looks at its cancel flag; grants wake it at once.
constexpr std::chrono::milliseconds kPollInterval{50};

bool Before(Clock::time_point deadline, Clock::time_point now) {
  return deadline != Clock::time_point{} && deadline <= now;
}

}  // namespace

bool LockModesConflict(LockMode held, LockMode requested) {
  return (kConflicts[static_cast<int>(requested) - 1] & Bit(held)) != 0;
}

const char* LockModeName(LockMode mode) {
  switch (mode) {
    case LockMode::kAccessShare: return "AccessShareLock";
    case LockMode::kRowShare: return "RowShareLock";
    case LockMode::kRowExclusive: return "RowExclusiveLock";
    case LockMode::kShareUpdateExclusive: return "ShareUpdateExclusiveLock";
    case LockMode::kShare: return "ShareLock";
    case LockMode::kShareRowExclusive: return "ShareRowExclusiveLock";
    case LockMode::kExclusive: return "ExclusiveLock";
    case LockMode::kAccessExclusive: return "AccessExclusiveLock";
  }
  return "UnknownLock";
}

struct LockManager::Waiter {
  LockTag tag;
  LockMode mode;
  LockOwner owner;
  bool granted = false;
  std::condition_variable wakeup;
};

struct LockManager::Entry {
  struct Grant {
    LockOwner owner;
    LockMode mode;
  };
  std::vector<Grant> granted;
  std::list<Waiter*> waiters;  // in arrival order

  bool ConflictsWithGranted(LockOwner owner, LockMode mode) const {
    return std::any_of(granted.begin(), granted.end(), [&](const Grant& grant) {
      return grant.owner != owner && LockModesConflict(grant.mode, mode);
    });
  }
  bool OwnerHoldsAny(LockOwner owner) const {
    return std::any_of(granted.begin(), granted.end(),
                       [&](const Grant& grant) { return grant.owner == owner; });
  }
  bool HasGrant(LockOwner owner, LockMode mode) const {
    return std::any_of(granted.begin(), granted.end(), [&](const Grant& grant) {
      return grant.owner == owner && grant.mode == mode;
    });
  }
};

struct LockManager::Partition {
  mutable std::mutex mutex;
  std::unordered_map<LockTag, Entry, LockTagHash> entries;
};

LockManager::LockManager() {
  for (auto& partition : partitions_) partition = std::make_unique<Partition>();
}

LockManager::~LockManager() = default;

LockManager::Partition& LockManager::PartitionOf(const LockTag& tag) const {
  return *partitions_[LockTagHash()(tag) % kPartitions];
}

LockResult LockManager::Acquire(const LockTag& tag, LockMode mode, LockOwner owner,
                                const LockWait& wait) {
  Partition& partition = PartitionOf(tag);
  std::unique_lock lock(partition.mutex);
  Entry& entry = partition.entries[tag];
  if (entry.HasGrant(owner, mode)) return LockResult::kGranted;
  const bool holds_any = entry.OwnerHoldsAny(owner);
  bool must_wait = entry.ConflictsWithGranted(owner, mode);
  if (!must_wait && !holds_any) {
    must_wait = std::any_of(entry.waiters.begin(), entry.waiters.end(), [&](const Waiter* waiter) {
      return waiter->owner != owner && LockModesConflict(waiter->mode, mode);
    });
  }
  auto record_grant = [&] {
    std::lock_guard owners(owners_mutex_);
    held_by_owner_[owner].emplace_back(tag, mode);
  };
  if (!must_wait) {
    entry.granted.push_back({owner, mode});
    record_grant();
    return LockResult::kGranted;
  }
  if (wait.nowait) {
    if (entry.granted.empty() && entry.waiters.empty()) partition.entries.erase(tag);
    return LockResult::kNotAvailable;
  }

  Waiter waiter{tag, mode, owner};
  // A holder of the tag jumps the queue, as PostgreSQL lets it (it could not wait behind
  // requests that wait for it anyway).
  if (holds_any) {
    entry.waiters.push_front(&waiter);
  } else {
    entry.waiters.push_back(&waiter);
  }
  {
    std::lock_guard waiting(waiting_mutex_);
    waiting_[owner] = &waiter;
  }
  const Clock::time_point deadlock_check = Clock::now() + wait.deadlock_timeout;
  bool deadlock_checked = false;
  LockResult result = LockResult::kGranted;
  while (!waiter.granted) {
    const Clock::time_point now = Clock::now();
    if (wait.cancel && wait.cancel->load()) {
      result = LockResult::kCanceled;
      break;
    }
    if (Before(wait.statement_deadline, now)) {
      result = LockResult::kStatementTimeout;
      break;
    }
    if (Before(wait.lock_deadline, now)) {
      result = LockResult::kLockTimeout;
      break;
    }
    if (!deadlock_checked && deadlock_check <= now) {
      deadlock_checked = true;
      lock.unlock();
      const bool deadlock = InDeadlock(waiter);
      lock.lock();
      if (deadlock && !waiter.granted) {
        result = LockResult::kDeadlock;
        break;
      }
      continue;
    }
    Clock::time_point until = now + kPollInterval;
    if (!deadlock_checked) until = std::min(until, deadlock_check);
    if (wait.statement_deadline != Clock::time_point{}) until = std::min(until, wait.statement_deadline);
    if (wait.lock_deadline != Clock::time_point{}) until = std::min(until, wait.lock_deadline);
    waiter.wakeup.wait_until(lock, until);
  }
  {
    std::lock_guard waiting(waiting_mutex_);
    waiting_.erase(owner);
  }
  if (waiter.granted) {
    record_grant();
    return LockResult::kGranted;
  }
  Entry& same_entry = partition.entries[tag];
  same_entry.waiters.remove(&waiter);
  // Requests queued behind this one may be grantable now.
  WakeWaiters(same_entry);
  if (same_entry.granted.empty() && same_entry.waiters.empty()) partition.entries.erase(tag);
  return result;
}

void LockManager::WakeWaiters(Entry& entry) {
  // Grant waiters in order while each is compatible with the granted locks and with the
  // waiters still ahead of it (PostgreSQL's ProcLockWakeup).
  std::vector<const Waiter*> still_waiting;
  for (auto it = entry.waiters.begin(); it != entry.waiters.end();) {
    Waiter* waiter = *it;
    const bool blocked_by_queue =
        std::any_of(still_waiting.begin(), still_waiting.end(), [&](const Waiter* ahead) {
          return ahead->owner != waiter->owner && LockModesConflict(ahead->mode, waiter->mode);
        });
    if (!blocked_by_queue && !entry.ConflictsWithGranted(waiter->owner, waiter->mode)) {
      entry.granted.push_back({waiter->owner, waiter->mode});
      waiter->granted = true;
      waiter->wakeup.notify_one();
      it = entry.waiters.erase(it);
      continue;
    }
    still_waiting.push_back(waiter);
    ++it;
  }
}

void LockManager::Release(const LockTag& tag, LockMode mode, LockOwner owner) {
  {
    Partition& partition = PartitionOf(tag);
    std::lock_guard lock(partition.mutex);
    auto found = partition.entries.find(tag);
    if (found == partition.entries.end()) return;
    Entry& entry = found->second;
    auto grant = std::find_if(entry.granted.begin(), entry.granted.end(), [&](const Entry::Grant& g) {
      return g.owner == owner && g.mode == mode;
    });
    if (grant == entry.granted.end()) return;
    entry.granted.erase(grant);
    WakeWaiters(entry);
    if (entry.granted.empty() && entry.waiters.empty()) partition.entries.erase(found);
  }
  std::lock_guard owners(owners_mutex_);
  auto held = held_by_owner_.find(owner);
  if (held == held_by_owner_.end()) return;
  auto& list = held->second;
  auto item = std::find(list.begin(), list.end(), std::make_pair(tag, mode));
  if (item != list.end()) list.erase(item);
  if (list.empty()) held_by_owner_.erase(held);
}

void LockManager::ReleaseAll(LockOwner owner) {
  std::vector<std::pair<LockTag, LockMode>> held;
  {
    std::lock_guard owners(owners_mutex_);
    auto found = held_by_owner_.find(owner);
    if (found == held_by_owner_.end()) return;
    held = std::move(found->second);
    held_by_owner_.erase(found);
  }
  for (const auto& [tag, mode] : held) {
    Partition& partition = PartitionOf(tag);
    std::lock_guard lock(partition.mutex);
    auto found = partition.entries.find(tag);
    if (found == partition.entries.end()) continue;
    Entry& entry = found->second;
    std::erase_if(entry.granted, [&](const Entry::Grant& g) { return g.owner == owner && g.mode == mode; });
    WakeWaiters(entry);
    if (entry.granted.empty() && entry.waiters.empty()) partition.entries.erase(found);
  }
}

bool LockManager::Holds(const LockTag& tag, LockMode mode, LockOwner owner) const {
  Partition& partition = PartitionOf(tag);
  std::lock_guard lock(partition.mutex);
  auto found = partition.entries.find(tag);
  return found != partition.entries.end() && found->second.HasGrant(owner, mode);
}

std::vector<LockInfo> LockManager::Locks() const {
  std::vector<LockInfo> out;
  for (const auto& partition : partitions_) {
    std::lock_guard lock(partition->mutex);
    for (const auto& [tag, entry] : partition->entries) {
      for (const auto& grant : entry.granted) out.push_back({tag, grant.mode, grant.owner, true});
      for (const Waiter* waiter : entry.waiters) out.push_back({tag, waiter->mode, waiter->owner, false});
    }
  }
  return out;
}

bool LockManager::InDeadlock(const Waiter& start) {
  // Freeze the whole lock table, then walk the wait-for graph from the starting owner: an
  // owner waits for the holders of conflicting granted locks on the tag it waits for, and
  // for conflicting waiters queued ahead of it.
  std::array<std::unique_lock<std::mutex>, kPartitions> locks;
  for (size_t i = 0; i < kPartitions; ++i) locks[i] = std::unique_lock(partitions_[i]->mutex);
  std::lock_guard waiting(waiting_mutex_);
  if (start.granted) return false;

  auto blockers_of = [&](const Waiter& waiter) {
    std::vector<LockOwner> blockers;
    const Partition& partition = PartitionOf(waiter.tag);
    auto found = partition.entries.find(waiter.tag);
    if (found == partition.entries.end()) return blockers;
    const Entry& entry = found->second;
    for (const auto& grant : entry.granted) {
      if (grant.owner != waiter.owner && LockModesConflict(grant.mode, waiter.mode)) {
        blockers.push_back(grant.owner);
      }
    }
    for (const Waiter* ahead : entry.waiters) {
      if (ahead == &waiter) break;
      if (ahead->owner != waiter.owner && LockModesConflict(ahead->mode, waiter.mode)) {
        blockers.push_back(ahead->owner);
      }
    }
    return blockers;
  };

  std::unordered_set<LockOwner> visited;
  std::vector<LockOwner> stack = blockers_of(start);
  while (!stack.empty()) {
    const LockOwner owner = stack.back();
    stack.pop_back();
    if (owner == start.owner) return true;
    if (!visited.insert(owner).second) continue;
    auto waiting_for = waiting_.find(owner);
    if (waiting_for == waiting_.end() || waiting_for->second->granted) continue;
    for (LockOwner next : blockers_of(*waiting_for->second)) stack.push_back(next);
  }
  return false;
}

}  // namespace granary::storage
