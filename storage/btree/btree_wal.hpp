// B-tree WAL records and their redo: one record per function of btree_write.hpp.
//
//   kCreateIndex  blocks: meta (image), root (image)
//   kInsertLeaf   blocks: leaf; main: slot u16, tuple
//   kInsertUpper  blocks: internal page, child; main: slot u16, tuple — the child's
//                 incomplete-split flag clears with the insertion
//   kSplit        blocks: left (image), right (image), then the old right sibling (its left
//                 link becomes the right page) and the child (flag clears) when present;
//                 main: flags u8 (1: old right sibling present, 2: child present)
//   kNewRoot      blocks: meta (image), new root (image), the old root (root and
//                 incomplete-split flags clear)
//   kVacuumLeaf   blocks: leaf; main: count u16, then the removed slots u16 each (ascending,
//                 numbered before the removal); redo rebuilds the page without them
// Splits and new roots log the rebuilt pages whole (PostgreSQL logs the new right page whole
// too); they are rare next to insertions, which log only the tuple. A split and the insertion
// of its downlink are separate records: a crash between them leaves an incomplete split,
// which the next writer finishes (btree/README.md invariant 6). Dead marks are hints
// (PageGuard::MarkDirtyHint), not records.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storage/page/page.hpp"

namespace granary::storage {

class RedoContext;
struct WalRecord;

namespace btree_wal {

inline constexpr uint8_t kCreateIndex = 0x00;
inline constexpr uint8_t kInsertLeaf = 0x10;
inline constexpr uint8_t kInsertUpper = 0x20;
inline constexpr uint8_t kSplit = 0x30;
inline constexpr uint8_t kNewRoot = 0x40;
inline constexpr uint8_t kVacuumLeaf = 0x50;

inline constexpr uint8_t kSplitHasOldRight = 0x1;
inline constexpr uint8_t kSplitHasChild = 0x2;

std::vector<std::byte> InsertPayload(SlotNumber slot, std::string_view tuple);
std::vector<std::byte> VacuumLeafPayload(std::span<const SlotNumber> slots);

void Redo(RedoContext& context, const WalRecord& record);
std::string Describe(const WalRecord& record);

}  // namespace btree_wal
}  // namespace granary::storage
