// TransactionManager: xid assignment, the commit log (PostgreSQL's clog/pg_xact) kept in
// buffer-pool pages, snapshots, and tuple visibility (HeapTupleSatisfiesMVCC).
//
// Commit log page layout: the 24-byte page header, then 2 bits per xid; page p covers xids
// [p * kXidsPerPage, (p + 1) * kXidsPerPage). The bitmap is declared as the page's special
// space so that nothing mistakes it for free space.
//
// Locking: mutex_ guards next_xid_ and running_ and is never held while latching a page,
// because IsVisible takes it (in Status) while the caller holds a heap page latch and frames
// are shared by all relations. extend_mutex_ serialises commit log extension and is taken
// before any latch. Begin extends the log without mutex_ and retries.
#include "storage/txn/transaction_manager.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/heap/heap_file.hpp"

namespace granary::storage {
namespace {

constexpr size_t kClogHeaderSize = 24;  // the page header; the bitmap follows it
constexpr Xid kXidsPerByte = 4;         // 2 bits each
constexpr Xid kXidsPerPage = (kPageSize - kClogHeaderSize) * kXidsPerByte;
constexpr uint8_t kStatusMask = 0x3;

BlockNumber ClogBlock(Xid xid) { return static_cast<BlockNumber>(xid / kXidsPerPage); }

std::byte* ClogByte(Page& page, Xid xid) {
  return page.data() + kClogHeaderSize + (xid % kXidsPerPage) / kXidsPerByte;
}

unsigned ClogShift(Xid xid) { return static_cast<unsigned>(xid % kXidsPerByte) * 2; }

bool IsNormalXid(Xid xid) { return xid >= kFirstNormalXid; }

void InitClogPage(Page& page) { page.Init(PageKind::kClog, kPageSize - kClogHeaderSize); }

uint8_t ReadBits(Page& page, Xid xid) {
  return static_cast<uint8_t>((std::to_integer<unsigned>(*ClogByte(page, xid)) >> ClogShift(xid)) &
                              kStatusMask);
}

void WriteBits(Page& page, Xid xid, XidStatus status) {
  std::byte* byte = ClogByte(page, xid);
  const unsigned shift = ClogShift(xid);
  const unsigned value = (std::to_integer<unsigned>(*byte) & ~(kStatusMask << shift)) |
                         (static_cast<unsigned>(status) << shift);
  *byte = static_cast<std::byte>(value);
}

[[noreturn]] void ThrowNotRunning(Xid xid) {
  throw Error(sqlstate::kInternalError,
              "transaction " + std::to_string(xid) + " is not in progress");
}

}  // namespace

bool Snapshot::XidVisibleAsCommitted(Xid xid) const {
  if (xid < xmin) return true;
  if (xid >= xmax) return false;
  return !std::binary_search(in_progress.begin(), in_progress.end(), xid);
}

TransactionManager::TransactionManager(BufferPool& pool, Xid next_xid)
    : pool_(pool), next_xid_(std::max(next_xid, kFirstNormalXid)) {
  StorageManager& storage = pool_.storage();
  storage.Create(kCommitLogRelFile);
  clog_blocks_ = storage.NumBlocks(kCommitLogRelFile);
  EnsureClogPage(next_xid_);
}

void TransactionManager::EnsureClogPage(Xid xid) {
  const BlockNumber block = ClogBlock(xid);
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
    InitClogPage(page);
    guard.MarkDirty();
    clog_blocks_.store(guard.block() + 1);
  }
}

Xid TransactionManager::Begin() {
  for (;;) {
    Xid xid;
    {
      std::lock_guard lock(mutex_);
      xid = next_xid_;
      if (ClogBlock(xid) < clog_blocks_.load()) {
        ++next_xid_;
        running_.insert(xid);
        return xid;
      }
    }
    // The first xid of a new commit log page: extend without holding mutex_, then retry.
    EnsureClogPage(xid);
  }
}

void TransactionManager::Commit(Xid xid) {
  {
    std::lock_guard lock(mutex_);
    if (!running_.contains(xid)) ThrowNotRunning(xid);
  }
  // The commit log first, then the running set: a snapshot taken in between still lists the
  // xid as running, so no snapshot sees it neither running nor committed.
  SetStatus(xid, XidStatus::kCommitted);
  std::lock_guard lock(mutex_);
  running_.erase(xid);
}

void TransactionManager::Abort(Xid xid) {
  {
    std::lock_guard lock(mutex_);
    if (!running_.contains(xid)) ThrowNotRunning(xid);
  }
  SetStatus(xid, XidStatus::kAborted);
  std::lock_guard lock(mutex_);
  running_.erase(xid);
}

XidStatus TransactionManager::Status(Xid xid) {
  if (xid == kBootstrapXid) return XidStatus::kCommitted;
  if (!IsNormalXid(xid)) return XidStatus::kAborted;  // invalid: never committed
  {
    std::lock_guard lock(mutex_);
    if (xid >= next_xid_) return XidStatus::kInProgress;  // not started: never committed
  }
  PageGuard guard = pool_.Fetch(kCommitLogRelFile, ClogBlock(xid), LatchMode::kShared);
  Page page = guard.page();
  if (page.IsNew()) return XidStatus::kInProgress;
  const uint8_t bits = ReadBits(page, xid);
  if (bits > static_cast<uint8_t>(XidStatus::kAborted)) {
    throw Error(sqlstate::kDataCorrupted, "invalid commit log status " + std::to_string(bits) +
                                              " for transaction " + std::to_string(xid));
  }
  return static_cast<XidStatus>(bits);
}

void TransactionManager::SetStatus(Xid xid, XidStatus status) {
  PageGuard guard = pool_.Fetch(kCommitLogRelFile, ClogBlock(xid), LatchMode::kExclusive);
  Page page = guard.page();
  if (page.IsNew()) InitClogPage(page);  // extended before a crash, never written
  WriteBits(page, xid, status);
  guard.MarkDirty();
}

Snapshot TransactionManager::TakeSnapshot(Xid own_xid, CommandId command_id) {
  Snapshot snapshot;
  snapshot.own_xid = own_xid;
  snapshot.command_id = command_id;
  std::lock_guard lock(mutex_);
  snapshot.xmax = next_xid_;
  snapshot.xmin = running_.empty() ? next_xid_ : *running_.begin();
  snapshot.in_progress.reserve(running_.size());
  for (Xid xid : running_) {
    if (xid != own_xid) snapshot.in_progress.push_back(xid);  // std::set: already sorted
  }
  return snapshot;
}

Xid TransactionManager::next_xid() const {
  std::lock_guard lock(mutex_);
  return next_xid_;
}

void TransactionManager::AbortLeftovers(Xid first) {
  // Work from a copy: xids that begin meanwhile are >= end and are left alone.
  Xid end;
  std::set<Xid> running;
  {
    std::lock_guard lock(mutex_);
    end = next_xid_;
    running = running_;
  }
  const Xid begin = std::max(first, kFirstNormalXid);
  if (begin >= end) return;
  for (BlockNumber block = ClogBlock(begin); block <= ClogBlock(end - 1); ++block) {
    const Xid page_first = std::max<Xid>(begin, Xid{block} * kXidsPerPage);
    const Xid page_end = std::min<Xid>(end, Xid{block + 1} * kXidsPerPage);
    PageGuard guard = pool_.Fetch(kCommitLogRelFile, block, LatchMode::kExclusive);
    Page page = guard.page();
    if (page.IsNew()) InitClogPage(page);
    bool changed = false;
    for (Xid xid = page_first; xid < page_end; ++xid) {
      if (ReadBits(page, xid) == static_cast<uint8_t>(XidStatus::kInProgress) &&
          !running.contains(xid)) {
        WriteBits(page, xid, XidStatus::kAborted);
        changed = true;
      }
    }
    if (changed) guard.MarkDirty();
  }
}

// PostgreSQL's HeapTupleSatisfiesMVCC, without hint bits, subtransactions or combo cids: both
// cmin and cmax are stored in the tuple header.
bool TransactionManager::IsVisible(const TupleHeader& header, const Snapshot& snapshot) {
  const Xid xmin = header.xmin;
  const Xid xmax = header.xmax;
  const bool own_transaction = snapshot.own_xid != kInvalidXid;
  if (xmin != kBootstrapXid && !IsNormalXid(xmin)) return false;

  if (own_transaction && xmin == snapshot.own_xid) {
    if (header.cmin >= snapshot.command_id) return false;  // inserted after the scan began
    if (xmax == kInvalidXid) return true;
    if (xmax == snapshot.own_xid) return header.cmax >= snapshot.command_id;  // deleted later?
    return true;  // another transaction cannot have deleted our uncommitted row
  }

  if (xmin != kBootstrapXid) {
    if (!snapshot.XidVisibleAsCommitted(xmin)) return false;  // running when taken
    if (Status(xmin) != XidStatus::kCommitted) return false;  // aborted or crashed
  }

  // The inserter is visible; now the deleter, if any.
  if (xmax == kInvalidXid || (xmax != kBootstrapXid && !IsNormalXid(xmax))) return true;
  if (own_transaction && xmax == snapshot.own_xid) return header.cmax >= snapshot.command_id;
  if (xmax != kBootstrapXid && !snapshot.XidVisibleAsCommitted(xmax)) return true;
  return Status(xmax) != XidStatus::kCommitted;
}

}  // namespace granary::storage
