// BTree: creation, insertion (plain and unique), deletion marks, and the split cascade
// (after PostgreSQL's nbtinsert.c: _bt_doinsert, _bt_check_unique, _bt_findinsertloc,
// _bt_insertonpg, _bt_insert_parent, _bt_getstackbuf, _bt_finish_split). Pages change only
// through btree_write.hpp; README.md states the latch order this code keeps.
#include "storage/btree/btree.hpp"

#include <optional>
#include <string>
#include <utility>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/btree/btree_page.hpp"
#include "storage/btree/btree_search.hpp"
#include "storage/btree/btree_write.hpp"

namespace granary::storage {

using btree_internal::Compare;
using btree_internal::CompareKeys;
using btree_internal::kMetaBlock;
using btree_internal::MakeInternalTuple;
using btree_internal::MakeLeafTuple;
using btree_internal::Node;
using btree_internal::SearchKey;
using btree_internal::Stack;
using btree_internal::TupleView;

static_assert(BTree::kMaxKeySize == btree_internal::kMaxKeySize);

// The write paths. Every function that takes a PageGuard by value releases it.
class BTree::Writer {
 public:
  explicit Writer(const BTree& tree)
      : tree_{*tree.pool_, tree.rel_, tree.name_},
        finisher_(
            [this](PageGuard left, const Stack& stack) { InsertParent(std::move(left), stack); }) {}

  const btree_internal::TreeRef& tree() const { return tree_; }
  const btree_internal::SplitFinisher* finisher() const { return &finisher_; }

  // Inserts `tuple` at `slot` of the exclusively latched `node`, splitting it (and its
  // ancestors) as needed. `child`: the split child whose downlink this is, if any; it stays
  // latched until its incomplete-split flag is cleared together with the insertion.
  void InsertIntoNode(PageGuard node, SlotNumber slot, std::string_view tuple, const Stack& stack,
                      PageGuard child);

  // Inserts the downlink to the right half of the split page `left` into its parent, or
  // makes a new root above it (Lehman & Yao's climb, PostgreSQL's _bt_insert_parent).
  void InsertParent(PageGuard left, const Stack& stack);

 private:
  // The parent page at `parent_level` holding the downlink to `child`, exclusively latched,
  // with that downlink's slot (PostgreSQL's _bt_getstackbuf).
  std::pair<PageGuard, SlotNumber> FindDownlink(BlockNumber child, uint32_t parent_level,
                                                const Stack& stack);

  btree_internal::TreeRef tree_;
  btree_internal::SplitFinisher finisher_;
};

void BTree::Writer::InsertIntoNode(PageGuard node, SlotNumber slot, std::string_view tuple,
                                   const Stack& stack, PageGuard child) {
  if (btree_internal::InsertTuple(node, slot, tuple, child ? &child : nullptr)) return;
  // A full leaf first drops its dead entries (PostgreSQL's _bt_delete_or_dedup_one_page), so
  // an index whose rows are updated over and over does not split for versions nobody sees.
  if (!child && btree_internal::RemoveDeadEntries(node, slot) &&
      btree_internal::InsertTuple(node, slot, tuple, nullptr)) {
    return;
  }

  const Node view = tree_.NodeOf(node);
  if (view.incomplete_split()) view.ThrowCorrupt("split of a page whose last split is incomplete");
  const btree_internal::SplitPlan plan = btree_internal::ChooseSplit(view, slot, tuple.size());
  // Everything that can fail comes before the first change.
  PageGuard right = tree_.pool.Extend(tree_.rel, PageKind::kBtree);
  PageGuard old_right;
  if (!view.is_rightmost()) {
    old_right = tree_.FetchNode(view.opaque().right, view.level(), LatchMode::kExclusive);
  }
  btree_internal::SplitNode(node, right, old_right ? &old_right : nullptr, plan, tuple,
                            child ? &child : nullptr);
  old_right.Release();
  right.Release();
  child.Release();
  InsertParent(std::move(node), stack);
}

void BTree::Writer::InsertParent(PageGuard left, const Stack& stack) {
  const Node view = tree_.NodeOf(left);
  const TupleView high_key = view.HighKey();
  const std::string downlink = MakeInternalTuple(high_key.key, high_key.tid, view.opaque().right);
  if (view.is_root()) {
    PageGuard root = tree_.pool.Extend(tree_.rel, PageKind::kBtree);
    PageGuard meta = tree_.Fetch(kMetaBlock, LatchMode::kExclusive);
    if (btree_internal::ReadMeta(meta.page(), tree_.name).root != left.block()) {
      view.ThrowCorrupt("root flag on a page the meta page does not point at");
    }
    btree_internal::MakeNewRoot(meta, root, left, downlink);
    return;
  }
  auto [parent, slot] = FindDownlink(left.block(), view.level() + 1, stack);
  InsertIntoNode(std::move(parent), static_cast<SlotNumber>(slot + 1), downlink, stack,
                 std::move(left));
}

std::pair<PageGuard, SlotNumber> BTree::Writer::FindDownlink(BlockNumber child,
                                                             uint32_t parent_level,
                                                             const Stack& stack) {
  BlockNumber start = kInvalidBlock;
  for (const btree_internal::StackEntry& entry : stack) {
    if (entry.level == parent_level) start = entry.block;
  }
  // No stack entry: the tree grew above the root our descent started from. Search the
  // level from its left end (PostgreSQL does the same); this happens once per new level.
  PageGuard parent =
      start != kInvalidBlock
          ? tree_.FetchNode(start, parent_level, LatchMode::kExclusive)
          : btree_internal::LeftmostAtLevel(tree_, parent_level, LatchMode::kExclusive);
  for (;;) {
    const Node node = tree_.NodeOf(parent);
    if (node.incomplete_split()) {
      // Finish it first, so the page about to change has its right half linked.
      const BlockNumber block = parent.block();
      InsertParent(std::move(parent), stack);
      parent = tree_.FetchNode(block, parent_level, LatchMode::kExclusive);
      continue;
    }
    for (SlotNumber slot = node.FirstDataSlot(); slot <= node.LastSlot(); ++slot) {
      if (node.Tuple(slot).child == child) return {std::move(parent), slot};
    }
    if (node.is_rightmost()) {
      throw Error(sqlstate::kIndexCorrupted, "failed to re-find parent key in index \"" +
                                                 std::string(tree_.name) +
                                                 "\" for split of block " + std::to_string(child));
    }
    const BlockNumber right = node.opaque().right;
    parent.Release();
    parent = tree_.FetchNode(right, parent_level, LatchMode::kExclusive);
  }
}

namespace {

// PostgreSQL's _bt_check_third_page message, without its "version 4" (our tuple format is
// not nbtree's) and with our own maximum.
void CheckKeySize(std::string_view key, TupleId tid, const std::string& index_name) {
  if (key.size() <= BTree::kMaxKeySize) return;
  throw Error(sqlstate::kProgramLimitExceeded,
              "index row size " + std::to_string(key.size() + btree_internal::kLeafHeaderSize) +
                  " exceeds btree maximum " + std::to_string(btree_internal::kMaxLeafTupleSize) +
                  " for index \"" + index_name + "\"")
      .WithDetail("Index row references tuple (" + std::to_string(tid.block) + "," +
                  std::to_string(tid.slot) + ").")
      .WithHint(
          "Values larger than 1/3 of a buffer page cannot be indexed.\nConsider a function "
          "index of an MD5 hash of the value, or use full text indexing.");
}

// The slot where (key, tid) goes on `node`; XX000 if it is already there.
SlotNumber InsertSlot(const Node& node, const SearchKey& search, std::string_view index_name) {
  const SlotNumber slot = node.LowerBound(search);
  if (slot <= node.LastSlot() && Compare(search, node.Tuple(slot)) == 0) {
    throw Error(sqlstate::kInternalError, "duplicate entry for tuple (" +
                                              std::to_string(search.tid.block) + "," +
                                              std::to_string(search.tid.slot) + ") in index \"" +
                                              std::string(index_name) + "\"");
  }
  return slot;
}

// Outcome of scanning the entries equal to a key in a unique index.
struct UniqueVerdict {
  enum class Kind { kUnique, kConflict, kWait } kind = Kind::kUnique;
  TupleId tid;  // the entry to wait for
};

// Visits every live entry whose key equals `key`, starting on `first` (exclusively latched,
// the first page that may hold the key) and going right while the high key still equals
// `key`; siblings are latched shared, one at a time, while `first` stays latched.
UniqueVerdict CheckUnique(const btree_internal::TreeRef& tree, PageGuard& first,
                          std::string_view key, const UniqueCheck& check) {
  const SearchKey search{key, TupleId{}, SearchKey::Mode::kBefore};
  PageGuard sibling;
  SlotNumber slot = tree.NodeOf(first).LowerBound(search);
  for (;;) {
    const Node node = tree.NodeOf(sibling ? sibling : first);
    for (; slot <= node.LastSlot(); ++slot) {
      const TupleView tuple = node.Tuple(slot);
      if (CompareKeys(tuple.key, key) != 0) return {};
      if (tuple.dead()) continue;
      switch (check.liveness(tuple.tid)) {
        case TupleLiveness::kDead:
          break;
        case TupleLiveness::kDeadToAll:
          // Only `first` is latched exclusively; on a sibling the entry stays for a scan.
          if (!sibling) btree_internal::MarkDead(first, slot);
          break;
        case TupleLiveness::kLive:
          return {UniqueVerdict::Kind::kConflict, tuple.tid};
        case TupleLiveness::kInProgress:
          return {UniqueVerdict::Kind::kWait, tuple.tid};
      }
    }
    if (node.is_rightmost() || CompareKeys(node.HighKey().key, key) != 0) return {};
    const BlockNumber right = node.opaque().right;
    sibling.Release();
    sibling = tree.FetchNode(right, 0, LatchMode::kShared);
    slot = tree.NodeOf(sibling).FirstDataSlot();
  }
}

}  // namespace

BTree BTree::Create(BufferPool& pool, RelFileNumber rel, std::string name) {
  if (pool.storage().NumBlocks(rel) != 0) {
    throw Error(sqlstate::kInternalError,
                "cannot create index \"" + name + "\" in a relation that is not empty");
  }
  PageGuard meta = pool.Extend(rel, PageKind::kMeta);
  PageGuard root = pool.Extend(rel, PageKind::kBtree);
  if (meta.block() != kMetaBlock) {
    throw Error(sqlstate::kInternalError, "index \"" + name + "\" was extended concurrently");
  }
  btree_internal::InitIndex(meta, root);
  root.Release();
  meta.Release();
  return BTree(pool, rel, std::move(name));
}

BTree::BTree(BufferPool& pool, RelFileNumber rel, std::string name)
    : pool_(&pool), rel_(rel), name_(std::move(name)) {
  const PageGuard meta = pool.Fetch(rel, kMetaBlock, LatchMode::kShared);
  btree_internal::ReadMeta(meta.page(), name_);
}

void BTree::Insert(std::string_view key, TupleId tid) {
  CheckKeySize(key, tid, name_);
  Writer writer(*this);
  const SearchKey search{key, tid, SearchKey::Mode::kExact};
  Stack stack;
  PageGuard leaf = btree_internal::Descend(writer.tree(), search, 0, LatchMode::kExclusive, stack,
                                           writer.finisher());
  const SlotNumber slot = InsertSlot(writer.tree().NodeOf(leaf), search, name_);
  writer.InsertIntoNode(std::move(leaf), slot, MakeLeafTuple(key, tid), stack, PageGuard());
}

void BTree::InsertUnique(std::string_view key, TupleId tid, const UniqueCheck& check) {
  CheckKeySize(key, tid, name_);
  if (!check.liveness || !check.wait) {
    throw Error(sqlstate::kInternalError,
                "unique insert into index \"" + name_ + "\" without a liveness check");
  }
  Writer writer(*this);
  const btree_internal::TreeRef& tree = writer.tree();
  const SearchKey first_search{key, TupleId{}, SearchKey::Mode::kBefore};
  const SearchKey search{key, tid, SearchKey::Mode::kExact};
  for (;;) {
    Stack stack;
    PageGuard first = btree_internal::Descend(tree, first_search, 0, LatchMode::kExclusive, stack,
                                              writer.finisher());
    const UniqueVerdict verdict = CheckUnique(tree, first, key, check);
    if (verdict.kind == UniqueVerdict::Kind::kWait) {
      first.Release();
      check.wait(verdict.tid);
      continue;
    }
    if (verdict.kind == UniqueVerdict::Kind::kConflict) {
      first.Release();
      const std::string described = check.describe_key ? check.describe_key(key) : "";
      throw Error(sqlstate::kUniqueViolation, "duplicate key value violates unique constraint \"" +
                                                  check.constraint_name + "\"")
          .WithDetail("Key " + described + " already exists.")
          .WithConstraint(check.constraint_name);
    }
    // Insert on the page covering (key, tid), which may lie right of `first`; `first` stays
    // latched until the entry is in, so the next inserter of the key sees it.
    PageGuard target;
    for (;;) {
      const Node node = tree.NodeOf(target ? target : first);
      if (target && node.incomplete_split()) {
        const BlockNumber block = target.block();
        writer.InsertParent(std::move(target), stack);
        target = tree.FetchNode(block, 0, LatchMode::kExclusive);
        continue;
      }
      if (!node.MustMoveRight(search)) break;
      target = tree.FetchNode(node.opaque().right, 0, LatchMode::kExclusive);
    }
    PageGuard& page = target ? target : first;
    const SlotNumber slot = InsertSlot(tree.NodeOf(page), search, name_);
    writer.InsertIntoNode(std::move(page), slot, MakeLeafTuple(key, tid), stack, PageGuard());
    return;
  }
}

bool BTree::MarkDeadIf(std::string_view key, TupleId tid, const std::function<bool()>& still_dead) {
  const btree_internal::TreeRef tree{*pool_, rel_, name_};
  const SearchKey search{key, tid, SearchKey::Mode::kExact};
  Stack stack;
  PageGuard leaf = btree_internal::Descend(tree, search, 0, LatchMode::kExclusive, stack, nullptr);
  const Node node = tree.NodeOf(leaf);
  const SlotNumber slot = node.LowerBound(search);
  if (slot > node.LastSlot()) return false;
  const TupleView tuple = node.Tuple(slot);
  if (Compare(search, tuple) != 0 || tuple.dead() || !still_dead()) return false;
  btree_internal::MarkDead(leaf, slot);
  return true;
}

bool BTree::Delete(std::string_view key, TupleId tid) {
  return MarkDeadIf(key, tid, [] { return true; });
}

std::vector<TupleId> BTree::Lookup(std::string_view key) {
  std::vector<TupleId> tids;
  BTreeScan scan(*this);
  scan.SetUpperBound(key, true);
  scan.Seek(key, true);
  IndexEntry entry;
  while (scan.Next(entry) && entry.key == key) tids.push_back(entry.tid);
  return tids;
}

}  // namespace granary::storage
