// FreeSpaceMap: per-relation max-trees of free bytes per page (see free_space_map.hpp).
#include "storage/fsm/free_space_map.hpp"

#include <algorithm>

namespace granary::storage {
namespace {

constexpr size_t kInitialLeaves = 16;

uint16_t Clamp(size_t free_bytes) {
  return static_cast<uint16_t>(std::min<size_t>(free_bytes, kPageSize));
}

}  // namespace

void FreeSpaceMap::Tree::Grow(size_t blocks) {
  if (blocks <= leaves) return;
  size_t capacity = std::max(leaves, kInitialLeaves);
  while (capacity < blocks) capacity *= 2;
  std::vector<uint16_t> old_leaves;
  if (leaves > 0) old_leaves.assign(nodes.begin() + static_cast<ptrdiff_t>(leaves), nodes.end());
  leaves = capacity;
  nodes.assign(2 * capacity, 0);
  for (size_t block = 0; block < old_leaves.size(); ++block) Set(block, old_leaves[block]);
}

void FreeSpaceMap::Tree::Set(size_t block, uint16_t value) {
  size_t node = leaves + block;
  nodes[node] = value;
  for (node /= 2; node >= 1; node /= 2) {
    const uint16_t top = std::max(nodes[2 * node], nodes[2 * node + 1]);
    if (nodes[node] == top) break;  // ancestors are unchanged too
    nodes[node] = top;
  }
}

void FreeSpaceMap::Record(RelFileNumber rel, BlockNumber block, size_t free_bytes) {
  std::lock_guard lock(mutex_);
  Tree& tree = trees_[rel];
  const uint16_t value = Clamp(free_bytes);
  if (block >= tree.leaves) {
    if (value == 0) return;  // unknown already reads as full
    tree.Grow(size_t{block} + 1);
  }
  tree.Set(block, value);
}

std::optional<BlockNumber> FreeSpaceMap::Find(RelFileNumber rel, size_t needed) {
  std::lock_guard lock(mutex_);
  const auto it = trees_.find(rel);
  if (it == trees_.end() || it->second.leaves == 0) return std::nullopt;
  const Tree& tree = it->second;
  if (tree.nodes[1] < needed || needed > kPageSize) return std::nullopt;
  size_t node = 1;
  while (node < tree.leaves) node = tree.nodes[2 * node] >= needed ? 2 * node : 2 * node + 1;
  return static_cast<BlockNumber>(node - tree.leaves);
}

size_t FreeSpaceMap::Get(RelFileNumber rel, BlockNumber block) {
  std::lock_guard lock(mutex_);
  const auto it = trees_.find(rel);
  if (it == trees_.end() || block >= it->second.leaves) return 0;
  return it->second.nodes[it->second.leaves + block];
}

void FreeSpaceMap::Truncate(RelFileNumber rel, BlockNumber blocks) {
  std::lock_guard lock(mutex_);
  const auto it = trees_.find(rel);
  if (it == trees_.end()) return;
  Tree& tree = it->second;
  for (size_t block = blocks; block < tree.leaves; ++block) {
    if (tree.nodes[tree.leaves + block] != 0) tree.Set(block, 0);
  }
}

void FreeSpaceMap::Forget(RelFileNumber rel) {
  std::lock_guard lock(mutex_);
  trees_.erase(rel);
}

}  // namespace granary::storage
