// BTreeScan: forward range scans a leaf page at a time (after PostgreSQL's _bt_first,
// _bt_readpage and _bt_steppage). The live entries of a page are copied out under its
// shared latch; the page's right link, read under the same latch, is where the scan goes
// next. A split after the copy moves some of the copied entries to a new page between this
// one and the remembered right sibling, so following the remembered link neither repeats nor
// skips an entry that existed throughout the scan.
#include <string>

#include "storage/btree/btree.hpp"
#include "storage/btree/btree_page.hpp"
#include "storage/btree/btree_search.hpp"

namespace granary::storage {

using btree_internal::Node;
using btree_internal::SearchKey;
using btree_internal::TreeRef;

BTreeScan::BTreeScan(BTree& tree) : tree_(&tree) {}

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
    const PageGuard leaf = tree.FetchNode(next_block_, 0, LatchMode::kShared);
    ReadLeaf(leaf, tree.NodeOf(leaf).FirstDataSlot());
  }
  const Buffered& buffered = entries_[position_++];
  entry.key.assign(keys_, buffered.key_offset, buffered.key_size);
  entry.tid = buffered.tid;
  return true;
}

}  // namespace granary::storage
