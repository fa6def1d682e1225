// Crash recovery: redo from the last checkpoint's redo point to the end of the valid log.
//
// The algorithm (docs/architecture.md tells it in full):
//   1. The control file names the last checkpoint record and its redo LSN; the checkpoint
//      record must be readable and agree, else the directory cannot be opened (XX001).
//   2. Every record from the redo LSN to the end of the valid log is replayed through its
//      resource manager. A change is applied to a page only if the page LSN is below the
//      record's end LSN; full-page images restore pages whole. Replay is therefore idempotent:
//      a crash during recovery simply means recovering again from the same checkpoint.
//   3. Files created by transactions without a commit record are removed; the outcomes of
//      commit and abort records are returned for the commit log (applied, logged, by the
//      caller once the WAL is writable); transactions with neither read as aborted.
// The caller then opens the log for appending at end_lsn and takes a checkpoint.
// Thread-safety: runs alone, before the database is shared.
#pragma once

#include <string>

#include "storage/buffer/buffer_pool.hpp"
#include "storage/env/env.hpp"
#include "storage/wal/redo_context.hpp"
#include "storage/wal/wal_record.hpp"

namespace granary::storage {

struct RecoveryResult {
  Lsn end_lsn = kInvalidLsn;          // where the log continues
  Lsn last_record_lsn = kInvalidLsn;  // the record before it
  Lsn checkpoint_end_lsn = kInvalidLsn;
  bool replayed_changes = false;      // records followed the checkpoint record
  RecoveryState state;
};

struct RecoveryOptions {
  bool after_crash = false;         // log one line when redo starts and one when it ends
  uint64_t stop_after_records = 0;  // tests: replay only this many, as a crash would (0: all)
};

// Replays the log in `wal_directory` into `pool`, which must have no WAL attached.
RecoveryResult RunRecovery(Env& env, const std::string& wal_directory, BufferPool& pool,
                           Lsn checkpoint_lsn, Lsn redo_lsn, const RecoveryOptions& options);

}  // namespace granary::storage
