// BTreeScan: range scans a leaf page at a time, forward or backward (after PostgreSQL's
// _bt_first, _bt_readpage, _bt_steppage and _bt_walk_left). The live entries of a page are
// copied out under its shared latch; the page's right link, read under the same latch, is
// where a forward scan goes next. A split after the copy moves some of the copied entries to
// a new page between this one and the remembered right sibling, so following the remembered
// link neither repeats nor skips an entry that existed throughout the scan. A backward scan
// remembers the left link instead and walks right from there to the page that links to the
// one just read: a split after the copy inserts pages only right of the page it splits.
#include <cstring>
#include <string>

#include "storage/btree/btree.hpp"
#include "storage/btree/btree_page.hpp"
#include "storage/btree/btree_search.hpp"

namespace granary::storage {

using btree_internal::Node;
using btree_internal::SearchKey;
using btree_internal::TreeRef;

BTreeScan::BTreeScan(BTree& tree) : tree_(&tree) {}

void BTreeScan::Restart() {
  has_upper_ = false;
  upper_inclusive_ = true;
  upper_.clear();
  keys_.clear();
  entries_.clear();
  position_ = 0;
  next_block_ = kInvalidBlock;
  backward_ = false;
  has_lower_ = false;
  lower_inclusive_ = true;
  lower_.clear();
  current_block_ = kInvalidBlock;
}

void BTreeScan::SetUpperBound(std::string_view upper, bool inclusive) {
  has_upper_ = true;
  upper_inclusive_ = inclusive;
  upper_.assign(upper);
}

bool BTreeScan::BeyondUpper(std::string_view key) const {
  if (!has_upper_) return false;
  const int order = btree_internal::CompareToBound(key, upper_);
  return upper_inclusive_ ? order > 0 : order >= 0;
}

void BTreeScan::Seek(std::string_view lower, bool inclusive) {
  const TreeRef tree{*tree_->pool_, tree_->rel_, tree_->name_};
  const SearchKey search{lower, TupleId{},
                         inclusive ? SearchKey::Mode::kBefore : SearchKey::Mode::kAfterPrefix};
  btree_internal::Stack stack;
  const PageGuard leaf =
      btree_internal::Descend(tree, search, 0, LatchMode::kShared, stack, nullptr);
  ReadLeaf(leaf, tree.NodeOf(leaf).LowerBound(search));
}

void BTreeScan::SeekFirst() { Seek({}, true); }

void BTreeScan::SetLowerBound(std::string_view lower, bool inclusive) {
  has_lower_ = true;
  lower_inclusive_ = inclusive;
  lower_.assign(lower);
}

bool BTreeScan::BelowLower(std::string_view key) const {
  if (!has_lower_) return false;
  const int order = btree_internal::CompareToBound(key, lower_);
  return lower_inclusive_ ? order < 0 : order <= 0;
}

void BTreeScan::SeekLast() {
  backward_ = true;
  const TreeRef tree{*tree_->pool_, tree_->rel_, tree_->name_};
  if (!has_upper_) {
    const PageGuard leaf = btree_internal::RightmostAtLevel(tree, 0, LatchMode::kShared);
    ReadLeafBackward(leaf, static_cast<SlotNumber>(tree.NodeOf(leaf).LastSlot() + 1));
    return;
  }
  // The leaf covering the position just past the upper bound; every entry in range lies at
  // or left of it, the entries before that position on it first.
  const SearchKey search{upper_, TupleId{},
                         upper_inclusive_ ? SearchKey::Mode::kAfterPrefix : SearchKey::Mode::kBefore};
  btree_internal::Stack stack;
  const PageGuard leaf =
      btree_internal::Descend(tree, search, 0, LatchMode::kShared, stack, nullptr);
  ReadLeafBackward(leaf, tree.NodeOf(leaf).LowerBound(search));
}

void BTreeScan::ReadLeafBackward(const PageGuard& leaf, SlotNumber end) {
  keys_.clear();
  entries_.clear();
  position_ = 0;
  next_block_ = kInvalidBlock;
  current_block_ = leaf.block();
  const Node node(leaf.page(), leaf.block(), tree_->name_);
  for (SlotNumber slot = end; slot > node.FirstDataSlot();) {
    --slot;
    const btree_internal::TupleView tuple = node.Tuple(slot);
    if (BelowLower(tuple.key)) return;
    if (tuple.dead()) continue;
    entries_.push_back(Buffered{keys_.size(), tuple.key.size(), tuple.tid});
    keys_.append(tuple.key);
  }
  next_block_ = node.opaque().left;  // kInvalidBlock on the leftmost page: the end
}

PageGuard BTreeScan::StepLeft() {
  const TreeRef tree{*tree_->pool_, tree_->rel_, tree_->name_};
  PageGuard guard = tree.FetchNode(next_block_, 0, LatchMode::kShared);
  for (;;) {
    const Node node = tree.NodeOf(guard);
    // Splits since the leaf was read put new pages between the remembered left sibling and
    // the leaf, each linked right of the page it split from: the one linking to the leaf
    // holds the keys just below it.
    if (node.opaque().right == current_block_) return guard;
    if (node.is_rightmost()) {
      node.ThrowCorrupt("no page right of the left link of block " + std::to_string(current_block_) +
                        " links back to it");
    }
    const BlockNumber right = node.opaque().right;
    guard.Release();
    guard = tree.FetchNode(right, 0, LatchMode::kShared);
  }
}

void BTreeScan::ReadLeaf(const PageGuard& leaf, SlotNumber slot) {
  keys_.clear();
  entries_.clear();
  position_ = 0;
  next_block_ = kInvalidBlock;
  const Node node(leaf.page(), leaf.block(), tree_->name_);
  for (; slot <= node.LastSlot(); ++slot) {
    const btree_internal::TupleView tuple = node.Tuple(slot);
    if (BeyondUpper(tuple.key)) return;
    if (tuple.dead()) continue;
    entries_.push_back(Buffered{keys_.size(), tuple.key.size(), tuple.tid});
    keys_.append(tuple.key);
  }
  // Every entry to the right is >= the high key: stop here if that is past the bound.
  if (node.is_rightmost() || BeyondUpper(node.HighKey().key)) return;
  next_block_ = node.opaque().right;
}

bool BTreeScan::Next(IndexEntry& entry) {
  while (position_ >= entries_.size()) {
    if (next_block_ == kInvalidBlock) return false;
    const TreeRef tree{*tree_->pool_, tree_->rel_, tree_->name_};
    if (backward_) {
      const PageGuard leaf = StepLeft();
      ReadLeafBackward(leaf, static_cast<SlotNumber>(tree.NodeOf(leaf).LastSlot() + 1));
      continue;
    }
    const PageGuard leaf = tree.FetchNode(next_block_, 0, LatchMode::kShared);
    ReadLeaf(leaf, tree.NodeOf(leaf).FirstDataSlot());
  }
  const Buffered& buffered = entries_[position_++];
  if (entry.key.size() == buffered.key_size) {
    // The common case of a fixed-width key: the entry's buffer is overwritten in place (the
    // general assign costs several times as much, once per entry of the scan).
    std::memcpy(entry.key.data(), keys_.data() + buffered.key_offset, buffered.key_size);
  } else {
    entry.key.assign(keys_, buffered.key_offset, buffered.key_size);
  }
  entry.tid = buffered.tid;
  return true;
}

}  // namespace granary::storage
