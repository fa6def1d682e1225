// BufferPool: the shared page cache (after PostgreSQL's bufmgr.c, buf_table.c and freelist.c).
//
// The page table is split into kPartitions partitions by the hash of the block's tag, each a
// hash map under its own reader-writer mutex (PostgreSQL's BufMappingLock partitions): finding
// a cached page takes one partition's mutex shared, so lookups of different pages, and of the
// same hot page, do not queue behind one another.
//
// Each frame's bookkeeping is one atomic word (`Frame::state`, PostgreSQL's BufferDesc.state):
// pin count, usage count and flags. Pinning and unpinning are a compare-and-swap on it. The
// `kHeaderLocked` bit is a spin lock for the rare changes that touch more than the word — the
// frame's tag (eviction, discard) — and every compare-and-swap waits while it is set.
//
// Locking, from outermost to innermost:
//   1. Frame::io_mutex — serialises write-back of one frame, so a flush that returns has
//      really written the page (a second flusher waits instead of skipping).
//   2. Frame::latch — the content latch (shared/exclusive) a PageGuard holds.
//   3. Partition::mutex — one partition of the page table. Two are taken together only when
//      a victim moves from one partition to another, in index order. Never held across I/O or
//      while waiting for a latch.
//   4. The frame's header lock (kHeaderLocked), held for a few instructions.
// A frame's tag changes only with its partition mutex held exclusively, its header locked and
// a pin count of exactly one (the evicting thread's): whoever holds a pin sees a fixed tag.
// Reading a block: the reading thread publishes the tag with kIoInProgress set, drops the
// partition mutex, reads, then sets kValid, clears the flag and wakes waiters (atomic wait on
// the state word); other threads wanting the block pin the frame and wait for the flag
// (PostgreSQL's BM_IO_IN_PROGRESS).
// Evicting a dirty victim: the victim is pinned and its page written back under a shared latch
// taken with try_lock only — waiting for a latch while the caller may hold other latches could
// deadlock (PostgreSQL's LWLockConditionalAcquire in BufferAlloc). If anyone pinned or dirtied
// the victim meanwhile, the sweep starts again.
#include "storage/buffer/buffer_pool.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <shared_mutex>
#include <string>
#include <thread>
#include <utility>

#include <sys/mman.h>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/buffer/page_table.hpp"
#include "storage/wal/wal_writer.hpp"

namespace granary::storage {
namespace {

thread_local BufferPool::ThreadCounts thread_counts;

constexpr size_t kFrameAlignment = 4096;          // a write-back copy
constexpr size_t kHugePageSize = size_t{2} << 20;  // x86-64's and arm64's usual huge page
constexpr size_t kPartitions = 128;  // PostgreSQL's NUM_BUFFER_PARTITIONS

// Frame::state: bits 0-17 the pin count, 18-21 the usage count, then flags.
constexpr uint32_t kPinOne = 1;
constexpr uint32_t kPinMask = (1u << 18) - 1;
constexpr uint32_t kUsageShift = 18;
constexpr uint32_t kUsageOne = 1u << kUsageShift;
constexpr uint32_t kUsageMask = 0xFu << kUsageShift;
constexpr uint32_t kMaxUsageCount = 5;              // PostgreSQL's BM_MAX_USAGE_COUNT
constexpr uint32_t kHeaderLocked = 1u << 22;        // the spin lock for tag changes
constexpr uint32_t kTagValid = 1u << 23;            // the frame is in the page table
constexpr uint32_t kValid = 1u << 24;               // its contents are loaded
constexpr uint32_t kIoInProgress = 1u << 25;        // being read; waiters wait on the state
constexpr uint32_t kPinWaiter = 1u << 26;           // DiscardRelation waits for the last unpin

constexpr uint32_t PinCount(uint32_t state) { return state & kPinMask; }
constexpr uint32_t UsageCount(uint32_t state) { return (state & kUsageMask) >> kUsageShift; }

struct BufferTag {
  RelFileNumber rel;
  BlockNumber block;
  bool operator==(const BufferTag&) const = default;
};

static_assert(kPartitions == size_t{1} << PageTable::kPartitionBits);

struct FreeDeleter {
  void operator()(std::byte* memory) const { std::free(memory); }
};

// Asks the kernel to back the pool with transparent huge pages. Lookups touch pages all over
// the pool (an index scan's heap pages, a bitmap scan's), and with 4 KiB mappings nearly each
// one costs a TLB miss, under virtualisation a two-level page walk: with 2 MiB pages the
// pool's translations fit the TLB. Where the kernel offers no huge pages this is a no-op.
void AdviseHugePages(std::byte* memory, size_t bytes) {
#ifdef MADV_HUGEPAGE
  madvise(memory, bytes, MADV_HUGEPAGE);
#else
  (void)memory;
  (void)bytes;
#endif
}

void SpinPause(int& spins) {
  if (++spins < 64) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  } else {
    std::this_thread::yield();
  }
}

}  // namespace

struct BufferPool::Impl {
  struct alignas(64) Frame {
    std::mutex io_mutex;
    std::shared_mutex latch;
    std::atomic<uint32_t> state{0};
    std::atomic<bool> dirty{false};  // set under the exclusive latch, cleared under io_mutex
    std::atomic<Xid> prune_hint{kInvalidXid};  // PageGuard::prune_hint; reset with the tag
    BufferTag tag{0, kInvalidBlock};  // changes only as the file comment says
  };

  struct alignas(64) Partition {
    std::shared_mutex mutex;
    PageTable table;
    std::atomic<uint64_t> hits{0};  // per partition: one shared counter would be contended
  };

  Impl(StorageManager& storage_manager, size_t count)
      : storage(storage_manager), frame_count(count), frames(std::make_unique<Frame[]>(count)) {
    // Whole huge pages, so the kernel can back the pool with them (see AdviseHugePages).
    const size_t bytes = (count * kPageSize + kHugePageSize - 1) / kHugePageSize * kHugePageSize;
    void* memory = std::aligned_alloc(kHugePageSize, bytes);
    if (memory == nullptr) {
      throw Error(sqlstate::kOutOfMemory,
                  "could not allocate " + std::to_string(count) + " shared buffers");
    }
    data.reset(static_cast<std::byte*>(memory));
    AdviseHugePages(data.get(), bytes);
    std::memset(data.get(), 0, count * kPageSize);
    for (Partition& partition : partitions) partition.table = PageTable(count / kPartitions * 2 + 8);
  }

  std::byte* FrameData(size_t frame) const { return data.get() + frame * kPageSize; }
  Partition& PartitionOf(const BufferTag& tag) {
    return partitions[PageTable::Hash(tag.rel, tag.block) % kPartitions];
  }

  static uint32_t LockHeader(Frame& frame);
  static void UnlockHeader(Frame& frame, uint32_t state);
  static uint32_t WaitHeaderUnlocked(Frame& frame);
  static void Pin(Frame& frame);
  static void Unpin(Frame& frame);
  static uint32_t WaitForIo(Frame& frame);
  size_t ClockSweep();
  size_t RingVictim(ScanRing& ring);
  static constexpr size_t kNoFrame = SIZE_MAX;
  // With `only_existing`, returns kNoFrame for a block past the end of the file.
  size_t PinBlock(BufferTag tag, bool load, bool only_existing = false, ScanRing* ring = nullptr);
  void LoadBlock(size_t index, BufferTag tag, bool load);
  bool WriteBack(size_t index, BufferTag tag, bool try_latch);
  template <typename Predicate>
  size_t FlushMatching(Predicate matches);
  void Discard(size_t index, RelFileNumber rel, BlockNumber from_block);

  StorageManager& storage;
  std::atomic<WalWriter*> wal{nullptr};
  const size_t frame_count;
  std::unique_ptr<Frame[]> frames;
  std::unique_ptr<std::byte, FreeDeleter> data;
  std::array<Partition, kPartitions> partitions;

  std::mutex extension_mutex;  // serialises Extend; taken before any latch
  std::atomic<uint64_t> clock_hand{0};

  std::atomic<uint64_t> reads{0};
  std::atomic<uint64_t> writes{0};
  std::atomic<uint64_t> evictions{0};
  std::atomic<uint64_t> eviction_writes{0};
};

// Sets the header lock, spinning while another thread holds it; returns the state with the
// lock bit set (PostgreSQL's LockBufHdr).
uint32_t BufferPool::Impl::LockHeader(Frame& frame) {
  int spins = 0;
  for (;;) {
    const uint32_t old = frame.state.fetch_or(kHeaderLocked, std::memory_order_acquire);
    if ((old & kHeaderLocked) == 0) return old | kHeaderLocked;
    while ((frame.state.load(std::memory_order_relaxed) & kHeaderLocked) != 0) SpinPause(spins);
  }
}

void BufferPool::Impl::UnlockHeader(Frame& frame, uint32_t state) {
  frame.state.store(state & ~kHeaderLocked, std::memory_order_release);
}

uint32_t BufferPool::Impl::WaitHeaderUnlocked(Frame& frame) {
  int spins = 0;
  uint32_t state = frame.state.load(std::memory_order_relaxed);
  while ((state & kHeaderLocked) != 0) {
    SpinPause(spins);
    state = frame.state.load(std::memory_order_relaxed);
  }
  return state;
}

// Adds a pin and raises the usage count. The caller holds the frame's partition mutex (so the
// tag cannot change before the pin lands) or a pin already.
void BufferPool::Impl::Pin(Frame& frame) {
  uint32_t old = frame.state.load(std::memory_order_relaxed);
  for (;;) {
    if ((old & kHeaderLocked) != 0) old = WaitHeaderUnlocked(frame);
    uint32_t next = old + kPinOne;
    if (UsageCount(old) < kMaxUsageCount) next += kUsageOne;
    if (frame.state.compare_exchange_weak(old, next, std::memory_order_acquire,
                                          std::memory_order_relaxed)) {
      return;
    }
  }
}

void BufferPool::Impl::Unpin(Frame& frame) {
  uint32_t old = frame.state.load(std::memory_order_relaxed);
  uint32_t next;
  for (;;) {
    if ((old & kHeaderLocked) != 0) old = WaitHeaderUnlocked(frame);
    next = old - kPinOne;
    if (frame.state.compare_exchange_weak(old, next, std::memory_order_release,
                                          std::memory_order_relaxed)) {
      break;
    }
  }
  if ((next & kPinWaiter) != 0 && PinCount(next) == 0) frame.state.notify_all();
}

// Waits until no read of the frame's block is under way; returns the state then.
uint32_t BufferPool::Impl::WaitForIo(Frame& frame) {
  for (;;) {
    const uint32_t state = frame.state.load(std::memory_order_acquire);
    if ((state & kIoInProgress) == 0) return state;
    frame.state.wait(state, std::memory_order_acquire);
  }
}

// Clock sweep (PostgreSQL's StrategyGetBuffer): returns an unpinned frame whose usage count
// reached zero, pinned once for the caller. Raises 53200 when every frame stays pinned over
// several sweeps: one sweep is not enough, because other threads' evictions pin their victims
// for a moment, and in a small pool those moments can cover a whole sweep.
size_t BufferPool::Impl::ClockSweep() {
  constexpr int kFullSweeps = 64;
  size_t tries = frame_count;
  int sweeps = 0;
  for (;;) {
    const size_t index = clock_hand.fetch_add(1, std::memory_order_relaxed) % frame_count;
    Frame& frame = frames[index];
    const uint32_t seen = frame.state.load(std::memory_order_relaxed);
    if (PinCount(seen) == 0 && (seen & kIoInProgress) == 0) {
      const uint32_t state = LockHeader(frame);
      if (PinCount(state) == 0 && (state & kIoInProgress) == 0) {
        if (UsageCount(state) == 0) {
          UnlockHeader(frame, state + kPinOne);
          return index;
        }
        UnlockHeader(frame, state - kUsageOne);
        tries = frame_count;
        continue;
      }
      UnlockHeader(frame, state);
    }
    if (--tries == 0) {
      if (++sweeps == kFullSweeps) {
        throw Error(sqlstate::kOutOfMemory, "no unpinned buffers available");
      }
      std::this_thread::yield();
      tries = frame_count;
    }
  }
}

// A victim for a ring scan (PostgreSQL's GetBufferFromRing): the ring's next frame, pinned
// once for the caller, when it is unpinned, not being read, clean and used at most once
// since it was loaded (by the scan itself, not by anyone else since); else a clock victim,
// which takes that place in the ring. A dirty frame is left to the clock sweep: writing it
// back would make the scan wait for the WAL.
size_t BufferPool::Impl::RingVictim(ScanRing& ring) {
  size_t& slot = ring.NextSlot();
  if (slot < frame_count) {
    Frame& frame = frames[slot];
    const uint32_t state = LockHeader(frame);
    if (PinCount(state) == 0 && (state & kIoInProgress) == 0 && UsageCount(state) <= 1 &&
        !frame.dirty.load()) {
      UnlockHeader(frame, state + kPinOne);
      return slot;
    }
    UnlockHeader(frame, state);
  }
  slot = ClockSweep();
  return slot;
}

// Finds or loads the frame for `tag` and returns it pinned (not latched). When `load` is
// false the block is known to hold zeroes on disk (just extended, or about to be overwritten
// by redo) and is not read. With a ring, a victim comes from RingVictim.
size_t BufferPool::Impl::PinBlock(BufferTag tag, bool load, bool only_existing, ScanRing* ring) {
  Partition& partition = PartitionOf(tag);
  for (;;) {
    {
      std::shared_lock lookup(partition.mutex);
      if (const uint32_t found = partition.table.Find(tag.rel, tag.block); found != PageTable::kNotFound) {
        const size_t index = found;
        Frame& frame = frames[index];
        Pin(frame);
        lookup.unlock();
        if ((WaitForIo(frame) & kValid) == 0) {  // the read failed; try it ourselves
          Unpin(frame);
          continue;
        }
        partition.hits.fetch_add(1, std::memory_order_relaxed);
        ++thread_counts.hits;
        return index;
      }
    }
    // A cached block exists (truncation discards frames first); an uncached one may not.
    if (only_existing && tag.block >= storage.NumBlocks(tag.rel)) return kNoFrame;

    const size_t victim = ring != nullptr ? RingVictim(*ring) : ClockSweep();
    Frame& frame = frames[victim];
    // Pinned by us alone, so nobody else changes the tag now.
    const bool had_tag = (frame.state.load(std::memory_order_acquire) & kTagValid) != 0;
    const BufferTag old_tag = frame.tag;
    if (had_tag && frame.dirty.load()) {
      // Give up on this victim if its write-back is already under way elsewhere or its latch
      // is taken (someone pinned it meanwhile).
      std::unique_lock io_lock(frame.io_mutex, std::try_to_lock);
      bool written = false;
      if (io_lock.owns_lock()) {
        try {
          written = WriteBack(victim, old_tag, /*try_latch=*/true);
          if (written) eviction_writes.fetch_add(1, std::memory_order_relaxed);
        } catch (...) {
          io_lock.unlock();
          Unpin(frame);
          throw;
        }
      }
      if (!written) {
        Unpin(frame);
        continue;
      }
    }

    Partition* old_partition = had_tag ? &PartitionOf(old_tag) : &partition;
    Partition* first = std::min(old_partition, &partition);
    Partition* second = std::max(old_partition, &partition);
    std::unique_lock first_lock(first->mutex);
    std::unique_lock<std::shared_mutex> second_lock;
    if (second != first) second_lock = std::unique_lock(second->mutex);
    if (partition.table.Contains(tag.rel, tag.block)) {  // loaded by another thread meanwhile: use theirs
      if (second_lock) second_lock.unlock();
      first_lock.unlock();
      Unpin(frame);
      continue;
    }
    uint32_t state = LockHeader(frame);
    if (PinCount(state) != 1 || frame.dirty.load()) {  // pinned or dirtied meanwhile
      UnlockHeader(frame, state);
      if (second_lock) second_lock.unlock();
      first_lock.unlock();
      Unpin(frame);
      continue;
    }
    if (had_tag) {
      old_partition->table.Erase(old_tag.rel, old_tag.block);
      evictions.fetch_add(1, std::memory_order_relaxed);
    }
    frame.tag = tag;
    frame.prune_hint.store(kInvalidXid, std::memory_order_relaxed);
    state = (state & kPinMask) | kHeaderLocked | kTagValid | kIoInProgress | kUsageOne;
    UnlockHeader(frame, state);
    partition.table.Insert(tag.rel, tag.block, static_cast<uint32_t>(victim));
    if (second_lock) second_lock.unlock();
    first_lock.unlock();
    LoadBlock(victim, tag, load);
    return victim;
  }
}

// Reads (or zeroes) the block into a frame just tagged with kIoInProgress, then makes it
// valid and wakes the threads waiting for it. On a failed read the frame leaves the page
// table, the waiters find it invalid and retry, and the error propagates.
void BufferPool::Impl::LoadBlock(size_t index, BufferTag tag, bool load) {
  Frame& frame = frames[index];
  try {
    if (load) {
      storage.ReadBlock(tag.rel, tag.block, FrameData(index));
    } else {
      std::memset(FrameData(index), 0, kPageSize);
    }
  } catch (...) {
    Partition& partition = PartitionOf(tag);
    {
      std::lock_guard lock(partition.mutex);
      partition.table.Erase(tag.rel, tag.block);
      const uint32_t state = LockHeader(frame);
      UnlockHeader(frame, state & ~(kTagValid | kValid | kIoInProgress));
    }
    frame.state.notify_all();
    Unpin(frame);
    throw;
  }
  const uint32_t state = LockHeader(frame);
  UnlockHeader(frame, (state & ~kIoInProgress) | kValid);
  frame.state.notify_all();
  if (load) {
    reads.fetch_add(1, std::memory_order_relaxed);
    ++thread_counts.reads;
  }
}

// Writes a frame's page back if it is dirty. Called with the frame pinned and its io_mutex
// held. With `try_latch`, returns false instead of waiting for the latch. Restores the dirty
// flag if the write fails.
bool BufferPool::Impl::WriteBack(size_t index, BufferTag tag, bool try_latch) {
  Frame& frame = frames[index];
  std::shared_lock latch_lock(frame.latch, std::defer_lock);
  if (try_latch) {
    if (!latch_lock.try_lock()) return false;
  } else {
    latch_lock.lock();
  }
  if (!frame.dirty.exchange(false)) return true;
  // Write a copy: the checksum is stamped without touching a page others may be reading
  // under their shared latches, and the latch is released before the I/O.
  alignas(kFrameAlignment) std::array<std::byte, kPageSize> copy;
  std::memcpy(copy.data(), FrameData(index), kPageSize);
  latch_lock.unlock();
  try {
    // WAL before data: the record that produced this page version must be durable first.
    if (WalWriter* log = wal.load()) log->Flush(Page(copy.data()).lsn());
    storage.WriteBlock(tag.rel, tag.block, copy.data());
  } catch (...) {
    frame.dirty.store(true);
    throw;
  }
  writes.fetch_add(1, std::memory_order_relaxed);
  return true;
}

// Writes back every dirty frame whose tag satisfies `matches`, waiting for latches: the
// caller must hold no page latch.
template <typename Predicate>
size_t BufferPool::Impl::FlushMatching(Predicate matches) {
  size_t flushed = 0;
  for (size_t index = 0; index < frame_count; ++index) {
    Frame& frame = frames[index];
    if (!frame.dirty.load(std::memory_order_relaxed)) continue;
    const uint32_t state = LockHeader(frame);
    const bool flush = (state & kTagValid) != 0 && (state & kValid) != 0 &&
                       frame.dirty.load() && matches(frame.tag);
    const BufferTag tag = frame.tag;
    UnlockHeader(frame, flush ? state + kPinOne : state);
    if (!flush) continue;
    try {
      std::lock_guard io_lock(frame.io_mutex);
      WriteBack(index, tag, /*try_latch=*/false);
    } catch (...) {
      Unpin(frame);
      throw;
    }
    Unpin(frame);
    ++flushed;
  }
  return flushed;
}

// Drops the frame from the page table if it holds a block of `rel` at or after `from_block`,
// waiting for transient pins (flushers) to go first (PostgreSQL's InvalidateBuffer).
void BufferPool::Impl::Discard(size_t index, RelFileNumber rel, BlockNumber from_block) {
  Frame& frame = frames[index];
  for (;;) {
    uint32_t state = LockHeader(frame);
    const BufferTag tag = frame.tag;
    const bool matches = (state & kTagValid) != 0 && tag.rel == rel && tag.block >= from_block;
    UnlockHeader(frame, state);
    if (!matches) return;
    Partition& partition = PartitionOf(tag);
    std::unique_lock lock(partition.mutex);
    state = LockHeader(frame);
    if ((state & kTagValid) == 0 || !(frame.tag == tag)) {
      UnlockHeader(frame, state);
      return;
    }
    if (PinCount(state) != 0 || (state & kIoInProgress) != 0) {
      state |= kPinWaiter;
      UnlockHeader(frame, state);
      lock.unlock();
      for (uint32_t seen = state & ~kHeaderLocked;
           PinCount(seen) != 0 || (seen & kIoInProgress) != 0;
           seen = frame.state.load(std::memory_order_acquire)) {
        frame.state.wait(seen, std::memory_order_acquire);
      }
      continue;
    }
    partition.table.Erase(tag.rel, tag.block);
    frame.dirty.store(false);
    UnlockHeader(frame, state & ~(kTagValid | kValid | kUsageMask | kPinWaiter));
    return;
  }
}

// ---------------------------------------------------------------------------------------------
// PageGuard

PageGuard::PageGuard(BufferPool* pool, size_t frame, LatchMode mode, bool owns_pin)
    : pool_(pool), frame_(frame), mode_(mode), owns_pin_(owns_pin) {}

PageGuard::PageGuard(PageGuard&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      frame_(other.frame_),
      mode_(other.mode_),
      owns_pin_(other.owns_pin_) {}

PageGuard& PageGuard::operator=(PageGuard&& other) noexcept {
  if (this != &other) {
    Release();
    pool_ = std::exchange(other.pool_, nullptr);
    frame_ = other.frame_;
    mode_ = other.mode_;
    owns_pin_ = other.owns_pin_;
  }
  return *this;
}

PageGuard::~PageGuard() { Release(); }

Page PageGuard::page() const { return Page(pool_->impl_->FrameData(frame_)); }

BlockNumber PageGuard::block() const { return pool_->impl_->frames[frame_].tag.block; }

RelFileNumber PageGuard::rel() const { return pool_->impl_->frames[frame_].tag.rel; }

WalWriter* PageGuard::wal() const { return pool_->impl_->wal.load(); }

void PageGuard::MarkDirty() { pool_->SetDirty(frame_); }

Xid PageGuard::prune_hint() const {
  return pool_->impl_->frames[frame_].prune_hint.load(std::memory_order_relaxed);
}

void PageGuard::NotePrunable(Xid deleter) {
  std::atomic<Xid>& hint = pool_->impl_->frames[frame_].prune_hint;
  Xid current = hint.load(std::memory_order_relaxed);
  while ((current == kInvalidXid || deleter < current) &&
         !hint.compare_exchange_weak(current, deleter, std::memory_order_relaxed)) {
  }
}

void PageGuard::SetPruneHint(Xid hint) {
  pool_->impl_->frames[frame_].prune_hint.store(hint, std::memory_order_relaxed);
}

uint64_t PageGuard::LogChange(ResourceManager rmgr, uint8_t info, Xid xid,
                              std::span<const std::byte> main, bool will_init) {
  const LoggedPage page{this, false, will_init};
  return LogPages(rmgr, info, xid, std::span(&page, 1), main);
}

void PageGuard::MarkDirtyHint() {
  MarkDirty();
  WalWriter* log = wal();
  if (log == nullptr) return;
  Page target = page();
  const WalBlockRef reference{rel(), block(), target.data(), false, false};
  Lsn lsn;
  try {
    lsn = log->LogImageIfFirstChange(reference);
  } catch (const Error& error) {
    log->Halt(error.message());
    throw Error(error.sqlstate(), error.message(), Severity::kPanic).WithDetail(error.detail());
  }
  if (lsn != kInvalidLsn) target.set_lsn(lsn);
}

uint64_t LogPages(ResourceManager rmgr, uint8_t info, Xid xid, std::span<const LoggedPage> pages,
                  std::span<const std::byte> main) {
  // Dirty first: a checkpoint whose redo point follows the record must find the pages dirty.
  for (const LoggedPage& page : pages) page.guard->MarkDirty();
  WalWriter* log = pages.empty() ? nullptr : pages.front().guard->wal();
  if (log == nullptr) return kInvalidLsn;
  std::array<WalBlockRef, kMaxBlocksPerRecord> references;
  if (pages.size() > references.size()) {
    throw Error(sqlstate::kInternalError, "too many pages in one WAL record");
  }
  for (size_t i = 0; i < pages.size(); ++i) {
    PageGuard& guard = *pages[i].guard;
    references[i] = WalBlockRef{guard.rel(), guard.block(), guard.page().data(),
                                pages[i].will_init, pages[i].image};
  }
  Lsn lsn;
  try {
    lsn = log->Insert(
        WalRecordInput{rmgr, info, xid, std::span(references.data(), pages.size()), main});
  } catch (const Error& error) {
    // The pages now hold a change no record describes; they must never reach disk. Halting
    // the writer guarantees it (no WAL flush, so no page write), and the session stops.
    log->Halt(error.message());
    throw Error(error.sqlstate(), error.message(), Severity::kPanic).WithDetail(error.detail());
  } catch (const std::exception& error) {
    log->Halt(error.what());
    throw Error(sqlstate::kInternalError, error.what(), Severity::kPanic);
  }
  for (const LoggedPage& page : pages) page.guard->page().set_lsn(lsn);
  return lsn;
}

void PageGuard::Release() {
  if (pool_ == nullptr) return;
  BufferPool* pool = std::exchange(pool_, nullptr);
  if (owns_pin_) {
    pool->Unpin(frame_, mode_);
  } else {
    pool->Unlatch(frame_, mode_);
  }
}

// ---------------------------------------------------------------------------------------------
// BlockPin

BlockPin::BlockPin(BlockPin&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), frame_(other.frame_) {}

BlockPin& BlockPin::operator=(BlockPin&& other) noexcept {
  if (this != &other) {
    Release();
    pool_ = std::exchange(other.pool_, nullptr);
    frame_ = other.frame_;
  }
  return *this;
}

// The tag of a pinned frame cannot change, so reading it needs no lock.
bool BlockPin::Holds(RelFileNumber rel, BlockNumber block) const {
  if (pool_ == nullptr) return false;
  const BufferTag& tag = pool_->impl_->frames[frame_].tag;
  return tag.rel == rel && tag.block == block;
}

PageGuard BlockPin::Latch(LatchMode mode) const {
  pool_->Latch(frame_, mode);
  return PageGuard(pool_, frame_, mode, /*owns_pin=*/false);
}

void BlockPin::Release() {
  if (pool_ == nullptr) return;
  BufferPool* pool = std::exchange(pool_, nullptr);
  BufferPool::Impl::Unpin(pool->impl_->frames[frame_]);
}

// ---------------------------------------------------------------------------------------------
// BufferPool

BufferPool::BufferPool(StorageManager& storage, size_t frame_count) : storage_(storage) {
  if (frame_count == 0) {
    throw Error(sqlstate::kInvalidParameterValue, "a buffer pool needs at least one frame");
  }
  impl_ = std::make_unique<Impl>(storage, frame_count);
}

BufferPool::~BufferPool() {
  // A destructor cannot report failure; callers who need to know flush explicitly first.
  try {
    FlushAll();
  } catch (...) {  // NOLINT(bugprone-empty-catch): nowhere to report it
  }
}

size_t BufferPool::frame_count() const { return impl_->frame_count; }

BufferPool::Stats BufferPool::stats() const {
  Stats stats;
  for (const Impl::Partition& partition : impl_->partitions) stats.hits += partition.hits.load();
  stats.reads = impl_->reads.load();
  stats.writes = impl_->writes.load();
  stats.evictions = impl_->evictions.load();
  stats.eviction_writes = impl_->eviction_writes.load();
  return stats;
}

BufferPool::ThreadCounts BufferPool::TakeThreadCounts() {
  return std::exchange(thread_counts, ThreadCounts{});
}

void BufferPool::AddThreadCounts(const ThreadCounts& counts) {
  thread_counts.hits += counts.hits;
  thread_counts.reads += counts.reads;
}

PageGuard BufferPool::Fetch(RelFileNumber rel, BlockNumber block, LatchMode mode) {
  const size_t frame = impl_->PinBlock(BufferTag{rel, block}, /*load=*/true);
  Latch(frame, mode);
  return PageGuard(this, frame, mode);
}

PageGuard BufferPool::Fetch(RelFileNumber rel, BlockNumber block, LatchMode mode, ScanRing& ring) {
  const size_t frame =
      impl_->PinBlock(BufferTag{rel, block}, /*load=*/true, /*only_existing=*/false, &ring);
  Latch(frame, mode);
  return PageGuard(this, frame, mode);
}

size_t BufferPool::ScanRingFrames() const {
  constexpr size_t kRingBytes = 256 * 1024;  // PostgreSQL's BAS_BULKREAD ring
  return std::max<size_t>(1, std::min(kRingBytes / kPageSize, impl_->frame_count / 8));
}

PageGuard BufferPool::TryFetch(RelFileNumber rel, BlockNumber block, LatchMode mode) {
  const size_t frame = impl_->PinBlock(BufferTag{rel, block}, /*load=*/true, /*only_existing=*/true);
  if (frame == Impl::kNoFrame) return PageGuard();
  Latch(frame, mode);
  return PageGuard(this, frame, mode);
}

BlockPin BufferPool::TryPin(RelFileNumber rel, BlockNumber block) {
  const size_t frame = impl_->PinBlock(BufferTag{rel, block}, /*load=*/true, /*only_existing=*/true);
  if (frame == Impl::kNoFrame) return BlockPin();
  return BlockPin(this, frame);
}

void BufferPool::PrefetchCached(RelFileNumber rel, BlockNumber block, SlotNumber slot) const {
  Impl::Partition& partition = impl_->PartitionOf(BufferTag{rel, block});
  size_t frame;
  {
    std::shared_lock lookup(partition.mutex);
    frame = partition.table.Find(rel, block);
  }
  if (frame == PageTable::kNotFound) return;
  // The frame may be evicted meanwhile: prefetching a stale address only wastes the hint.
  const std::byte* page = impl_->FrameData(frame);
  __builtin_prefetch(&impl_->frames[frame].state);
  __builtin_prefetch(page);
  if (slot > 0) __builtin_prefetch(page + page_format::kHeaderSize + (slot - 1) * page_format::kItemIdSize);
}

PageGuard BufferPool::Extend(RelFileNumber rel, PageKind kind) {
  // The frame is in the page table and latched before the file grows: a thread that sees the
  // new block (NumBlocks) and fetches it waits for the latch and finds the page initialised,
  // instead of reading the zero block and formatting it in a race with us.
  std::lock_guard extension(impl_->extension_mutex);
  const BlockNumber block = storage_.NumBlocks(rel);
  const size_t frame = impl_->PinBlock(BufferTag{rel, block}, /*load=*/false);
  impl_->frames[frame].latch.lock();
  PageGuard guard(this, frame, LatchMode::kExclusive);
  const BlockNumber extended = storage_.Extend(rel);
  if (extended != block) {
    throw Error(sqlstate::kInternalError, "relation " + storage_.RelationPath(rel) +
                                              " grew outside the buffer pool");
  }
  guard.page().Init(kind);
  guard.MarkDirty();
  return guard;
}

PageGuard BufferPool::ReadForOverwrite(RelFileNumber rel, BlockNumber block) {
  const size_t frame = impl_->PinBlock(BufferTag{rel, block}, /*load=*/false);
  impl_->frames[frame].latch.lock();
  return PageGuard(this, frame, LatchMode::kExclusive);
}

void BufferPool::AttachWal(WalWriter* wal) { impl_->wal.store(wal); }

WalWriter* BufferPool::wal() const { return impl_->wal.load(); }

void BufferPool::Latch(size_t frame, LatchMode mode) {
  std::shared_mutex& latch = impl_->frames[frame].latch;
  if (mode == LatchMode::kExclusive) {
    latch.lock();
  } else {
    latch.lock_shared();
  }
}

void BufferPool::Unlatch(size_t frame, LatchMode mode) {
  std::shared_mutex& latch = impl_->frames[frame].latch;
  if (mode == LatchMode::kExclusive) {
    latch.unlock();
  } else {
    latch.unlock_shared();
  }
}

void BufferPool::Unpin(size_t frame, LatchMode mode) {
  Unlatch(frame, mode);
  Impl::Unpin(impl_->frames[frame]);
}

void BufferPool::SetDirty(size_t frame) { impl_->frames[frame].dirty.store(true); }

size_t BufferPool::FlushAll() {
  return impl_->FlushMatching([](const BufferTag&) { return true; });
}

void BufferPool::FlushRelation(RelFileNumber rel) {
  impl_->FlushMatching([rel](const BufferTag& tag) { return tag.rel == rel; });
}

void BufferPool::DiscardRelation(RelFileNumber rel, BlockNumber from_block) {
  if (from_block == 0) {
    free_space_map_.Forget(rel);
  } else {
    free_space_map_.Truncate(rel, from_block);
  }
  for (size_t index = 0; index < impl_->frame_count; ++index) {
    impl_->Discard(index, rel, from_block);
  }
}

}  // namespace granary::storage
