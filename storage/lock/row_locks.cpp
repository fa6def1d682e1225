#include "storage/lock/row_locks.hpp"

#include <algorithm>

namespace granary::storage {

bool RowLockModesConflict(RowLockMode held, RowLockMode requested) {
  // PostgreSQL's tuple lock conflicts (heapam.c): KEY SHARE conflicts only with UPDATE, SHARE
  // with the two update strengths, NO KEY UPDATE with all but KEY SHARE, UPDATE with all.
  // With the strengths numbered 0..3 that is exactly "the two add up to 3 or more".
  return static_cast<int>(held) + static_cast<int>(requested) >= 3;
}

Xid RowLockTable::FindConflict(const RowKey& row, RowLockMode mode, Xid owner) const {
  if (lock_count_.load(std::memory_order_acquire) == 0) return kInvalidXid;
  std::lock_guard lock(mutex_);
  auto found = rows_.find(row);
  if (found == rows_.end()) return kInvalidXid;
  for (const Lock& held : found->second) {
    if (held.owner != owner && RowLockModesConflict(held.mode, mode)) return held.locker;
  }
  return kInvalidXid;
}

void RowLockTable::Add(const RowKey& row, RowLockMode mode, Xid owner, Xid locker) {
  std::lock_guard lock(mutex_);
  std::vector<Lock>& locks = rows_[row];
  for (Lock& held : locks) {
    if (held.owner == owner && held.locker == locker) {
      held.mode = std::max(held.mode, mode);
      return;
    }
  }
  locks.push_back({owner, locker, mode});
  rows_by_owner_[owner].push_back(row);
  lock_count_.fetch_add(1, std::memory_order_release);
}

void RowLockTable::CarryOver(const RowKey& from, const RowKey& to, Xid updater) {
  if (lock_count_.load(std::memory_order_acquire) == 0) return;
  std::lock_guard lock(mutex_);
  auto found = rows_.find(from);
  if (found == rows_.end()) return;
  std::vector<Lock> carried;
  for (const Lock& held : found->second) {
    if (held.owner != updater) carried.push_back(held);
  }
  if (carried.empty()) return;
  std::vector<Lock>& target = rows_[to];
  for (const Lock& held : carried) {
    target.push_back(held);
    rows_by_owner_[held.owner].push_back(to);
    lock_count_.fetch_add(1, std::memory_order_release);
  }
}

void RowLockTable::ReleaseOwner(Xid owner) {
  if (lock_count_.load(std::memory_order_acquire) == 0) return;
  std::lock_guard lock(mutex_);
  auto found = rows_by_owner_.find(owner);
  if (found == rows_by_owner_.end()) return;
  for (const RowKey& row : found->second) {
    auto locks = rows_.find(row);
    if (locks == rows_.end()) continue;
    const size_t removed = std::erase_if(locks->second, [&](const Lock& held) { return held.owner == owner; });
    lock_count_.fetch_sub(removed, std::memory_order_release);
    if (locks->second.empty()) rows_.erase(locks);
  }
  rows_by_owner_.erase(found);
}

void RowLockTable::ReleaseLocker(Xid owner, Xid locker) {
  if (lock_count_.load(std::memory_order_acquire) == 0) return;
  std::lock_guard lock(mutex_);
  auto found = rows_by_owner_.find(owner);
  if (found == rows_by_owner_.end()) return;
  std::vector<RowKey> kept;
  for (const RowKey& row : found->second) {
    auto locks = rows_.find(row);
    if (locks == rows_.end()) continue;
    const size_t removed = std::erase_if(locks->second, [&](const Lock& held) {
      return held.owner == owner && held.locker == locker;
    });
    lock_count_.fetch_sub(removed, std::memory_order_release);
    const bool still_held = std::any_of(locks->second.begin(), locks->second.end(),
                                        [&](const Lock& held) { return held.owner == owner; });
    if (still_held) kept.push_back(row);
    if (locks->second.empty()) rows_.erase(locks);
  }
  if (kept.empty()) {
    rows_by_owner_.erase(found);
  } else {
    found->second = std::move(kept);
  }
}

size_t RowLockTable::size() const { return lock_count_.load(); }

}  // namespace granary::storage
