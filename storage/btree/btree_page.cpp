// B-tree page format: building and reading tuples, comparisons, and the searches within one
// page (PostgreSQL's _bt_binsrch and _bt_compare). Nothing here changes a page.
#include "storage/btree/btree_page.hpp"

#include <cstring>
#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::storage::btree_internal {
namespace {

template <typename T>
void Append(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

int Sign(int value) { return (value > 0) - (value < 0); }

}  // namespace

std::string MakeLeafTuple(std::string_view key, TupleId tid, uint16_t flags) {
  std::string tuple;
  tuple.reserve(kLeafHeaderSize + key.size());
  Append(tuple, tid.block);
  Append(tuple, tid.slot);
  Append(tuple, flags);
  tuple.append(key);
  return tuple;
}

std::string MakeInternalTuple(std::string_view key, TupleId tid, BlockNumber child,
                              uint16_t flags) {
  std::string tuple;
  tuple.reserve(kInternalHeaderSize + key.size());
  Append(tuple, tid.block);
  Append(tuple, tid.slot);
  Append(tuple, flags);
  Append(tuple, child);
  tuple.append(key);
  return tuple;
}

int CompareKeys(std::string_view left, std::string_view right) {
  const size_t common = std::min(left.size(), right.size());
  const int order = common == 0 ? 0 : std::memcmp(left.data(), right.data(), common);
  if (order != 0) return Sign(order);
  return (left.size() > right.size()) - (left.size() < right.size());
}

int CompareToBound(std::string_view key, std::string_view bound) {
  if (key.size() >= bound.size()) return CompareKeys(key.substr(0, bound.size()), bound);
  return CompareKeys(key, bound);  // a key shorter than the bound cannot begin with it
}

int CompareTids(TupleId left, TupleId right) {
  if (left.block != right.block) return left.block < right.block ? -1 : 1;
  return (left.slot > right.slot) - (left.slot < right.slot);
}

int Compare(const SearchKey& search, const TupleView& tuple) {
  if (tuple.minus_infinity()) return 1;
  switch (search.mode) {
    case SearchKey::Mode::kBefore: {
      const int order = CompareKeys(search.key, tuple.key);
      return order != 0 ? order : -1;
    }
    case SearchKey::Mode::kExact: {
      const int order = CompareKeys(search.key, tuple.key);
      return order != 0 ? order : CompareTids(search.tid, tuple.tid);
    }
    case SearchKey::Mode::kAfterPrefix: {
      const int order = -CompareToBound(tuple.key, search.key);
      return order != 0 ? order : 1;
    }
  }
  return 0;
}

Node::Node(Page page, BlockNumber block, std::string_view index_name)
    : page_(page), block_(block), index_name_(index_name) {
  if (page.kind() != PageKind::kBtree) ThrowCorrupt("unexpected page kind");
  const std::span<std::byte> special = page_.Special();
  if (special.size() != sizeof(NodeOpaque)) ThrowCorrupt("bad special space");
  std::memcpy(&opaque_, special.data(), sizeof(NodeOpaque));
  if (!is_rightmost() && page_.ItemCount() < kHighKeySlot) ThrowCorrupt("missing high key");
}

void Node::ThrowShortTuple(SlotNumber slot) const { ThrowCorrupt("item " + std::to_string(slot) + " too short"); }

TupleView Node::HighKey() const { return Tuple(kHighKeySlot); }

bool Node::MustMoveRight(const SearchKey& search) const {
  return !is_rightmost() && Compare(search, HighKey()) >= 0;
}

SlotNumber Node::LowerBound(const SearchKey& search) const {
  SlotNumber low = FirstDataSlot();
  SlotNumber high = static_cast<SlotNumber>(LastSlot() + 1);
  while (low < high) {
    const auto middle = static_cast<SlotNumber>(low + (high - low) / 2);
    if (Compare(search, Tuple(middle)) > 0) {
      low = static_cast<SlotNumber>(middle + 1);
    } else {
      high = middle;
    }
  }
  return low;
}

SlotNumber Node::ChildSlot(const SearchKey& search) const {
  // The last data item <= search; the first (minus infinity) always is.
  SlotNumber low = FirstDataSlot();
  SlotNumber high = static_cast<SlotNumber>(LastSlot() + 1);
  if (low >= high) ThrowCorrupt("internal page without downlinks");
  while (high - low > 1) {
    const auto middle = static_cast<SlotNumber>(low + (high - low) / 2);
    if (Compare(search, Tuple(middle)) >= 0) {
      low = middle;
    } else {
      high = middle;
    }
  }
  return low;
}

void Node::ThrowCorrupt(const std::string& what) const {
  throw Error(sqlstate::kIndexCorrupted, "index \"" + std::string(index_name_) +
                                             "\" contains a corrupted page at block " +
                                             std::to_string(block_) + ": " + what);
}

NodeOpaque ReadOpaque(Page page) {
  NodeOpaque opaque;
  if (page.Special().size() != sizeof(NodeOpaque)) {
    throw Error(sqlstate::kIndexCorrupted, "btree page without node special space");
  }
  std::memcpy(&opaque, page.Special().data(), sizeof(NodeOpaque));
  return opaque;
}

void WriteOpaque(Page page, const NodeOpaque& opaque) {
  std::memcpy(page.Special().data(), &opaque, sizeof(NodeOpaque));
}

MetaData ReadMeta(Page page, std::string_view index_name) {
  MetaData meta;
  const std::span<std::byte> special = page.Special();
  if (page.kind() != PageKind::kMeta || special.size() != sizeof(MetaData)) {
    throw Error(sqlstate::kIndexCorrupted,
                "index \"" + std::string(index_name) + "\" is not a btree");
  }
  std::memcpy(&meta, special.data(), sizeof(MetaData));
  if (meta.magic != kMetaMagic) {
    throw Error(sqlstate::kIndexCorrupted,
                "index \"" + std::string(index_name) + "\" is not a btree");
  }
  if (meta.version != kBtreeVersion) {
    throw Error(sqlstate::kIndexCorrupted,
                "index \"" + std::string(index_name) + "\" has wrong version number " +
                    std::to_string(meta.version) + ", expected " + std::to_string(kBtreeVersion));
  }
  return meta;
}

}  // namespace granary::storage::btree_internal
