#include "executor/operators/system_view_scan.hpp"

#include "catalog/system_views.hpp"

namespace granary::executor {

bool SystemViewScan::Next(Batch& out) {
  out.Reset(width());
  if (!started_) {
    started_ = true;
    rows_ = catalog::SystemViewRows(plan_.system_view, context_.Catalog(), context_.Environment(),
                                    context_.snapshot);
  }
  while (next_ < rows_.size() && out.row_count < kBatchSize) out.AppendRow(std::move(rows_[next_++]));
  context_.CheckForCancel();
  return out.row_count > 0;
}

}  // namespace granary::executor
