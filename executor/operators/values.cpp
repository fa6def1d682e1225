#include "executor/operators/values.hpp"

#include "executor/expr/evaluator.hpp"

namespace granary::executor {

bool Values::Next(Batch& out) {
  out.Reset(width());
  const Batch no_input;
  while (next_row_ < plan_.rows.size() && out.row_count < kBatchSize) {
    const auto& row = plan_.rows[next_row_++];
    for (size_t i = 0; i < row.size(); ++i) {
      out.columns[i].push_back(Evaluate(*row[i], no_input, 0, context_));
    }
    ++out.row_count;
  }
  return out.row_count > 0;
}

}  // namespace granary::executor
