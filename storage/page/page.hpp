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

#include <cstddef>
#include <cstdint>
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
  SlotNumber ItemCount() const;
  // Bytes available for one more item including its ItemId.
  size_t FreeSpace() const;
  // Adds an item, reusing an unused ItemId when one exists; nullopt if it does not fit.
  std::optional<SlotNumber> AddItem(std::span<const std::byte> item);
  // Inserts an item at `slot` (1..ItemCount()+1), moving the ItemIds at and after it up by
  // one, so items keep an order (index pages: PostgreSQL's PageAddItem with an offset and no
  // overwrite). Never reuses unused ItemIds. False if it does not fit; XX000 for a bad slot.
  bool InsertItemAt(SlotNumber slot, std::span<const std::byte> item);
  ItemState StateOf(SlotNumber slot) const;
  // The item's bytes; valid while the page is pinned and unchanged. Requires a normal item.
  std::span<std::byte> Item(SlotNumber slot);
  std::span<const std::byte> Item(SlotNumber slot) const;
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
  void CompactItems(bool keep_dead);

  std::byte* data_;
};

}  // namespace granary::storage
