#include "executor/operators/distinct.hpp"

namespace granary::executor {

bool Distinct::Next(Batch& out) {
  while (child_->Next(input_)) {
    out.Reset(width());
    for (size_t row = 0; row < input_.row_count; ++row) {
      RowKey key = input_.Row(row);
      if (!seen_.insert(key).second) continue;
      out.AppendRow(std::move(key));
    }
    if (out.row_count > 0) return true;
  }
  return false;
}

}  // namespace granary::executor
