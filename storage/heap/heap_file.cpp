// HeapFile: MVCC tuples in slotted pages (after PostgreSQL's heapam.c and hio.c, without
// the free space map, hint bits or HOT yet; TOAST sits above it, in toast.cpp).
//
// Latches: Insert, MarkDeleted and LinkUpdate latch one page exclusively and log their change
// (heap_wal.hpp) before letting it go; Fetch and the scan latch one page shared. The scan calls TransactionManager::IsVisible under the page's shared
// latch, which may latch a commit log page: heap page before commit log page, never the
// reverse.
#include "storage/heap/heap_file.hpp"

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

// The stored tuple at `slot`, validated to hold at least a header.
std::span<std::byte> TupleBytes(Page& page, TupleId tid, RelFileNumber rel) {
  const std::span<std::byte> item = page.Item(tid.slot);
  if (item.size() < sizeof(TupleHeader)) {
    throw Error(sqlstate::kDataCorrupted, "tuple " + TupleName(tid) + " of relation base/" +
                                              std::to_string(rel) + " is too short");
  }
  return item;
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

  BlockNumber target = insert_hint_.load();
  if (target == kInvalidBlock) {
    const BlockNumber blocks = pool_.storage().NumBlocks(rel_);
    if (blocks > 0) target = blocks - 1;
  }
  if (target != kInvalidBlock) {
    PageGuard guard = pool_.Fetch(rel_, target, LatchMode::kExclusive);
    Page page = guard.page();
    CheckHeapPage(page, target, rel_);
    // A page extended but never written (say, before a crash) is formatted now; the insert
    // record says so, and a tuple always fits an empty page.
    const bool new_page = page.IsNew();
    if (new_page) page.Init(PageKind::kHeap);
    if (const std::optional<SlotNumber> slot = PlaceTuple(guard, tuple, xid, new_page)) {
      return TupleId{target, *slot};
    }
  }
  PageGuard guard = pool_.Extend(rel_, PageKind::kHeap);
  const std::optional<SlotNumber> slot = PlaceTuple(guard, tuple, xid, /*new_page=*/true);
  if (!slot) {
    throw Error(sqlstate::kInternalError,
                "tuple of " + std::to_string(tuple.size()) + " bytes does not fit an empty page");
  }
  insert_hint_.store(guard.block());
  return TupleId{guard.block(), *slot};
}

uint16_t HeapFile::MarkDeleted(TupleId tid, Xid xid, CommandId cid) {
  PageGuard guard = pool_.Fetch(rel_, tid.block, LatchMode::kExclusive);
  Page page = guard.page();
  CheckHeapPage(page, tid.block, rel_);
  if (page.StateOf(tid.slot) != ItemState::kNormal) {
    throw Error(sqlstate::kInternalError, "tuple " + TupleName(tid) + " of relation base/" +
                                              std::to_string(rel_) + " does not exist");
  }
  const std::span<std::byte> tuple = TupleBytes(page, tid, rel_);
  TupleHeader header = LoadHeader(tuple);
  header.xmax = xid;
  header.cmax = cid;
  StoreHeader(tuple, header);
  guard.LogChange(ResourceManager::kHeap, heap_wal::kDelete, xid,
                  heap_wal::DeletePayload(tid.slot, xid, cid));
  return header.flags;
}

void HeapFile::LinkUpdate(TupleId old_tid, TupleId new_tid, Xid xid) {
  PageGuard guard = pool_.Fetch(rel_, old_tid.block, LatchMode::kExclusive);
  Page page = guard.page();
  CheckHeapPage(page, old_tid.block, rel_);
  if (page.StateOf(old_tid.slot) != ItemState::kNormal) {
    throw Error(sqlstate::kInternalError, "tuple " + TupleName(old_tid) + " of relation base/" +
                                              std::to_string(rel_) + " does not exist");
  }
  const std::span<std::byte> tuple = TupleBytes(page, old_tid, rel_);
  TupleHeader header = LoadHeader(tuple);
  header.ctid_block = new_tid.block;
  header.ctid_slot = new_tid.slot;
  StoreHeader(tuple, header);
  guard.LogChange(ResourceManager::kHeap, heap_wal::kLinkUpdate, xid,
                  heap_wal::LinkUpdatePayload(old_tid.slot, new_tid.block, new_tid.slot));
}

bool HeapFile::Fetch(TupleId tid, HeapTuple& out) {
  if (tid.block == kInvalidBlock || tid.block >= pool_.storage().NumBlocks(rel_)) return false;
  PageGuard guard = pool_.Fetch(rel_, tid.block, LatchMode::kShared);
  Page page = guard.page();
  CheckHeapPage(page, tid.block, rel_);
  if (page.StateOf(tid.slot) != ItemState::kNormal) return false;
  const std::span<std::byte> tuple = TupleBytes(page, tid, rel_);
  out.id = tid;
  out.header = LoadHeader(tuple);
  out.data.assign(reinterpret_cast<const char*>(tuple.data()) + sizeof(TupleHeader),
                  tuple.size() - sizeof(TupleHeader));
  return true;
}

// ---------------------------------------------------------------------------------------------
// Scan

HeapFile::Scan::Scan(HeapFile& heap, TransactionManager& transactions, const Snapshot& snapshot)
    : heap_(heap),
      transactions_(transactions),
      snapshot_(snapshot),
      block_count_(heap.pool().storage().NumBlocks(heap.rel())) {}

bool HeapFile::Scan::NextBatch(std::vector<HeapTuple>& out, size_t max_rows) {
  size_t appended = 0;
  while (appended < max_rows) {
    if (pending_pos_ < pending_.size()) {
      out.push_back(std::move(pending_[pending_pos_++]));
      ++appended;
      continue;
    }
    pending_.clear();
    pending_pos_ = 0;
    if (next_block_ >= block_count_) break;

    // Copy this page's visible tuples out under its shared latch, then let the page go.
    const BlockNumber block = next_block_++;
    PageGuard guard = heap_.pool().Fetch(heap_.rel(), block, LatchMode::kShared);
    Page page = guard.page();
    CheckHeapPage(page, block, heap_.rel());
    if (page.IsNew()) continue;
    const SlotNumber count = page.ItemCount();
    for (SlotNumber slot = 1; slot <= count; ++slot) {
      if (page.StateOf(slot) != ItemState::kNormal) continue;
      const TupleId tid{block, slot};
      const std::span<std::byte> tuple = TupleBytes(page, tid, heap_.rel());
      const TupleHeader header = LoadHeader(tuple);
      if (!transactions_.IsVisible(header, snapshot_)) continue;
      HeapTuple& copy = pending_.emplace_back();
      copy.id = tid;
      copy.header = header;
      copy.data.assign(reinterpret_cast<const char*>(tuple.data()) + sizeof(TupleHeader),
                       tuple.size() - sizeof(TupleHeader));
    }
  }
  return appended > 0;
}

}  // namespace granary::storage
