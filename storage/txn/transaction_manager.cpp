// TransactionManager: xid assignment, the commit log (PostgreSQL's clog/pg_xact) kept in
// buffer-pool pages, the commit protocol, snapshots, and tuple visibility
// (HeapTupleSatisfiesMVCC). The page layout is in clog_page.hpp, the records in clog_wal.hpp
// and xact_wal.hpp.
//
// Locking: mutex_ guards next_xid_ and running_ and is never held while latching a page,
// because IsVisible takes it (in Status) while the caller holds a heap page latch and frames
// are shared by all relations. extend_mutex_ serialises commit log extension and is taken
// before any latch. Begin extends the log without mutex_ and retries. commit_mutex_ guards the
// checkpoint barrier only.
#include "storage/txn/transaction_manager.hpp"

#include <algorithm>
#include <cstring>
#include <exception>
#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/heap/heap_file.hpp"
#include "storage/txn/clog_page.hpp"
#include "storage/txn/clog_wal.hpp"
#include "storage/txn/xact_wal.hpp"
#include "storage/wal/wal_writer.hpp"

namespace granary::storage {
namespace {

bool IsNormalXid(Xid xid) { return xid >= kFirstNormalXid; }

[[noreturn]] void ThrowNotRunning(Xid xid) {
  throw Error(sqlstate::kInternalError,
              "transaction " + std::to_string(xid) + " is not in progress");
}

}  // namespace

bool Snapshot::IsOwn(Xid xid) const {
  if (xid == kInvalidXid) return false;
  return xid == own_xid || std::find(own_ancestors.begin(), own_ancestors.end(), xid) != own_ancestors.end();
}

bool Snapshot::XidVisibleAsCommitted(Xid xid) const {
  if (xid < xmin) return true;
  if (xid >= xmax) return false;
  return !std::binary_search(in_progress.begin(), in_progress.end(), xid);
}

TransactionManager::TransactionManager(BufferPool& pool, Xid next_xid)
    : pool_(pool),
      first_xid_of_run_(std::max(next_xid, kFirstNormalXid)),
      next_xid_(std::max(next_xid, kFirstNormalXid)),
      removal_horizon_(next_xid_),
      recent_statuses_(std::make_unique<std::atomic<uint64_t>[]>(kRecentStatuses)) {
  StorageManager& storage = pool_.storage();
  storage.Create(kCommitLogRelFile);
  clog_blocks_ = storage.NumBlocks(kCommitLogRelFile);
  EnsureClogPage(next_xid_);
}

void TransactionManager::EnsureClogPage(Xid xid) {
  const BlockNumber block = clog::BlockOf(xid);
  if (block == kInvalidBlock) {
    throw Error(sqlstate::kProgramLimitExceeded, "transaction ids are exhausted");
  }
  std::lock_guard lock(extend_mutex_);
  while (clog_blocks_.load() <= block) {
    // A block already on disk (an earlier extension whose page could not be set up, or one
    // extended before a crash) is adopted as it is: a new page reads as all in progress and
    // SetStatus initialises it.
    const BlockNumber on_disk = pool_.storage().NumBlocks(kCommitLogRelFile);
    if (on_disk > clog_blocks_.load()) {
      clog_blocks_.store(on_disk);
      continue;
    }
    PageGuard guard = pool_.Extend(kCommitLogRelFile, PageKind::kClog);
    Page page = guard.page();
    clog::InitPage(page);
    guard.LogChange(ResourceManager::kClog, clog_wal::kZeroPage, kInvalidXid, {},
                    /*will_init=*/true);
    clog_blocks_.store(guard.block() + 1);
  }
}

Xid TransactionManager::Begin() {
  for (;;) {
    Xid xid;
    {
      std::lock_guard lock(mutex_);
      xid = next_xid_;
      if (clog::BlockOf(xid) < clog_blocks_.load()) {
        ++next_xid_;
        const Xid oldest_running = running_.empty() ? xid : running_.begin()->first;
        running_.emplace(xid, oldest_running);
        RememberStatus(xid, XidStatus::kInProgress);
        return xid;
      }
    }
    // The first xid of a new commit log page: extend without holding mutex_, then retry.
    EnsureClogPage(xid);
  }
}

TransactionManager::PendingCommit TransactionManager::LogCommit(
    Xid xid, std::span<const RelFileNumber> dropped_files, std::span<const Xid> children) {
  {
    std::lock_guard lock(mutex_);
    if (!running_.contains(xid)) ThrowNotRunning(xid);
  }
  PendingCommit pending;
  pending.xid = xid;
  pending.children.assign(children.begin(), children.end());
  WalWriter* wal = pool_.wal();
  if (wal == nullptr) {
    pending.set_status = true;  // no log: every transaction gets its status
    return pending;
  }
  bool wrote = wal->TakeTransactionEnd(xid) != kInvalidLsn || !dropped_files.empty();
  for (Xid child : children) wrote = wal->TakeTransactionEnd(child) != kInvalidLsn || wrote;
  if (!wrote) return pending;
  pending.set_status = true;
  {
    // Join the barrier before the record exists, so a checkpoint cannot miss it.
    std::lock_guard lock(commit_mutex_);
    pending.ticket = next_ticket_++;
    logged_commits_.insert(pending.ticket);
  }
  try {
    const std::vector<std::byte> payload = xact_wal::Payload(dropped_files, children);
    pending.lsn = wal->Insert(
        WalRecordInput{ResourceManager::kTransaction, xact_wal::kCommit, xid, {}, payload});
  } catch (...) {
    ReleaseTicket(pending.ticket);
    throw;
  }
  commits_logged_.fetch_add(1, std::memory_order_relaxed);
  return pending;
}

void TransactionManager::FinishCommit(const PendingCommit& pending) {
  try {
    // The commit log first, then the running set: a snapshot taken in between still lists the
    // xid as running, so no snapshot sees it neither running nor committed.
    if (pending.set_status) {
      for (Xid child : pending.children) SetStatus(child, XidStatus::kCommitted);
      SetStatus(pending.xid, XidStatus::kCommitted);
    }
  } catch (...) {
    ReleaseTicket(pending.ticket);
    Panic(pending.xid, "record the commit of", std::current_exception());
  }
  ReleaseTicket(pending.ticket);
  EndRunning(pending.xid, pending.children);
}

void TransactionManager::Commit(Xid xid, std::span<const RelFileNumber> dropped_files) {
  const PendingCommit pending = LogCommit(xid, dropped_files);
  if (pending.lsn != kInvalidLsn) {
    try {
      pool_.wal()->Flush(pending.lsn);
    } catch (...) {
      AbandonCommit(pending);
      throw;
    }
  }
  FinishCommit(pending);
}

void TransactionManager::Abort(Xid xid, std::span<const RelFileNumber> created_files,
                               std::span<const Xid> children) {
  {
    std::lock_guard lock(mutex_);
    if (!running_.contains(xid)) ThrowNotRunning(xid);
  }
  bool wrote = true;
  if (WalWriter* wal = pool_.wal()) {
    wrote = wal->TakeTransactionEnd(xid) != kInvalidLsn || !created_files.empty();
    for (Xid child : children) wrote = wal->TakeTransactionEnd(child) != kInvalidLsn || wrote;
    if (wrote) {
      const std::vector<std::byte> payload = xact_wal::Payload(created_files, children);
      wal->Insert(WalRecordInput{ResourceManager::kTransaction, xact_wal::kAbort, xid, {}, payload});
    }
  }
  if (wrote) {
    for (Xid child : children) SetStatus(child, XidStatus::kAborted);
    SetStatus(xid, XidStatus::kAborted);
  }
  EndRunning(xid, children);
}

void TransactionManager::EndRunning(Xid xid, std::span<const Xid> children) {
  std::lock_guard lock(mutex_);
  running_.erase(xid);
  created_files_.erase(xid);
  for (Xid child : children) {
    running_.erase(child);
    created_files_.erase(child);
  }
  Xid horizon = next_xid_;
  for (const auto& [running, oldest] : running_) horizon = std::min(horizon, oldest);
  removal_horizon_.store(horizon, std::memory_order_release);
}

void TransactionManager::NoteCreatedFile(Xid xid, RelFileNumber rel) {
  std::lock_guard lock(mutex_);
  created_files_[xid].push_back(rel);
}

std::vector<std::pair<Xid, RelFileNumber>> TransactionManager::CreatedFilesOfRunning() const {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<Xid, RelFileNumber>> files;
  for (const auto& [xid, rels] : created_files_) {
    for (RelFileNumber rel : rels) files.emplace_back(xid, rel);
  }
  return files;
}

void TransactionManager::ReleaseTicket(uint64_t ticket) {
  if (ticket == 0) return;
  std::lock_guard lock(commit_mutex_);
  logged_commits_.erase(ticket);
  commit_done_.notify_all();
}

void TransactionManager::WaitForLoggedCommits() {
  std::unique_lock lock(commit_mutex_);
  const uint64_t limit = next_ticket_;
  commit_done_.wait(lock, [&] { return logged_commits_.empty() || *logged_commits_.begin() >= limit; });
}

void TransactionManager::Panic(Xid xid, const char* action, const std::exception_ptr& cause) {
  std::string reason = "could not " + std::string(action) + " transaction " + std::to_string(xid);
  try {
    std::rethrow_exception(cause);
  } catch (const std::exception& error) {
    reason += ": " + std::string(error.what());
  } catch (...) {
  }
  if (WalWriter* wal = pool_.wal()) wal->Halt(reason);
  throw Error(sqlstate::kInternalError, reason, Severity::kPanic);
}

void TransactionManager::ApplyOutcomes(const std::map<Xid, XidStatus>& outcomes) {
  for (const auto& [xid, status] : outcomes) {
    if (!IsNormalXid(xid)) continue;
    EnsureClogPage(xid);
    XidStatus current;
    {
      PageGuard guard = pool_.Fetch(kCommitLogRelFile, clog::BlockOf(xid), LatchMode::kShared);
      Page page = guard.page();
      current = page.IsNew() ? XidStatus::kInProgress
                             : static_cast<XidStatus>(clog::ReadBits(page, xid));
    }
    if (current != status) SetStatus(xid, status);
  }
}

void TransactionManager::RememberStatus(Xid xid, XidStatus status) {
  recent_statuses_[xid % kRecentStatuses].store(xid << 2 | static_cast<uint64_t>(status),
                                                std::memory_order_release);
}

XidStatus TransactionManager::Status(Xid xid) {
  if (xid == kBootstrapXid) return XidStatus::kCommitted;
  if (!IsNormalXid(xid)) return XidStatus::kAborted;  // invalid: never committed
  const uint64_t recent = recent_statuses_[xid % kRecentStatuses].load(std::memory_order_acquire);
  if (recent >> 2 == xid) return static_cast<XidStatus>(recent & 3);
  {
    std::lock_guard lock(mutex_);
    if (xid >= next_xid_) return XidStatus::kInProgress;  // not started: never committed
  }
  PageGuard guard = pool_.Fetch(kCommitLogRelFile, clog::BlockOf(xid), LatchMode::kShared);
  Page page = guard.page();
  const uint8_t bits = page.IsNew() ? 0 : clog::ReadBits(page, xid);
  if (bits > static_cast<uint8_t>(XidStatus::kAborted)) {
    throw Error(sqlstate::kDataCorrupted, "invalid commit log status " + std::to_string(bits) +
                                              " for transaction " + std::to_string(xid));
  }
  const XidStatus status = static_cast<XidStatus>(bits);
  // Still "in progress" from an earlier run: the crash (or close) ended it without a commit.
  if (status == XidStatus::kInProgress && xid < first_xid_of_run_) return XidStatus::kAborted;
  if (status != XidStatus::kInProgress) RememberStatus(xid, status);
  return status;
}

void TransactionManager::SetStatus(Xid xid, XidStatus status) {
  PageGuard guard = pool_.Fetch(kCommitLogRelFile, clog::BlockOf(xid), LatchMode::kExclusive);
  Page page = guard.page();
  const bool new_page = page.IsNew();  // extended before a crash, never written
  if (new_page) clog::InitPage(page);
  clog::WriteBits(page, xid, status);
  guard.LogChange(ResourceManager::kClog, clog_wal::kSetStatus, kInvalidXid,
                  clog_wal::SetStatusPayload(xid, status), new_page);
  RememberStatus(xid, status);
}

Snapshot TransactionManager::TakeSnapshot(Xid own_xid, CommandId command_id,
                                          std::vector<Xid> own_ancestors) {
  Snapshot snapshot;
  snapshot.own_xid = own_xid;
  snapshot.own_ancestors = std::move(own_ancestors);
  snapshot.command_id = command_id;
  std::lock_guard lock(mutex_);
  snapshot.xmax = next_xid_;
  snapshot.xmin = running_.empty() ? next_xid_ : running_.begin()->first;
  snapshot.in_progress.reserve(running_.size());
  for (const auto& [xid, oldest] : running_) {
    if (!snapshot.IsOwn(xid)) snapshot.in_progress.push_back(xid);  // std::map: already sorted
  }
  return snapshot;
}

Xid TransactionManager::OldestXmin() const {
  std::lock_guard lock(mutex_);
  Xid horizon = next_xid_;
  for (const auto& [xid, oldest] : running_) horizon = std::min(horizon, oldest);
  return horizon;
}

TransactionManager::VacuumVerdict TransactionManager::VacuumStateOf(const TupleHeader& header,
                                                                    Xid horizon) {
  const Xid xmin = header.xmin;
  if (xmin != kBootstrapXid) {
    switch (Status(xmin)) {
      case XidStatus::kInProgress: return VacuumVerdict::kLive;  // insertion still open
      case XidStatus::kAborted: return VacuumVerdict::kDead;     // never visible to anyone
      case XidStatus::kCommitted: break;
    }
  }
  const Xid xmax = header.xmax;
  if (xmax == kInvalidXid || (xmax != kBootstrapXid && !IsNormalXid(xmax))) {
    return VacuumVerdict::kLive;
  }
  if (xmax != kBootstrapXid && Status(xmax) != XidStatus::kCommitted) {
    return VacuumVerdict::kLive;  // deletion open or rolled back
  }
  // Committed deletion: removable once no running transaction began before it finished.
  return xmax < horizon ? VacuumVerdict::kDead : VacuumVerdict::kRecentlyDead;
}

Xid TransactionManager::next_xid() const {
  std::lock_guard lock(mutex_);
  return next_xid_;
}

// PostgreSQL's HeapTupleSatisfiesMVCC, without hint bits or combo cids: both
// cmin and cmax are stored in the tuple header.
bool TransactionManager::IsVisible(const TupleHeader& header, const Snapshot& snapshot) {
  const Xid xmin = header.xmin;
  const Xid xmax = header.xmax;
  // The common row: never deleted, inserted by another transaction that had ended before the
  // snapshot was taken (xmin below snapshot.xmin, so not in its in-progress list), whose
  // outcome the recent statuses hold. The answer is the general path's, without its calls:
  // visible exactly when that transaction committed (PostgreSQL's HEAP_XMIN_COMMITTED hint
  // does the same for a row once its inserter's outcome is known). An entry still saying
  // "in progress" (a transaction that set no status) goes the general way.
  if (xmax == kInvalidXid && xmin < snapshot.xmin && xmin >= kFirstNormalXid && xmin != snapshot.own_xid &&
      snapshot.own_ancestors.empty()) {
    const uint64_t recent = recent_statuses_[xmin % kRecentStatuses].load(std::memory_order_acquire);
    const auto status = static_cast<XidStatus>(recent & 3);
    if (recent >> 2 == xmin && status != XidStatus::kInProgress) return status == XidStatus::kCommitted;
  }
  if (xmin != kBootstrapXid && !IsNormalXid(xmin)) return false;

  if (snapshot.IsOwn(xmin)) {
    if (header.cmin >= snapshot.command_id) return false;  // inserted after the scan began
    if (xmax == kInvalidXid) return true;
    if (snapshot.IsOwn(xmax)) return header.cmax >= snapshot.command_id;  // deleted later?
    // Deleted by a subtransaction of ours that rolled back (another transaction cannot
    // have deleted our uncommitted row).
    return true;
  }

  if (xmin != kBootstrapXid) {
    if (!snapshot.XidVisibleAsCommitted(xmin)) return false;  // running when taken
    if (Status(xmin) != XidStatus::kCommitted) return false;  // aborted or crashed
  }

  // The inserter is visible; now the deleter, if any.
  if (xmax == kInvalidXid || (xmax != kBootstrapXid && !IsNormalXid(xmax))) return true;
  if (snapshot.IsOwn(xmax)) return header.cmax >= snapshot.command_id;
  if (xmax != kBootstrapXid && !snapshot.XidVisibleAsCommitted(xmax)) return true;
  return Status(xmax) != XidStatus::kCommitted;
}

}  // namespace granary::storage
