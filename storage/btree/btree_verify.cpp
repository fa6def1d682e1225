// BTree::Verify: a structural check of the whole index in the spirit of PostgreSQL's amcheck
// (bt_index_parent_check). Each level is walked left to right through the right links and
// compared with the downlinks of the level above: every page must be reached by exactly one
// downlink, in order, and hold keys inside the range its downlink and the next one bound.
#include <optional>
#include <string>
#include <vector>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/btree/btree.hpp"
#include "storage/btree/btree_page.hpp"
#include "storage/btree/btree_search.hpp"

namespace granary::storage {
namespace {

using btree_internal::Node;
using btree_internal::TupleView;

// A copied (key, tid) bound; nullopt stands for an infinite end.
struct Pivot {
  std::string key;
  TupleId tid;
};
using Bound = std::optional<Pivot>;

Pivot PivotOf(const TupleView& tuple) { return Pivot{std::string(tuple.key), tuple.tid}; }

int ComparePivots(const Pivot& left, const Pivot& right) {
  const int order = btree_internal::CompareKeys(left.key, right.key);
  return order != 0 ? order : btree_internal::CompareTids(left.tid, right.tid);
}

bool SameBound(const Bound& left, const Bound& right) {
  if (!left || !right) return !left && !right;
  return ComparePivots(*left, *right) == 0;
}

// A page expected on a level: its block and the key range its downlink gives it.
struct Expected {
  BlockNumber block;
  Bound low;   // nullopt: minus infinity
  Bound high;  // nullopt: plus infinity
};

}  // namespace

BTree::Shape BTree::Verify() {
  const btree_internal::TreeRef tree{*pool_, rel_, name_};
  const btree_internal::MetaData meta = tree.ReadMetaPage();
  Shape shape;
  shape.height = meta.root_level + 1;
  shape.pages_per_level.assign(shape.height, 0);

  std::vector<Expected> expected = {Expected{meta.root, std::nullopt, std::nullopt}};
  for (uint32_t level = meta.root_level;; --level) {
    std::vector<Expected> children;
    BlockNumber block = expected.front().block;
    BlockNumber previous = kInvalidBlock;
    size_t index = 0;
    while (block != kInvalidBlock) {
      const PageGuard guard = tree.FetchNode(block, level, LatchMode::kShared);
      const Node node = tree.NodeOf(guard);
      if (index >= expected.size() || expected[index].block != block) {
        node.ThrowCorrupt("page has no downlink in the level above, or it is out of order");
      }
      const Expected& range = expected[index];
      if (node.opaque().left != previous) node.ThrowCorrupt("left link does not match");
      if (node.incomplete_split()) node.ThrowCorrupt("split left incomplete");
      if (node.is_root() != (level == meta.root_level)) node.ThrowCorrupt("wrong root flag");
      const Bound high = node.is_rightmost() ? Bound() : Bound(PivotOf(node.HighKey()));
      if (!SameBound(high, range.high)) {
        node.ThrowCorrupt("high key differs from the next downlink in the parent");
      }

      Bound last = range.low;  // every item is >= the low bound, and ascending
      for (SlotNumber slot = node.FirstDataSlot(); slot <= node.LastSlot(); ++slot) {
        const TupleView tuple = node.Tuple(slot);
        const bool first = slot == node.FirstDataSlot();
        if (!node.is_leaf() && tuple.minus_infinity() != first) {
          node.ThrowCorrupt("minus-infinity downlink misplaced at slot " + std::to_string(slot));
        }
        if (!tuple.minus_infinity()) {
          const Pivot pivot = PivotOf(tuple);
          const bool in_order = !last || ComparePivots(*last, pivot) < (first ? 1 : 0);
          if (!in_order) node.ThrowCorrupt("item " + std::to_string(slot) + " out of order");
          if (high && ComparePivots(pivot, *high) >= 0) {
            node.ThrowCorrupt("item " + std::to_string(slot) + " not below the high key");
          }
          last = pivot;
        }
        if (node.is_leaf()) {
          ++shape.entries;
          if (tuple.dead()) ++shape.dead_entries;
          continue;
        }
        // The child's range: from this downlink's key (the parent's low bound for the
        // first) to the next downlink's key (this page's high bound for the last).
        if (!first) children.back().high = PivotOf(tuple);
        children.push_back(
            Expected{tuple.child, first ? range.low : Bound(PivotOf(tuple)), range.high});
      }
      if (!node.is_leaf() && children.empty()) node.ThrowCorrupt("no downlinks");
      ++shape.pages_per_level[level];
      previous = block;
      block = node.opaque().right;
      ++index;
    }
    if (index != expected.size()) {
      throw Error(sqlstate::kIndexCorrupted,
                  "index \"" + name_ + "\" level " + std::to_string(level) + " has " +
                      std::to_string(index) + " pages where the level above has " +
                      std::to_string(expected.size()) + " downlinks");
    }
    if (level == 0) break;
    expected = std::move(children);
  }
  return shape;
}

}  // namespace granary::storage
