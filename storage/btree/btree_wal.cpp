// B-tree WAL records (see btree_wal.hpp), after PostgreSQL's nbtxlog.c.
#include "storage/btree/btree_wal.hpp"

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/btree/btree_page.hpp"
#include "storage/btree/btree_write.hpp"
#include "storage/wal/redo_context.hpp"
#include "storage/wal/wal_bytes.hpp"

namespace granary::storage::btree_wal {
namespace {

[[noreturn]] void ThrowReplay(const WalRecord& record, const std::string& what) {
  throw Error(sqlstate::kDataCorrupted,
              "could not replay B-tree record at " + FormatLsn(record.lsn) + ": " + what);
}

// Applies `change` to block `index` if redo must (PrepareBlock's rules), then stamps it.
template <typename Change>
void RedoBlock(RedoContext& context, const WalRecord& record, size_t index, Change change) {
  PageGuard guard = context.PrepareBlock(record, index);
  if (!guard) return;
  change(guard.page());
  RedoContext::FinishBlock(guard, record);
}

void ClearFlags(Page page, uint16_t flags) {
  btree_internal::NodeOpaque opaque = btree_internal::ReadOpaque(page);
  opaque.flags &= static_cast<uint16_t>(~flags);
  btree_internal::WriteOpaque(page, opaque);
}

void RedoInsert(RedoContext& context, const WalRecord& record) {
  ByteReader reader(record.main, "B-tree insert record");
  const SlotNumber slot = reader.U16();
  const std::span<const std::byte> tuple = reader.Rest();
  RedoBlock(context, record, 0, [&](Page page) {
    if (page.kind() != PageKind::kBtree || !page.InsertItemAt(slot, tuple)) {
      ThrowReplay(record, "the tuple does not fit at slot " + std::to_string(slot));
    }
  });
  if (record.info == kInsertUpper) {
    RedoBlock(context, record, 1, [](Page page) { ClearFlags(page, btree_internal::kIncompleteSplitFlag); });
  }
}

void RedoSplit(RedoContext& context, const WalRecord& record) {
  ByteReader reader(record.main, "B-tree split record");
  const uint8_t flags = reader.U8();
  reader.ExpectEnd();
  context.PrepareBlock(record, 0);  // images: restored whole
  context.PrepareBlock(record, 1);
  const BlockNumber right = record.blocks.at(1).block;
  size_t next = 2;
  if ((flags & kSplitHasOldRight) != 0) {
    RedoBlock(context, record, next++, [&](Page page) {
      btree_internal::NodeOpaque opaque = btree_internal::ReadOpaque(page);
      opaque.left = right;
      btree_internal::WriteOpaque(page, opaque);
    });
  }
  if ((flags & kSplitHasChild) != 0) {
    RedoBlock(context, record, next, [](Page page) { ClearFlags(page, btree_internal::kIncompleteSplitFlag); });
  }
}

std::vector<SlotNumber> DecodeVacuumLeaf(const WalRecord& record) {
  ByteReader reader(record.main, "B-tree vacuum record");
  std::vector<SlotNumber> slots(reader.U16());
  for (SlotNumber& slot : slots) slot = reader.U16();
  reader.ExpectEnd();
  return slots;
}

std::string BlockName(const WalRecord& record, size_t index) {
  if (index >= record.blocks.size()) return "?";
  return std::to_string(record.blocks[index].block);
}

}  // namespace

std::vector<std::byte> InsertPayload(SlotNumber slot, std::string_view tuple) {
  std::vector<std::byte> out;
  out.reserve(2 + tuple.size());
  ByteWriter writer(out);
  writer.U16(slot);
  writer.Bytes(std::as_bytes(std::span(tuple.data(), tuple.size())));
  return out;
}

std::vector<std::byte> VacuumLeafPayload(std::span<const SlotNumber> slots) {
  std::vector<std::byte> out;
  out.reserve(2 + 2 * slots.size());
  ByteWriter writer(out);
  writer.U16(static_cast<uint16_t>(slots.size()));
  for (const SlotNumber slot : slots) writer.U16(slot);
  return out;
}

void Redo(RedoContext& context, const WalRecord& record) {
  switch (record.info) {
    case kVacuumLeaf: {
      const std::vector<SlotNumber> slots = DecodeVacuumLeaf(record);
      RedoBlock(context, record, 0, [&](Page page) {
        if (page.kind() != PageKind::kBtree) ThrowReplay(record, "the page is not a B-tree page");
        btree_internal::RemoveLeafItems(page, slots);
      });
      return;
    }
    case kCreateIndex:
      context.PrepareBlock(record, 0);
      context.PrepareBlock(record, 1);
      return;
    case kInsertLeaf:
    case kInsertUpper: RedoInsert(context, record); return;
    case kSplit: RedoSplit(context, record); return;
    case kNewRoot:
      context.PrepareBlock(record, 0);
      context.PrepareBlock(record, 1);
      RedoBlock(context, record, 2, [](Page page) {
        ClearFlags(page, btree_internal::kRootFlag | btree_internal::kIncompleteSplitFlag);
      });
      return;
    default: ThrowReplay(record, "unknown record kind " + std::to_string(record.info));
  }
}

std::string Describe(const WalRecord& record) {
  const std::string rel = record.blocks.empty() ? "?" : std::to_string(record.blocks[0].rel);
  switch (record.info) {
    case kCreateIndex: return "CREATE_INDEX rel " + rel + " root " + BlockName(record, 1);
    case kInsertLeaf:
    case kInsertUpper: {
      ByteReader reader(record.main, "B-tree insert record");
      const SlotNumber slot = reader.U16();
      return std::string(record.info == kInsertLeaf ? "INSERT_LEAF" : "INSERT_UPPER") + " rel " +
             rel + " block " + BlockName(record, 0) + " slot " + std::to_string(slot) +
             (record.info == kInsertUpper ? " (finishes the split of " + BlockName(record, 1) + ")" : "");
    }
    case kSplit:
      return "SPLIT rel " + rel + " block " + BlockName(record, 0) + " -> new right " + BlockName(record, 1);
    case kNewRoot:
      return "NEW_ROOT rel " + rel + " root " + BlockName(record, 1) + " above " + BlockName(record, 2);
    case kVacuumLeaf:
      return "VACUUM_LEAF rel " + rel + " block " + BlockName(record, 0) + ": " +
             std::to_string(DecodeVacuumLeaf(record).size()) + " entries removed";
    default: return "UNKNOWN B-tree record " + std::to_string(record.info);
  }
}

}  // namespace granary::storage::btree_wal
