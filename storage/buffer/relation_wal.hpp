// Relation file creation, WAL-logged (PostgreSQL's XLOG_SMGR_CREATE).
//
//   kCreate  no block reference; main: relfile u32. The record's xid is the creating
//            transaction's: at the end of recovery, files created by transactions that
//            never committed are removed.
// Dropping is not a record of its own: files dropped by a transaction are listed in its
// commit record, files created by it in its abort record (xact_wal.hpp).
#pragma once

#include <string>

#include "storage/buffer/buffer_pool.hpp"
#include "storage/txn/xid.hpp"

namespace granary::storage {

class RedoContext;
struct WalRecord;

namespace relation_wal {

inline constexpr uint8_t kCreate = 0x00;

// Logs the creation, then creates the empty file (emptying a leftover of an earlier run that
// never logged it, since relfile numbers are never reused once logged).
void CreateRelation(BufferPool& pool, RelFileNumber rel, Xid xid);

void Redo(RedoContext& context, const WalRecord& record);
std::string Describe(const WalRecord& record);

}  // namespace relation_wal
}  // namespace granary::storage
