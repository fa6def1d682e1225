// Commit log WAL records (see clog_wal.hpp).
#include "storage/txn/clog_wal.hpp"

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/txn/clog_page.hpp"
#include "storage/wal/redo_context.hpp"
#include "storage/wal/wal_bytes.hpp"

namespace granary::storage::clog_wal {
namespace {

const char* StatusName(uint8_t status) {
  switch (status) {
    case static_cast<uint8_t>(XidStatus::kInProgress): return "in progress";
    case static_cast<uint8_t>(XidStatus::kCommitted): return "committed";
    case static_cast<uint8_t>(XidStatus::kAborted): return "aborted";
    default: return "invalid";
  }
}

}  // namespace

std::vector<std::byte> SetStatusPayload(Xid xid, XidStatus status) {
  std::vector<std::byte> out;
  ByteWriter writer(out);
  writer.U64(xid);
  writer.U8(static_cast<uint8_t>(status));
  return out;
}

void Redo(RedoContext& context, const WalRecord& record) {
  PageGuard guard = context.PrepareBlock(record, 0);
  if (!guard) return;
  Page page = guard.page();
  if (record.blocks[0].will_init) clog::InitPage(page);
  if (record.info == kSetStatus) {
    ByteReader reader(record.main, "commit log record");
    const Xid xid = reader.U64();
    const uint8_t status = reader.U8();
    reader.ExpectEnd();
    if (status > static_cast<uint8_t>(XidStatus::kAborted) ||
        clog::BlockOf(xid) != record.blocks[0].block) {
      throw Error(sqlstate::kDataCorrupted,
                  "invalid commit log record at " + FormatLsn(record.lsn));
    }
    clog::WriteBits(page, xid, static_cast<XidStatus>(status));
    context.state().SeeXid(xid);
  } else if (record.info != kZeroPage) {
    throw Error(sqlstate::kDataCorrupted,
                "unknown commit log record kind " + std::to_string(record.info));
  }
  RedoContext::FinishBlock(guard, record);
}

std::string Describe(const WalRecord& record) {
  const std::string block = record.blocks.empty() ? "?" : std::to_string(record.blocks[0].block);
  if (record.info == kZeroPage) return "ZERO_PAGE block " + block;
  ByteReader reader(record.main, "commit log record");
  const Xid xid = reader.U64();
  return "SET_STATUS xid " + std::to_string(xid) + " " + StatusName(reader.U8()) + " (block " +
         block + ")";
}

}  // namespace granary::storage::clog_wal
