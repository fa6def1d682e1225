// WalWriter — appends records to the write-ahead log and makes them durable.
//
// Insert encodes a record into an in-memory buffer under a short lock and returns its end LSN;
// Flush(lsn) makes the log durable up to lsn. Flushing is group commit (a leader/follower
// scheme): one thread writes everything inserted so far and fdatasyncs while the others wait
// on a condition variable, and each returns once the flushed LSN has passed its own, so N
// committers arriving during one fsync are all served by the next. A background thread
// flushes every `flush_interval` (for synchronous_commit = off) and pre-creates the next
// segment.
//
// Full-page images: Insert decides, under the insert lock, whether each block reference
// carries its page image: yes when the page LSN is at or before the redo LSN of the latest
// checkpoint (the first change of the page since that checkpoint began), so a page torn by a
// crash is restored whole by redo. Deciding under the same lock that BeginCheckpoint takes
// means no change can slip between a checkpoint's redo point and the decision.
//
// Failure: any write or fsync error poisons the writer. The failing call and every later
// Insert or Flush raise 58030 with Severity::kPanic: after a failed fsync the kernel may
// have dropped the dirty pages, so nothing may be retried, and since data pages are written
// only after their WAL is flushed, no data page reaches disk after the failure either. The
// process must stop; restarting runs recovery.
//
// Waiting: a thread that must wait for the log to be written or fsynced (as leader or
// follower) does so inside a BlockingRegion, so a worker pool can run another worker.
//
// Thread-safety: every method is thread-safe. Locks: flush_mutex_ (flush state) may be held
// while taking insert_mutex_ never; the I/O itself runs under neither.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "storage/env/env.hpp"
#include "storage/wal/wal_record.hpp"
#include "storage/wal/wal_segments.hpp"

namespace granary::storage {

struct WalWriterOptions {
  // How often the background thread flushes what is not yet durable (PostgreSQL's
  // wal_writer_delay): the most a synchronous_commit = off transaction can lose.
  std::chrono::milliseconds flush_interval{200};
  // Buffered bytes past which an inserting thread writes the buffer out (without fsync).
  size_t buffer_limit = size_t{8} << 20;
};

class WalWriter {
 public:
  // Opens the log in `wal_directory` for appending at `end_lsn`, the end of the valid log
  // (recovery's finding; kFirstLsn for a new log), after the record at `last_record_lsn`.
  // Zeroes whatever follows end_lsn in its segment and removes later segment files, so that
  // no stale record can ever follow a new one. `redo_lsn` is the latest checkpoint's.
  WalWriter(Env& env, std::string wal_directory, Lsn end_lsn, Lsn last_record_lsn, Lsn redo_lsn,
            WalWriterOptions options = {});
  ~WalWriter();  // stops the background thread; does not flush
  WalWriter(const WalWriter&) = delete;
  WalWriter& operator=(const WalWriter&) = delete;

  // Appends a record and returns its end LSN (and its start in *start). Block pages must be
  // latched exclusively by the caller. 58030/PANIC when the writer is poisoned.
  Lsn Insert(const WalRecordInput& record, Lsn* start = nullptr);
  // For a hint change (PageGuard::MarkDirtyHint): when the page's LSN is at or before the redo
  // LSN, inserts an XLOG page image record of it and returns its end LSN; otherwise 0. The
  // decision is made under the insert lock, as for Insert.
  Lsn LogImageIfFirstChange(const WalBlockRef& block);
  // Returns once every record ending at or before `lsn` is on disk. 58030/PANIC on failure.
  void Flush(Lsn lsn);
  void FlushAll() { Flush(insert_lsn()); }

  void StartBackgroundFlusher();
  void StopBackgroundFlusher();

  // Starts a checkpoint: the redo LSN becomes the current insert position, and from now on
  // full-page images are decided against it. Returns it.
  Lsn BeginCheckpoint();
  Lsn redo_lsn() const;
  Lsn insert_lsn() const;
  Lsn flushed_lsn() const;

  // The end LSN of the last record `xid` inserted (0 if none), forgetting it: a transaction
  // that wrote nothing needs no commit record. Records of ResourceManager::kTransaction and
  // records without an xid are not tracked.
  Lsn TakeTransactionEnd(Xid xid);

  // Removes segment files that end at or before `redo_lsn`, renaming up to `recycle_limit`
  // of them into future segments instead (PostgreSQL's RemoveOldXlogFiles / recycling).
  void RemoveSegmentsBefore(Lsn redo_lsn, size_t recycle_limit);

  // Called, outside any lock, after a write moved into a new segment (the checkpointer uses
  // it to start a checkpoint by WAL volume). Set before the writer is shared.
  void SetSegmentSwitchCallback(std::function<void(Lsn)> callback);

  struct Stats {
    uint64_t records = 0;
    uint64_t full_page_images = 0;
    uint64_t bytes = 0;
    uint64_t writes = 0;  // pwrite calls
    uint64_t syncs = 0;   // fdatasync calls
  };
  Stats stats() const;
  bool poisoned() const { return poisoned_.load(); }
  // Poisons the writer on behalf of a caller that hit a state it must not continue from (a
  // page change it could not log, a commit it could not record): nothing more is logged or
  // flushed, so no data page is written either. Logged once.
  void Halt(const std::string& reason);
  const std::string& directory() const { return directory_; }

 private:
  // Writes (and with `sync`, fdatasyncs) at least up to `target` as the single I/O leader.
  void WriteOut(Lsn target, bool sync);
  Lsn WritePending();  // returns the end of what it wrote
  void SyncWritten(Lsn written_to);
  File& SegmentFile(SegmentNumber segment);
  void PrepareTail(Lsn end_lsn);
  void BackgroundLoop();
  [[noreturn]] void Poison(const std::string& reason);
  void CheckUsable() const;

  Env& env_;
  const std::string directory_;
  const WalWriterOptions options_;

  mutable std::mutex insert_mutex_;  // guards the fields down to xact_end_
  std::vector<std::byte> pending_;   // encoded records [pending_start_, insert_lsn_)
  Lsn pending_start_;
  Lsn insert_lsn_;
  Lsn prev_record_lsn_;
  Lsn redo_lsn_;
  std::unordered_map<Xid, Lsn> xact_end_;
  Stats insert_stats_;

  mutable std::mutex flush_mutex_;  // guards the fields down to flush_done_
  Lsn written_lsn_;
  Lsn flushed_lsn_;
  bool io_active_ = false;  // a leader is writing; only it touches the I/O state below
  std::condition_variable flush_done_;

  // I/O state, owned by the current leader.
  std::vector<std::byte> write_buffer_;
  std::map<SegmentNumber, bool> unsynced_;  // segments written since their last fsync
  std::atomic<uint64_t> writes_{0};
  std::atomic<uint64_t> syncs_{0};

  std::mutex segment_mutex_;  // guards open_segments_
  std::map<SegmentNumber, std::unique_ptr<File>> open_segments_;
  std::mutex creation_mutex_;  // serialises creating, recycling and removing segment files

  std::function<void(Lsn)> segment_switch_callback_;
  std::mutex poison_mutex_;
  std::atomic<bool> poisoned_{false};
  std::string poison_reason_;  // written once, under poison_mutex_, before poisoned_ is set

  std::mutex background_mutex_;
  std::condition_variable background_wakeup_;
  bool background_stop_ = false;
  std::thread background_;
};

}  // namespace granary::storage
