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

class HeapFile {
 public:
  // `toast_rel`: the table's toast relation (0 for none), for callers that store rows
  // through toast.hpp; the heap itself only stores bytes.
  HeapFile(BufferPool& pool, RelFileNumber rel, RelFileNumber toast_rel = 0);

  // Largest row (bytes) that fits on one page; larger rows raise 54000
  // (program_limit_exceeded) `row is too big: size N, maximum size M`. Rows of user tables
  // are toasted (toast.hpp) first, so only a row of very many columns gets there.
  static size_t MaxRowSize();

  // `flags` go to TupleHeader::flags (toast.hpp's kTupleHasExternal).
  TupleId Insert(std::span<const std::byte> row, uint16_t attribute_count, Xid xid,
                 CommandId cid, uint16_t flags = 0);
  // Sets xmax/cmax on the tuple (the caller checked visibility and conflicts). Returns the
  // tuple's header flags, so that a caller can tell whether it has out-of-line values.
  uint16_t MarkDeleted(TupleId tid, Xid xid, CommandId cid);
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
  RelFileNumber toast_rel() const { return toast_rel_; }
  BufferPool& pool() { return pool_; }

 private:
  BufferPool& pool_;
  RelFileNumber rel_;
  RelFileNumber toast_rel_;
  std::atomic<BlockNumber> insert_hint_{kInvalidBlock};  // last page an insert went to
};

}  // namespace granary::storage
