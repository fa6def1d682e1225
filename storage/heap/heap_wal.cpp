// Heap WAL records (see heap_wal.hpp), after PostgreSQL's heap_xlog_insert/_delete.
#include "storage/heap/heap_wal.hpp"

#include <cstring>
#include <optional>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/heap/heap_file.hpp"
#include "storage/wal/redo_context.hpp"
#include "storage/wal/wal_bytes.hpp"

namespace granary::storage::heap_wal {
namespace {

[[noreturn]] void ThrowReplay(const WalRecord& record, const std::string& what) {
  throw Error(sqlstate::kDataCorrupted,
              "could not replay heap record at " + FormatLsn(record.lsn) + ": " + what);
}

// The tuple at `slot` of a page being redone, with its header loaded.
std::span<std::byte> TupleAt(Page& page, SlotNumber slot, const WalRecord& record,
                             TupleHeader& header) {
  if (page.kind() != PageKind::kHeap || page.StateOf(slot) != ItemState::kNormal) {
    ThrowReplay(record, "tuple " + std::to_string(slot) + " does not exist");
  }
  const std::span<std::byte> tuple = page.Item(slot);
  if (tuple.size() < sizeof(TupleHeader)) ThrowReplay(record, "tuple is too short");
  std::memcpy(&header, tuple.data(), sizeof(header));
  return tuple;
}

std::string SlotText(const WalRecord& record, SlotNumber slot) {
  if (record.blocks.empty()) return "?";
  return "rel " + std::to_string(record.blocks[0].rel) + " tid (" +
         std::to_string(record.blocks[0].block) + "," + std::to_string(slot) + ")";
}

}  // namespace

std::vector<std::byte> InsertPayload(SlotNumber slot, std::span<const std::byte> tuple) {
  std::vector<std::byte> out;
  out.reserve(2 + tuple.size());
  ByteWriter writer(out);
  writer.U16(slot);
  writer.Bytes(tuple);
  return out;
}

std::vector<std::byte> DeletePayload(SlotNumber slot, Xid xmax, CommandId cmax) {
  std::vector<std::byte> out;
  ByteWriter writer(out);
  writer.U16(slot);
  writer.U64(xmax);
  writer.U32(cmax);
  return out;
}

std::vector<std::byte> LinkUpdatePayload(SlotNumber slot, BlockNumber new_block,
                                         SlotNumber new_slot) {
  std::vector<std::byte> out;
  ByteWriter writer(out);
  writer.U16(slot);
  writer.U32(new_block);
  writer.U16(new_slot);
  return out;
}

std::vector<std::byte> PrunePayload(std::span<const SlotNumber> dead,
                                    std::span<const SlotNumber> unused) {
  std::vector<std::byte> out;
  out.reserve(4 + 2 * (dead.size() + unused.size()));
  ByteWriter writer(out);
  writer.U16(static_cast<uint16_t>(dead.size()));
  writer.U16(static_cast<uint16_t>(unused.size()));
  for (const SlotNumber slot : dead) writer.U16(slot);
  for (const SlotNumber slot : unused) writer.U16(slot);
  return out;
}

namespace {

struct PruneLists {
  std::vector<SlotNumber> dead;
  std::vector<SlotNumber> unused;
};

PruneLists DecodePrune(const WalRecord& record) {
  ByteReader reader(record.main, "heap prune record");
  PruneLists lists;
  lists.dead.resize(reader.U16());
  lists.unused.resize(reader.U16());
  for (SlotNumber& slot : lists.dead) slot = reader.U16();
  for (SlotNumber& slot : lists.unused) slot = reader.U16();
  reader.ExpectEnd();
  return lists;
}

}  // namespace

void Redo(RedoContext& context, const WalRecord& record) {
  if (record.info == kPrune || record.info == kVacuum) context.pool().AdvanceSlotReuseEpoch();
  PageGuard guard = context.PrepareBlock(record, 0);
  if (!guard) return;
  Page page = guard.page();
  if (record.info == kPrune || record.info == kVacuum) {
    const PruneLists lists = DecodePrune(record);
    if (page.kind() != PageKind::kHeap) ThrowReplay(record, "the page is not a heap page");
    for (const SlotNumber slot : lists.dead) {
      if (page.StateOf(slot) == ItemState::kUnused) ThrowReplay(record, "slot " + std::to_string(slot) + " is unused");
    }
    page.PruneItems(lists.dead, lists.unused);
    RedoContext::FinishBlock(guard, record);
    return;
  }
  ByteReader reader(record.main, "heap record");
  const SlotNumber slot = reader.U16();
  switch (record.info) {
    case kInsert: {
      if (record.blocks[0].will_init) page.Init(PageKind::kHeap);
      const std::optional<SlotNumber> placed = page.AddItem(reader.Rest());
      if (!placed || *placed != slot) ThrowReplay(record, "tuple did not land in its slot");
      break;
    }
    case kDelete: {
      TupleHeader header;
      const std::span<std::byte> tuple = TupleAt(page, slot, record, header);
      header.xmax = reader.U64();
      header.cmax = reader.U32();
      reader.ExpectEnd();
      std::memcpy(tuple.data(), &header, sizeof(header));
      break;
    }
    case kLinkUpdate: {
      TupleHeader header;
      const std::span<std::byte> tuple = TupleAt(page, slot, record, header);
      header.ctid_block = reader.U32();
      header.ctid_slot = reader.U16();
      reader.ExpectEnd();
      std::memcpy(tuple.data(), &header, sizeof(header));
      break;
    }
    default: ThrowReplay(record, "unknown heap record kind " + std::to_string(record.info));
  }
  RedoContext::FinishBlock(guard, record);
}

std::string Describe(const WalRecord& record) {
  if (record.info == kPrune || record.info == kVacuum) {
    const PruneLists lists = DecodePrune(record);
    const std::string where = record.blocks.empty()
                                  ? std::string("?")
                                  : "rel " + std::to_string(record.blocks[0].rel) + " block " +
                                        std::to_string(record.blocks[0].block);
    return std::string(record.info == kPrune ? "PRUNE " : "VACUUM ") + where + ": " +
           std::to_string(lists.dead.size()) + " dead, " + std::to_string(lists.unused.size()) +
           " unused";
  }
  ByteReader reader(record.main, "heap record");
  const SlotNumber slot = reader.U16();
  const std::string init = !record.blocks.empty() && record.blocks[0].will_init ? " (new page)" : "";
  switch (record.info) {
    case kInsert:
      return "INSERT " + SlotText(record, slot) + " " + std::to_string(reader.remaining()) +
             " bytes" + init;
    case kDelete: return "DELETE " + SlotText(record, slot) + " xmax " + std::to_string(reader.U64());
    case kLinkUpdate: {
      const BlockNumber block = reader.U32();
      const SlotNumber new_slot = reader.U16();
      return "LINK_UPDATE " + SlotText(record, slot) + " -> (" + std::to_string(block) + "," +
             std::to_string(new_slot) + ")";
    }
    default: return "UNKNOWN heap record " + std::to_string(record.info);
  }
}

}  // namespace granary::storage::heap_wal
