#include "executor/operators/values.hpp"

#include "executor/expr/evaluator.hpp"
#include "granary/error.hpp"

namespace granary::executor {

bool Values::Next(Batch& out) {
  out.Reset(width());
  const Batch no_input;
  deferred_.RaiseIfHeld();
  while (next_row_ < plan_.rows.size() && out.row_count < kBatchSize) {
    const auto& row = plan_.rows[next_row_++];
    try {
      for (size_t i = 0; i < row.size(); ++i) {
        out.columns[i].push_back(Evaluate(*row[i], no_input, 0, context_));
      }
    } catch (const Error&) {
      // The rows before the failing one leave first (DeferredError).
      if (out.row_count == 0) throw;
      deferred_.Hold();
      for (Column& column : out.columns) column.resize(out.row_count);
      break;
    }
    ++out.row_count;
  }
  return out.row_count > 0;
}

}  // namespace granary::executor
