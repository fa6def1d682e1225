// The only functions that change B-tree pages (internal to storage/btree).
//
// Each function is one atomic change of one or more pages, made under the exclusive latches
// the caller holds on every page it names, and each ends by writing its one WAL record
// (btree_wal.hpp), which marks the pages dirty and sets their LSNs; MarkDead, a hint, uses
// PageGuard::MarkDirtyHint instead. Nothing here reads a page other than
// those passed in, waits for a latch, or allocates a page: the caller has done every step
// that can fail (fetching, extending) before calling, so a page is never left half changed.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "storage/btree/btree_page.hpp"
#include "storage/buffer/buffer_pool.hpp"

namespace granary::storage::btree_internal {

// Formats `meta` (block 0) as the meta page and `root` as an empty root leaf.
// WAL: kCreateIndex, with images of both pages.
void InitIndex(PageGuard& meta, PageGuard& root);

// Inserts `tuple` at `slot` of `node` if it fits; returns false without changing anything
// otherwise. When the tuple is a downlink for the right half of a split of `child`, the
// child's incomplete-split flag is cleared in the same step.
// WAL: kInsertLeaf, or kInsertUpper naming the child whose flag clears.
bool InsertTuple(PageGuard& node, SlotNumber slot, std::string_view tuple, PageGuard* child);

// Where a split divides the node's data items plus the incoming tuple (in key order):
// items [0, first_right) stay left, the rest move right.
struct SplitPlan {
  SlotNumber insert_slot = 0;  // where the incoming tuple goes on the unsplit page
  size_t first_right = 0;
};

// Chooses the split point: both halves must fit (with the left half's new high key and the
// right half's inherited one); among those, the one whose left half holds the target share
// of the bytes: half, or 90% (leaf) / 70% (internal) when appending at the end of the
// rightmost page, so ascending inserts leave pages nearly full (PostgreSQL's fillfactors).
// Pure: reads `node` only. Raises XX000 if no split point fits (cannot happen for tuples
// within kMaxInternalTupleSize).
SplitPlan ChooseSplit(const Node& node, SlotNumber insert_slot, size_t tuple_size);

// Splits `left` (Lehman & Yao's "rearrange into A and B"): moves the items from the split
// point on, with `tuple` inserted in its place, to the empty page `right`, which becomes
// left's right sibling; `old_right` (left's former right sibling, if any) gets its left link
// updated. Left's new high key is the first moved item's (key, tid); on internal levels the
// first moved item becomes right's minus-infinity downlink. Left is flagged incomplete-split
// until its parent has the downlink to `right`. `child` as for InsertTuple.
// WAL: kSplit — both halves whole, the sibling's left link and the child's flag.
void SplitNode(PageGuard& left, PageGuard& right, PageGuard* old_right, const SplitPlan& plan,
               std::string_view tuple, PageGuard* child);

// Makes `root` (an empty page) the new root above the split `left`, with a minus-infinity
// downlink to left and `downlink` to left's new right sibling; clears left's root and
// incomplete-split flags and points `meta` at the new root.
// WAL: kNewRoot — the root and meta pages whole, and left's flags.
void MakeNewRoot(PageGuard& meta, PageGuard& root, PageGuard& left, std::string_view downlink);

// Sets the dead flag of the leaf tuple at `slot` (PostgreSQL's LP_DEAD: the entry's heap
// tuple is dead to every transaction; scans and uniqueness checks skip it).
// WAL: none, a hint (as PostgreSQL's LP_DEAD); but the page's first change since a checkpoint
// logs its image, since pages are checksummed (PageGuard::MarkDirtyHint).
void MarkDead(PageGuard& leaf, SlotNumber slot);

// Removes the leaf tuples at `slots` (data slots, ascending) from `leaf` — vacuum's bulk
// delete (PostgreSQL's _bt_delitems_vacuum). The high key, links and flags stay, so no key
// range changes and an incomplete split stays as it was.
// WAL: kVacuumLeaf — the slots; redo runs RemoveLeafItems.
void DeleteLeafItems(PageGuard& leaf, std::span<const SlotNumber> slots);
// Removes every dead-flagged entry of the leaf (an insertion about to split it does, as
// PostgreSQL's _bt_delete_or_dedup_one_page), moving the insertion position `slot` past the
// removed entries before it. False, with nothing changed, if there are none or `leaf` is not
// a leaf. WAL: kVacuumLeaf, as DeleteLeafItems.
bool RemoveDeadEntries(PageGuard& leaf, SlotNumber& slot);
// The page rebuild shared by DeleteLeafItems and its redo: every item but `slots`, repacked
// in order (deterministic). XX000 for a slot that is not a data slot.
void RemoveLeafItems(Page page, std::span<const SlotNumber> slots);

}  // namespace granary::storage::btree_internal
