// Finding pages in the B-tree: the meta page, the descent from the root and Lehman & Yao's
// "move right" (internal to storage/btree; PostgreSQL's _bt_search and _bt_moveright).
//
// Latching: a descent holds one latch at a time — it releases a parent before latching the
// child it points to, and a page before latching its right sibling. That is safe because a
// page's key range only ever shrinks from the right (by a split, whose right half is reached
// through the right link) and pages are never freed, so a stale pointer still leads to a
// page from which the key's page lies to the right.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "storage/btree/btree_page.hpp"
#include "storage/buffer/buffer_pool.hpp"

namespace granary::storage::btree_internal {

// A page visited on the way down, to find the parent again when a split must insert a
// downlink (PostgreSQL's BTStack). It may be stale by then: the parent is searched from here
// to the right.
struct StackEntry {
  BlockNumber block = kInvalidBlock;
  uint32_t level = 0;
};
using Stack = std::vector<StackEntry>;

// Completes an interrupted split: given the page flagged incomplete-split (exclusively
// latched; the callee releases it) and the descent's stack, inserts the missing downlink.
using SplitFinisher = std::function<void(PageGuard left, const Stack& stack)>;

// The index's identity as the internal functions need it.
struct TreeRef {
  BufferPool& pool;
  RelFileNumber rel;
  std::string_view name;

  PageGuard Fetch(BlockNumber block, LatchMode mode) const { return pool.Fetch(rel, block, mode); }
  // A read view of a node page; XX002 if it is not one.
  Node NodeOf(const PageGuard& guard) const { return Node(guard.page(), guard.block(), name); }
  // Fetches and checks a node page expected at `level`.
  PageGuard FetchNode(BlockNumber block, uint32_t level, LatchMode mode) const;
  MetaData ReadMetaPage() const;
};

// Moves right from `guard` until the page covers `search`, releasing each page before
// latching the next. With a `finish` callback (writers), a page flagged incomplete-split is
// first completed, and the page re-latched in `mode`. Returns the covering page.
PageGuard MoveRight(const TreeRef& tree, PageGuard guard, const SearchKey& search, LatchMode mode,
                    const Stack& stack, const SplitFinisher* finish);

// Descends from the root to the page at `target_level` covering `search`, latched in
// `target_mode` (pages above are latched shared, one at a time). Fills `stack` with the page
// used at each level above the target, root first. Raises XX000 if the tree is lower than
// `target_level`.
PageGuard Descend(const TreeRef& tree, const SearchKey& search, uint32_t target_level,
                  LatchMode target_mode, Stack& stack, const SplitFinisher* finish);

// The leftmost page of `level`, latched in `mode` (PostgreSQL's _bt_get_endpoint).
PageGuard LeftmostAtLevel(const TreeRef& tree, uint32_t level, LatchMode mode);

// The rightmost page of `level`, latched in `mode` (_bt_get_endpoint for the right end):
// last downlinks from the root, moving right on each level to the page without a right link
// (the root may have split since the meta page was read, a child's split may lack its
// downlink yet).
PageGuard RightmostAtLevel(const TreeRef& tree, uint32_t level, LatchMode mode);

}  // namespace granary::storage::btree_internal
