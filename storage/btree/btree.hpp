// BTree — a B+tree index over byte-string keys whose values are heap tuple ids, after
// Lehman & Yao ("Efficient Locking for Concurrent Operations on B-Trees", 1981) as
// PostgreSQL's nbtree implements it: right links and high keys let readers and writers hold
// one or two page latches at a time. README.md states the invariants, the latch rules and
// every departure from the paper.
//
// Keys are opaque bytes ordered by memcmp (a proper prefix first); types/key_encoding.hpp
// makes SQL key tuples into such bytes. Entries are (key, tid) pairs ordered by key then
// tid, so duplicates of a key are kept in heap order and every entry is distinct.
//
// What the index does not know about: transactions and visibility. A non-unique index stores
// every version's entry; InsertUnique asks the caller about the heap tuples of equal keys.
// Entries are marked dead by Delete and MarkDeadIf and removed by BulkDelete (vacuum), or by
// an insertion into their full leaf, which drops the dead entries before it would split.
// A key containing a NULL is never a duplicate (PostgreSQL's NULLS DISTINCT): insert it with
// Insert.
//
// Errors: 54000 (program_limit_exceeded) `index row size N exceeds btree maximum M for index "x"` for a
// key longer than kMaxKeySize; 23505 (unique_violation) from InsertUnique; XX002
// (index_corrupted) for pages that are not what the tree expects; 53200 and I/O errors from
// the buffer pool. An error never leaves a half-changed page: see README.md, invariant 7.
// Thread-safety: every method may be called concurrently from any number of threads, also
// through different BTree objects for the same relation. A BTree object is a small handle
// (pool, relation, name); it holds no pins or latches between calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/buffer/buffer_pool.hpp"
#include "storage/heap/heap_file.hpp"

namespace granary::storage {

// One index entry, copied out of its page.
struct IndexEntry {
  std::string key;
  TupleId tid;
};

// The caller's verdict on the heap tuple behind an existing entry whose key equals the key
// being inserted into a unique index (PostgreSQL's _bt_check_unique with a dirty snapshot).
enum class TupleLiveness : uint8_t {
  kDead,        // no conflict: never committed, or its deletion committed
  kLive,        // conflict: committed and not deleted by a committed transaction, or
                // inserted by the inserting transaction itself
  kInProgress,  // undecided: inserted or deleted by another transaction still running
  kDeadToAll,   // no conflict, and dead to every transaction now and later: the check marks
                // the entry dead, so later checks and scans skip it
};

// How InsertUnique consults the caller. `liveness` and `wait` are required (XX000 without).
struct UniqueCheck {
  // The constraint (or index) named in the 23505 message.
  std::string constraint_name;
  // Judges one existing entry. Called with exclusive latches on one or two leaf pages of this
  // index: it may latch heap and commit log pages, and must not touch this index.
  std::function<TupleLiveness(TupleId tid)> liveness;
  // Called with no latch held after `liveness` said kInProgress for `tid`: returns when the
  // transaction it waited for has finished. The uniqueness check then starts again.
  std::function<void(TupleId tid)> wait;
  // Formats the key for the error detail as "(col1, col2)=(val1, val2)". Called with no latch
  // held, only when raising 23505.
  std::function<std::string(std::string_view key)> describe_key;
};

class BTree {
 public:
  // Longest key accepted: a third of a page less the tuple headers (PostgreSQL's
  // BTMaxItemSize rule, so that a split always succeeds).
  static constexpr size_t kMaxKeySize = 2700;

  // Formats an empty index in `rel`, which must exist and have no blocks: block 0 becomes
  // the meta page, block 1 an empty root leaf. `name` is used in error messages.
  static BTree Create(BufferPool& pool, RelFileNumber rel, std::string name);
  // Opens an existing index; raises XX002 if block 0 is not a B-tree meta page.
  BTree(BufferPool& pool, RelFileNumber rel, std::string name);

  // Adds (key, tid). Raises 54000 for a key over kMaxKeySize and XX000 if exactly this
  // (key, tid) is already present (a caller bug: a heap tuple is indexed once).
  void Insert(std::string_view key, TupleId tid);

  // Adds (key, tid) unless an entry with an equal key belongs to a heap tuple that
  // `check.liveness` calls live: then raises 23505 `duplicate key value violates unique
  // constraint "<name>"` with detail `Key <describe_key(key)> already exists.` and the
  // constraint name set. The check and the insert happen under the exclusive latch of the
  // first leaf page that may hold the key, so of two concurrent inserters of one key the
  // second sees the first's entry (and waits for its transaction through `check.wait`).
  void InsertUnique(std::string_view key, TupleId tid, const UniqueCheck& check);

  // Marks the entry (key, tid) dead: scans and uniqueness checks skip it from now on. Call it
  // only when the heap tuple is dead to every transaction (an aborted insert, or vacuum);
  // PostgreSQL's LP_DEAD. Returns false if there is no such live entry.
  bool Delete(std::string_view key, TupleId tid);

  // Marks the entry (key, tid) dead if `still_dead`, called under the exclusive latch of the
  // entry's leaf (it may latch heap and commit log pages, not this index), says its heap tuple
  // is dead to every transaction. Index scans call it for entries whose tuple they found dead
  // (PostgreSQL's kill_prior_tuple); checking again under the latch makes it safe against the
  // entry having been removed by vacuum and its tuple id reused meanwhile. Returns true if it
  // marked the entry.
  bool MarkDeadIf(std::string_view key, TupleId tid, const std::function<bool()>& still_dead);

  // Vacuum's index pass (PostgreSQL's btbulkdelete): removes every leaf entry whose tid
  // `is_dead` accepts, walking the leaf level from the leftmost page along right links with one
  // exclusive latch at a time; `is_dead` is called under that latch and must not touch pages.
  // A split after a page was visited moves only entries already judged (or new ones) to its
  // right, so no entry present throughout the pass is missed. Returns the entries removed.
  // Empty pages stay in the tree (no page deletion yet). `should_stop`, checked between pages,
  // ends the pass early (the remaining entries stay; the heap's dead slots with them).
  size_t BulkDelete(const std::function<bool(TupleId)>& is_dead,
                    const std::function<bool()>& should_stop = {});

  // Tids of the live entries whose key equals `key`, in tid order.
  std::vector<TupleId> Lookup(std::string_view key);

  // What Verify found.
  struct Shape {
    uint32_t height = 0;                  // levels, 1 for a lone root leaf
    std::vector<size_t> pages_per_level;  // index 0 = leaves
    size_t entries = 0;                   // leaf entries, dead ones included
    size_t dead_entries = 0;
  };
  // Checks the whole structure (PostgreSQL's amcheck bt_index_parent_check): levels, sibling
  // links both ways, order within pages and across siblings, high keys, downlinks matching
  // the children's key ranges, the meta page. Raises XX002 describing the first violation.
  // Reads every page; meant for tests and diagnostics on an index with no concurrent writers.
  Shape Verify();

  BufferPool& pool() const { return *pool_; }
  RelFileNumber rel() const { return rel_; }
  const std::string& name() const { return name_; }

 private:
  friend class BTreeScan;
  class Writer;

  BufferPool* pool_;
  RelFileNumber rel_;
  std::string name_;
};

// A range scan, forward or backward. Bounds compare by prefix: a bound matches every key that begins with
// it, which is what a bound encoded from the leading columns of a multi-column key needs
// (types/key_encoding.hpp). So Seek("ab", false) skips every key starting with "ab", and an
// inclusive upper bound "ab" includes them.
//
// The scan holds no pin or latch between calls: it copies the matching live entries of one
// leaf page at a time and then follows the page's right link (PostgreSQL's _bt_readpage /
// _bt_steppage). It sees every entry that was in the index for its whole duration, each once
// and in order; entries inserted or deleted meanwhile may or may not be seen — the caller's
// snapshot decides what counts. A backward scan reads a leaf from its end and then goes to
// its left sibling: the remembered left link, then right links from there until the page
// whose right link is the leaf just read (PostgreSQL's _bt_walk_left; pages are never
// deleted, so that page is always found and holds exactly the keys just below the leaf's).
// Thread-safety: one scan per thread; any number of scans may run concurrently with writers.
class BTreeScan {
 public:
  explicit BTreeScan(BTree& tree);
  // Forgets the bounds and the position, as a new scan of the same tree, keeping the
  // buffers' memory (a lateral probe's scan restarts for every outer row).
  void Restart();

  // Positions before the first entry whose key is >= `lower` (inclusive) or, exclusive,
  // after every key that begins with `lower`.
  void Seek(std::string_view lower, bool inclusive = true);
  // Positions before the first entry of the index.
  void SeekFirst();
  // Ends the scan after the last key <= `upper` (inclusive: keys beginning with `upper`
  // count as equal) or before the first key >= `upper` (exclusive). Call before Seek.
  void SetUpperBound(std::string_view upper, bool inclusive = true);

  // Backward scans (PostgreSQL's BackwardScanDirection): entries from the upper bound (or
  // the last entry) down to the lower bound (or the first), in descending (key, tid) order.
  // The lower bound compares by prefix as the upper does: inclusive, every key beginning
  // with `lower` is in range; exclusive, none is. Call the Set...Bound functions first.
  void SetLowerBound(std::string_view lower, bool inclusive = true);
  // Positions after the last entry within the upper bound; Next then goes backward.
  void SeekLast();

  // The next live entry in (key, tid) order (descending after SeekLast); false at the end.
  bool Next(IndexEntry& entry);

 private:
  struct Buffered {
    size_t key_offset;
    size_t key_size;
    TupleId tid;
  };
  // Copies the entries of the latched leaf from `slot` on, and remembers where to go next.
  void ReadLeaf(const PageGuard& leaf, SlotNumber slot);
  // Backward: copies the entries of the latched leaf below `end`, last first, and remembers
  // its left link.
  void ReadLeafBackward(const PageGuard& leaf, SlotNumber end);
  // Backward: the left neighbour of the leaf read last, latched shared.
  PageGuard StepLeft();
  bool BeyondUpper(std::string_view key) const;
  bool BelowLower(std::string_view key) const;

  BTree* tree_;
  bool has_upper_ = false;
  bool upper_inclusive_ = true;
  std::string upper_;
  std::string keys_;  // key bytes of the buffered entries
  std::vector<Buffered> entries_;
  size_t position_ = 0;
  // The leaf to read next: the right link (forward) or the left link (backward).
  BlockNumber next_block_ = kInvalidBlock;
  bool backward_ = false;
  bool has_lower_ = false;  // backward scans only; a forward scan's lower bound is its Seek
  bool lower_inclusive_ = true;
  std::string lower_;
  BlockNumber current_block_ = kInvalidBlock;  // backward: the leaf read last
};

}  // namespace granary::storage
