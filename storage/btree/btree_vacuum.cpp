// BTree::BulkDelete: vacuum's pass over the leaf level (after PostgreSQL's btbulkdelete, but
// in key order along right links rather than in physical order: with no page deletion and
// splits that only move entries right, the logical walk needs no cycle ids).
#include <vector>

#include "storage/btree/btree.hpp"
#include "storage/btree/btree_page.hpp"
#include "storage/btree/btree_search.hpp"
#include "storage/btree/btree_write.hpp"

namespace granary::storage {

size_t BTree::BulkDelete(const std::function<bool(TupleId)>& is_dead,
                         const std::function<bool()>& should_stop) {
  const btree_internal::TreeRef tree{*pool_, rel_, name_};
  size_t removed = 0;
  PageGuard leaf = btree_internal::LeftmostAtLevel(tree, 0, LatchMode::kExclusive);
  for (;;) {
    const btree_internal::Node node = tree.NodeOf(leaf);
    const BlockNumber right = node.opaque().right;
    std::vector<SlotNumber> doomed;
    for (SlotNumber slot = node.FirstDataSlot(); slot <= node.LastSlot(); ++slot) {
      if (is_dead(node.Tuple(slot).tid)) doomed.push_back(slot);
    }
    if (!doomed.empty()) {
      btree_internal::DeleteLeafItems(leaf, doomed);
      removed += doomed.size();
    }
    leaf.Release();  // one latch at a time (latch rule 2)
    if (right == kInvalidBlock || (should_stop && should_stop())) break;
    leaf = tree.FetchNode(right, 0, LatchMode::kExclusive);
  }
  return removed;
}

}  // namespace granary::storage
