// HeapFile — a table's rows in slotted heap pages, with MVCC tuple headers.
//
// Each stored tuple is a TupleHeader followed by the row bytes of row_codec.hpp. Inserts go
// to the last page with room (a free-space hint per file; a real free space map comes with
// vacuum), else to a new page. Delete sets xmax; update is delete + insert with the old
// tuple's ctid pointing at the new version (as PostgreSQL). Every page change is WAL-logged
// (heap_wal.hpp) when the pool has a WAL attached.
// Thread-safety: methods are thread-safe (page latches); visibility is the caller's snapshot.
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "storage/buffer/buffer_pool.hpp"
#include "storage/lock/row_locks.hpp"
#include "storage/txn/transaction_manager.hpp"

namespace granary::storage {

struct TupleId {
  BlockNumber block = kInvalidBlock;
  SlotNumber slot = 0;
  bool operator==(const TupleId&) const = default;
};

// On-page tuple header (after PostgreSQL's HeapTupleHeaderData, with 64-bit xids and both
// command ids kept instead of a combo cid).
struct TupleHeader {
  Xid xmin = kInvalidXid;
  Xid xmax = kInvalidXid;    // kInvalidXid: not deleted/locked
  CommandId cmin = 0;
  CommandId cmax = 0;
  BlockNumber ctid_block = kInvalidBlock;  // newer version after an update, else self
  SlotNumber ctid_slot = 0;
  uint16_t flags = 0;
  uint16_t attribute_count = 0;
  uint16_t reserved = 0;
};
static_assert(sizeof(TupleHeader) == 40);

struct HeapTuple {
  TupleId id;
  TupleHeader header;
  std::string data;  // row bytes
};

// What became of an attempt to change or lock a tuple the caller's snapshot sees
// (PostgreSQL's TM_Result).
enum class ChangeResult : uint8_t {
  kOk,             // done
  kSelfModified,   // the caller's own transaction already changed it
  kBeingModified,  // another running transaction changed or locked it: wait for `blocker`
  kUpdated,        // a transaction that committed meanwhile updated it: `newer` is next
  kDeleted,        // a transaction that committed meanwhile deleted it
};

struct ChangeOutcome {
  ChangeResult result = ChangeResult::kOk;
  Xid blocker = kInvalidXid;
  TupleId newer;
};

class HeapFile {
 public:
  HeapFile(BufferPool& pool, RelFileNumber rel);

  // Largest row (bytes) that fits on one page; larger rows raise 54000
  // (program_limit_exceeded) `row is too big: size N, maximum size M` until out-of-line
  // storage arrives.
  static size_t MaxRowSize();

  TupleId Insert(std::span<const std::byte> row, uint16_t attribute_count, Xid xid,
                 CommandId cid);
  // Sets xmax/cmax on the tuple (the caller checked visibility and conflicts).
  void MarkDeleted(TupleId tid, Xid xid, CommandId cid);
  // Marks the tuple deleted by the snapshot's transaction (own_xid, command_id) unless
  // another transaction deleted, updated or row-locked it (in a mode conflicting with
  // `mode`) first; the check and the change happen under one exclusive latch.
  ChangeOutcome TryMarkDeleted(TupleId tid, const Snapshot& snapshot,
                               TransactionManager& transactions, const RowLockTable* row_locks,
                               RowLockMode mode);
  // Takes a row lock in `row_locks` for the snapshot's transaction under the same rules.
  ChangeOutcome TryLockRow(TupleId tid, const Snapshot& snapshot, TransactionManager& transactions,
                           RowLockTable& row_locks, RowLockMode mode);
  // Sets the old version's ctid to the new one (after MarkDeleted + Insert by `xid`).
  void LinkUpdate(TupleId old_tid, TupleId new_tid, Xid xid);
  // Copies the tuple out; false if the slot does not hold a tuple.
  bool Fetch(TupleId tid, HeapTuple& out);

  // Forward scan of every tuple visible to the snapshot, a page at a time: the visible tuples
  // of one page are copied out under its shared latch, so no pin is held between calls.
  class Scan {
   public:
    Scan(HeapFile& heap, TransactionManager& transactions, const Snapshot& snapshot);
    // Appends up to `max_rows` visible tuples to `out`; returns false when the scan is done
    // and nothing was appended.
    bool NextBatch(std::vector<HeapTuple>& out, size_t max_rows);

   private:
    HeapFile& heap_;
    TransactionManager& transactions_;
    Snapshot snapshot_;
    BlockNumber next_block_ = 0;
    BlockNumber block_count_ = 0;
    std::vector<HeapTuple> pending_;
    size_t pending_pos_ = 0;
  };

  RelFileNumber rel() const { return rel_; }
  BufferPool& pool() { return pool_; }

 private:
  BufferPool& pool_;
  RelFileNumber rel_;
  std::atomic<BlockNumber> insert_hint_{kInvalidBlock};  // last page an insert went to
};

}  // namespace granary::storage
