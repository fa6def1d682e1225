// Checkpointer — takes checkpoints: on a timer, by WAL volume, on request and at shutdown.
//
// A checkpoint (PostgreSQL's CreateCheckPoint, not spread out over time):
//   1. redo LSN := the current insert position (WalWriter::BeginCheckpoint); from now on
//      a page's first change carries a full-page image;
//   2. wait for commits whose record precedes the redo point to set their commit log status;
//   3. write every dirty buffer (WAL before data holds for each) and fsync every relation file;
//   4. log the checkpoint record and flush it;
//   5. point the control file at it (atomically replaced);
//   6. remove or recycle WAL segments that end before the redo point.
// Until step 5 completes the previous checkpoint stays valid, so a crash at any point leaves a
// recoverable directory (tests/crash kills the engine between the steps).
//
// Triggers: `timeout` since the last checkpoint (checkpoint_timeout, 5 min; skipped when no
// WAL was written), WAL written since the last redo point passing half of `max_wal_size`
// (so the log kept on disk stays around max_wal_size, as PostgreSQL's CheckPointSegments),
// Run() from the SQL command CHECKPOINT, and a shutdown checkpoint when the database closes.
// Thread-safety: thread-safe; checkpoints never overlap.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "storage/buffer/buffer_pool.hpp"
#include "storage/data_directory.hpp"
#include "storage/txn/transaction_manager.hpp"
#include "storage/wal/wal_writer.hpp"

namespace granary::storage {

struct CheckpointSettings {
  std::chrono::seconds timeout{300};
  uint64_t max_wal_size = uint64_t{1} << 30;
};

enum class CheckpointReason { kTime, kWalVolume, kRequested, kShutdown, kEndOfRecovery };

// pg_stat_bgwriter's checkpoint counters.
struct CheckpointActivity {
  uint64_t timed = 0;            // checkpoint_timeout's
  uint64_t requested = 0;        // the WAL volume's, CHECKPOINT's, shutdown's, recovery's
  uint64_t buffers_written = 0;  // dirty pages the checkpoints wrote
};

class Checkpointer {
 public:
  // `next_oid` reports the catalog's next oid (the catalog sits above storage).
  Checkpointer(DataDirectory& directory, BufferPool& pool, WalWriter& wal,
               TransactionManager& transactions, std::function<uint32_t()> next_oid,
               CheckpointSettings settings);
  ~Checkpointer();  // stops the background thread
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  void Start();  // the background thread for the timer and WAL-volume triggers
  void Stop();

  // Takes a checkpoint now and returns its redo LSN. Call without holding page latches.
  // Raises what the flush or the log raise (58030; PANIC from the log).
  Lsn Run(CheckpointReason reason);
  // Tells the checkpointer how far the log has grown (the WAL writer's segment callback).
  void NoteWalProgress(Lsn insert_lsn);

  uint64_t checkpoints_done() const;
  CheckpointActivity activity() const;

 private:
  void Loop();

  DataDirectory& directory_;
  BufferPool& pool_;
  WalWriter& wal_;
  TransactionManager& transactions_;
  std::function<uint32_t()> next_oid_;
  const CheckpointSettings settings_;

  std::mutex run_mutex_;  // one checkpoint at a time

  mutable std::mutex mutex_;  // guards the fields below
  std::condition_variable wakeup_;
  bool stop_ = false;
  bool volume_requested_ = false;
  Lsn last_redo_ = kInvalidLsn;
  Lsn last_checkpoint_end_ = kInvalidLsn;
  uint64_t checkpoints_done_ = 0;
  CheckpointActivity activity_;
  std::thread thread_;
};

}  // namespace granary::storage
