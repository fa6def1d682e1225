#include "executor/operators/cte_scan.hpp"

namespace granary::executor {

CteRun::CteRun() = default;
CteRun::~CteRun() = default;

std::shared_ptr<CteRun> AcquireCteRun(const planner::CtePlan& cte, ExecContext& context) {
  std::shared_ptr<CteRun>& run = context.ctes->runs[&cte];
  if (!run) {
    run = std::make_shared<CteRun>();
    // The run lives in the store, beyond the scan and the context that started it (a
    // subquery's): it gets a copy of the context for the statement, without the enclosing
    // row (items read no outer columns) and without owning the store it is kept in.
    run->context = std::make_unique<ExecContext>(context);
    run->context->outer_values = nullptr;
    run->context->ctes = std::shared_ptr<CteStore>(std::shared_ptr<CteStore>(), context.ctes.get());
    run->source = BuildOperator(*cte.plan, *run->context);
  }
  return run;
}

bool PullCteRun(CteRun& run) {
  if (!run.source) return false;
  Batch batch;
  if (!run.source->Next(batch)) {
    run.source.reset();
    return false;
  }
  run.rows.push_back(std::move(batch));
  return true;
}

bool NextBufferedBatch(const RowBuffer& rows, size_t& next, Batch& out) {
  while (next < rows.size()) {
    const Batch& batch = rows[next++];
    if (batch.row_count == 0) continue;
    out = batch;
    return true;
  }
  return false;
}

bool CteScan::Next(Batch& out) {
  if (!run_) run_ = AcquireCteRun(*plan_.cte, context_);
  while (true) {
    if (NextBufferedBatch(run_->rows, next_batch_, out)) return true;
    if (!PullCteRun(*run_)) return false;
  }
}

}  // namespace granary::executor
