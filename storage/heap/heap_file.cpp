// HeapFile: MVCC tuples in slotted pages (after PostgreSQL's heapam.c and hio.c, without
// the free space map, hint bits or HOT yet; TOAST sits above it, in toast.cpp).
//
// Latches: Insert, MarkDeleted and LinkUpdate latch one page exclusively and log their change
// (heap_wal.hpp) before letting it go; Fetch and the scan latch one page shared. The scan calls TransactionManager::IsVisible under the page's shared
// latch, which may latch a commit log page: heap page before commit log page, never the
// reverse.
#include "storage/heap/heap_file.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/heap/heap_wal.hpp"
#include "storage/wal/wal_record.hpp"

namespace granary::storage {
namespace {

constexpr size_t kPageHeaderSize = 24;
constexpr size_t kItemIdSize = 4;
constexpr size_t kItemAlignment = 8;
// The largest tuple (header included) one empty heap page takes: PostgreSQL's
// MaxHeapTupleSize.
constexpr size_t kMaxTupleSize =
    (kPageSize - kPageHeaderSize - kItemIdSize) & ~(kItemAlignment - 1);
// Pages the free space map may propose to one insert before it falls back to the last page.
constexpr int kFreeSpaceAttempts = 4;
// Readers prune a page with less free space than this (PostgreSQL's heap_page_prune_opt:
// BLCKSZ / 10 with the default fillfactor), so that the next version of an updated row finds
// room on its own page again.
constexpr size_t kPruneFreeSpaceThreshold = kPageSize / 10;

// True if the latched page is worth pruning now: short of space, with a deleter whose
// tuples every snapshot has stopped seeing.
bool WorthPruning(const PageGuard& guard, Xid horizon) {
  const Xid hint = guard.prune_hint();
  return hint != kInvalidXid && hint < horizon &&
         guard.page().FreeSpace() < kPruneFreeSpaceThreshold;
}

std::string TupleName(TupleId tid) {
  return "(" + std::to_string(tid.block) + "," + std::to_string(tid.slot) + ")";
}

// Raises XX001 unless the page is a heap page (or new: extended, never written).
void CheckHeapPage(const Page& page, BlockNumber block, RelFileNumber rel) {
  if (page.kind() != PageKind::kHeap && !page.IsNew()) {
    throw Error(sqlstate::kDataCorrupted, "block " + std::to_string(block) + " of relation base/" +
                                              std::to_string(rel) + " is not a heap page");
  }
}

[[noreturn]] [[gnu::cold]] void ThrowShortTuple(TupleId tid, RelFileNumber rel) {
  throw Error(sqlstate::kDataCorrupted,
              "tuple " + TupleName(tid) + " of relation base/" + std::to_string(rel) + " is too short");
}

// The stored tuple at `slot`, validated to hold at least a header. The error is out of line
// and the rest forced inline: it is a dozen instructions in the per-slot loops of scans and
// fetches, where a call cost as much again.
[[gnu::always_inline]] inline std::span<std::byte> TupleBytes(Page& page, TupleId tid, RelFileNumber rel) {
  const std::span<std::byte> item = page.Item(tid.slot);
  if (item.size() < sizeof(TupleHeader)) [[unlikely]] ThrowShortTuple(tid, rel);
  return item;
}

// The tuple a caller about to change it names: it must exist (XX000 otherwise, since the
// caller found it through its own scan).
std::span<std::byte> ExistingTuple(Page& page, TupleId tid, RelFileNumber rel) {
  CheckHeapPage(page, tid.block, rel);
  if (page.StateOf(tid.slot) != ItemState::kNormal) {
    throw Error(sqlstate::kInternalError, "tuple " + TupleName(tid) + " of relation base/" +
                                              std::to_string(rel) + " does not exist");
  }
  return TupleBytes(page, tid, rel);
}

TupleHeader LoadHeader(std::span<const std::byte> tuple) {
  TupleHeader header;
  std::memcpy(&header, tuple.data(), sizeof(header));
  return header;
}

void StoreHeader(std::span<std::byte> tuple, const TupleHeader& header) {
  std::memcpy(tuple.data(), &header, sizeof(header));
}

// Adds the tuple to the latched page, points its ctid at itself and logs the insert (with
// `new_page` when the page was formatted for it); nullopt if it does not fit.
std::optional<SlotNumber> PlaceTuple(PageGuard& guard, std::span<const std::byte> tuple, Xid xid,
                                     bool new_page) {
  Page page = guard.page();
  const std::optional<SlotNumber> slot = page.AddItem(tuple);
  if (!slot) return std::nullopt;
  const std::span<std::byte> stored = page.Item(*slot);
  TupleHeader header = LoadHeader(stored);
  header.ctid_block = guard.block();
  header.ctid_slot = *slot;
  StoreHeader(stored, header);
  guard.LogChange(ResourceManager::kHeap, heap_wal::kInsert, xid,
                  heap_wal::InsertPayload(*slot, stored), new_page);
  return slot;
}

}  // namespace

HeapFile::HeapFile(BufferPool& pool, RelFileNumber rel, RelFileNumber toast_rel)
    : pool_(pool), rel_(rel), toast_rel_(toast_rel) {}

size_t HeapFile::MaxRowSize() { return kMaxTupleSize - sizeof(TupleHeader); }

TupleId HeapFile::Insert(std::span<const std::byte> row, uint16_t attribute_count, Xid xid,
                         CommandId cid, uint16_t flags) {
  if (row.size() > MaxRowSize()) {
    throw Error(sqlstate::kProgramLimitExceeded,
                "row is too big: size " + std::to_string(row.size()) + ", maximum size " +
                    std::to_string(MaxRowSize()));
  }
  TupleHeader header;
  header.xmin = xid;
  header.cmin = cid;
  header.attribute_count = attribute_count;
  header.flags = flags;
  std::vector<std::byte> tuple(sizeof(TupleHeader) + row.size());
  StoreHeader(tuple, header);
  if (!row.empty()) std::memcpy(tuple.data() + sizeof(TupleHeader), row.data(), row.size());

  // The lowest page with room according to the free space map (a hint: a page that turns out
  // fuller than recorded gets its real figure recorded, and the next candidate is tried).
  FreeSpaceMap& free_space = pool_.free_space_map();
  for (int attempt = 0; attempt < kFreeSpaceAttempts; ++attempt) {
    const std::optional<BlockNumber> candidate = free_space.Find(rel_, tuple.size());
    if (!candidate) break;
    if (const std::optional<TupleId> placed = TryInsertAt(*candidate, tuple, xid)) return *placed;
  }
  BlockNumber target = insert_hint_.load();
  if (target == kInvalidBlock) {
    const BlockNumber blocks = pool_.storage().NumBlocks(rel_);
    if (blocks > 0) target = blocks - 1;
  }
  if (target != kInvalidBlock) {
    if (const std::optional<TupleId> placed = TryInsertAt(target, tuple, xid)) return *placed;
  }
  PageGuard guard = pool_.Extend(rel_, PageKind::kHeap);
  const std::optional<SlotNumber> slot = PlaceTuple(guard, tuple, xid, /*new_page=*/true);
  if (!slot) {
    throw Error(sqlstate::kInternalError,
                "tuple of " + std::to_string(tuple.size()) + " bytes does not fit an empty page");
  }
  free_space.Record(rel_, guard.block(), guard.page().FreeSpace());
  insert_hint_.store(guard.block());
  return TupleId{guard.block(), *slot};
}

std::optional<TupleId> HeapFile::TryInsertAt(BlockNumber block, std::span<const std::byte> tuple,
                                             Xid xid) {
  PageGuard guard = pool_.Fetch(rel_, block, LatchMode::kExclusive);
  Page page = guard.page();
  CheckHeapPage(page, block, rel_);
  // A page extended but never written (say, before a crash) is formatted now; the insert
  // record says so, and a tuple always fits an empty page.
  const bool new_page = page.IsNew();
  if (new_page) page.Init(PageKind::kHeap);
  const std::optional<SlotNumber> slot = PlaceTuple(guard, tuple, xid, new_page);
  pool_.free_space_map().Record(rel_, block, page.FreeSpace());
  if (!slot) return std::nullopt;
  return TupleId{block, *slot};
}

uint16_t HeapFile::MarkDeleted(TupleId tid, Xid xid, CommandId cid) {
  PageGuard guard = pool_.Fetch(rel_, tid.block, LatchMode::kExclusive);
  Page page = guard.page();
  const std::span<std::byte> tuple = ExistingTuple(page, tid, rel_);
  TupleHeader header = LoadHeader(tuple);
  header.xmax = xid;
  header.cmax = cid;
  StoreHeader(tuple, header);
  guard.LogChange(ResourceManager::kHeap, heap_wal::kDelete, xid,
                  heap_wal::DeletePayload(tid.slot, xid, cid));
  guard.NotePrunable(xid);
  return header.flags;
}

namespace {

// The conflict check shared by TryMarkDeleted and TryLockRow, on the latched tuple.
ChangeOutcome CheckConflicts(const TupleHeader& header, TupleId tid, RelFileNumber rel,
                             const Snapshot& snapshot, TransactionManager& transactions,
                             const RowLockTable* row_locks, RowLockMode mode) {
  ChangeOutcome outcome;
  const Xid xmax = header.xmax;
  if (xmax != kInvalidXid && xmax >= kFirstNormalXid) {
    if (snapshot.IsOwn(xmax)) {
      outcome.result = ChangeResult::kSelfModified;
      return outcome;
    }
    switch (transactions.Status(xmax)) {
      case XidStatus::kInProgress:
        outcome.result = ChangeResult::kBeingModified;
        outcome.blocker = xmax;
        return outcome;
      case XidStatus::kCommitted:
        if (header.ctid_block != tid.block || header.ctid_slot != tid.slot) {
          outcome.result = ChangeResult::kUpdated;
          outcome.newer = TupleId{header.ctid_block, header.ctid_slot};
        } else {
          outcome.result = ChangeResult::kDeleted;
        }
        return outcome;
      case XidStatus::kAborted: break;  // as if never deleted
    }
  }
  if (row_locks != nullptr) {
    const Xid holder = row_locks->FindConflict(RowKey{rel, tid.block, tid.slot}, mode, snapshot.top_xid());
    if (holder != kInvalidXid) {
      outcome.result = ChangeResult::kBeingModified;
      outcome.blocker = holder;
    }
  }
  return outcome;
}

}  // namespace

ChangeOutcome HeapFile::TryMarkDeleted(TupleId tid, const Snapshot& snapshot,
                                       TransactionManager& transactions,
                                       const RowLockTable* row_locks, RowLockMode mode) {
  PageGuard guard = pool_.Fetch(rel_, tid.block, LatchMode::kExclusive);
  Page page = guard.page();
  const std::span<std::byte> tuple = ExistingTuple(page, tid, rel_);
  TupleHeader header = LoadHeader(tuple);
  ChangeOutcome outcome =
      CheckConflicts(header, tid, rel_, snapshot, transactions, row_locks, mode);
  if (outcome.result != ChangeResult::kOk) return outcome;
  outcome.flags = header.flags;
  header.xmax = snapshot.own_xid;
  header.cmax = snapshot.command_id;
  StoreHeader(tuple, header);
  guard.LogChange(ResourceManager::kHeap, heap_wal::kDelete, snapshot.own_xid,
                  heap_wal::DeletePayload(tid.slot, snapshot.own_xid, snapshot.command_id));
  guard.NotePrunable(snapshot.own_xid);
  return outcome;
}

ChangeOutcome HeapFile::TryLockRow(TupleId tid, const Snapshot& snapshot,
                                   TransactionManager& transactions, RowLockTable& row_locks,
                                   RowLockMode mode) {
  // Exclusive, so that a concurrent TryMarkDeleted cannot slip between check and lock.
  PageGuard guard = pool_.Fetch(rel_, tid.block, LatchMode::kExclusive);
  Page page = guard.page();
  CheckHeapPage(page, tid.block, rel_);
  if (page.StateOf(tid.slot) != ItemState::kNormal) {
    ChangeOutcome gone;
    gone.result = ChangeResult::kDeleted;
    return gone;
  }
  const TupleHeader header = LoadHeader(TupleBytes(page, tid, rel_));
  const ChangeOutcome outcome =
      CheckConflicts(header, tid, rel_, snapshot, transactions, &row_locks, mode);
  if (outcome.result != ChangeResult::kOk) return outcome;
  row_locks.Add(RowKey{rel_, tid.block, tid.slot}, mode, snapshot.top_xid(), snapshot.own_xid);
  SetLocker(guard, tid, static_cast<uint32_t>(snapshot.own_xid));
  return outcome;
}

bool HeapFile::LinkUpdate(TupleId old_tid, TupleId new_tid, Xid xid) {
  uint32_t carried_lock = 0;
  {
    PageGuard guard = pool_.Fetch(rel_, old_tid.block, LatchMode::kExclusive);
    Page page = guard.page();
    const std::span<std::byte> tuple = ExistingTuple(page, old_tid, rel_);
    TupleHeader header = LoadHeader(tuple);
    header.ctid_block = new_tid.block;
    header.ctid_slot = new_tid.slot;
    StoreHeader(tuple, header);
    guard.LogChange(ResourceManager::kHeap, heap_wal::kLinkUpdate, xid,
                    heap_wal::LinkUpdatePayload(old_tid.slot, new_tid.block, new_tid.slot));
    if (header.locker != 0 && header.locker == static_cast<uint32_t>(xid)) carried_lock = header.locker;
  }
  if (carried_lock == 0) return false;
  // PostgreSQL's compute_new_xmax_infomask: the updater's own lock stays on the new version.
  PageGuard guard = pool_.Fetch(rel_, new_tid.block, LatchMode::kExclusive);
  SetLocker(guard, new_tid, carried_lock);
  return true;
}

// TupleHeader::locker of the tuple `tid` on the exclusively latched page, as a hint change.
void HeapFile::SetLocker(PageGuard& guard, TupleId tid, uint32_t locker) {
  if (locker == 0) return;
  Page page = guard.page();
  const std::span<std::byte> tuple = ExistingTuple(page, tid, rel_);
  TupleHeader header = LoadHeader(tuple);
  if (header.locker == locker) return;
  header.locker = locker;
  StoreHeader(tuple, header);
  guard.MarkDirtyHint();
}

namespace {

// What the slot of the latched page holds; for a tuple, `view` points at it in the page.
HeapFile::SlotContent ViewSlot(const PageGuard& guard, TupleId tid, RelFileNumber rel,
                               HeapTupleView& view) {
  Page page = guard.page();
  CheckHeapPage(page, tid.block, rel);
  if (page.IsNew() || tid.slot == 0 || tid.slot > page.ItemCount()) {
    return HeapFile::SlotContent::kNothing;
  }
  switch (page.StateOf(tid.slot)) {
    case ItemState::kNormal: break;
    case ItemState::kDead: return HeapFile::SlotContent::kDead;
    default: return HeapFile::SlotContent::kNothing;
  }
  const std::span<std::byte> tuple = TupleBytes(page, tid, rel);
  view.id = tid;
  view.header = LoadHeader(tuple);
  view.data = std::span<const std::byte>(tuple).subspan(sizeof(TupleHeader));
  return HeapFile::SlotContent::kTuple;
}

// FetchSlot's copy from the latched page.
HeapFile::SlotContent CopySlot(const PageGuard& guard, TupleId tid, RelFileNumber rel,
                               HeapTuple& out) {
  HeapTupleView view;
  const HeapFile::SlotContent content = ViewSlot(guard, tid, rel, view);
  if (content != HeapFile::SlotContent::kTuple) return content;
  out.id = tid;
  out.header = view.header;
  out.data.assign(reinterpret_cast<const char*>(view.data.data()), view.data.size());
  return content;
}

}  // namespace

bool HeapFile::Fetch(TupleId tid, HeapTuple& out) {
  return FetchSlot(tid, out) == SlotContent::kTuple;
}

HeapFile::SlotContent HeapFile::FetchSlot(TupleId tid, HeapTuple& out) {
  if (tid.block == kInvalidBlock) return SlotContent::kNothing;
  const PageGuard guard = pool_.TryFetch(rel_, tid.block, LatchMode::kShared);
  if (!guard) return SlotContent::kNothing;
  return CopySlot(guard, tid, rel_, out);
}

HeapFile::SlotContent HeapFile::FetchSlotPruning(TupleId tid, HeapTuple& out,
                                                 TransactionManager& transactions, BlockPin* pin) {
  if (tid.block == kInvalidBlock) return SlotContent::kNothing;
  PageGuard guard;
  if (pin == nullptr) {
    guard = pool_.TryFetch(rel_, tid.block, LatchMode::kShared);
  } else {
    if (!pin->Holds(rel_, tid.block)) {
      pin->Release();
      *pin = pool_.TryPin(rel_, tid.block);
    }
    if (*pin) guard = pin->Latch(LatchMode::kShared);
  }
  if (!guard) return SlotContent::kNothing;
  PruneIfWorthwhile(guard, transactions);
  return CopySlot(guard, tid, rel_, out);
}

HeapFile::SlotContent HeapFile::ViewSlotPruning(TupleId tid, TransactionManager& transactions, BlockPin& pin,
                                                PageGuard& guard, HeapTupleView& view) {
  guard = PageGuard();
  if (tid.block == kInvalidBlock) return SlotContent::kNothing;
  if (!pin.Holds(rel_, tid.block)) {
    pin.Release();
    pin = pool_.TryPin(rel_, tid.block);
  }
  if (!pin) return SlotContent::kNothing;
  guard = pin.Latch(LatchMode::kShared);
  PruneIfWorthwhile(guard, transactions);
  const SlotContent content = ViewSlot(guard, tid, rel_, view);
  if (content != SlotContent::kTuple) guard = PageGuard();
  return content;
}

HeapFile::SlotContent HeapFile::ViewLatchedSlot(const PageGuard& guard, TupleId tid, HeapTupleView& view) const {
  // The page was checked (a heap page, initialised) when ViewSlotPruning latched it, and a
  // latched page does not change: only the slot is looked at.
  Page page = guard.page();
  switch (page.StateOf(tid.slot)) {  // kUnused for a slot past the end
    case ItemState::kNormal: break;
    case ItemState::kDead: return SlotContent::kDead;
    default: return SlotContent::kNothing;
  }
  const std::span<std::byte> tuple = TupleBytes(page, tid, rel_);
  view.id = tid;
  view.header = LoadHeader(tuple);
  view.data = std::span<const std::byte>(tuple).subspan(sizeof(TupleHeader));
  return SlotContent::kTuple;
}

bool HeapFile::IsDeadToAll(TupleId tid, TransactionManager& transactions) {
  HeapTuple tuple;
  switch (FetchSlot(tid, tuple)) {
    case SlotContent::kDead: return true;
    case SlotContent::kNothing: return false;
    case SlotContent::kTuple: break;
  }
  return transactions.VacuumStateOf(tuple.header, transactions.RemovalHorizon()) ==
         TransactionManager::VacuumVerdict::kDead;
}

void HeapFile::PruneIfWorthwhile(PageGuard& guard, TransactionManager& transactions) {
  if (!WorthPruning(guard, transactions.RemovalHorizon())) return;
  const BlockNumber block = guard.block();
  guard.Release();
  {
    PageGuard exclusive = pool_.Fetch(rel_, block, LatchMode::kExclusive);
    CheckHeapPage(exclusive.page(), block, rel_);
    // Another reader may have pruned it between the two latches.
    const Xid horizon = transactions.RemovalHorizon();
    if (WorthPruning(exclusive, horizon)) {
      PruneLatched(exclusive, transactions, horizon, /*has_indexes=*/true);
    }
  }
  guard = pool_.Fetch(rel_, block, LatchMode::kShared);
}

// ---------------------------------------------------------------------------------------------
// Vacuum's page operations

HeapFile::PruneResult HeapFile::PrunePage(BlockNumber block, TransactionManager& transactions,
                                          Xid horizon, bool has_indexes) {
  PageGuard guard = pool_.Fetch(rel_, block, LatchMode::kExclusive);
  CheckHeapPage(guard.page(), block, rel_);
  return PruneLatched(guard, transactions, horizon, has_indexes);
}

HeapFile::PruneResult HeapFile::PruneLatched(PageGuard& guard, TransactionManager& transactions,
                                             Xid horizon, bool has_indexes) {
  PruneResult result;
  Page page = guard.page();
  const BlockNumber block = guard.block();
  if (page.IsNew()) return result;  // extended, never written: nothing to prune
  Xid next_hint = kInvalidXid;
  auto keep_hint = [&](Xid deleter) {
    if (next_hint == kInvalidXid || deleter < next_hint) next_hint = deleter;
  };
  std::vector<SlotNumber> make_dead;
  std::vector<SlotNumber> make_unused;
  const SlotNumber count = page.ItemCount();
  for (SlotNumber slot = 1; slot <= count; ++slot) {
    const ItemState state = page.StateOf(slot);
    if (state == ItemState::kDead) {
      // Left by an earlier prune whose index pass did not finish (or that had indexes).
      if (has_indexes) {
        result.dead_slots.push_back(slot);
      } else {
        make_unused.push_back(slot);
      }
      continue;
    }
    if (state != ItemState::kNormal) continue;
    const TupleHeader header = LoadHeader(TupleBytes(page, TupleId{block, slot}, rel_));
    switch (transactions.VacuumStateOf(header, horizon)) {
      case TransactionManager::VacuumVerdict::kLive:
        ++result.live;
        // A deletion still open may commit: the page will have something to prune then.
        if (header.xmax >= kFirstNormalXid &&
            transactions.Status(header.xmax) == XidStatus::kInProgress) {
          keep_hint(header.xmax);
        }
        break;
      case TransactionManager::VacuumVerdict::kRecentlyDead:
        ++result.recently_dead;
        keep_hint(header.xmax);
        break;
      case TransactionManager::VacuumVerdict::kDead:
        ++result.removed;
        if (has_indexes) {
          make_dead.push_back(slot);
          result.dead_slots.push_back(slot);
        } else {
          make_unused.push_back(slot);
        }
        break;
    }
  }
  if (!make_dead.empty() || !make_unused.empty()) {
    if (!make_unused.empty()) pool_.AdvanceSlotReuseEpoch();
    page.PruneItems(make_dead, make_unused);
    guard.LogChange(ResourceManager::kHeap, heap_wal::kPrune, kInvalidXid,
                    heap_wal::PrunePayload(make_dead, make_unused));
  }
  guard.SetPruneHint(next_hint);
  pool_.free_space_map().Record(rel_, block, page.FreeSpace());
  return result;
}

void HeapFile::ReclaimDeadSlots(BlockNumber block, std::span<const SlotNumber> slots) {
  PageGuard guard = pool_.Fetch(rel_, block, LatchMode::kExclusive);
  Page page = guard.page();
  CheckHeapPage(page, block, rel_);
  std::vector<SlotNumber> unused;
  unused.reserve(slots.size());
  for (const SlotNumber slot : slots) {
    if (page.StateOf(slot) == ItemState::kDead) unused.push_back(slot);
  }
  if (!unused.empty()) {
    pool_.AdvanceSlotReuseEpoch();
    page.PruneItems({}, unused);
    guard.LogChange(ResourceManager::kHeap, heap_wal::kVacuum, kInvalidXid,
                    heap_wal::PrunePayload({}, unused));
  }
  pool_.free_space_map().Record(rel_, block, page.FreeSpace());
}

bool HeapFile::PageIsEmpty(BlockNumber block) {
  PageGuard guard = pool_.Fetch(rel_, block, LatchMode::kShared);
  const Page page = guard.page();
  CheckHeapPage(page, block, rel_);
  if (page.IsNew()) return true;
  for (SlotNumber slot = 1; slot <= page.ItemCount(); ++slot) {
    if (page.StateOf(slot) != ItemState::kUnused) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Scan

HeapFile::Scan::Scan(HeapFile& heap, TransactionManager& transactions, const Snapshot& snapshot)
    : heap_(heap),
      transactions_(transactions),
      snapshot_(snapshot),
      block_count_(heap.pool().storage().NumBlocks(heap.rel())) {
  if (block_count_ > heap.pool().frame_count() / 4) ring_.emplace(heap.pool().ScanRingFrames());
}

HeapFile::Scan::Scan(HeapFile& heap, TransactionManager& transactions, const Snapshot& snapshot,
                     ParallelBlocks& parallel)
    : heap_(heap), transactions_(transactions), snapshot_(snapshot), parallel_(&parallel) {
  // Each participant has its own ring, as each of PostgreSQL's workers has its strategy.
  if (parallel.block_count() > heap.pool().frame_count() / 4) ring_.emplace(heap.pool().ScanRingFrames());
}

bool HeapFile::Scan::NextBatch(std::vector<HeapTuple>& out, size_t max_rows) {
  size_t appended = 0;
  while (appended < max_rows && FillPending()) {
    out.push_back(std::move(pending_[pending_pos_++]));
    ++appended;
  }
  return appended > 0;
}

bool HeapFile::Scan::NextBatchReusing(std::vector<HeapTuple>& out, size_t& count, size_t max_rows) {
  count = 0;
  while (count < max_rows && FillPending()) {
    if (count == out.size()) out.emplace_back();
    std::swap(out[count++], pending_[pending_pos_++]);  // both keep their buffers
  }
  return count > 0;
}

bool HeapFile::Scan::FillPending() {
  while (pending_pos_ >= pending_size_) {
    pending_pos_ = 0;
    pending_size_ = 0;
    if (next_block_ >= block_count_) {
      if (parallel_ == nullptr) return false;
      next_block_ = parallel_->TakeChunk();
      block_count_ = std::min(next_block_ + ParallelBlocks::kChunkBlocks, parallel_->block_count());
      if (next_block_ >= block_count_) return false;
    }

    // Copy this page's visible tuples out under its shared latch, then let the page go.
    const BlockNumber block = next_block_++;
    PageGuard guard = ring_ ? heap_.pool().Fetch(heap_.rel(), block, LatchMode::kShared, *ring_)
                            : heap_.pool().Fetch(heap_.rel(), block, LatchMode::kShared);
    CheckHeapPage(guard.page(), block, heap_.rel());
    heap_.PruneIfWorthwhile(guard, transactions_);
    Page page = guard.page();
    if (page.IsNew()) continue;
    const SlotNumber count = page.ItemCount();
    // A new scan's pending_ grows to a page's tuples at once, not by doubling.
    if (pending_.size() < count) pending_.reserve(count);
    for (SlotNumber slot = 1; slot <= count; ++slot) {
      if (page.StateOf(slot) != ItemState::kNormal) continue;
      const TupleId tid{block, slot};
      const std::span<std::byte> tuple = TupleBytes(page, tid, heap_.rel());
      const TupleHeader header = LoadHeader(tuple);
      if (!transactions_.IsVisible(header, snapshot_)) continue;
      if (pending_size_ == pending_.size()) pending_.emplace_back();
      HeapTuple& copy = pending_[pending_size_++];
      copy.id = tid;
      copy.header = header;
      copy.data.assign(reinterpret_cast<const char*>(tuple.data()) + sizeof(TupleHeader),
                       tuple.size() - sizeof(TupleHeader));
    }
  }
  return true;
}

}  // namespace granary::storage
