// BufferPool — a fixed number of 8 KiB frames caching relation blocks.
//
// Eviction by clock sweep (usage counts, as PostgreSQL), pin counts, and a shared/exclusive
// content latch per frame. Pages are reached only through a PageGuard (BusTub's page guard):
// it holds the pin and the latch and releases both when destroyed, so an error unwinding the
// stack never leaks either. A dirty frame is written back through the StorageManager when it
// is evicted or flushed. (WAL-before-data is enforced here once the WAL exists: a page is not
// written before WAL up to its LSN is durable.)
//
// Errors: 53200 (out_of_memory) `no unpinned buffers available` when every frame is pinned.
// Thread-safety: all methods are thread-safe. Latch order: never hold two exclusive latches
// on pages of one relation except in block-number order.
#pragma once

#include <cstddef>
#include <memory>

#include "storage/buffer/storage_manager.hpp"
#include "storage/page/page.hpp"

namespace granary::storage {

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
  // Must be called after changing the page under an exclusive latch.
  void MarkDirty();
  void Release();  // unlatch and unpin now
  explicit operator bool() const { return pool_ != nullptr; }

 private:
  friend class BufferPool;
  PageGuard(BufferPool* pool, size_t frame, LatchMode mode);

  BufferPool* pool_ = nullptr;
  size_t frame_ = 0;
  LatchMode mode_ = LatchMode::kShared;
};

class BufferPool {
 public:
  BufferPool(StorageManager& storage, size_t frame_count);
  ~BufferPool();  // flushes dirty frames
  BufferPool(const BufferPool&) = delete;
  BufferPool& operator=(const BufferPool&) = delete;

  // Pins and latches the block, reading it from disk when it is not cached.
  PageGuard Fetch(RelFileNumber rel, BlockNumber block, LatchMode mode);
  // Extends the relation by one block and returns it pinned, exclusively latched, and
  // initialised as an empty page of `kind`.
  PageGuard Extend(RelFileNumber rel, PageKind kind);

  void FlushAll();                          // writes every dirty frame
  void FlushRelation(RelFileNumber rel);
  void DiscardRelation(RelFileNumber rel);  // drops its frames without writing (DROP TABLE)
  StorageManager& storage() { return storage_; }
  size_t frame_count() const;

  struct Stats {
    uint64_t hits = 0;
    uint64_t reads = 0;
    uint64_t writes = 0;
    uint64_t evictions = 0;
  };
  Stats stats() const;

 private:
  friend class PageGuard;
  struct Impl;
  void Unpin(size_t frame, LatchMode mode);
  void SetDirty(size_t frame);

  StorageManager& storage_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace granary::storage
