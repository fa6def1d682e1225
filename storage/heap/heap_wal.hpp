// Heap WAL records: what HeapFile logs for each page change, and their redo.
//
// Every record has one block reference, the heap page, and main data:
//   kInsert      slot u16, the stored tuple (header with ctid set, then the row); with the
//                block's will_init flag redo first formats an empty heap page
//   kDelete      slot u16, xmax u64, cmax u32
//   kLinkUpdate  slot u16, new ctid block u32, new ctid slot u16
//   kPrune       vacuum's first pass: dead count u16, unused count u16, then the slots (u16
//                each) that become dead ItemIds and those that become unused; redo runs
//                Page::PruneItems, which compacts the page the same way
//   kVacuum      vacuum's second pass (after the index entries are gone): same layout, the
//                dead ItemIds that become unused
// kPrune and kVacuum have no main slot field; their records carry xid 0 (no transaction).
// Redo is deterministic: a page with the same contents gives the inserted tuple the same
// slot, which redo checks (XX001 otherwise).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "storage/page/page.hpp"
#include "storage/txn/xid.hpp"

namespace granary::storage {

class RedoContext;
struct WalRecord;

namespace heap_wal {

inline constexpr uint8_t kInsert = 0x00;
inline constexpr uint8_t kDelete = 0x10;
inline constexpr uint8_t kLinkUpdate = 0x20;
inline constexpr uint8_t kPrune = 0x30;
inline constexpr uint8_t kVacuum = 0x40;

std::vector<std::byte> InsertPayload(SlotNumber slot, std::span<const std::byte> tuple);
std::vector<std::byte> DeletePayload(SlotNumber slot, Xid xmax, CommandId cmax);
std::vector<std::byte> LinkUpdatePayload(SlotNumber slot, BlockNumber new_block,
                                         SlotNumber new_slot);
// kPrune / kVacuum: the slots made dead and those made unused.
std::vector<std::byte> PrunePayload(std::span<const SlotNumber> dead,
                                    std::span<const SlotNumber> unused);

void Redo(RedoContext& context, const WalRecord& record);
std::string Describe(const WalRecord& record);

}  // namespace heap_wal
}  // namespace granary::storage
