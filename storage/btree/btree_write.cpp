// Page changes of the B-tree: index creation, tuple insertion, node split, new root and the
// dead mark (after PostgreSQL's _bt_insertonpg, _bt_split, _bt_findsplitloc and
// _bt_newroot). See btree_write.hpp for the contract every function here keeps.
#include "storage/btree/btree_write.hpp"

#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/btree/btree_wal.hpp"
#include "storage/wal/wal_record.hpp"

namespace granary::storage::btree_internal {
namespace {

constexpr double kEvenSplit = 0.5;
constexpr double kLeafAppendSplit = 0.9;      // PostgreSQL's BTREE_DEFAULT_FILLFACTOR
constexpr double kInternalAppendSplit = 0.7;  // BTREE_NONLEAF_FILLFACTOR

// A page built off to the side and copied over the live page in one step.
struct PageImage {
  alignas(8) std::array<std::byte, kPageSize> bytes{};
  Page page() { return Page(bytes.data()); }
};

void FormatNode(Page page, const NodeOpaque& opaque) {
  page.Init(PageKind::kBtree, sizeof(NodeOpaque));
  WriteOpaque(page, opaque);
}

void Append(Page page, std::span<const std::byte> item) {
  if (!page.AddItem(item)) {
    throw Error(sqlstate::kInternalError, "btree split produced a page that does not fit");
  }
}

std::span<const std::byte> Bytes(std::string_view text) {
  return std::as_bytes(std::span(text.data(), text.size()));
}

// Copies `image` over the live page, keeping the live page's LSN (the record sets it).
void Install(PageGuard& guard, PageImage& image) {
  Page live = guard.page();
  const uint64_t lsn = live.lsn();
  std::memcpy(live.data(), image.bytes.data(), kPageSize);
  live.set_lsn(lsn);
}

void ClearIncompleteSplit(PageGuard* child) {
  if (child == nullptr) return;
  NodeOpaque opaque = ReadOpaque(child->page());
  opaque.flags &= static_cast<uint16_t>(~kIncompleteSplitFlag);
  WriteOpaque(child->page(), opaque);
}

// One record for the change just made to `pages` (btree_wal.hpp): marks them dirty, logs,
// stamps their LSN.
void Log(uint8_t info, std::initializer_list<LoggedPage> pages, std::span<const std::byte> main = {}) {
  LogPages(ResourceManager::kBtree, info, kInvalidXid, std::span(pages.begin(), pages.size()), main);
}

// The node's data items with the incoming tuple in its place, in key order.
std::vector<std::span<const std::byte>> ItemsWithTuple(const Node& node, SlotNumber insert_slot,
                                                       std::span<const std::byte> tuple) {
  std::vector<std::span<const std::byte>> items;
  items.reserve(node.LastSlot() + 1);
  for (SlotNumber slot = node.FirstDataSlot(); slot <= node.LastSlot(); ++slot) {
    if (slot == insert_slot) items.push_back(tuple);
    items.push_back(node.RawItem(slot));
  }
  if (insert_slot == node.LastSlot() + 1) items.push_back(tuple);
  return items;
}

}  // namespace

void InitIndex(PageGuard& meta, PageGuard& root) {
  FormatNode(root.page(), NodeOpaque{kInvalidBlock, kInvalidBlock, 0, kRootFlag, 0});
  Page meta_page = meta.page();
  meta_page.Init(PageKind::kMeta, sizeof(MetaData));
  MetaData data;
  data.root = root.block();
  data.root_level = 0;
  std::memcpy(meta_page.Special().data(), &data, sizeof(data));
  Log(btree_wal::kCreateIndex, {{&meta, true, false}, {&root, true, false}});
}

bool InsertTuple(PageGuard& node, SlotNumber slot, std::string_view tuple, PageGuard* child) {
  if (!node.page().InsertItemAt(slot, Bytes(tuple))) return false;
  ClearIncompleteSplit(child);
  const std::vector<std::byte> payload = btree_wal::InsertPayload(slot, tuple);
  if (child == nullptr) {
    Log(btree_wal::kInsertLeaf, {{&node, false, false}}, payload);
  } else {
    Log(btree_wal::kInsertUpper, {{&node, false, false}, {child, false, false}}, payload);
  }
  return true;
}

SplitPlan ChooseSplit(const Node& node, SlotNumber insert_slot, size_t tuple_size) {
  std::vector<size_t> footprint;  // of each item in the combined sequence
  footprint.reserve(node.LastSlot() + 1);
  for (SlotNumber slot = node.FirstDataSlot(); slot <= node.LastSlot(); ++slot) {
    if (slot == insert_slot) footprint.push_back(ItemFootprint(tuple_size));
    footprint.push_back(ItemFootprint(node.RawItem(slot).size()));
  }
  if (insert_slot == node.LastSlot() + 1) footprint.push_back(ItemFootprint(tuple_size));

  const size_t old_high_key =
      node.is_rightmost() ? 0 : ItemFootprint(node.RawItem(kHighKeySlot).size());
  size_t total = 0;
  for (const size_t size : footprint) total += size;
  const bool appending = node.is_rightmost() && insert_slot == node.LastSlot() + 1;
  const double share =
      !appending ? kEvenSplit : (node.is_leaf() ? kLeafAppendSplit : kInternalAppendSplit);

  SplitPlan best{insert_slot, 0};
  double best_score = std::numeric_limits<double>::infinity();
  size_t left_items = 0;  // bytes of items [0, first_right)
  for (size_t first_right = 1; first_right < footprint.size(); ++first_right) {
    left_items += footprint[first_right - 1];
    // Left gets a high key the size of the first moved item; on internal levels that item
    // itself shrinks to a bare minus-infinity downlink on the right.
    const size_t left = left_items + footprint[first_right];
    const size_t first_moved =
        node.is_leaf() ? footprint[first_right] : ItemFootprint(kInternalHeaderSize);
    const size_t right = old_high_key + first_moved + (total - left_items - footprint[first_right]);
    if (left > kNodeCapacity || right > kNodeCapacity) continue;
    const double score =
        std::abs(static_cast<double>(left) - share * static_cast<double>(left + right));
    if (score < best_score) {
      best_score = score;
      best.first_right = first_right;
    }
  }
  if (best.first_right == 0) {
    throw Error(sqlstate::kInternalError,
                "could not find a split point for block " + std::to_string(node.block()));
  }
  return best;
}

void SplitNode(PageGuard& left, PageGuard& right, PageGuard* old_right, const SplitPlan& plan,
               std::string_view tuple, PageGuard* child) {
  const Node node(left.page(), left.block(), "");
  const bool leaf = node.is_leaf();
  const NodeOpaque old = node.opaque();
  const std::vector<std::span<const std::byte>> items =
      ItemsWithTuple(node, plan.insert_slot, Bytes(tuple));
  if (plan.first_right == 0 || plan.first_right >= items.size()) {
    throw Error(sqlstate::kInternalError, "bad btree split point");
  }

  TupleView first_moved;
  if (!ParseTuple(items[plan.first_right], leaf, first_moved)) node.ThrowCorrupt("short item");
  const std::string left_high_key =
      leaf ? MakeLeafTuple(first_moved.key, first_moved.tid)
           : MakeInternalTuple(first_moved.key, first_moved.tid, kInvalidBlock);

  PageImage left_image;
  FormatNode(left_image.page(),
             NodeOpaque{old.left, right.block(), old.level,
                        static_cast<uint16_t>(old.flags | kIncompleteSplitFlag), old.reserved});
  Append(left_image.page(), Bytes(left_high_key));
  for (size_t i = 0; i < plan.first_right; ++i) Append(left_image.page(), items[i]);

  PageImage right_image;
  FormatNode(right_image.page(), NodeOpaque{left.block(), old.right, old.level, 0, 0});
  if (old.right != kInvalidBlock) Append(right_image.page(), node.RawItem(kHighKeySlot));
  if (leaf) {
    Append(right_image.page(), items[plan.first_right]);
  } else {
    const std::string downlink =
        MakeInternalTuple({}, TupleId{}, first_moved.child, kMinusInfinityTuple);
    Append(right_image.page(), Bytes(downlink));
  }
  for (size_t i = plan.first_right + 1; i < items.size(); ++i) Append(right_image.page(), items[i]);

  // Every item is copied into the images before the left page is overwritten.
  Install(right, right_image);
  Install(left, left_image);
  if (old_right != nullptr) {
    NodeOpaque sibling = ReadOpaque(old_right->page());
    sibling.left = right.block();
    WriteOpaque(old_right->page(), sibling);
  }
  ClearIncompleteSplit(child);

  std::vector<LoggedPage> pages = {{&left, true, false}, {&right, true, false}};
  uint8_t flags = 0;
  if (old_right != nullptr) {
    pages.push_back({old_right, false, false});
    flags |= btree_wal::kSplitHasOldRight;
  }
  if (child != nullptr) {
    pages.push_back({child, false, false});
    flags |= btree_wal::kSplitHasChild;
  }
  const std::byte main[] = {static_cast<std::byte>(flags)};
  LogPages(ResourceManager::kBtree, btree_wal::kSplit, kInvalidXid, pages, main);
}

void MakeNewRoot(PageGuard& meta, PageGuard& root, PageGuard& left, std::string_view downlink) {
  NodeOpaque left_opaque = ReadOpaque(left.page());
  Page root_page = root.page();
  FormatNode(root_page,
             NodeOpaque{kInvalidBlock, kInvalidBlock, left_opaque.level + 1, kRootFlag, 0});
  const std::string first = MakeInternalTuple({}, TupleId{}, left.block(), kMinusInfinityTuple);
  Append(root_page, Bytes(first));
  Append(root_page, Bytes(downlink));

  left_opaque.flags &= static_cast<uint16_t>(~(kRootFlag | kIncompleteSplitFlag));
  WriteOpaque(left.page(), left_opaque);

  MetaData data;
  std::memcpy(&data, meta.page().Special().data(), sizeof(data));
  data.root = root.block();
  data.root_level = left_opaque.level + 1;
  std::memcpy(meta.page().Special().data(), &data, sizeof(data));
  Log(btree_wal::kNewRoot, {{&meta, true, false}, {&root, true, false}, {&left, false, false}});
}

void MarkDead(PageGuard& leaf, SlotNumber slot) {
  const std::span<std::byte> item = leaf.page().Item(slot);
  uint16_t flags = 0;
  std::memcpy(&flags, item.data() + kTupleFlagsOffset, sizeof(flags));
  flags |= kDeadTuple;
  std::memcpy(item.data() + kTupleFlagsOffset, &flags, sizeof(flags));
  leaf.MarkDirtyHint();
}

void RemoveLeafItems(Page page, std::span<const SlotNumber> slots) {
  const NodeOpaque opaque = ReadOpaque(page);
  const SlotNumber first_data = opaque.right == kInvalidBlock ? 1 : 2;
  const SlotNumber last = page.ItemCount();
  for (const SlotNumber slot : slots) {
    if (slot < first_data || slot > last) {
      throw Error(sqlstate::kInternalError,
                  "cannot remove item " + std::to_string(slot) + " of a B-tree leaf");
    }
  }
  PageImage image;
  FormatNode(image.page(), opaque);
  size_t next = 0;
  for (SlotNumber slot = 1; slot <= last; ++slot) {
    if (next < slots.size() && slots[next] == slot) {
      ++next;
      continue;
    }
    Append(image.page(), page.Item(slot));
  }
  const uint64_t lsn = page.lsn();
  std::memcpy(page.data(), image.bytes.data(), kPageSize);
  page.set_lsn(lsn);
}

bool RemoveDeadEntries(PageGuard& leaf, SlotNumber& slot) {
  const Node node(leaf.page(), leaf.block(), "");
  if (!node.is_leaf()) return false;
  std::vector<SlotNumber> dead;
  SlotNumber before_slot = 0;
  for (SlotNumber item = node.FirstDataSlot(); item <= node.LastSlot(); ++item) {
    if (!node.Tuple(item).dead()) continue;
    dead.push_back(item);
    if (item < slot) ++before_slot;
  }
  if (dead.empty()) return false;
  DeleteLeafItems(leaf, dead);
  slot = static_cast<SlotNumber>(slot - before_slot);
  return true;
}

void DeleteLeafItems(PageGuard& leaf, std::span<const SlotNumber> slots) {
  RemoveLeafItems(leaf.page(), slots);
  const std::vector<std::byte> payload = btree_wal::VacuumLeafPayload(slots);
  Log(btree_wal::kVacuumLeaf, {{&leaf, false, false}}, payload);
}

}  // namespace granary::storage::btree_internal
