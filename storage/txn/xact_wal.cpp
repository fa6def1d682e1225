// Commit and abort records (see xact_wal.hpp).
#include "storage/txn/xact_wal.hpp"

#include <chrono>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/wal/redo_context.hpp"
#include "storage/wal/wal_bytes.hpp"

namespace granary::storage::xact_wal {
namespace {

struct Decoded {
  uint64_t time = 0;
  std::vector<RelFileNumber> files;
  std::vector<Xid> children;
};

Decoded Decode(const WalRecord& record) {
  ByteReader reader(record.main, "transaction record");
  Decoded decoded;
  decoded.time = reader.U64();
  const uint32_t count = reader.U32();
  if (count > reader.remaining() / 4) {
    throw Error(sqlstate::kDataCorrupted, "invalid transaction record at " + FormatLsn(record.lsn));
  }
  for (uint32_t i = 0; i < count; ++i) decoded.files.push_back(reader.U32());
  const uint32_t children = reader.U32();
  if (children > reader.remaining() / 8) {
    throw Error(sqlstate::kDataCorrupted, "invalid transaction record at " + FormatLsn(record.lsn));
  }
  for (uint32_t i = 0; i < children; ++i) decoded.children.push_back(reader.U64());
  reader.ExpectEnd();
  return decoded;
}

}  // namespace

std::vector<std::byte> Payload(std::span<const RelFileNumber> files, std::span<const Xid> children) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  std::vector<std::byte> out;
  ByteWriter writer(out);
  writer.U64(static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(now).count()));
  writer.U32(static_cast<uint32_t>(files.size()));
  for (RelFileNumber file : files) writer.U32(file);
  writer.U32(static_cast<uint32_t>(children.size()));
  for (Xid child : children) writer.U64(child);
  return out;
}

void Redo(RedoContext& context, const WalRecord& record) {
  if (record.info != kCommit && record.info != kAbort) {
    throw Error(sqlstate::kDataCorrupted,
                "unknown transaction record kind " + std::to_string(record.info));
  }
  const Decoded decoded = Decode(record);
  RecoveryState& state = context.state();
  state.SeeXid(record.xid);
  const XidStatus outcome = record.info == kCommit ? XidStatus::kCommitted : XidStatus::kAborted;
  state.outcomes[record.xid] = outcome;
  for (Xid child : decoded.children) {
    state.SeeXid(child);
    state.outcomes[child] = outcome;
  }
  for (RelFileNumber file : decoded.files) context.DropRelation(file);
}

std::string Describe(const WalRecord& record) {
  const Decoded decoded = Decode(record);
  std::string text = record.info == kCommit ? "COMMIT" : "ABORT";
  text += " xid " + std::to_string(record.xid);
  if (!decoded.files.empty()) {
    text += record.info == kCommit ? "; drop files" : "; remove files";
    for (RelFileNumber file : decoded.files) text += " " + std::to_string(file);
  }
  if (!decoded.children.empty()) {
    text += "; subtransactions";
    for (Xid child : decoded.children) text += " " + std::to_string(child);
  }
  return text;
}

}  // namespace granary::storage::xact_wal
