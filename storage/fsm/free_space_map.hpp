// FreeSpaceMap — how many bytes each heap page can still take, so that inserts reuse the
// space vacuum reclaims instead of always extending the relation (PostgreSQL's freespace.c).
//
// Decision: the map lives in memory only and is rebuilt lazily, not kept in a relation fork.
// It is a hint, as PostgreSQL's is (its FSM is not WAL-logged either): a wrong entry costs
// one wasted page visit, which corrects it, never a wrong answer. After a restart it is
// empty and fills again as inserts touch pages and as vacuum visits every page; until then
// inserts go to the last page, as they did before the map existed. Keeping it in memory
// avoids a second file per table with its own torn-page and truncation rules; the price is
// that space freed before a restart is found only by the next vacuum (2 bytes per page of
// memory). Owned by the BufferPool, because every HeapFile is a short-lived view built from
// (pool, relfile) and the map must outlive them.
//
// Per relation a max-tree over the pages (PostgreSQL's FSM pages are max-trees too): a leaf
// per block holding its free bytes, each inner node the maximum of its children, so the
// lowest block with enough room is found in O(log n). Lowest-first keeps the data packed
// towards the start of the file, which lets vacuum truncate the end.
// Thread-safety: all methods are thread-safe (one mutex); it is innermost — taken under page
// latches, never held while latching anything.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "storage/buffer/storage_manager.hpp"
#include "storage/page/page.hpp"

namespace granary::storage {

class FreeSpaceMap {
 public:
  // Records that `block` of `rel` has `free_bytes` available (Page::FreeSpace()).
  void Record(RelFileNumber rel, BlockNumber block, size_t free_bytes);
  // The lowest block recorded with at least `needed` free bytes, or nullopt.
  std::optional<BlockNumber> Find(RelFileNumber rel, size_t needed);
  // The recorded free bytes of a block (0 when unknown).
  size_t Get(RelFileNumber rel, BlockNumber block);
  // Forgets blocks >= `blocks` (after the relation was truncated).
  void Truncate(RelFileNumber rel, BlockNumber blocks);
  // Forgets the relation (dropped or discarded).
  void Forget(RelFileNumber rel);

 private:
  struct Tree {
    size_t leaves = 0;              // capacity, a power of two
    std::vector<uint16_t> nodes;    // 1-based heap layout: node i has children 2i, 2i+1
    void Grow(size_t blocks);
    void Set(size_t block, uint16_t value);
  };

  std::mutex mutex_;
  std::unordered_map<RelFileNumber, Tree> trees_;
};

}  // namespace granary::storage
