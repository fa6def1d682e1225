// Sequential scan of a heap table with an optional pushed-down filter.
#include "executor/operators/seq_scan.hpp"

#include <utility>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::executor {
namespace {

// A Parallel Seq Scan runs only in a participant of a Gather, which shares its blocks.
storage::ParallelBlocks& SharedBlocks(const ExecContext& context) {
  if (context.parallel_blocks == nullptr) throw Error(sqlstate::kInternalError, "parallel scan outside a Gather");
  return *context.parallel_blocks;
}

}  // namespace

SeqScan::SeqScan(const planner::PlanNode& plan, ExecContext& context)
    : Operator(plan, context),
      heap_(context.pool, plan.table.relfile),
      // A Parallel Seq Scan reads the chunks of blocks it takes from the Gather's share.
      scan_(plan.parallel_aware ? storage::HeapFile::Scan(heap_, context.transactions, context.snapshot,
                                                          SharedBlocks(context))
                                : storage::HeapFile::Scan(heap_, context.transactions, context.snapshot)),
      decoder_(plan, /*allow_late=*/true) {
  if (plan.sample) sampler_.emplace(*plan.sample, context);
}

bool SeqScan::Next(Batch& out) {
  decoder_.RaiseHeldError();
  out.Reset(width());
  if (!counted_) {
    counted_ = true;
    context_.CountActivity(plan_.table.relfile, [](storage::TableCounts& counts) { ++counts.seq_scans; });
  }
  while (out.row_count == 0) {
    context_.CheckForCancel();
    size_t count = 0;
    if (!scan_.NextBatchReusing(tuples_, count, bound_.BatchLimit(plan_.predicate != nullptr))) return false;
    context_.CountActivity(plan_.table.relfile,
                           [count](storage::TableCounts& counts) { counts.seq_tuples_read += count; });
    if (sampler_) {
      // The rows the sample leaves out go before the filter sees them (to the back of tuples_).
      size_t sampled = 0;
      for (size_t i = 0; i < count; ++i) {
        if (!sampler_->Keeps(tuples_[i].id)) continue;
        if (sampled != i) std::swap(tuples_[sampled], tuples_[i]);
        ++sampled;
      }
      count = sampled;
    }
    // The rows the filter's first comparison rejects (read from their bytes) are not decoded;
    // the others move to the front of tuples_, in order, so that row k is tuples_[k].
    decoder_.BeginRejecting(context_);
    size_t kept = 0;
    for (size_t i = 0; i < count; ++i) {
      if (decoder_.Rejects(tuples_[i])) continue;
      if (kept != i) std::swap(tuples_[kept], tuples_[i]);
      decoder_.Append(tuples_[kept], out, &context_.pool);
      ++kept;
    }
    decoder_.CountRejected(count - kept, context_);
    decoder_.FilterAndFinish(out, std::span<const storage::HeapTuple>(tuples_.data(), kept), context_);
  }
  bound_.Returned(out.row_count);
  return true;
}

}  // namespace granary::executor
