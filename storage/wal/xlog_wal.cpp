// Checkpoint and page image records (see xlog_wal.hpp).
#include "storage/wal/xlog_wal.hpp"

#include <algorithm>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/wal/redo_context.hpp"
#include "storage/wal/wal_bytes.hpp"
#include "storage/wal/wal_writer.hpp"

namespace granary::storage::xlog_wal {

void NoteCheckpoint(RecoveryState& state, const CheckpointData& checkpoint) {
  state.next_xid = std::max(state.next_xid, checkpoint.next_xid);
  state.next_oid = std::max(state.next_oid, checkpoint.next_oid);
  for (const auto& [xid, rel] : checkpoint.pending_creates) {
    std::vector<RelFileNumber>& files = state.created[xid];
    if (std::find(files.begin(), files.end(), rel) == files.end()) files.push_back(rel);
    state.next_oid = std::max<uint32_t>(state.next_oid, rel + 1);
  }
}

std::vector<std::byte> CheckpointPayload(const CheckpointData& checkpoint) {
  std::vector<std::byte> out;
  ByteWriter writer(out);
  writer.U64(checkpoint.redo);
  writer.U64(checkpoint.next_xid);
  writer.U32(checkpoint.next_oid);
  writer.U64(checkpoint.time);
  writer.U32(static_cast<uint32_t>(checkpoint.pending_creates.size()));
  for (const auto& [xid, rel] : checkpoint.pending_creates) {
    writer.U64(xid);
    writer.U32(rel);
  }
  return out;
}

std::optional<CheckpointData> DecodeCheckpoint(const WalRecord& record) {
  if (record.rmgr != ResourceManager::kXlog ||
      (record.info != kCheckpointShutdown && record.info != kCheckpointOnline)) {
    return std::nullopt;
  }
  try {
    ByteReader reader(record.main, "checkpoint record");
    CheckpointData checkpoint;
    checkpoint.redo = reader.U64();
    checkpoint.next_xid = reader.U64();
    checkpoint.next_oid = reader.U32();
    checkpoint.time = reader.U64();
    const uint32_t count = reader.U32();
    if (count > reader.remaining() / 12) return std::nullopt;
    for (uint32_t i = 0; i < count; ++i) {
      const Xid xid = reader.U64();
      checkpoint.pending_creates.emplace_back(xid, reader.U32());
    }
    reader.ExpectEnd();
    return checkpoint;
  } catch (const Error&) {
    return std::nullopt;
  }
}

Lsn WriteInitialCheckpoint(Env& env, const std::string& wal_directory, CheckpointData checkpoint) {
  WalWriter wal(env, wal_directory, kFirstLsn, kInvalidLsn, kFirstLsn);
  checkpoint.redo = kFirstLsn;
  const std::vector<std::byte> payload = CheckpointPayload(checkpoint);
  Lsn start = kInvalidLsn;
  const Lsn end = wal.Insert(
      WalRecordInput{ResourceManager::kXlog, kCheckpointShutdown, kInvalidXid, {}, payload}, &start);
  wal.Flush(end);
  return start;
}

Lsn LogPageImage(PageGuard& guard) {
  guard.MarkDirty();
  WalWriter* wal = guard.wal();
  if (wal == nullptr) return kInvalidLsn;
  Page page = guard.page();
  const WalBlockRef reference{guard.rel(), guard.block(), page.data(), false, /*force_image=*/true};
  const Lsn lsn =
      wal->Insert(WalRecordInput{ResourceManager::kXlog, kPageImage, kInvalidXid,
                                 std::span(&reference, 1), {}});
  page.set_lsn(lsn);
  return lsn;
}

void Redo(RedoContext& context, const WalRecord& record) {
  switch (record.info) {
    case kCheckpointShutdown:
    case kCheckpointOnline: {
      const std::optional<CheckpointData> checkpoint = DecodeCheckpoint(record);
      if (!checkpoint) {
        throw Error(sqlstate::kDataCorrupted, "invalid checkpoint record at " + FormatLsn(record.lsn));
      }
      NoteCheckpoint(context.state(), *checkpoint);
      return;
    }
    case kPageImage:
      for (size_t i = 0; i < record.blocks.size(); ++i) context.PrepareBlock(record, i);
      return;
    default:
      throw Error(sqlstate::kDataCorrupted, "unknown log record kind " + std::to_string(record.info));
  }
}

std::string Describe(const WalRecord& record) {
  if (record.info == kPageImage) {
    if (record.blocks.empty()) return "PAGE_IMAGE";
    return "PAGE_IMAGE rel " + std::to_string(record.blocks[0].rel) + " block " +
           std::to_string(record.blocks[0].block);
  }
  const std::optional<CheckpointData> checkpoint = DecodeCheckpoint(record);
  if (!checkpoint) return "INVALID checkpoint";
  std::string text =
      std::string(record.info == kCheckpointShutdown ? "CHECKPOINT_SHUTDOWN" : "CHECKPOINT_ONLINE") +
      " redo " + FormatLsn(checkpoint->redo) + "; next xid " + std::to_string(checkpoint->next_xid) +
      "; next oid " + std::to_string(checkpoint->next_oid);
  for (const auto& [xid, rel] : checkpoint->pending_creates) {
    text += "; xid " + std::to_string(xid) + " created " + std::to_string(rel);
  }
  return text;
}

}  // namespace granary::storage::xlog_wal
