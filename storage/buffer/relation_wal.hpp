// Relation file creation, WAL-logged (PostgreSQL's XLOG_SMGR_CREATE).
//
//   kCreate  no block reference; main: relfile u32. The record's xid is the creating
//            transaction's: at the end of recovery, files created by transactions that
//            never committed are removed.
//   kTruncate no block reference; main: relfile u32, new block count u32 (vacuum cutting off
//            empty pages at the end; PostgreSQL's XLOG_SMGR_TRUNCATE). Redo drops the
//            pool's frames beyond the new end and shortens the file if it is longer.
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
inline constexpr uint8_t kTruncate = 0x10;

// Logs the creation, then creates the empty file (emptying a leftover of an earlier run that
// never logged it, since relfile numbers are never reused once logged).
void CreateRelation(BufferPool& pool, RelFileNumber rel, Xid xid);

// Shortens `rel` to `blocks` blocks: logs kTruncate and flushes the log up to it (a crash
// after the file shrank must replay the truncation, or redo of earlier records would
// resurrect the pages), drops the pool's frames beyond the end, then truncates the file.
// The caller guarantees that nobody uses those blocks (the table lock; storage/README.md
// invariant 12) and that they hold nothing anyone needs.
void TruncateRelation(BufferPool& pool, RelFileNumber rel, BlockNumber blocks);

void Redo(RedoContext& context, const WalRecord& record);
std::string Describe(const WalRecord& record);

}  // namespace relation_wal
}  // namespace granary::storage
