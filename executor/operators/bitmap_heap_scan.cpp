#include "executor/operators/bitmap_heap_scan.hpp"

#include <algorithm>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::executor {
namespace {

// The kBitmapIndexScan nodes under a bitmap heap scan: its child, or a BitmapOr's children.
void AddIndexScans(const planner::PlanNode& node, std::vector<const planner::PlanNode*>& out) {
  if (node.kind == planner::PlanKind::kBitmapIndexScan) {
    out.push_back(&node);
    return;
  }
  if (node.kind != planner::PlanKind::kBitmapOr) {
    throw Error(sqlstate::kInternalError, "unexpected node under a bitmap heap scan");
  }
  for (const planner::PlanPtr& child : node.children) AddIndexScans(*child, out);
}

// How many distinct heap pages ahead of the one being read their prefetch is issued: enough
// for a few cache misses to be in flight, few enough that the lines are still cached when
// the scan arrives.
constexpr size_t kPrefetchPages = 4;

bool TidLess(const storage::TupleId& a, const storage::TupleId& b) {
  return a.block != b.block ? a.block < b.block : a.slot < b.slot;
}

}  // namespace

BitmapHeapScan::BitmapHeapScan(const planner::PlanNode& plan, ExecContext& context)
    : Operator(plan, context), heap_(context.pool, plan.table.relfile), decoder_(plan, /*allow_late=*/true) {
  std::vector<const planner::PlanNode*> scans;
  for (const planner::PlanPtr& child : plan.children) AddIndexScans(*child, scans);
  for (const planner::PlanNode* scan : scans) sources_.push_back(std::make_unique<IndexEntrySource>(*scan, context));
}

void BitmapHeapScan::CollectTupleIds() {
  tids_.clear();
  next_tid_ = 0;
  storage::IndexEntry entry;
  for (const std::unique_ptr<IndexEntrySource>& source : sources_) {
    if (!source->Start()) continue;
    uint64_t entries = 0;
    while (source->Next(entry)) {
      tids_.push_back(entry.tid);
      if (++entries % kBatchSize == 0) context_.CheckForCancel();
    }
    context_.CountActivity(source->tree().rel(), [&](storage::TableCounts& counts) {
      counts.index_tuples_read += entries;
    });
  }
  std::sort(tids_.begin(), tids_.end(), TidLess);
  tids_.erase(std::unique(tids_.begin(), tids_.end()), tids_.end());
  pages_.clear();
  for (const storage::TupleId& tid : tids_) {
    if (pages_.empty() || pages_.back().block != tid.block) pages_.push_back(tid);
  }
  next_page_ = 0;
  for (size_t page = 0; page < kPrefetchPages; ++page) Prefetch(page);
}

bool BitmapHeapScan::Next(Batch& out) {
  decoder_.RaiseHeldError();
  if (!started_) {
    started_ = true;
    CollectTupleIds();
  }
  out.Reset(width());
  // Consecutive tuple ids mostly share a page; it stays pinned for this call only.
  storage::BlockPin heap_pin;
  while (out.row_count == 0 && next_tid_ < tids_.size()) {
    context_.CheckForCancel();
    const size_t batch_limit = bound_.BatchLimit(plan_.predicate != nullptr);
    uint64_t fetched = 0;
    while (out.row_count < batch_limit && next_tid_ < tids_.size()) {
      const storage::TupleId tid = tids_[next_tid_++];
      EnterPageOf(tid);
      if (tuples_.size() <= out.row_count) tuples_.resize(out.row_count + 1);
      storage::HeapTuple& tuple = tuples_[out.row_count];
      if (heap_.FetchSlotPruning(tid, tuple, context_.transactions, &heap_pin) !=
          storage::HeapFile::SlotContent::kTuple) {
        continue;
      }
      if (!context_.transactions.IsVisible(tuple.header, context_.snapshot)) continue;
      ++fetched;
      decoder_.Append(tuple, out, &context_.pool);
    }
    context_.CountActivity(plan_.table.relfile,
                           [&](storage::TableCounts& counts) { counts.index_tuples_fetched += fetched; });
    decoder_.FilterAndFinish(out, std::span(tuples_.data(), out.row_count), context_);
  }
  bound_.Returned(out.row_count);
  return out.row_count > 0;
}

void BitmapHeapScan::EnterPageOf(storage::TupleId tid) {
  // Called for every tuple id in order; a new page is reached when tid is the first of
  // pages_[next_page_].
  if (next_page_ >= pages_.size() || tid.block != pages_[next_page_].block) return;
  Prefetch(next_page_ + kPrefetchPages);
  ++next_page_;
}

void BitmapHeapScan::Prefetch(size_t page) {
  if (page >= pages_.size()) return;
  context_.pool.PrefetchCached(plan_.table.relfile, pages_[page].block, pages_[page].slot);
}

bool BitmapHeapScan::Rescan() {
  if (decoder_.held_error()) return false;
  started_ = false;
  tids_.clear();
  pages_.clear();
  next_tid_ = 0;
  next_page_ = 0;
  bound_ = ScanRowBound();
  return true;
}

}  // namespace granary::executor
