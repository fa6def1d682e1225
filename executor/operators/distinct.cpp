#include "executor/operators/distinct.hpp"

namespace granary::executor {

bool Distinct::Next(Batch& out) {
  while (child_->Next(input_)) {
    out.Reset(width());
    for (size_t row = 0; row < input_.row_count; ++row) {
      RowKey key;
      if (plan_.distinct_columns.empty()) {
        key = input_.Row(row);
      } else {
        for (size_t column : plan_.distinct_columns) key.push_back(input_.columns[column][row]);
      }
      if (!seen_.insert(std::move(key)).second) continue;
      std::vector<types::Value> values = input_.Row(row);
      out.AppendRow(std::move(values));
    }
    if (out.row_count > 0) return true;
  }
  return false;
}

}  // namespace granary::executor
