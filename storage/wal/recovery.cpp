// Crash recovery (after PostgreSQL's StartupXLOG / PerformWalRecovery, crash recovery only).
#include "storage/wal/recovery.hpp"

#include <chrono>

#include "common/crash_point.hpp"
#include "common/log.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/wal/resource_managers.hpp"
#include "storage/wal/wal_reader.hpp"
#include "storage/wal/wal_segments.hpp"
#include "storage/wal/xlog_wal.hpp"

namespace granary::storage {
namespace {

// The previous process may have died with log bytes still only in the page cache; they are
// about to be trusted, so make them durable first (PostgreSQL fsyncs pg_wal at crash start).
void SyncLog(Env& env, const std::string& wal_directory) {
  for (SegmentNumber segment : ListSegments(env, wal_directory)) {
    env.OpenFile(SegmentPath(wal_directory, segment), false)->Sync();
  }
}

WalRecord ReadCheckpointRecord(Env& env, const std::string& wal_directory, Lsn checkpoint_lsn,
                               Lsn redo_lsn) {
  WalReader reader(env, wal_directory, checkpoint_lsn);
  std::optional<WalRecord> record = reader.Next();
  std::optional<xlog_wal::CheckpointData> checkpoint;
  if (record) checkpoint = xlog_wal::DecodeCheckpoint(*record);
  if (!checkpoint || checkpoint->redo != redo_lsn) {
    throw Error(sqlstate::kDataCorrupted,
                "could not locate a valid checkpoint record at " + FormatLsn(checkpoint_lsn))
        .WithDetail(record ? "The record there is not the checkpoint the control file names."
                           : "Reading the log stopped: " + reader.end_reason() + ".");
  }
  return std::move(*record);
}

}  // namespace

RecoveryResult RunRecovery(Env& env, const std::string& wal_directory, BufferPool& pool,
                           Lsn checkpoint_lsn, Lsn redo_lsn, const RecoveryOptions& options) {
  const bool after_crash = options.after_crash;
  const auto started = std::chrono::steady_clock::now();
  SyncLog(env, wal_directory);
  const WalRecord checkpoint = ReadCheckpointRecord(env, wal_directory, checkpoint_lsn, redo_lsn);
  if (after_crash) {
    Log(LogLevel::kLog, "database was not shut down cleanly; redo starts at " +
                            FormatLsn(redo_lsn) + " (checkpoint at " + FormatLsn(checkpoint_lsn) + ")");
  }

  RecoveryResult result;
  result.checkpoint_end_lsn = checkpoint.end_lsn;
  // Files created before the redo point by transactions that were still running.
  xlog_wal::NoteCheckpoint(result.state, *xlog_wal::DecodeCheckpoint(checkpoint));
  RedoContext context(pool, result.state);
  WalReader reader(env, wal_directory, redo_lsn);
  while (std::optional<WalRecord> record = reader.Next()) {
    RedoRecord(context, *record);
    ++result.state.records;
    if (record->lsn > checkpoint_lsn) result.replayed_changes = true;
    CrashPoint("recovery-record");
    if (result.state.records == options.stop_after_records) return result;
  }
  if (reader.end_lsn() < checkpoint.end_lsn) {
    throw Error(sqlstate::kDataCorrupted, "the write-ahead log ends at " +
                                              FormatLsn(reader.end_lsn()) +
                                              ", before the end of the checkpoint record")
        .WithDetail("Reading stopped: " + reader.end_reason() + ".");
  }
  result.end_lsn = reader.end_lsn();
  result.last_record_lsn = reader.last_record_lsn();

  // Records skipped for missing or zero blocks must have been followed by a truncation or a
  // drop of those blocks (PostgreSQL's XLogCheckInvalidPages).
  if (!result.state.invalid_pages.empty()) {
    const auto& [rel, block] = *result.state.invalid_pages.begin();
    throw Error(sqlstate::kDataCorrupted, "WAL contains references to invalid pages")
        .WithDetail("Block " + std::to_string(block) + " of relation base/" + std::to_string(rel) +
                    " is changed by the log but does not exist or was never initialised.");
  }

  // Files created by transactions that never committed: their catalog rows are invisible, so
  // nothing can ever reach them.
  RecoveryState& state = result.state;
  for (const auto& [xid, files] : state.created) {
    const auto outcome = state.outcomes.find(xid);
    if (outcome != state.outcomes.end() && outcome->second == XidStatus::kCommitted) continue;
    for (RelFileNumber file : files) context.DropRelation(file);
  }
  if (!state.missing.empty()) {
    std::string files;
    for (RelFileNumber file : state.missing) files += " " + std::to_string(file);
    Log(LogLevel::kWarning, "WAL records refer to relation files that do not exist:" + files);
  }

  if (after_crash) {
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    Log(LogLevel::kLog, "redo done at " + FormatLsn(result.last_record_lsn) + ": " +
                            std::to_string(state.records) + " records, " +
                            std::to_string(state.full_page_images) + " page images, " +
                            std::to_string(elapsed.count()) + " ms; " + reader.end_reason());
  }
  return result;
}

}  // namespace granary::storage
