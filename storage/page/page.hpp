// The 8 KiB page: header, checksum, and the slotted layout shared by heap (and later index)
// pages.
//
// Layout (after PostgreSQL's bufpage.h):
//   PageHeader (24 bytes) | ItemId array, growing up | free space | items, growing down |
//   special space (per page kind, at the end)
// PageHeader: lsn (u64: WAL position of the last change, for WAL-before-data), checksum
// (u32, CRC32C of the page with this field zeroed, mixed with the block number so a page
// written at the wrong place fails verification), flags (u16), lower (u16: end of the ItemId
// array), upper (u16: start of item data), special (u16), page kind/version (u16),
// prune hint (u16: reserved for vacuum).
// ItemId (4 bytes): offset (15 bits), state (2 bits: unused/normal/redirect/dead), length (15).
//
// A Page is a non-owning view over kPageSize bytes; callers hold a buffer pin and the right
// latch (see buffer/buffer_pool.hpp) while using it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>

namespace granary::storage {

inline constexpr size_t kPageSize = 8192;
using BlockNumber = uint32_t;
using SlotNumber = uint16_t;  // 1-based like PostgreSQL's OffsetNumber; 0 is invalid
inline constexpr BlockNumber kInvalidBlock = 0xFFFFFFFFu;

enum class PageKind : uint16_t { kUninitialized = 0, kHeap = 1, kBtree = 2, kMeta = 3, kClog = 4,
                               kSequence = 5 };
enum class ItemState : uint8_t { kUnused = 0, kNormal = 1, kRedirect = 2, kDead = 3 };

// The header fields and ItemId bits the inline accessors below read (page.cpp has the rest
// of the format).
namespace page_format {
inline constexpr size_t kLowerOffset = 14;
inline constexpr size_t kUpperOffset = 16;
inline constexpr size_t kSpecialOffset = 18;
inline constexpr size_t kHeaderSize = 24;
inline constexpr size_t kItemIdSize = 4;
// ItemId bit layout: offset (bits 0-14), state (bits 15-16), length (bits 17-31).
inline constexpr uint32_t kFieldMask = 0x7FFF;
inline constexpr unsigned kStateShift = 15;
inline constexpr uint32_t kStateMask = 0x3;
inline constexpr unsigned kLengthShift = 17;
}  // namespace page_format

class Page {
 public:
  explicit Page(std::byte* data) : data_(data) {}

  // Formats an empty page of `kind` with `special_size` bytes of special space.
  void Init(PageKind kind, size_t special_size = 0);
  bool IsNew() const;  // all-zero page (never initialised)

  PageKind kind() const;
  uint64_t lsn() const;
  void set_lsn(uint64_t lsn);

  // The unused gap [lower, upper) between the ItemId array and the item data, as raw header
  // values (callers check them: a torn or foreign page may hold anything).
  uint16_t lower() const;
  uint16_t upper() const;

  // Number of ItemIds (including unused/dead ones); slots are 1..ItemCount().
  SlotNumber ItemCount() const {
    using namespace page_format;
    const size_t lower = std::min<size_t>(LoadU16(kLowerOffset), kPageSize);
    if (lower <= kHeaderSize) return 0;
    return static_cast<SlotNumber>((lower - kHeaderSize) / kItemIdSize);
  }
  // Bytes available for one more item including its ItemId.
  size_t FreeSpace() const;
  // Adds an item, reusing an unused ItemId when one exists; nullopt if it does not fit.
  std::optional<SlotNumber> AddItem(std::span<const std::byte> item);
  // Inserts an item at `slot` (1..ItemCount()+1), moving the ItemIds at and after it up by
  // one, so items keep an order (index pages: PostgreSQL's PageAddItem with an offset and no
  // overwrite). Never reuses unused ItemIds. False if it does not fit; XX000 for a bad slot.
  bool InsertItemAt(SlotNumber slot, std::span<const std::byte> item);
  ItemState StateOf(SlotNumber slot) const {
    using namespace page_format;
    if (slot == 0 || slot > ItemCount()) return ItemState::kUnused;
    return static_cast<ItemState>((ItemIdBits(slot) >> kStateShift) & kStateMask);
  }
  // The item's bytes; valid while the page is pinned and unchanged. Requires a normal item
  // (XX000 otherwise) lying between upper and the special space (XX001 otherwise). Inline:
  // B-tree searches and index scans call it for every entry they look at, and the checks
  // are a few compares once the error paths are out of line.
  std::span<std::byte> Item(SlotNumber slot) { return ItemSpan(slot); }
  std::span<const std::byte> Item(SlotNumber slot) const { return ItemSpan(slot); }
  void SetState(SlotNumber slot, ItemState state);
  // Replaces an item's bytes in place when `item` is not longer than the old one.
  bool OverwriteItem(SlotNumber slot, std::span<const std::byte> item);
  // Removes the storage of dead items and compacts item data; slot numbers are unchanged
  // (dead ItemIds become unused) so tuple ids of live items stay valid.
  void Compact();
  // Vacuum's page surgery (PostgreSQL's heap_page_prune_execute, PageRepairFragmentation and
  // PageTruncateLinePointerArray): the items at `dead` become dead ItemIds without storage
  // (their slots stay taken, so no new item can get a tuple id an index may still hold), those
  // at `unused` become unused (free for reuse); then item data is compacted and unused ItemIds
  // at the end of the array are cut off. Dead ItemIds are kept. Deterministic — the same page
  // and lists give the same bytes, which redo relies on. XX000 for a slot that does not exist.
  void PruneItems(std::span<const SlotNumber> dead, std::span<const SlotNumber> unused);
  std::span<std::byte> Special();

  // Checksum of the page as it would be stored at `block`.
  uint32_t ComputeChecksum(BlockNumber block) const;
  void SetChecksum(BlockNumber block);
  // True if the stored checksum matches, or the page is all zeroes (new, never written).
  bool VerifyChecksum(BlockNumber block) const;

  std::byte* data() { return data_; }
  const std::byte* data() const { return data_; }

 private:
  uint16_t LoadU16(size_t offset) const {
    uint16_t value;
    std::memcpy(&value, data_ + offset, sizeof(value));
    return value;
  }
  uint32_t ItemIdBits(SlotNumber slot) const {
    uint32_t bits;
    std::memcpy(&bits, data_ + page_format::kHeaderSize + (slot - 1) * page_format::kItemIdSize, sizeof(bits));
    return bits;
  }
  std::span<std::byte> ItemSpan(SlotNumber slot) const {
    using namespace page_format;
    if (slot == 0 || slot > ItemCount()) [[unlikely]] ThrowMissingItem(slot);
    const uint32_t bits = ItemIdBits(slot);
    if (static_cast<ItemState>((bits >> kStateShift) & kStateMask) != ItemState::kNormal) [[unlikely]] {
      ThrowItemNotInUse(slot);
    }
    const size_t offset = bits & kFieldMask;
    const size_t length = (bits >> kLengthShift) & kFieldMask;
    const size_t special = std::min<size_t>(LoadU16(kSpecialOffset), kPageSize);
    if (offset < LoadU16(kUpperOffset) || offset + length > special) [[unlikely]] {
      ThrowCorruptItem(slot, offset, length);
    }
    return {data_ + offset, length};
  }
  // Item's errors, out of line so that its fast path needs no stack frame.
  [[noreturn]] static void ThrowMissingItem(SlotNumber slot);
  [[noreturn]] static void ThrowItemNotInUse(SlotNumber slot);
  [[noreturn]] static void ThrowCorruptItem(SlotNumber slot, size_t offset, size_t length);

  void CompactItems(bool keep_dead);

  std::byte* data_;
};

}  // namespace granary::storage
