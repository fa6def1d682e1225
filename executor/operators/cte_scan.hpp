// CTE Scan: the rows of a materialised WITH item, read from the statement's CteStore
// (cte_store.hpp). The first scan creates the item's run; any scan that reaches the end of
// what the run has buffered pulls the next batch from the item's plan.
#pragma once

#include <memory>

#include "executor/operators/operator.hpp"

namespace granary::executor {

class CteScan final : public Operator {
 public:
  using Operator::Operator;
  bool Next(Batch& out) override;

 private:
  std::shared_ptr<CteRun> run_;
  size_t next_batch_ = 0;
};

// The statement's run of `cte`, started (not pulled) by the first caller.
std::shared_ptr<CteRun> AcquireCteRun(const planner::CtePlan& cte, ExecContext& context);
// Appends the run's next batch to its rows; false once its plan is exhausted.
bool PullCteRun(CteRun& run);
// Emits the batches of `rows` from `next` on, one per call; false when none is left.
bool NextBufferedBatch(const RowBuffer& rows, size_t& next, Batch& out);

}  // namespace granary::executor
