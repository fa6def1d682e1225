// Bitmap heap scan (PostgreSQL's Bitmap Heap Scan over its Bitmap Index Scans and BitmapOr):
// first the tuple ids of every index entry its kBitmapIndexScan children select (several
// indexes, or one index several times, for an OR of conditions), gathered, sorted into heap
// order and each kept once; then those tuples, read page by page, filtered by visibility and
// by the scan's whole predicate. The predicate is rechecked on every row, so an entry whose
// slot has since been reused by another row (storage/README.md, "tuple ids and index scans")
// can only yield a row that is visible and matches the conditions anyway, and never twice.
//
// The tuple ids are kept exactly, 8 bytes per entry, for the statement (PostgreSQL's bitmap
// turns lossy past work_mem; this one does not).
#pragma once

#include <memory>
#include <vector>

#include "executor/operators/index_entry_source.hpp"
#include "executor/operators/operator.hpp"
#include "executor/operators/scan_decoder.hpp"
#include "storage/heap/heap_file.hpp"

namespace granary::executor {

class BitmapHeapScan final : public Operator {
 public:
  BitmapHeapScan(const planner::PlanNode& plan, ExecContext& context);
  bool Next(Batch& out) override;
  void SetRowBound(size_t rows) override { bound_.Set(rows); }
  void SetRowHint(size_t rows) override { bound_.SetHint(rows); }
  // The next lateral probe: the index conditions are evaluated again from the outer values.
  bool Rescan() override;

 private:
  // Gathers tids_ from every index source: sorted, distinct; and pages_.
  void CollectTupleIds();
  // Page prefetch: each heap page's cache lines are requested kPrefetchPages pages before the
  // scan reads it, since the tuple ids are known in advance (PostgreSQL prefetches only from
  // disk, through effective_io_concurrency).
  void EnterPageOf(storage::TupleId tid);
  void Prefetch(size_t page);

  storage::HeapFile heap_;
  std::vector<std::unique_ptr<IndexEntrySource>> sources_;  // one per kBitmapIndexScan
  std::vector<storage::TupleId> tids_;
  std::vector<storage::TupleId> pages_;  // the first tuple id of each distinct heap page
  size_t next_tid_ = 0;
  size_t next_page_ = 0;                 // the ordinal in pages_ of the next page to enter
  bool started_ = false;
  ScanDecoder decoder_;
  std::vector<storage::HeapTuple> tuples_;  // the current batch's tuples, buffers reused
  ScanRowBound bound_;
};

}  // namespace granary::executor
