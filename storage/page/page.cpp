// The slotted 8 KiB page (after PostgreSQL's bufpage.c): header fields, line pointers
// (ItemIds), item placement and compaction, and the page checksum.
//
// Header fields and ItemIds are read and written with memcpy, so a Page may view any byte
// buffer regardless of alignment. Item data starts on 8-byte boundaries (PostgreSQL's
// MAXALIGN) so that the special space and items keep their alignment when the page is copied
// into an aligned buffer.
#include "storage/page/page.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "common/crc32c.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::storage {

using namespace page_format;

namespace {

// PageHeader field offsets (24 bytes in all).
constexpr size_t kLsnOffset = 0;
constexpr size_t kChecksumOffset = 8;
constexpr size_t kFlagsOffset = 12;
constexpr size_t kKindVersionOffset = 20;
constexpr size_t kPruneHintOffset = 22;
static_assert(kPruneHintOffset + sizeof(uint16_t) == kHeaderSize);

constexpr size_t kAlignment = 8;
constexpr uint16_t kLayoutVersion = 1;
constexpr uint16_t kKindMask = 0x00FF;
constexpr unsigned kVersionShift = 8;

// flags: some ItemId is unused and may be handed out again (PostgreSQL's PD_HAS_FREE_LINES).
constexpr uint16_t kHasFreeItemIds = 0x0001;
constexpr uint16_t kKnownFlags = kHasFreeItemIds;

constexpr size_t AlignUp(size_t n) { return (n + kAlignment - 1) & ~(kAlignment - 1); }
constexpr size_t AlignDown(size_t n) { return n & ~(kAlignment - 1); }

struct ItemId {
  uint16_t offset = 0;
  ItemState state = ItemState::kUnused;
  uint16_t length = 0;
};

uint32_t EncodeItemId(const ItemId& item) {
  return (static_cast<uint32_t>(item.offset) & kFieldMask) |
         ((static_cast<uint32_t>(item.state) & kStateMask) << kStateShift) |
         ((static_cast<uint32_t>(item.length) & kFieldMask) << kLengthShift);
}

ItemId DecodeItemId(uint32_t bits) {
  return ItemId{static_cast<uint16_t>(bits & kFieldMask),
                static_cast<ItemState>((bits >> kStateShift) & kStateMask),
                static_cast<uint16_t>((bits >> kLengthShift) & kFieldMask)};
}

template <typename T>
T Load(const std::byte* data, size_t offset) {
  T value;
  std::memcpy(&value, data + offset, sizeof(T));
  return value;
}

template <typename T>
void Store(std::byte* data, size_t offset, T value) {
  std::memcpy(data + offset, &value, sizeof(T));
}

size_t ItemIdOffset(SlotNumber slot) { return kHeaderSize + (slot - 1) * kItemIdSize; }

ItemId GetItemId(const std::byte* data, SlotNumber slot) {
  return DecodeItemId(Load<uint32_t>(data, ItemIdOffset(slot)));
}

void PutItemId(std::byte* data, SlotNumber slot, const ItemId& item) {
  Store<uint32_t>(data, ItemIdOffset(slot), EncodeItemId(item));
}

}  // namespace

void Page::Init(PageKind kind, size_t special_size) {
  const size_t special = AlignUp(special_size);
  if (special > kPageSize - kHeaderSize) {
    throw Error(sqlstate::kInternalError,
                "special space of " + std::to_string(special_size) + " bytes does not fit a page");
  }
  std::memset(data_, 0, kPageSize);
  Store<uint16_t>(data_, kLowerOffset, kHeaderSize);
  Store<uint16_t>(data_, kUpperOffset, static_cast<uint16_t>(kPageSize - special));
  Store<uint16_t>(data_, kSpecialOffset, static_cast<uint16_t>(kPageSize - special));
  Store<uint16_t>(
      data_, kKindVersionOffset,
      static_cast<uint16_t>(static_cast<uint16_t>(kind) | (kLayoutVersion << kVersionShift)));
}

bool Page::IsNew() const {
  // An initialised page always has upper > 0, so the cheap test rejects almost every page.
  if (Load<uint16_t>(data_, kUpperOffset) != 0) return false;
  return std::all_of(data_, data_ + kPageSize, [](std::byte b) { return b == std::byte{0}; });
}

PageKind Page::kind() const {
  return static_cast<PageKind>(Load<uint16_t>(data_, kKindVersionOffset) & kKindMask);
}

uint64_t Page::lsn() const { return Load<uint64_t>(data_, kLsnOffset); }

void Page::set_lsn(uint64_t lsn) { Store<uint64_t>(data_, kLsnOffset, lsn); }

uint16_t Page::lower() const { return Load<uint16_t>(data_, kLowerOffset); }

uint16_t Page::upper() const { return Load<uint16_t>(data_, kUpperOffset); }

size_t Page::FreeSpace() const {
  const size_t lower = Load<uint16_t>(data_, kLowerOffset);
  const size_t upper = Load<uint16_t>(data_, kUpperOffset);
  if (upper < lower + kItemIdSize) return 0;
  // An item of n bytes occupies AlignUp(n) bytes, so the largest that fits is aligned down.
  return AlignDown(upper - lower - kItemIdSize);
}

std::optional<SlotNumber> Page::AddItem(std::span<const std::byte> item) {
  const size_t lower = Load<uint16_t>(data_, kLowerOffset);
  const size_t upper = Load<uint16_t>(data_, kUpperOffset);
  const size_t needed = AlignUp(item.size());
  if (item.size() > kFieldMask || upper < lower) return std::nullopt;

  // Reuse an unused ItemId when the page says there may be one.
  SlotNumber slot = 0;
  uint16_t flags = Load<uint16_t>(data_, kFlagsOffset);
  if ((flags & kHasFreeItemIds) != 0) {
    const SlotNumber count = ItemCount();
    for (SlotNumber candidate = 1; candidate <= count; ++candidate) {
      if (GetItemId(data_, candidate).state == ItemState::kUnused) {
        slot = candidate;
        break;
      }
    }
    if (slot == 0) {
      flags &= static_cast<uint16_t>(~kHasFreeItemIds);
      Store<uint16_t>(data_, kFlagsOffset, flags);
    }
  }

  const size_t new_lower = slot == 0 ? lower + kItemIdSize : lower;
  if (upper < new_lower + needed) return std::nullopt;
  const size_t new_upper = upper - needed;
  if (!item.empty()) std::memcpy(data_ + new_upper, item.data(), item.size());
  std::memset(data_ + new_upper + item.size(), 0, needed - item.size());
  if (slot == 0) {
    slot = static_cast<SlotNumber>(ItemCount() + 1);
    Store<uint16_t>(data_, kLowerOffset, static_cast<uint16_t>(new_lower));
  }
  PutItemId(data_, slot,
            ItemId{static_cast<uint16_t>(new_upper), ItemState::kNormal,
                   static_cast<uint16_t>(item.size())});
  Store<uint16_t>(data_, kUpperOffset, static_cast<uint16_t>(new_upper));
  return slot;
}

bool Page::InsertItemAt(SlotNumber slot, std::span<const std::byte> item) {
  const SlotNumber count = ItemCount();
  if (slot == 0 || slot > count + 1) {
    throw Error(sqlstate::kInternalError, "cannot insert item at slot " + std::to_string(slot) +
                                              " of a page with " + std::to_string(count));
  }
  const size_t lower = Load<uint16_t>(data_, kLowerOffset);
  const size_t upper = Load<uint16_t>(data_, kUpperOffset);
  const size_t needed = AlignUp(item.size());
  if (item.size() > kFieldMask || upper < lower + kItemIdSize + needed) return false;
  const size_t new_upper = upper - needed;
  if (!item.empty()) std::memcpy(data_ + new_upper, item.data(), item.size());
  std::memset(data_ + new_upper + item.size(), 0, needed - item.size());
  std::memmove(data_ + ItemIdOffset(slot + 1), data_ + ItemIdOffset(slot),
               (count - slot + 1) * kItemIdSize);
  PutItemId(data_, slot,
            ItemId{static_cast<uint16_t>(new_upper), ItemState::kNormal,
                   static_cast<uint16_t>(item.size())});
  Store<uint16_t>(data_, kLowerOffset, static_cast<uint16_t>(lower + kItemIdSize));
  Store<uint16_t>(data_, kUpperOffset, static_cast<uint16_t>(new_upper));
  return true;
}

void Page::ThrowMissingItem(SlotNumber slot) {
  throw Error(sqlstate::kInternalError, "item " + std::to_string(slot) + " does not exist");
}

void Page::ThrowItemNotInUse(SlotNumber slot) {
  throw Error(sqlstate::kInternalError, "item " + std::to_string(slot) + " is not in use");
}

void Page::ThrowCorruptItem(SlotNumber slot, size_t offset, size_t length) {
  throw Error(sqlstate::kDataCorrupted, "corrupted item pointer " + std::to_string(slot) +
                                            ": offset = " + std::to_string(offset) +
                                            ", size = " + std::to_string(length));
}

void Page::SetState(SlotNumber slot, ItemState state) {
  if (slot == 0 || slot > ItemCount()) {
    throw Error(sqlstate::kInternalError, "item " + std::to_string(slot) + " does not exist");
  }
  ItemId item = GetItemId(data_, slot);
  item.state = state;
  if (state == ItemState::kUnused) {
    // An unused ItemId owns no storage; its old bytes are reclaimed by the next Compact.
    item.offset = 0;
    item.length = 0;
    Store<uint16_t>(data_, kFlagsOffset,
                    static_cast<uint16_t>(Load<uint16_t>(data_, kFlagsOffset) | kHasFreeItemIds));
  }
  PutItemId(data_, slot, item);
}

bool Page::OverwriteItem(SlotNumber slot, std::span<const std::byte> item) {
  if (StateOf(slot) != ItemState::kNormal) return false;
  const std::span<std::byte> old = Item(slot);
  if (item.size() > old.size()) return false;
  if (!item.empty()) std::memcpy(old.data(), item.data(), item.size());
  ItemId id = GetItemId(data_, slot);
  id.length = static_cast<uint16_t>(item.size());
  PutItemId(data_, slot, id);
  return true;
}

void Page::Compact() { CompactItems(/*keep_dead=*/false); }

void Page::PruneItems(std::span<const SlotNumber> dead, std::span<const SlotNumber> unused) {
  for (const SlotNumber slot : dead) {
    if (slot == 0 || slot > ItemCount()) {
      throw Error(sqlstate::kInternalError, "item " + std::to_string(slot) + " does not exist");
    }
    PutItemId(data_, slot, ItemId{0, ItemState::kDead, 0});
  }
  for (const SlotNumber slot : unused) SetState(slot, ItemState::kUnused);
  CompactItems(/*keep_dead=*/true);
  SlotNumber count = ItemCount();
  while (count > 0 && GetItemId(data_, count).state == ItemState::kUnused) --count;
  Store<uint16_t>(data_, kLowerOffset, static_cast<uint16_t>(ItemIdOffset(count + 1)));
  bool has_unused = false;
  for (SlotNumber slot = 1; slot <= count && !has_unused; ++slot) {
    has_unused = GetItemId(data_, slot).state == ItemState::kUnused;
  }
  uint16_t flags = Load<uint16_t>(data_, kFlagsOffset);
  flags =
      has_unused ? (flags | kHasFreeItemIds) : (flags & static_cast<uint16_t>(~kHasFreeItemIds));
  Store<uint16_t>(data_, kFlagsOffset, flags);
}

void Page::CompactItems(bool keep_dead) {
  struct Live {
    SlotNumber slot;
    ItemId id;
  };
  const SlotNumber count = ItemCount();
  const size_t special = std::min<size_t>(Load<uint16_t>(data_, kSpecialOffset), kPageSize);
  const size_t upper = Load<uint16_t>(data_, kUpperOffset);
  std::vector<Live> live;
  live.reserve(count);
  bool has_unused = false;
  for (SlotNumber slot = 1; slot <= count; ++slot) {
    ItemId id = GetItemId(data_, slot);
    if (keep_dead && id.state == ItemState::kDead) {
      PutItemId(data_, slot, ItemId{0, ItemState::kDead, 0});  // the slot stays taken
      continue;
    }
    if (id.state == ItemState::kDead || id.state == ItemState::kUnused) {
      PutItemId(data_, slot, ItemId{});
      has_unused = true;
      continue;
    }
    if (id.state == ItemState::kRedirect && id.length == 0) continue;  // no storage to move
    if (id.offset < upper || id.offset + size_t{id.length} > special) ThrowCorruptItem(slot, id.offset, id.length);
    live.push_back(Live{slot, id});
  }
  // Move items towards the end of the page, highest offset first: each item's new place is at
  // or above its old one and above every item not yet moved (PageRepairFragmentation).
  std::sort(live.begin(), live.end(),
            [](const Live& a, const Live& b) { return a.id.offset > b.id.offset; });
  size_t new_upper = special;
  for (Live& item : live) {
    const size_t aligned = AlignUp(item.id.length);
    if (aligned > new_upper - upper) ThrowCorruptItem(item.slot, item.id.offset, item.id.length);  // overlapping items
    new_upper -= aligned;
    std::memmove(data_ + new_upper, data_ + item.id.offset, item.id.length);
    item.id.offset = static_cast<uint16_t>(new_upper);
    PutItemId(data_, item.slot, item.id);
  }
  Store<uint16_t>(data_, kUpperOffset, static_cast<uint16_t>(new_upper));
  uint16_t flags = Load<uint16_t>(data_, kFlagsOffset);
  flags =
      has_unused ? (flags | kHasFreeItemIds) : (flags & static_cast<uint16_t>(~kHasFreeItemIds));
  Store<uint16_t>(data_, kFlagsOffset, flags);
}

std::span<std::byte> Page::Special() {
  const size_t special = std::min<size_t>(Load<uint16_t>(data_, kSpecialOffset), kPageSize);
  return {data_ + special, kPageSize - special};
}

uint32_t Page::ComputeChecksum(BlockNumber block) const {
  static constexpr std::byte kZeroChecksum[sizeof(uint32_t)] = {};
  uint32_t crc = Crc32c(0, data_, kChecksumOffset);
  crc = Crc32c(crc, kZeroChecksum, sizeof(kZeroChecksum));
  crc = Crc32c(crc, data_ + kChecksumOffset + sizeof(uint32_t),
               kPageSize - kChecksumOffset - sizeof(uint32_t));
  // Mix in the block number so a page written at the wrong place fails verification.
  return Crc32c(crc, &block, sizeof(block));
}

void Page::SetChecksum(BlockNumber block) {
  // A never-initialised page stays all zeroes so that it still reads as new.
  if (IsNew()) return;
  Store<uint32_t>(data_, kChecksumOffset, ComputeChecksum(block));
}

bool Page::VerifyChecksum(BlockNumber block) const {
  if (IsNew()) return true;
  if (Load<uint32_t>(data_, kChecksumOffset) != ComputeChecksum(block)) return false;
  // A matching checksum over an impossible header means a bug wrote it; refuse it as well
  // (PostgreSQL's PageIsVerified header sanity checks).
  const size_t lower = Load<uint16_t>(data_, kLowerOffset);
  const size_t upper = Load<uint16_t>(data_, kUpperOffset);
  const size_t special = Load<uint16_t>(data_, kSpecialOffset);
  const uint16_t flags = Load<uint16_t>(data_, kFlagsOffset);
  return (flags & ~kKnownFlags) == 0 && lower >= kHeaderSize && lower <= upper &&
         upper <= special && special <= kPageSize && special % kAlignment == 0;
}

}  // namespace granary::storage
