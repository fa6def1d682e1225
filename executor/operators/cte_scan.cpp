#include "executor/operators/cte_scan.hpp"

namespace granary::executor {

CteRun::CteRun() = default;
CteRun::~CteRun() = default;

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
  if (!run_) {
    std::shared_ptr<CteRun>& run = context_.ctes->runs[plan_.cte.get()];
    if (!run) {
      run = std::make_shared<CteRun>();
      // The run lives in the store, beyond this scan and the context it runs in (a
      // subquery's): it gets a copy of the context for the statement, without the enclosing
      // row (items read no outer columns) and without owning the store it is kept in.
      run->context = std::make_unique<ExecContext>(context_);
      run->context->outer_values = nullptr;
      run->context->ctes = std::shared_ptr<CteStore>(std::shared_ptr<CteStore>(), context_.ctes.get());
      run->source = BuildOperator(*plan_.cte->plan, *run->context);
    }
    run_ = run;
  }
  if (NextBufferedBatch(run_->rows, next_batch_, out)) return true;
  if (!run_->source) return false;
  Batch batch;
  if (!run_->source->Next(batch)) {
    run_->source.reset();
    return false;
  }
  run_->rows.push_back(batch);
  next_batch_ = run_->rows.size();
  out = std::move(batch);
  return true;
}

}  // namespace granary::executor
