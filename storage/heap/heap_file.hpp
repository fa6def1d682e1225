// HeapFile — a table's rows in slotted heap pages, with MVCC tuple headers.
//
// Each stored tuple is a TupleHeader followed by the row bytes of row_codec.hpp. Inserts go
// to the lowest page the free space map (fsm/, owned by the pool) says has room, else to the
// last page, else to a new page. Delete sets xmax; update is delete + insert with the old
// tuple's ctid pointing at the new version (as PostgreSQL). Every page change is WAL-logged
// (heap_wal.hpp) when the pool has a WAL attached.
// Thread-safety: methods are thread-safe (page latches); visibility is the caller's snapshot.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "storage/buffer/buffer_pool.hpp"
#include "storage/lock/row_locks.hpp"
#include "storage/txn/transaction_manager.hpp"

namespace granary::storage {

// The blocks of one table handed out to the participants of a parallel sequential scan
// (PostgreSQL's ParallelBlockTableScanDesc): each takes the next chunk of kChunkBlocks
// consecutive blocks from a shared counter until the blocks counted when the scan began are
// all taken, so every block is read by exactly one participant. Thread-safe (one atomic).
class ParallelBlocks {
 public:
  // 16 blocks (128 KiB): few enough that the participants end close together on the tables
  // a parallel plan is chosen for (8 MiB and more), many enough that each reads a run of
  // consecutive blocks and takes the counter once per 16 pages.
  static constexpr BlockNumber kChunkBlocks = 16;

  explicit ParallelBlocks(BlockNumber block_count) : block_count_(block_count) {}
  BlockNumber block_count() const { return block_count_; }
  // The first block of the caller's next chunk; block_count() when none is left.
  BlockNumber TakeChunk() {
    const BlockNumber first = next_.fetch_add(kChunkBlocks, std::memory_order_relaxed);
    return first < block_count_ ? first : block_count_;
  }

 private:
  const BlockNumber block_count_;
  std::atomic<BlockNumber> next_{0};
};

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
  // The low 32 bits of the last transaction that row-locked this version (FOR UPDATE /
  // SHARE, ON CONFLICT DO UPDATE; carried to the version its own UPDATE writes), 0 for none:
  // what the xmax system column shows while no deleter is set, as PostgreSQL's lock-only
  // xmax. A hint: never read for visibility or locking (row locks live in RowLockTable),
  // written without WAL, so a crash may lose it.
  uint32_t locker = 0;
};
static_assert(sizeof(TupleHeader) == 40);

struct HeapTuple {
  TupleId id;
  TupleHeader header;
  std::string data;  // row bytes
};

// A tuple read in place (HeapFile::ViewSlotPruning): `data` points into a page, and is valid
// only while the caller holds that page's latch.
struct HeapTupleView {
  TupleId id;
  TupleHeader header;
  std::span<const std::byte> data;  // row bytes
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
  uint16_t flags = 0;  // kOk from TryMarkDeleted: the tuple header's flags
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
  // Marks the tuple deleted by the snapshot's transaction (own_xid, command_id) unless
  // another transaction deleted, updated or row-locked it (in a mode conflicting with
  // `mode`) first; the check and the change happen under one exclusive latch. On success
  // the outcome carries the tuple's header flags.
  ChangeOutcome TryMarkDeleted(TupleId tid, const Snapshot& snapshot,
                               TransactionManager& transactions, const RowLockTable* row_locks,
                               RowLockMode mode);
  // Takes a row lock in `row_locks` for the snapshot's transaction under the same rules.
  ChangeOutcome TryLockRow(TupleId tid, const Snapshot& snapshot, TransactionManager& transactions,
                           RowLockTable& row_locks, RowLockMode mode);
  // Sets the old version's ctid to the new one (after MarkDeleted + Insert by `xid`); a
  // lock `xid` held on the old version passes to the new one (TupleHeader::locker): true
  // when it did.
  bool LinkUpdate(TupleId old_tid, TupleId new_tid, Xid xid);
  // Copies the tuple out; false if the slot does not hold a tuple.
  bool Fetch(TupleId tid, HeapTuple& out);

  // What a slot holds.
  enum class SlotContent : uint8_t {
    kTuple,    // a tuple (copied out)
    kDead,     // a dead ItemId: its tuple was pruned, so every index entry for it is dead
    kNothing,  // an unused slot, or no such slot or block
  };
  SlotContent FetchSlot(TupleId tid, HeapTuple& out);
  // FetchSlot for index scans, which first prune the page when PruneIfWorthwhile says so.
  // With `pin`, the page stays pinned there after the fetch, and a fetch from the page `pin`
  // holds needs no page-table lookup (see BlockPin for how long it may be kept).
  SlotContent FetchSlotPruning(TupleId tid, HeapTuple& out, TransactionManager& transactions,
                               BlockPin* pin = nullptr);
  // FetchSlotPruning without the copy, for a reader that needs a few columns of each tuple:
  // on kTuple, `view` points into the page and `guard` holds the page's shared latch
  // (borrowing `pin`, which holds the page afterwards as with FetchSlotPruning). Release the
  // guard before the next fetch, and before anything that may latch another page (a toast
  // fetch, an index): the caller reads the bytes and lets go.
  SlotContent ViewSlotPruning(TupleId tid, TransactionManager& transactions, BlockPin& pin,
                              PageGuard& guard, HeapTupleView& view);
  // Another slot of the page `guard` latches (tid.block is guard's block), viewed under the
  // same latch: an index scan reads the entries of one heap page under one latch. `guard`
  // is one ViewSlotPruning returned with a tuple (the page is not checked again) and stays
  // held whatever the slot holds.
  SlotContent ViewLatchedSlot(const PageGuard& guard, TupleId tid, HeapTupleView& view) const;
  // True if the slot holds a dead ItemId or a tuple dead to every snapshot there is or will
  // be (TransactionManager::RemovalHorizon): index entries for it may be marked dead.
  bool IsDeadToAll(TupleId tid, TransactionManager& transactions);

  // Forward scan of every tuple visible to the snapshot, a page at a time: the visible tuples
  // of one page are copied out under its shared latch, so no pin is held between calls.
  class Scan {
   public:
    Scan(HeapFile& heap, TransactionManager& transactions, const Snapshot& snapshot);
    // One participant's part of a parallel scan: the blocks of the chunks it takes from
    // `parallel` (which must outlive the scan), in the order it takes them.
    Scan(HeapFile& heap, TransactionManager& transactions, const Snapshot& snapshot, ParallelBlocks& parallel);
    // Appends up to `max_rows` visible tuples to `out`; returns false when the scan is done
    // and nothing was appended.
    bool NextBatch(std::vector<HeapTuple>& out, size_t max_rows);
    // As NextBatch, but overwrites out[0..count) instead of appending (growing `out` when it
    // is shorter), reusing the tuples' buffers from call to call; count is 0 when done.
    bool NextBatchReusing(std::vector<HeapTuple>& out, size_t& count, size_t max_rows);

   private:
    // Makes pending_[pending_pos_] the next visible tuple, copying the next pages' visible
    // tuples out as needed (slots of pending_ past pending_size_ keep their buffers for
    // reuse); false when the table is done.
    bool FillPending();

    HeapFile& heap_;
    TransactionManager& transactions_;
    Snapshot snapshot_;
    BlockNumber next_block_ = 0;
    BlockNumber block_count_ = 0;  // of the table; of the current chunk's end when parallel
    ParallelBlocks* parallel_ = nullptr;
    // For a table over a quarter of the pool: its pages go through a ring of frames
    // (PostgreSQL's choice in initscan), so one scan does not evict the rest of the pool.
    std::optional<ScanRing> ring_;
    std::vector<HeapTuple> pending_;
    size_t pending_size_ = 0;
    size_t pending_pos_ = 0;
  };

  // --- Vacuum's page operations (storage/vacuum): each latches one page exclusively, changes
  // it, logs the change and records the page's free space in the free space map.

  struct PruneResult {
    std::vector<SlotNumber> dead_slots;  // dead ItemIds left on the page, for the index pass
    size_t removed = 0;                  // tuples found dead and removed now
    size_t live = 0;                     // tuples kept: live or still being inserted/deleted
    size_t recently_dead = 0;            // deleted, but some snapshot may still see them
  };
  // Vacuum's first pass over `block`: removes the storage of every tuple
  // TransactionManager::VacuumStateOf calls dead under `horizon`. With `has_indexes` their
  // ItemIds become dead (slots stay taken until the index entries are gone: ReclaimDeadSlots);
  // without, they become unused at once, as do dead ItemIds left by an earlier prune. Logs
  // kPrune when anything changed. Latches: the page exclusively, commit log pages under it.
  PruneResult PrunePage(BlockNumber block, TransactionManager& transactions, Xid horizon,
                        bool has_indexes);
  // Opportunistic pruning (PostgreSQL's heap_page_prune_opt), done by readers: prunes `block`
  // like PrunePage with indexes (dead tuples leave dead ItemIds) when the page is short of
  // free space and its prune hint (PageGuard::prune_hint) says some deleter is below the
  // removal horizon, so a row updated many times does not grow the table until vacuum.
  // `guard` holds the page latched shared; it is released and re-taken if pruning happens.
  void PruneIfWorthwhile(PageGuard& guard, TransactionManager& transactions);

  // Vacuum's second pass: the dead ItemIds at `slots` become unused, now that no index entry
  // points at them (kVacuum). Slots that are not dead are left alone.
  void ReclaimDeadSlots(BlockNumber block, std::span<const SlotNumber> slots);
  // True if the page holds no tuple and no dead ItemId (truncation may drop it). Shared latch.
  bool PageIsEmpty(BlockNumber block);

  RelFileNumber rel() const { return rel_; }
  RelFileNumber toast_rel() const { return toast_rel_; }
  BufferPool& pool() { return pool_; }

 private:
  // PrunePage's work on the exclusively latched page; sets the page's prune hint to the
  // oldest deleter left.
  PruneResult PruneLatched(PageGuard& guard, TransactionManager& transactions, Xid horizon,
                           bool has_indexes);
  // Places the tuple on `block` if it fits, recording the page's free space either way.
  std::optional<TupleId> TryInsertAt(BlockNumber block, std::span<const std::byte> tuple, Xid xid);
  // Records `locker` (non-zero) as the tuple's TupleHeader::locker: a hint change.
  void SetLocker(PageGuard& guard, TupleId tid, uint32_t locker);

  BufferPool& pool_;
  RelFileNumber rel_;
  RelFileNumber toast_rel_;
  std::atomic<BlockNumber> insert_hint_{kInvalidBlock};  // last page an insert went to
};

}  // namespace granary::storage
