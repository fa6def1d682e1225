// The descent from the root and "move right" (see btree_search.hpp).
#include "storage/btree/btree_search.hpp"

#include <string>
#include <utility>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::storage::btree_internal {

PageGuard TreeRef::FetchNode(BlockNumber block, uint32_t level, LatchMode mode) const {
  PageGuard guard = Fetch(block, mode);
  const Node node = NodeOf(guard);
  if (node.level() != level) {
    node.ThrowCorrupt("level " + std::to_string(node.level()) + " where " + std::to_string(level) +
                      " was expected");
  }
  return guard;
}

MetaData TreeRef::ReadMetaPage() const {
  const PageGuard meta = Fetch(kMetaBlock, LatchMode::kShared);
  return ReadMeta(meta.page(), name);
}

PageGuard MoveRight(const TreeRef& tree, PageGuard guard, const SearchKey& search, LatchMode mode,
                    const Stack& stack, const SplitFinisher* finish) {
  for (;;) {
    const Node node = tree.NodeOf(guard);
    if (finish != nullptr && node.incomplete_split()) {
      const BlockNumber block = guard.block();
      const uint32_t level = node.level();
      if (mode == LatchMode::kShared) {
        guard.Release();
        guard = tree.FetchNode(block, level, LatchMode::kExclusive);
      }
      if (tree.NodeOf(guard).incomplete_split()) {
        (*finish)(std::move(guard), stack);
      } else {
        guard.Release();
      }
      guard = tree.FetchNode(block, level, mode);
      continue;
    }
    if (!node.MustMoveRight(search)) return guard;
    const BlockNumber right = node.opaque().right;
    const uint32_t level = node.level();
    guard.Release();
    guard = tree.FetchNode(right, level, mode);
  }
}

PageGuard Descend(const TreeRef& tree, const SearchKey& search, uint32_t target_level,
                  LatchMode target_mode, Stack& stack, const SplitFinisher* finish) {
  const MetaData meta = tree.ReadMetaPage();
  if (meta.root_level < target_level) {
    throw Error(sqlstate::kInternalError, "index \"" + std::string(tree.name) + "\" has no level " +
                                              std::to_string(target_level));
  }
  stack.clear();
  BlockNumber block = meta.root;
  for (uint32_t level = meta.root_level;; --level) {
    const LatchMode mode = level == target_level ? target_mode : LatchMode::kShared;
    PageGuard guard =
        MoveRight(tree, tree.FetchNode(block, level, mode), search, mode, stack, finish);
    if (level == target_level) return guard;
    const Node node = tree.NodeOf(guard);
    block = node.Tuple(node.ChildSlot(search)).child;
    stack.push_back(StackEntry{guard.block(), level});
  }
}

PageGuard LeftmostAtLevel(const TreeRef& tree, uint32_t level, LatchMode mode) {
  const MetaData meta = tree.ReadMetaPage();
  if (meta.root_level < level) {
    throw Error(sqlstate::kInternalError,
                "index \"" + std::string(tree.name) + "\" has no level " + std::to_string(level));
  }
  BlockNumber block = meta.root;
  for (uint32_t current = meta.root_level;; --current) {
    PageGuard guard = tree.FetchNode(block, current, current == level ? mode : LatchMode::kShared);
    // The root is leftmost on its level; following first downlinks stays leftmost, since
    // pages are never deleted.
    if (current == level) return guard;
    const Node node = tree.NodeOf(guard);
    block = node.Tuple(node.FirstDataSlot()).child;
  }
}

PageGuard RightmostAtLevel(const TreeRef& tree, uint32_t level, LatchMode mode) {
  const MetaData meta = tree.ReadMetaPage();
  if (meta.root_level < level) {
    throw Error(sqlstate::kInternalError,
                "index \"" + std::string(tree.name) + "\" has no level " + std::to_string(level));
  }
  BlockNumber block = meta.root;
  for (uint32_t current = meta.root_level;; --current) {
    const LatchMode current_mode = current == level ? mode : LatchMode::kShared;
    PageGuard guard = tree.FetchNode(block, current, current_mode);
    for (BlockNumber right = tree.NodeOf(guard).opaque().right; right != kInvalidBlock;
         right = tree.NodeOf(guard).opaque().right) {
      guard.Release();
      guard = tree.FetchNode(right, current, current_mode);
    }
    if (current == level) return guard;
    const Node node = tree.NodeOf(guard);
    block = node.Tuple(node.LastSlot()).child;
  }
}

}  // namespace granary::storage::btree_internal
