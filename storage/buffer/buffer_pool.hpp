// BufferPool — a fixed number of 8 KiB frames caching relation blocks.
//
// Eviction by clock sweep (usage counts, as PostgreSQL), pin counts, and a shared/exclusive
// content latch per frame. Pages are reached only through a PageGuard (BusTub's page guard):
// it holds the pin and the latch and releases both when destroyed, so an error unwinding the
// stack never leaks either. A dirty frame is written back through the StorageManager when it
// is evicted or flushed. WAL before data: with a WalWriter attached, a page is written only
// after the WAL up to its LSN is durable (PostgreSQL's FlushBuffer -> XLogFlush).
//
// Changing a page: under the exclusive latch, change the bytes, then call
// PageGuard::LogChange with the WAL record that redoes the change; it marks the frame dirty,
// inserts the record (with a full-page image when it is the page's first change since the
// latest checkpoint began) and stamps the page LSN — in that order, so that a checkpoint that
// starts after the record never misses the dirty page.
//
// Errors: 53200 (out_of_memory) `no unpinned buffers available` when every frame is pinned.
// Thread-safety: all methods are thread-safe. Latch order: never hold two exclusive latches
// on pages of one relation except in block-number order.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "storage/buffer/storage_manager.hpp"
#include "storage/fsm/free_space_map.hpp"
#include "storage/page/page.hpp"
#include "storage/txn/xid.hpp"

namespace granary::storage {

class WalWriter;
enum class ResourceManager : uint8_t;

enum class LatchMode { kShared, kExclusive };

class BufferPool;

class PageGuard {
 public:
  PageGuard() = default;
  PageGuard(PageGuard&& other) noexcept;
  PageGuard& operator=(PageGuard&& other) noexcept;
  PageGuard(const PageGuard&) = delete;
  PageGuard& operator=(const PageGuard&) = delete;
  ~PageGuard();

  Page page() const;
  BlockNumber block() const;
  RelFileNumber rel() const;
  WalWriter* wal() const;  // the pool's, or null
  // Marks the frame dirty without logging: only for redo, which sets the page LSN itself, and
  // for pools without a WAL.
  void MarkDirty();
  // Logs the change just made to this page (exclusive latch held): marks the frame dirty,
  // inserts the record (block reference 0 is this page; `will_init` when redo rebuilds the
  // page from nothing) and sets the page LSN to the record's end. Returns that LSN. Without
  // an attached WAL it only marks the frame dirty and returns 0.
  // A failure here leaves a changed page that no record describes, so it is raised as PANIC.
  uint64_t LogChange(ResourceManager rmgr, uint8_t info, Xid xid, std::span<const std::byte> main,
                     bool will_init = false);
  // For a change redo may lose without harm (a hint, such as a B-tree dead mark): marks the
  // frame dirty and, if this is the page's first change since the latest checkpoint began,
  // logs its full image first — pages are checksummed, so even a hinted page must be
  // repairable after a torn write (PostgreSQL's MarkBufferDirtyHint with checksums).
  void MarkDirtyHint();
  // Heap pages: the oldest deleter whose tuples here may become removable, or kInvalidXid
  // (PostgreSQL's pd_prune_xid). Kept with the frame, not on the page: it is only a hint for
  // opportunistic pruning, and a page read from disk starts without one (vacuum finds it).
  Xid prune_hint() const;
  // Lowers the hint to `deleter` (called with the exclusive latch, after setting an xmax).
  void NotePrunable(Xid deleter);
  // Replaces the hint (after pruning: the oldest deleter of the tuples left, or kInvalidXid).
  void SetPruneHint(Xid hint);
  void Release();  // unlatch and unpin now (unlatch only when the pin is a BlockPin's)
  explicit operator bool() const { return pool_ != nullptr; }

 private:
  friend class BufferPool;
  friend class BlockPin;
  PageGuard(BufferPool* pool, size_t frame, LatchMode mode, bool owns_pin = true);

  BufferPool* pool_ = nullptr;
  size_t frame_ = 0;
  LatchMode mode_ = LatchMode::kShared;
  bool owns_pin_ = true;
};

// A pin without a latch: keeps a block in its frame between latched visits, so that a run of
// heap fetches from one page (an index scan over rows stored in index order) finds it without
// a page-table lookup (PostgreSQL keeps an index scan's heap buffer pinned the same way).
// Hold one only within a call that cannot leave it behind (one operator batch): a pin held
// while the session goes on would make DiscardRelation wait for it.
class BlockPin {
 public:
  BlockPin() = default;
  BlockPin(BlockPin&& other) noexcept;
  BlockPin& operator=(BlockPin&& other) noexcept;
  BlockPin(const BlockPin&) = delete;
  BlockPin& operator=(const BlockPin&) = delete;
  ~BlockPin() { Release(); }

  bool Holds(RelFileNumber rel, BlockNumber block) const;
  // Latches the pinned block; the guard borrows this pin, so it must not outlive it.
  PageGuard Latch(LatchMode mode) const;
  void Release();
  explicit operator bool() const { return pool_ != nullptr; }

 private:
  friend class BufferPool;
  BlockPin(BufferPool* pool, size_t frame) : pool_(pool), frame_(frame) {}

  BufferPool* pool_ = nullptr;
  size_t frame_ = 0;
};

// One page of a multi-page change for LogPages: its guard (exclusive latch) and how the record
// describes it.
struct LoggedPage {
  PageGuard* guard = nullptr;
  bool image = false;      // the record always carries this page's image (redo restores it)
  bool will_init = false;  // redo rebuilds the page from nothing
};

// LogChange for a change of several pages in one record (block reference i is pages[i]):
// marks every frame dirty, inserts the record, stamps every page with its end LSN. Returns the
// LSN (0 without a WAL). Failures are PANIC, as for LogChange.
uint64_t LogPages(ResourceManager rmgr, uint8_t info, Xid xid, std::span<const LoggedPage> pages,
                  std::span<const std::byte> main);

// The frames one large sequential scan reads its blocks into (PostgreSQL's BAS_BULKREAD
// buffer access strategy, freelist.c): a block that is not cached replaces the block the scan
// read into the ring's next frame, when nobody else has used that frame since, instead of
// a clock victim. So the scan neither evicts the rest of the pool nor spreads over all of
// it: its few frames stay in the CPU's caches. Owned by the scan, used by one thread at a
// time; it holds no pins, only frame numbers, which the pool checks before each reuse.
class ScanRing {
 public:
  static constexpr size_t kNoFrame = static_cast<size_t>(-1);
  explicit ScanRing(size_t frames) : frames_(std::max<size_t>(frames, 1), kNoFrame) {}
  // For BufferPool: the next slot of the ring (kNoFrame, or the frame it last held).
  size_t& NextSlot() {
    next_ = next_ + 1 == frames_.size() ? 0 : next_ + 1;
    return frames_[next_];
  }

 private:
  std::vector<size_t> frames_;
  size_t next_ = 0;
};

class BufferPool {
 public:
  BufferPool(StorageManager& storage, size_t frame_count);
  ~BufferPool();  // flushes dirty frames
  BufferPool(const BufferPool&) = delete;
  BufferPool& operator=(const BufferPool&) = delete;

  // Pins and latches the block, reading it from disk when it is not cached.
  PageGuard Fetch(RelFileNumber rel, BlockNumber block, LatchMode mode);
  // As Fetch, for a large sequential scan: a block that is not cached is read into the ring's
  // next frame if that frame is unpinned, clean and used at most once (by the scan itself),
  // else into a clock victim that takes the frame's place in the ring.
  PageGuard Fetch(RelFileNumber rel, BlockNumber block, LatchMode mode, ScanRing& ring);
  // The frames of a scan's ring: 256 KiB, at most an eighth of the pool (PostgreSQL's).
  size_t ScanRingFrames() const;
  // Fetch for a block that may lie past the end of the file (a tuple id from an index):
  // returns an empty guard then. The file's size is asked only when the block is not cached.
  PageGuard TryFetch(RelFileNumber rel, BlockNumber block, LatchMode mode);
  // Pins (without latching) a block that may lie past the end of the file, as TryFetch.
  BlockPin TryPin(RelFileNumber rel, BlockNumber block);
  // A hint that the block will be pinned soon and the slot's item id read: if it is cached,
  // its frame's bookkeeping, page header and item id are fetched into the CPU cache. Nothing
  // is pinned, read from disk or changed. A scan that knows its next blocks (a bitmap heap
  // scan) calls it a few blocks ahead, so their cache misses overlap with its work.
  void PrefetchCached(RelFileNumber rel, BlockNumber block, SlotNumber slot) const;
  // Extends the relation by one block and returns it pinned, exclusively latched, and
  // initialised as an empty page of `kind`; no other thread can see the block before the
  // guard is released. The caller logs the initialisation (with will_init) together with its
  // first change, before releasing the guard. Extensions are serialised.
  PageGuard Extend(RelFileNumber rel, PageKind kind);
  // Redo: returns an existing block pinned and exclusively latched without reading it from
  // disk (zeroes unless cached); the caller overwrites all of it (a full-page image or a page
  // initialisation), so a torn page on disk is never read.
  PageGuard ReadForOverwrite(RelFileNumber rel, BlockNumber block);

  // Enforces WAL before data from now on; `wal` must outlive the pool. Call before sharing.
  void AttachWal(WalWriter* wal);
  WalWriter* wal() const;

  size_t FlushAll();                        // writes every dirty frame; returns how many
  void FlushRelation(RelFileNumber rel);
  // Drops the relation's frames for blocks >= `from_block` without writing them (DROP TABLE;
  // truncation) and forgets their free space. Waits for pins: call it holding no page guard,
  // with no other user of those blocks (storage/README.md invariant 12).
  void DiscardRelation(RelFileNumber rel, BlockNumber from_block = 0);
  StorageManager& storage() { return storage_; }
  // The free space of heap pages, shared by every HeapFile of this pool (fsm/).
  FreeSpaceMap& free_space_map() { return free_space_map_; }
  size_t frame_count() const;

  // Raised before any heap slot becomes unused, which lets a later insert reuse it (vacuum's
  // reclaim, a prune without indexes, their redo, a restored page image). An index scan that
  // reads the same value before reading a leaf and after fetching a heap tuple knows the
  // tuple is still the one the leaf entry was made for (storage/README.md, "tuple ids and
  // index scans"), and need not compare keys.
  uint64_t slot_reuse_epoch() const { return slot_reuse_epoch_.load(std::memory_order_acquire); }
  void AdvanceSlotReuseEpoch() { slot_reuse_epoch_.fetch_add(1, std::memory_order_seq_cst); }

  struct Stats {
    uint64_t hits = 0;
    uint64_t reads = 0;
    uint64_t writes = 0;
    uint64_t evictions = 0;
    uint64_t eviction_writes = 0;  // dirty victims written back to make room
  };
  Stats stats() const;
  // The calling thread's lookups since its previous call (of every pool): blocks found
  // cached and blocks read from storage. Statistics charge them to the transaction that ends
  // on the thread (pg_stat_database's blks_hit and blks_read).
  struct ThreadCounts {
    uint64_t hits = 0;
    uint64_t reads = 0;
  };
  static ThreadCounts TakeThreadCounts();
  // Adds `counts` (taken on another thread: a parallel worker's, when it ends) to the calling
  // thread's, so the statement's transaction is charged for its workers' lookups too.
  static void AddThreadCounts(const ThreadCounts& counts);

 private:
  friend class PageGuard;
  friend class BlockPin;
  struct Impl;
  void Latch(size_t frame, LatchMode mode);
  void Unlatch(size_t frame, LatchMode mode);
  void Unpin(size_t frame, LatchMode mode);
  void SetDirty(size_t frame);

  StorageManager& storage_;
  std::unique_ptr<Impl> impl_;
  FreeSpaceMap free_space_map_;
  std::atomic<uint64_t> slot_reuse_epoch_{0};
};

}  // namespace granary::storage
