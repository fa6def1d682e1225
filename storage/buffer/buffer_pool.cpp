// BufferPool: the shared page cache (after PostgreSQL's bufmgr.c and freelist.c).
//
// Locking, from outermost to innermost:
//   1. Frame::io_mutex — serialises write-back of one frame, so a flush that returns has
//      really written the page (a second flusher waits instead of skipping).
//   2. Frame::latch — the content latch (shared/exclusive) a PageGuard holds.
//   3. Impl::mutex — the page table, every frame's tag, pin count, usage count and
//      I/O-in-progress flag. Held only for bookkeeping, never across I/O or while waiting
//      for a latch.
// Reading a block: the reading thread installs the tag in the page table with
// io_in_progress set, drops the mutex, reads, then clears the flag and notifies; other
// threads wanting the block pin the frame and wait on `io_done` (PostgreSQL's BM_IO_IN_PROGRESS).
// Evicting a dirty victim: the victim is pinned, the mutex dropped, and the page written back
// under a shared latch taken with try_lock only — waiting for a latch while the caller may
// hold other latches could deadlock (PostgreSQL's LWLockConditionalAcquire in BufferAlloc).
// If anyone pinned or dirtied the victim meanwhile, the sweep starts again.
#include "storage/buffer/buffer_pool.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/wal/wal_writer.hpp"

namespace granary::storage {
namespace {

constexpr uint8_t kMaxUsageCount = 5;  // PostgreSQL's BM_MAX_USAGE_COUNT
constexpr size_t kFrameAlignment = 4096;

struct BufferTag {
  RelFileNumber rel;
  BlockNumber block;
  bool operator==(const BufferTag&) const = default;
};

struct BufferTagHash {
  size_t operator()(const BufferTag& tag) const noexcept {
    return std::hash<uint64_t>()((uint64_t{tag.rel} << 32) | tag.block);
  }
};

struct FreeDeleter {
  void operator()(std::byte* memory) const { std::free(memory); }
};

}  // namespace

struct BufferPool::Impl {
  struct Frame {
    std::mutex io_mutex;
    std::shared_mutex latch;
    std::atomic<bool> dirty{false};  // set under the exclusive latch, cleared under io_mutex
    std::atomic<Xid> prune_hint{kInvalidXid};  // PageGuard::prune_hint; reset with the tag
    // Guarded by Impl::mutex. The tag does not change while the frame is pinned.
    BufferTag tag{0, kInvalidBlock};
    bool tagged = false;  // in the page table
    bool valid = false;   // contents loaded
    bool io_in_progress = false;
    uint32_t pins = 0;
    uint8_t usage = 0;
  };

  Impl(StorageManager& storage_manager, size_t count)
      : storage(storage_manager), frame_count(count), frames(std::make_unique<Frame[]>(count)) {
    void* memory = std::aligned_alloc(kFrameAlignment, count * kPageSize);
    if (memory == nullptr) {
      throw Error(sqlstate::kOutOfMemory,
                  "could not allocate " + std::to_string(count) + " shared buffers");
    }
    data.reset(static_cast<std::byte*>(memory));
    std::memset(data.get(), 0, count * kPageSize);
  }

  std::byte* FrameData(size_t frame) const { return data.get() + frame * kPageSize; }

  size_t ClockSweep();
  void UnpinLocked(size_t index);
  size_t PinBlock(BufferTag tag, bool load);
  bool WriteBack(size_t index, BufferTag tag, bool try_latch);
  template <typename Predicate>
  void FlushMatching(Predicate matches);

  StorageManager& storage;
  std::atomic<WalWriter*> wal{nullptr};
  const size_t frame_count;
  std::unique_ptr<Frame[]> frames;
  std::unique_ptr<std::byte, FreeDeleter> data;

  std::mutex extension_mutex;  // serialises Extend; taken before any latch
  std::mutex mutex;
  std::condition_variable io_done;  // an I/O finished, or a frame became unpinned
  std::unordered_map<BufferTag, size_t, BufferTagHash> table;
  size_t clock_hand = 0;
  size_t unpin_waiters = 0;

  std::atomic<uint64_t> hits{0};
  std::atomic<uint64_t> reads{0};
  std::atomic<uint64_t> writes{0};
  std::atomic<uint64_t> evictions{0};
};

// Clock sweep (PostgreSQL's StrategyGetBuffer): returns an unpinned frame whose usage count
// reached zero, pinned once for the caller. Raises 53200 after a full sweep finds every frame
// pinned. Called with `mutex` held.
size_t BufferPool::Impl::ClockSweep() {
  size_t tries = frame_count;
  for (;;) {
    const size_t index = clock_hand;
    clock_hand = (clock_hand + 1) % frame_count;
    Frame& frame = frames[index];
    if (frame.pins == 0 && !frame.io_in_progress) {
      if (frame.usage == 0) {
        frame.pins = 1;
        return index;
      }
      --frame.usage;
      tries = frame_count;
    } else if (--tries == 0) {
      throw Error(sqlstate::kOutOfMemory, "no unpinned buffers available");
    }
  }
}

// Called with `mutex` held.
void BufferPool::Impl::UnpinLocked(size_t index) {
  Frame& frame = frames[index];
  if (--frame.pins == 0 && unpin_waiters > 0) io_done.notify_all();
}

// Finds or loads the frame for `tag` and returns it pinned (not latched). When `load` is
// false the block is known to hold zeroes on disk (just extended) and is not read.
size_t BufferPool::Impl::PinBlock(BufferTag tag, bool load) {
  std::unique_lock lock(mutex);
  for (;;) {
    if (auto it = table.find(tag); it != table.end()) {
      const size_t index = it->second;
      Frame& frame = frames[index];
      ++frame.pins;
      frame.usage = std::min<uint8_t>(frame.usage + 1, kMaxUsageCount);
      io_done.wait(lock, [&] { return !frame.io_in_progress; });
      if (!frame.valid) {  // the read failed; try it ourselves
        UnpinLocked(index);
        continue;
      }
      hits.fetch_add(1, std::memory_order_relaxed);
      return index;
    }

    const size_t victim = ClockSweep();
    Frame& frame = frames[victim];
    if (frame.tagged && frame.dirty.load()) {
      // Write the old page back without the mutex. Give up on this victim if its write-back
      // is already under way elsewhere or its latch is taken (someone pinned it meanwhile).
      std::unique_lock io_lock(frame.io_mutex, std::try_to_lock);
      if (!io_lock.owns_lock()) {
        UnpinLocked(victim);
        continue;
      }
      const BufferTag old_tag = frame.tag;
      lock.unlock();
      bool written;
      try {
        written = WriteBack(victim, old_tag, /*try_latch=*/true);
      } catch (...) {
        io_lock.unlock();
        lock.lock();
        UnpinLocked(victim);
        throw;
      }
      io_lock.unlock();
      lock.lock();
      if (!written) {
        UnpinLocked(victim);
        continue;
      }
    }
    // Recheck what the unlocked window may have changed.
    if (frame.pins != 1 || frame.dirty.load() || table.contains(tag)) {
      UnpinLocked(victim);
      continue;
    }
    if (frame.tagged) {
      table.erase(frame.tag);
      evictions.fetch_add(1, std::memory_order_relaxed);
    }
    frame.tag = tag;
    frame.tagged = true;
    frame.usage = 1;
    frame.prune_hint.store(kInvalidXid, std::memory_order_relaxed);
    table.emplace(tag, victim);
    if (!load) {
      std::memset(FrameData(victim), 0, kPageSize);
      frame.valid = true;
      return victim;
    }
    frame.valid = false;
    frame.io_in_progress = true;
    lock.unlock();
    try {
      storage.ReadBlock(tag.rel, tag.block, FrameData(victim));
    } catch (...) {
      lock.lock();
      table.erase(tag);
      frame.tagged = false;
      frame.io_in_progress = false;
      UnpinLocked(victim);
      io_done.notify_all();
      throw;
    }
    lock.lock();
    frame.valid = true;
    frame.io_in_progress = false;
    reads.fetch_add(1, std::memory_order_relaxed);
    io_done.notify_all();
    return victim;
  }
}

// Writes a frame's page back if it is dirty. Called with the frame pinned and its io_mutex
// held, without `mutex`. With `try_latch`, returns false instead of waiting for the latch.
// Restores the dirty flag if the write fails.
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
void BufferPool::Impl::FlushMatching(Predicate matches) {
  for (size_t index = 0; index < frame_count; ++index) {
    Frame& frame = frames[index];
    BufferTag tag;
    {
      std::lock_guard lock(mutex);
      if (!frame.tagged || !frame.valid || !frame.dirty.load() || !matches(frame.tag)) continue;
      ++frame.pins;
      tag = frame.tag;
    }
    try {
      std::lock_guard io_lock(frame.io_mutex);
      WriteBack(index, tag, /*try_latch=*/false);
    } catch (...) {
      std::lock_guard lock(mutex);
      UnpinLocked(index);
      throw;
    }
    std::lock_guard lock(mutex);
    UnpinLocked(index);
  }
}

// ---------------------------------------------------------------------------------------------
// PageGuard

PageGuard::PageGuard(BufferPool* pool, size_t frame, LatchMode mode)
    : pool_(pool), frame_(frame), mode_(mode) {}

PageGuard::PageGuard(PageGuard&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), frame_(other.frame_), mode_(other.mode_) {}

PageGuard& PageGuard::operator=(PageGuard&& other) noexcept {
  if (this != &other) {
    Release();
    pool_ = std::exchange(other.pool_, nullptr);
    frame_ = other.frame_;
    mode_ = other.mode_;
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
  pool->Unpin(frame_, mode_);
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
  stats.hits = impl_->hits.load();
  stats.reads = impl_->reads.load();
  stats.writes = impl_->writes.load();
  stats.evictions = impl_->evictions.load();
  return stats;
}

PageGuard BufferPool::Fetch(RelFileNumber rel, BlockNumber block, LatchMode mode) {
  const size_t frame = impl_->PinBlock(BufferTag{rel, block}, /*load=*/true);
  std::shared_mutex& latch = impl_->frames[frame].latch;
  if (mode == LatchMode::kExclusive) {
    latch.lock();
  } else {
    latch.lock_shared();
  }
  return PageGuard(this, frame, mode);
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

void BufferPool::Unpin(size_t frame, LatchMode mode) {
  Impl::Frame& f = impl_->frames[frame];
  if (mode == LatchMode::kExclusive) {
    f.latch.unlock();
  } else {
    f.latch.unlock_shared();
  }
  std::lock_guard lock(impl_->mutex);
  impl_->UnpinLocked(frame);
}

void BufferPool::SetDirty(size_t frame) { impl_->frames[frame].dirty.store(true); }

void BufferPool::FlushAll() {
  impl_->FlushMatching([](const BufferTag&) { return true; });
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
  std::unique_lock lock(impl_->mutex);
  for (size_t index = 0; index < impl_->frame_count; ++index) {
    Impl::Frame& frame = impl_->frames[index];
    if (!frame.tagged || frame.tag.rel != rel || frame.tag.block < from_block) continue;
    // Pins by flushers are transient; wait them out (PostgreSQL's InvalidateBuffer).
    ++impl_->unpin_waiters;
    impl_->io_done.wait(lock, [&] { return frame.pins == 0 && !frame.io_in_progress; });
    --impl_->unpin_waiters;
    if (!frame.tagged || frame.tag.rel != rel || frame.tag.block < from_block) continue;
    impl_->table.erase(frame.tag);
    frame.tagged = false;
    frame.valid = false;
    frame.usage = 0;
    frame.dirty.store(false);
  }
}

}  // namespace granary::storage
