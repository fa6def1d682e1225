#include "storage/lock/lock_context.hpp"

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::storage {

void LockContext::Fail(LockResult result, const std::string& nowait_message) const {
  switch (result) {
    case LockResult::kNotAvailable: throw Error(sqlstate::kLockNotAvailable, nowait_message);
    case LockResult::kLockTimeout:
      throw Error(sqlstate::kLockNotAvailable, "canceling statement due to lock timeout");
    case LockResult::kStatementTimeout:
      throw Error(sqlstate::kQueryCanceled, "canceling statement due to statement timeout");
    case LockResult::kCanceled:
      throw Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
    case LockResult::kDeadlock:
      throw Error(sqlstate::kDeadlockDetected, "deadlock detected")
          .WithDetail("Transaction " + std::to_string(owner) +
                      " waited for a lock held by a transaction that waits, directly or "
                      "through others, for transaction " + std::to_string(owner) + ".")
          .WithHint("See server log for query details.");
    case LockResult::kGranted: break;
  }
  throw Error(sqlstate::kInternalError, "lock request failed without a reason");
}

void LockContext::LockRelation(uint64_t oid, LockMode mode, std::string_view name) const {
  if (!active()) return;
  const LockResult result = locks->Acquire(LockTag::Relation(oid), mode, owner, wait);
  if (result != LockResult::kGranted) {
    Fail(result, "could not obtain lock on relation \"" + std::string(name) + "\"");
  }
  if (catalog_version && catalog_version->load(std::memory_order_acquire) != catalog_version_seen) {
    throw CatalogChanged{};
  }
}

void LockContext::LockObject(uint32_t space, uint64_t id, LockMode mode, std::string_view what) const {
  if (!active()) return;
  const LockResult result = locks->Acquire(LockTag::Object(space, id), mode, owner, wait);
  if (result != LockResult::kGranted) Fail(result, "could not obtain lock on " + std::string(what));
  if (catalog_version && catalog_version->load(std::memory_order_acquire) != catalog_version_seen) {
    throw CatalogChanged{};
  }
}

void LockContext::WaitForTransaction(Xid xid, std::string_view relation, bool nowait) const {
  if (!active()) {
    throw Error(sqlstate::kLockNotAvailable,
                "could not obtain lock on row in relation \"" + std::string(relation) + "\"");
  }
  LockWait row_wait = wait;
  row_wait.nowait = row_wait.nowait || nowait;
  const LockTag tag = LockTag::Transaction(xid);
  const LockResult result = locks->Acquire(tag, LockMode::kShare, owner, row_wait);
  if (result != LockResult::kGranted) {
    Fail(result, "could not obtain lock on row in relation \"" + std::string(relation) + "\"");
  }
  locks->Release(tag, LockMode::kShare, owner);
}

namespace {

LockMode TurnMode(RowLockMode mode) {
  switch (mode) {
    case RowLockMode::kKeyShare: return LockMode::kAccessShare;
    case RowLockMode::kShare: return LockMode::kRowShare;
    case RowLockMode::kNoKeyUpdate: return LockMode::kExclusive;
    case RowLockMode::kUpdate: return LockMode::kAccessExclusive;
  }
  return LockMode::kAccessExclusive;
}

}  // namespace

void RowTurn::Take(const LockContext& context, const RowKey& row, RowLockMode mode,
                   std::string_view relation, bool nowait) {
  const LockTag tag = LockTag::Tuple(row.rel, row.block, row.slot);
  if (locks_ != nullptr && tag_ == tag) return;
  Release();
  if (!context.active()) return;  // WaitForTransaction raises the error
  LockWait turn_wait = context.wait;
  turn_wait.nowait = turn_wait.nowait || nowait;
  const LockMode lock_mode = TurnMode(mode);
  const LockResult result = context.locks->Acquire(tag, lock_mode, context.owner, turn_wait);
  if (result != LockResult::kGranted) {
    context.Fail(result, "could not obtain lock on row in relation \"" + std::string(relation) + "\"");
  }
  locks_ = context.locks;
  tag_ = tag;
  mode_ = lock_mode;
  owner_ = context.owner;
}

void RowTurn::Release() {
  if (locks_ == nullptr) return;
  locks_->Release(tag_, mode_, owner_);
  locks_ = nullptr;
}

}  // namespace granary::storage
