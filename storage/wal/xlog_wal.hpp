// The log's own records (PostgreSQL's RM_XLOG_ID): checkpoints and standalone page images.
//
//   kCheckpointShutdown, kCheckpointOnline   main: redo LSN u64, next xid u64, next oid u32,
//                                            time u64 (seconds since 1970), count u32, then
//                                            (xid u64, relfile u32) x count: files created by
//                                            transactions still running, which recovery
//                                            removes unless it finds their commit
//   kPageImage                               one block reference carrying its image; redo is
//                                            the image restore every record gets
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/buffer/buffer_pool.hpp"
#include "storage/env/env.hpp"
#include "storage/wal/wal_record.hpp"

namespace granary::storage {

class RedoContext;
struct RecoveryState;

namespace xlog_wal {

inline constexpr uint8_t kCheckpointShutdown = 0x00;
inline constexpr uint8_t kCheckpointOnline = 0x10;
inline constexpr uint8_t kPageImage = 0x20;

struct CheckpointData {
  Lsn redo = kInvalidLsn;
  Xid next_xid = kFirstNormalXid;
  uint32_t next_oid = 0;
  uint64_t time = 0;
  std::vector<std::pair<Xid, RelFileNumber>> pending_creates;
};

std::vector<std::byte> CheckpointPayload(const CheckpointData& checkpoint);
// What recovery learns from a checkpoint record: counters, and files of running creators.
void NoteCheckpoint(RecoveryState& state, const CheckpointData& checkpoint);
// nullopt unless `record` is a well-formed checkpoint record.
std::optional<CheckpointData> DecodeCheckpoint(const WalRecord& record);

// Starts the log of a new data directory: a shutdown checkpoint at kFirstLsn whose redo point
// is itself, flushed. Returns the checkpoint record's LSN.
Lsn WriteInitialCheckpoint(Env& env, const std::string& wal_directory, CheckpointData checkpoint);

// Logs the whole page held (exclusively) by `guard` and stamps its LSN: for changes that have
// no record of their own, and for tests.
Lsn LogPageImage(PageGuard& guard);

void Redo(RedoContext& context, const WalRecord& record);
std::string Describe(const WalRecord& record);

}  // namespace xlog_wal
}  // namespace granary::storage
