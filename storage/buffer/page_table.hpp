// PageTable: one partition of the buffer pool's page table, block tag -> frame index, as an
// open-addressing hash table with linear probing (PostgreSQL's buf_table.c uses dynahash).
//
// Why not std::unordered_map: its lookup reads the bucket array, then a node allocated
// somewhere on the heap, and a bitmap or index scan looks up a different block for nearly
// every row, so those two cache misses (and their TLB misses) were a sixth of such a scan's
// time. Here an entry is 12 bytes stored in one array, and the whole table of a 128 MB pool
// is about a megabyte: a lookup mostly hits the cache.
//
// Not thread-safe: the caller holds the partition's mutex (shared for Find, exclusive for
// Insert and Erase).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "storage/buffer/storage_manager.hpp"
#include "storage/page/page.hpp"

namespace granary::storage {

class PageTable {
 public:
  static constexpr uint32_t kNotFound = UINT32_MAX;

  // `expected` entries fit without growing (the table keeps its load at most one half).
  explicit PageTable(size_t expected = 8) { Resize(std::bit_ceil(expected * 2 < 16 ? 16 : expected * 2)); }

  // The buffer pool picks a tag's partition from the low kPartitionBits bits of this hash; a
  // table places it by the bits above them. Multiplicative, so consecutive blocks of one
  // relation spread over the partitions.
  static constexpr int kPartitionBits = 7;
  static size_t Hash(RelFileNumber rel, BlockNumber block) {
    const uint64_t key = (uint64_t{rel} << 32) | block;
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 17);
  }

  uint32_t Find(RelFileNumber rel, BlockNumber block) const {
    for (size_t i = Home(rel, block);; i = (i + 1) & mask_) {
      const Entry& entry = entries_[i];
      if (entry.block == kInvalidBlock) return kNotFound;
      if (entry.block == block && entry.rel == rel) return entry.frame;
    }
  }

  bool Contains(RelFileNumber rel, BlockNumber block) const { return Find(rel, block) != kNotFound; }

  // The tag must not be present.
  void Insert(RelFileNumber rel, BlockNumber block, uint32_t frame) {
    if ((size_ + 1) * 2 > entries_.size()) Grow();
    Place(Entry{rel, block, frame});
    ++size_;
  }

  // Removes the tag if present. Backward-shift deletion: later entries of the probe run move
  // up into the hole, so lookups never need tombstones.
  void Erase(RelFileNumber rel, BlockNumber block) {
    size_t hole = Home(rel, block);
    for (;; hole = (hole + 1) & mask_) {
      const Entry& entry = entries_[hole];
      if (entry.block == kInvalidBlock) return;
      if (entry.block == block && entry.rel == rel) break;
    }
    for (size_t next = (hole + 1) & mask_;; next = (next + 1) & mask_) {
      Entry& entry = entries_[next];
      if (entry.block == kInvalidBlock) break;
      // An entry may fill the hole only if its home is not within (hole, next].
      const size_t home = Home(entry.rel, entry.block);
      const bool home_after_hole = ((next - home) & mask_) < ((next - hole) & mask_);
      if (home_after_hole) continue;
      entries_[hole] = entry;
      hole = next;
    }
    entries_[hole] = Entry{};
    --size_;
  }

  size_t size() const { return size_; }

 private:
  struct Entry {
    RelFileNumber rel = 0;
    BlockNumber block = kInvalidBlock;  // kInvalidBlock marks an empty slot
    uint32_t frame = 0;
  };

  size_t Home(RelFileNumber rel, BlockNumber block) const { return (Hash(rel, block) >> kPartitionBits) & mask_; }

  void Place(const Entry& entry) {
    size_t i = Home(entry.rel, entry.block);
    while (entries_[i].block != kInvalidBlock) i = (i + 1) & mask_;
    entries_[i] = entry;
  }

  void Resize(size_t capacity) {
    entries_.assign(capacity, Entry{});
    mask_ = capacity - 1;
  }

  void Grow() {
    std::vector<Entry> old_entries = std::move(entries_);
    Resize(old_entries.size() * 2);
    for (const Entry& entry : old_entries) {
      if (entry.block != kInvalidBlock) Place(entry);
    }
  }

  std::vector<Entry> entries_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace granary::storage
