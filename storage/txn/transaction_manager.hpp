// Transaction ids, the commit log and MVCC snapshots.
//
// Xids are 64-bit and never wrap. The commit log records two bits per xid (in progress,
// committed, aborted) in pages of the relation file kCommitLogRelFile, read and written
// through the buffer pool like any other page. The next xid is kept in the control file;
// at open, every xid that was in progress when the directory was last closed is aborted
// (redo-only design: an aborted transaction's tuples are simply invisible).
//
// Thread-safety: all methods are thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "storage/buffer/buffer_pool.hpp"

namespace granary::storage {

using Xid = uint64_t;
using CommandId = uint32_t;
inline constexpr Xid kInvalidXid = 0;
inline constexpr Xid kBootstrapXid = 1;  // always committed: catalog rows made by init
inline constexpr Xid kFirstNormalXid = 3;
inline constexpr RelFileNumber kCommitLogRelFile = 1;

enum class XidStatus : uint8_t { kInProgress = 0, kCommitted = 1, kAborted = 2 };

struct TupleHeader;

// What a statement may see: transactions committed before it was taken, plus its own
// transaction's changes made by earlier commands (PostgreSQL's HeapTupleSatisfiesMVCC).
struct Snapshot {
  Xid xmin = kInvalidXid;  // every xid < xmin had finished when the snapshot was taken
  Xid xmax = kInvalidXid;  // every xid >= xmax had not started
  std::vector<Xid> in_progress;  // sorted; xids in [xmin, xmax) still running
  Xid own_xid = kInvalidXid;
  CommandId command_id = 0;  // changes by own_xid with cid < command_id are visible

  bool XidVisibleAsCommitted(Xid xid) const;  // not in progress per this snapshot
};

class TransactionManager {
 public:
  // `next_xid` comes from the control file.
  TransactionManager(BufferPool& pool, Xid next_xid);

  Xid Begin();
  void Commit(Xid xid);
  void Abort(Xid xid);
  XidStatus Status(Xid xid);
  Snapshot TakeSnapshot(Xid own_xid, CommandId command_id);
  Xid next_xid() const;
  // Marks every xid in [first, next_xid) still recorded as in progress as aborted.
  void AbortLeftovers(Xid first);

  // True if the tuple with this header is visible to `snapshot`.
  bool IsVisible(const TupleHeader& header, const Snapshot& snapshot);

 private:
  void SetStatus(Xid xid, XidStatus status);
  // Extends the commit log so that the page holding `xid` exists. Takes extend_mutex_.
  void EnsureClogPage(Xid xid);

  BufferPool& pool_;
  // Guards next_xid_ and running_. Never held while latching a page: callers of IsVisible
  // take it under a heap page latch.
  mutable std::mutex mutex_;
  Xid next_xid_;
  std::set<Xid> running_;
  std::mutex extend_mutex_;  // serialises commit log extension; taken before page latches
  std::atomic<BlockNumber> clog_blocks_{0};  // pages in the commit log relation
};

}  // namespace granary::storage
