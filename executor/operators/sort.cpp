#include "executor/operators/sort.hpp"

#include <algorithm>
#include <numeric>

#include "types/value_ops.hpp"

namespace granary::executor {

bool Sort::Next(Batch& out) {
  if (!sorted_) {
    rows_.Reset(width());
    Batch batch;
    while (child_->Next(batch)) {
      context_.CheckForCancel();
      for (size_t c = 0; c < width(); ++c) {
        auto& column = rows_.columns[c];
        column.insert(column.end(), std::make_move_iterator(batch.columns[c].begin()),
                      std::make_move_iterator(batch.columns[c].end()));
      }
      rows_.row_count += batch.row_count;
    }
    order_.resize(rows_.row_count);
    std::iota(order_.begin(), order_.end(), size_t{0});
    const auto& keys = plan_.sort_keys;
    std::stable_sort(order_.begin(), order_.end(), [&](size_t a, size_t b) {
      for (const planner::SortKey& key : keys) {
        const types::Value& x = rows_.columns[key.column][a];
        const types::Value& y = rows_.columns[key.column][b];
        if (x.is_null() || y.is_null()) {
          if (x.is_null() == y.is_null()) continue;
          return x.is_null() == key.nulls_first;
        }
        const int order = types::Compare(x, y, key.collation);
        if (order != 0) return key.descending ? order > 0 : order < 0;
      }
      return false;
    });
    sorted_ = true;
  }
  out.Reset(width());
  while (next_ < order_.size() && out.row_count < kBatchSize) {
    const size_t row = order_[next_++];
    for (size_t c = 0; c < width(); ++c) out.columns[c].push_back(std::move(rows_.columns[c][row]));
    ++out.row_count;
  }
  return out.row_count > 0;
}

}  // namespace granary::executor
