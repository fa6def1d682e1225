// Transaction ids, the commit log and MVCC snapshots.
//
// Xids are 64-bit and never wrap. The commit log records two bits per xid (in progress,
// committed, aborted) in pages of the relation file kCommitLogRelFile, read and written
// through the buffer pool like any other page, and WAL-logged like any other page.
//
// Committing (with a WAL attached): LogCommit writes the commit record, the caller flushes the
// WAL up to it when the commit must be durable (synchronous_commit), and FinishCommit sets the
// commit log status and ends the transaction; until then no snapshot sees it committed. A
// transaction that wrote no WAL needs no record and no status. Redo-only recovery: an xid
// below the `next_xid` this manager was created with that the commit log still shows in
// progress was cut short by a crash (or a close) and reads as aborted.
//
// Thread-safety: all methods are thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <utility>
#include <vector>

#include "storage/buffer/buffer_pool.hpp"
#include "storage/txn/xid.hpp"
#include "storage/wal/wal_record.hpp"

namespace granary::storage {

inline constexpr RelFileNumber kCommitLogRelFile = 1;

struct TupleHeader;

// What a statement may see: transactions committed before it was taken, plus its own
// transaction's changes made by earlier commands (PostgreSQL's HeapTupleSatisfiesMVCC).
//
// A transaction with savepoints writes under several xids: own_xid is the one it writes
// with now (its innermost open subtransaction, or the top-level xid), own_ancestors the
// top-level xid and the subtransactions opened or released before, minus those rolled back.
// All of them count as the snapshot's own transaction.
struct Snapshot {
  Xid xmin = kInvalidXid;  // every xid < xmin had finished when the snapshot was taken
  Xid xmax = kInvalidXid;  // every xid >= xmax had not started
  std::vector<Xid> in_progress;  // sorted; xids in [xmin, xmax) still running
  Xid own_xid = kInvalidXid;
  std::vector<Xid> own_ancestors;
  CommandId command_id = 0;  // own changes with cid < command_id are visible

  bool XidVisibleAsCommitted(Xid xid) const;  // not in progress per this snapshot
  bool IsOwn(Xid xid) const;
  Xid top_xid() const { return own_ancestors.empty() ? own_xid : own_ancestors.front(); }
};

class TransactionManager {
 public:
  // `next_xid` is above every xid used before: the control file's reservation, or above what
  // recovery saw.
  TransactionManager(BufferPool& pool, Xid next_xid);

  Xid Begin();

  // A commit between LogCommit and FinishCommit.
  struct PendingCommit {
    Xid xid = kInvalidXid;
    Lsn lsn = kInvalidLsn;   // end of the commit record; 0 when none was needed
    bool set_status = false; // the transaction wrote something: record its status
    uint64_t ticket = 0;     // its place in the checkpoint barrier
    std::vector<Xid> children;  // its committed subtransactions
  };
  // Writes the commit record, listing `dropped_files` (which redo removes too) and the
  // subtransactions committing with it, if any of them wrote anything. The transaction stays
  // running, invisible, until FinishCommit.
  PendingCommit LogCommit(Xid xid, std::span<const RelFileNumber> dropped_files = {},
                          std::span<const Xid> children = {});
  // Records the commit in the commit log and ends the transaction. Call it after flushing the
  // WAL up to pending.lsn when the commit must be durable. A failure here is PANIC (the
  // commit record may be durable while the commit log says otherwise) and halts the WAL.
  void FinishCommit(const PendingCommit& pending);
  // Gives up on a logged commit whose flush failed (the log is halted by then): leaves the
  // checkpoint barrier; the transaction stays running for as long as the process lives.
  void AbandonCommit(const PendingCommit& pending) { ReleaseTicket(pending.ticket); }
  // LogCommit, WAL flush, FinishCommit.
  void Commit(Xid xid, std::span<const RelFileNumber> dropped_files = {});
  // Writes an abort record listing `created_files` (which redo removes) if the transaction
  // (or one of `children`) wrote anything — not flushed: a lost abort record reads as aborted
  // all the same — then marks it and its children aborted and ends them. A subtransaction
  // rolled back alone (ROLLBACK TO SAVEPOINT) is aborted the same way, with its own xid.
  void Abort(Xid xid, std::span<const RelFileNumber> created_files = {},
             std::span<const Xid> children = {});

  XidStatus Status(Xid xid);
  // Takes a snapshot for the writer `own_xid` with its `own_ancestors` (Snapshot).
  Snapshot TakeSnapshot(Xid own_xid, CommandId command_id, std::vector<Xid> own_ancestors = {});
  Xid next_xid() const;

  // Relation files created by running transactions, for the checkpoint record: a creation
  // logged before a checkpoint's redo point is not replayed, so recovery learns of the file
  // from the checkpoint and removes it unless the creator commits later in the log.
  // NoteCreatedFile must be called before the creation is logged.
  void NoteCreatedFile(Xid xid, RelFileNumber rel);
  std::vector<std::pair<Xid, RelFileNumber>> CreatedFilesOfRunning() const;

  // The checkpoint barrier (PostgreSQL's DELAY_CHKPT_START): returns once every commit whose
  // record was logged before the call has set its commit log status, so that a checkpoint
  // whose redo point follows a commit record also covers its status.
  void WaitForLoggedCommits();
  // End of recovery: sets, with logging, the status of every transaction whose commit or abort
  // record redo replayed, where the commit log does not show it yet.
  void ApplyOutcomes(const std::map<Xid, XidStatus>& outcomes);

  // True if the tuple with this header is visible to `snapshot`.
  bool IsVisible(const TupleHeader& header, const Snapshot& snapshot);

  // The removal horizon (PostgreSQL's GetOldestNonRemovableTransactionId): the minimum over
  // running transactions of the oldest xid that was running when each began, or next_xid when
  // none runs. Every snapshot a running transaction takes has xmin >= this value, so a tuple
  // whose deleter committed below it is invisible to every snapshot there is or will be.
  Xid OldestXmin() const;
  // A lower bound of OldestXmin that costs one atomic load: the horizon as it stood when the
  // latest transaction ended (the horizon never moves back, so a stale value is only more
  // conservative). For opportunistic pruning and index dead marks on every page read, where
  // OldestXmin's mutex would be a point of contention.
  Xid RemovalHorizon() const { return removal_horizon_.load(std::memory_order_acquire); }

  // What vacuum may do with a tuple, given the horizon from OldestXmin (PostgreSQL's
  // HeapTupleSatisfiesVacuum without hint bits). Takes commit log latches: call it with at
  // most a heap page latch held.
  enum class VacuumVerdict : uint8_t {
    kLive,             // visible to someone now or later (or its insertion/deletion is open)
    kRecentlyDead,     // deleted by a committed transaction some running snapshot may predate
    kDead,             // invisible to every snapshot, now and later: removable
  };
  VacuumVerdict VacuumStateOf(const TupleHeader& header, Xid horizon);

  uint64_t commits_logged() const { return commits_logged_.load(); }

 private:
  void SetStatus(Xid xid, XidStatus status);
  // Extends the commit log so that the page holding `xid` exists. Takes extend_mutex_.
  void EnsureClogPage(Xid xid);
  void EndRunning(Xid xid, std::span<const Xid> children = {});
  void ReleaseTicket(uint64_t ticket);
  [[noreturn]] void Panic(Xid xid, const char* action, const std::exception_ptr& cause);

  BufferPool& pool_;
  const Xid first_xid_of_run_;  // in-progress xids below it are leftovers: aborted
  // Guards next_xid_ and running_. Never held while latching a page: callers of IsVisible
  // take it under a heap page latch.
  mutable std::mutex mutex_;
  Xid next_xid_;
  // Running transactions, each with the oldest xid that was running when it began (itself
  // included): the xmin floor of every snapshot it takes, for OldestXmin.
  std::map<Xid, Xid> running_;
  std::atomic<Xid> removal_horizon_;  // OldestXmin after the latest EndRunning
  // Statuses of recent transactions, so that visibility checks rarely pin commit log pages or
  // take mutex_ (PostgreSQL's hint bits spare it the same lookups). Entry xid % kRecentStatuses
  // holds (xid << 2 | status) for the latest xid put there: Begin stores kInProgress, SetStatus
  // the outcome (before EndRunning, so a snapshot that no longer sees the transaction running
  // finds it), and Status any final outcome it read from the commit log. A reader uses an entry
  // only when its xid matches.
  static constexpr size_t kRecentStatuses = size_t{1} << 16;
  std::unique_ptr<std::atomic<uint64_t>[]> recent_statuses_;
  void RememberStatus(Xid xid, XidStatus status);
  std::map<Xid, std::vector<RelFileNumber>> created_files_;  // of running transactions
  std::mutex extend_mutex_;  // serialises commit log extension; taken before page latches
  std::atomic<BlockNumber> clog_blocks_{0};  // pages in the commit log relation

  std::mutex commit_mutex_;  // the checkpoint barrier
  std::condition_variable commit_done_;
  std::set<uint64_t> logged_commits_;
  uint64_t next_ticket_ = 1;
  std::atomic<uint64_t> commits_logged_{0};
};

}  // namespace granary::storage
