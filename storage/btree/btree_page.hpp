// B-tree page format and read-only page logic (internal to storage/btree).
//
// Every B-tree page is a slotted page (page/page.hpp) of kind PageKind::kBtree whose special
// space holds a NodeOpaque: left and right sibling links, the level (0 = leaf) and flags.
// As in PostgreSQL's nbtree, a page that is not the rightmost of its level stores its high
// key in slot 1 (kHighKeySlot) and its data items from slot 2; the rightmost page has no
// high key and data from slot 1. The first data item of an internal page is "minus
// infinity": it carries a downlink but no key.
//
// Tuples (all fields memcpy'd, host byte order like heap tuples):
//   leaf tuple      tid block u32 | tid slot u16 | flags u16 | key bytes
//   internal tuple  tid block u32 | tid slot u16 | flags u16 | child block u32 | key bytes
// A leaf high key has the leaf layout; an internal high key the internal layout with child
// kInvalidBlock. Entries are ordered by (key bytes by memcmp, then tid), so every entry of an
// index is distinct and pivots (high keys and downlink keys) are exact (key, tid) pairs
// (PostgreSQL 12's "heap TID as a tiebreaker key column", without suffix truncation).
//
// Block 0 is the meta page: kind PageKind::kMeta, special space = MetaData.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "storage/heap/heap_file.hpp"
#include "storage/page/page.hpp"

namespace granary::storage::btree_internal {

// --- Meta page ---------------------------------------------------------------------------

inline constexpr BlockNumber kMetaBlock = 0;
inline constexpr uint32_t kMetaMagic = 0x47425452;  // "GBTR"
inline constexpr uint32_t kBtreeVersion = 1;

struct MetaData {
  uint32_t magic = kMetaMagic;
  uint32_t version = kBtreeVersion;
  BlockNumber root = kInvalidBlock;
  uint32_t root_level = 0;
};
static_assert(sizeof(MetaData) == 16);

// --- Node pages --------------------------------------------------------------------------

enum NodeFlag : uint16_t {
  kRootFlag = 0x0001,             // this page is the root (meta page points at it)
  kIncompleteSplitFlag = 0x0002,  // split, but the right half's downlink is not yet in the
                                  // parent (PostgreSQL's BTP_INCOMPLETE_SPLIT)
};

struct NodeOpaque {
  BlockNumber left = kInvalidBlock;   // left sibling on the same level
  BlockNumber right = kInvalidBlock;  // right sibling; kInvalidBlock on the rightmost page
  uint32_t level = 0;                 // 0 for leaves
  uint16_t flags = 0;
  uint16_t reserved = 0;  // for vacuum's cycle id
};
static_assert(sizeof(NodeOpaque) == 16);

inline constexpr SlotNumber kHighKeySlot = 1;

// Tuple flags.
inline constexpr uint16_t kDeadTuple = 0x0001;           // leaf: the entry was deleted
inline constexpr uint16_t kMinusInfinityTuple = 0x0002;  // internal: first downlink, no key

inline constexpr size_t kTupleFlagsOffset = 6;
inline constexpr size_t kLeafHeaderSize = 8;
inline constexpr size_t kInternalHeaderSize = 12;

// Bytes available to items on a node page: the page minus header and special space.
inline constexpr size_t kPageHeaderSize = 24;
inline constexpr size_t kItemIdSize = 4;
inline constexpr size_t kNodeCapacity = kPageSize - kPageHeaderSize - sizeof(NodeOpaque);
// Space an item of `size` bytes takes on a page, its ItemId included.
constexpr size_t ItemFootprint(size_t size) { return ((size + 7) & ~size_t{7}) + kItemIdSize; }
// Every page must take at least three items (two data items and a high key) so that a split
// always succeeds: an internal tuple may use at most a third of a page (PostgreSQL's
// BTMaxItemSize, the "1/3 of a page" rule).
inline constexpr size_t kMaxInternalTupleSize = ((kNodeCapacity / 3 - kItemIdSize) & ~size_t{7});
inline constexpr size_t kMaxKeySize = kMaxInternalTupleSize - kInternalHeaderSize;
inline constexpr size_t kMaxLeafTupleSize = kMaxKeySize + kLeafHeaderSize;
static_assert(3 * ItemFootprint(kMaxInternalTupleSize) <= kNodeCapacity);

// A tuple read from a page. `key` points into the page (valid while it is latched).
struct TupleView {
  std::string_view key;
  TupleId tid;
  uint16_t flags = 0;
  BlockNumber child = kInvalidBlock;  // internal tuples only

  bool dead() const { return (flags & kDeadTuple) != 0; }
  bool minus_infinity() const { return (flags & kMinusInfinityTuple) != 0; }
};

// Parses a tuple of a leaf or internal page; false if `item` is too short to be one.
// Inline, as Page::Item: searches and scans parse every tuple they look at.
inline bool ParseTuple(std::span<const std::byte> item, bool leaf, TupleView& out) {
  constexpr size_t kTidBlockOffset = 0;
  constexpr size_t kTidSlotOffset = 4;
  constexpr size_t kChildOffset = 8;
  const size_t header = leaf ? kLeafHeaderSize : kInternalHeaderSize;
  if (item.size() < header) return false;
  std::memcpy(&out.tid.block, item.data() + kTidBlockOffset, sizeof(out.tid.block));
  std::memcpy(&out.tid.slot, item.data() + kTidSlotOffset, sizeof(out.tid.slot));
  std::memcpy(&out.flags, item.data() + kTupleFlagsOffset, sizeof(out.flags));
  out.child = kInvalidBlock;
  if (!leaf) std::memcpy(&out.child, item.data() + kChildOffset, sizeof(out.child));
  out.key = std::string_view(reinterpret_cast<const char*>(item.data()) + header, item.size() - header);
  return true;
}

std::string MakeLeafTuple(std::string_view key, TupleId tid, uint16_t flags = 0);
std::string MakeInternalTuple(std::string_view key, TupleId tid, BlockNumber child,
                              uint16_t flags = 0);

// The key position a descent or scan looks for.
struct SearchKey {
  enum class Mode : uint8_t {
    kBefore,       // (key, minus infinity): before every entry whose key is >= key
    kExact,        // (key, tid)
    kAfterPrefix,  // after every entry whose key begins with key (or is less than key)
  };
  std::string_view key;
  TupleId tid;
  Mode mode = Mode::kBefore;
};

// memcmp order of byte strings, a proper prefix first: -1, 0 or 1.
int CompareKeys(std::string_view left, std::string_view right);
// Compares a key with a scan bound that matches every key beginning with it: 0 when `key`
// starts with `bound`.
int CompareToBound(std::string_view key, std::string_view bound);
int CompareTids(TupleId left, TupleId right);
// Sign of (search - tuple); a minus-infinity tuple is below every search key.
int Compare(const SearchKey& search, const TupleView& tuple);

// A read view of a latched B-tree node page; checks the page's shape on construction and
// raises XX002 (index_corrupted) naming the index and block for anything impossible.
class Node {
 public:
  Node(Page page, BlockNumber block, std::string_view index_name);

  const NodeOpaque& opaque() const { return opaque_; }
  uint32_t level() const { return opaque_.level; }
  bool is_leaf() const { return opaque_.level == 0; }
  bool is_rightmost() const { return opaque_.right == kInvalidBlock; }
  bool is_root() const { return (opaque_.flags & kRootFlag) != 0; }
  bool incomplete_split() const { return (opaque_.flags & kIncompleteSplitFlag) != 0; }
  BlockNumber block() const { return block_; }

  SlotNumber FirstDataSlot() const { return is_rightmost() ? 1 : 2; }
  SlotNumber LastSlot() const { return page_.ItemCount(); }
  TupleView Tuple(SlotNumber slot) const {
    TupleView tuple;
    if (!ParseTuple(page_.Item(slot), is_leaf(), tuple)) [[unlikely]] ThrowShortTuple(slot);
    return tuple;
  }
  TupleView HighKey() const;  // requires !is_rightmost()
  std::span<const std::byte> RawItem(SlotNumber slot) const { return page_.Item(slot); }

  // True when `search` belongs to a page further right (L&Y's "move right" test).
  bool MustMoveRight(const SearchKey& search) const;
  // First data slot whose tuple is >= search (LastSlot() + 1 if none).
  SlotNumber LowerBound(const SearchKey& search) const;
  // Internal pages: the data slot whose downlink covers `search`.
  SlotNumber ChildSlot(const SearchKey& search) const;

  [[noreturn]] void ThrowCorrupt(const std::string& what) const;

 private:
  [[noreturn]] void ThrowShortTuple(SlotNumber slot) const;

  Page page_;
  BlockNumber block_;
  std::string_view index_name_;
  NodeOpaque opaque_;
};

NodeOpaque ReadOpaque(Page page);
void WriteOpaque(Page page, const NodeOpaque& opaque);

// Reads and checks the meta page (XX002 if it is not a B-tree meta page).
MetaData ReadMeta(Page page, std::string_view index_name);

}  // namespace granary::storage::btree_internal
