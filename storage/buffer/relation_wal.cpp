// Relation file creation records (see relation_wal.hpp).
#include "storage/buffer/relation_wal.hpp"

#include <algorithm>

#include "common/crash_point.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/wal/redo_context.hpp"
#include "storage/wal/wal_bytes.hpp"
#include "storage/wal/wal_writer.hpp"

namespace granary::storage::relation_wal {
namespace {

RelFileNumber DecodeRel(const WalRecord& record) {
  ByteReader reader(record.main, "relation record");
  const RelFileNumber rel = reader.U32();
  reader.ExpectEnd();
  return rel;
}

std::pair<RelFileNumber, BlockNumber> DecodeTruncate(const WalRecord& record) {
  ByteReader reader(record.main, "relation truncate record");
  const RelFileNumber rel = reader.U32();
  const BlockNumber blocks = reader.U32();
  reader.ExpectEnd();
  return {rel, blocks};
}

}  // namespace

void CreateRelation(BufferPool& pool, RelFileNumber rel, Xid xid) {
  if (WalWriter* wal = pool.wal()) {
    std::vector<std::byte> payload;
    ByteWriter(payload).U32(rel);
    wal->Insert(WalRecordInput{ResourceManager::kRelation, kCreate, xid, {}, payload});
  }
  StorageManager& storage = pool.storage();
  const bool existed = storage.Exists(rel);
  storage.Create(rel);
  if (existed && storage.NumBlocks(rel) > 0) {
    pool.DiscardRelation(rel);
    storage.Truncate(rel, 0);
  }
}

void TruncateRelation(BufferPool& pool, RelFileNumber rel, BlockNumber blocks) {
  if (WalWriter* wal = pool.wal()) {
    std::vector<std::byte> payload;
    ByteWriter writer(payload);
    writer.U32(rel);
    writer.U32(blocks);
    const Lsn lsn =
        wal->Insert(WalRecordInput{ResourceManager::kRelation, kTruncate, kInvalidXid, {}, payload});
    wal->Flush(lsn);
  }
  CrashPoint("vacuum-before-truncate-file");
  pool.DiscardRelation(rel, blocks);
  pool.storage().Truncate(rel, blocks);
}

void Redo(RedoContext& context, const WalRecord& record) {
  if (record.info == kTruncate) {
    const auto [rel, blocks] = DecodeTruncate(record);
    context.TruncateRelation(rel, blocks);
    return;
  }
  if (record.info != kCreate) {
    throw Error(sqlstate::kDataCorrupted, "unknown relation record kind " + std::to_string(record.info));
  }
  const RelFileNumber rel = DecodeRel(record);
  context.CreateRelation(rel);
  RecoveryState& state = context.state();
  state.created[record.xid].push_back(rel);
  state.SeeXid(record.xid);
  state.next_oid = std::max<uint32_t>(state.next_oid, rel + 1);
}

std::string Describe(const WalRecord& record) {
  if (record.info == kTruncate) {
    const auto [rel, blocks] = DecodeTruncate(record);
    return "TRUNCATE relation " + std::to_string(rel) + " to " + std::to_string(blocks) + " blocks";
  }
  return "CREATE relation " + std::to_string(DecodeRel(record));
}

}  // namespace granary::storage::relation_wal
