// VacuumRelation: prune, index bulk delete, reclaim, truncate (see vacuum.hpp).
#include "storage/vacuum/vacuum.hpp"

#include <algorithm>
#include <utility>

#include "common/crash_point.hpp"
#include "storage/btree/btree.hpp"
#include "storage/buffer/relation_wal.hpp"
#include "storage/heap/heap_file.hpp"

namespace granary::storage {
namespace {

bool TidLess(TupleId left, TupleId right) {
  return left.block != right.block ? left.block < right.block : left.slot < right.slot;
}

class LazyVacuum {
 public:
  LazyVacuum(BufferPool& pool, TransactionManager& transactions, const VacuumTarget& target,
             const VacuumOptions& options)
      : pool_(pool),
        transactions_(transactions),
        target_(target),
        options_(options),
        heap_(pool, target.heap) {
    report_.index_entries_removed.assign(target.indexes.size(), 0);
  }

  VacuumReport Run() {
    report_.horizon = transactions_.OldestXmin();
    report_.pages_before = pool_.storage().NumBlocks(target_.heap);
    report_.pages_after = report_.pages_before;
    const bool has_indexes = !target_.indexes.empty();
    for (BlockNumber block = 0; block < report_.pages_before; ++block) {
      if (Stopping()) return report_;
      HeapFile::PruneResult pruned =
          heap_.PrunePage(block, transactions_, report_.horizon, has_indexes);
      report_.tuples_removed += pruned.removed;
      report_.tuples_live += pruned.live;
      report_.tuples_recently_dead += pruned.recently_dead;
      for (const SlotNumber slot : pruned.dead_slots) dead_.push_back(TupleId{block, slot});
      if (dead_.size() >= options_.max_dead_tuples && !CleanIndexesAndHeap()) return report_;
    }
    CrashPoint("vacuum-after-prune");
    if (!dead_.empty() && !CleanIndexesAndHeap()) return report_;
    if (options_.truncate && !Stopping()) Truncate();
    return report_;
  }

 private:
  bool Stopping() {
    if (options_.should_stop && options_.should_stop()) report_.stopped = true;
    return report_.stopped;
  }

  // Passes 2 and 3 for the dead tuple ids collected so far; false if told to stop.
  bool CleanIndexesAndHeap() {
    std::sort(dead_.begin(), dead_.end(), TidLess);  // already sorted: pages in order
    const auto is_dead = [this](TupleId tid) {
      return std::binary_search(dead_.begin(), dead_.end(), tid, TidLess);
    };
    for (size_t i = 0; i < target_.indexes.size(); ++i) {
      BTree index(pool_, target_.indexes[i].rel, target_.indexes[i].name);
      report_.index_entries_removed[i] += index.BulkDelete(is_dead, options_.should_stop);
      // Stopped half-way: the heap keeps its dead ItemIds; the next vacuum redoes this.
      if (Stopping()) return false;
    }
    ++report_.index_passes;
    CrashPoint("vacuum-after-index-pass");
    // Pass 3: every index entry pointing at dead_ is gone, so the slots may be reused.
    size_t begin = 0;
    while (begin < dead_.size()) {
      const BlockNumber block = dead_[begin].block;
      std::vector<SlotNumber> slots;
      size_t end = begin;
      for (; end < dead_.size() && dead_[end].block == block; ++end) slots.push_back(dead_[end].slot);
      heap_.ReclaimDeadSlots(block, slots);
      report_.dead_item_ids += slots.size();
      begin = end;
    }
    dead_.clear();
    return true;
  }

  // Cuts off the empty pages at the end of the file.
  void Truncate() {
    // AccessExclusiveLock, taken conditionally (PostgreSQL's lazy_truncate_heap gives up when
    // it is not granted at once): scans past the new end and inserts into the pages being cut
    // off are excluded, so the emptiness check below is final.
    if (options_.lock_for_truncation && !options_.lock_for_truncation()) return;
    const BlockNumber blocks = pool_.storage().NumBlocks(target_.heap);
    BlockNumber new_end = blocks;
    while (new_end > 0 && heap_.PageIsEmpty(new_end - 1)) {
      --new_end;
      if (Stopping()) return;
    }
    report_.pages_after = new_end;
    if (new_end == blocks) return;
    relation_wal::TruncateRelation(pool_, target_.heap, new_end);
    report_.pages_truncated = blocks - new_end;
  }

  BufferPool& pool_;
  TransactionManager& transactions_;
  const VacuumTarget& target_;
  const VacuumOptions& options_;
  HeapFile heap_;
  VacuumReport report_;
  std::vector<TupleId> dead_;
};

}  // namespace

VacuumReport VacuumRelation(BufferPool& pool, TransactionManager& transactions,
                            const VacuumTarget& target, const VacuumOptions& options) {
  return LazyVacuum(pool, transactions, target, options).Run();
}

}  // namespace granary::storage
