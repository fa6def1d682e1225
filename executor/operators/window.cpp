#include "executor/operators/window.hpp"

#include <algorithm>
#include <numeric>

#include "executor/expr/evaluator.hpp"
#include "types/value_ops.hpp"

namespace granary::executor {
namespace {

// NULLs compare equal to each other and after (or, with nulls_first, before) everything.
int CompareKeys(const types::Value& x, const types::Value& y, bool nulls_first) {
  if (x.is_null() || y.is_null()) {
    if (x.is_null() == y.is_null()) return 0;
    return x.is_null() == nulls_first ? -1 : 1;
  }
  return types::Compare(x, y);
}

}  // namespace

void Window::Compute() {
  const size_t input_width = plan_.children[0]->output_types.size();
  rows_.Reset(width());
  Batch batch;
  while (child_->Next(batch)) {
    context_.CheckForCancel();
    for (size_t c = 0; c < input_width; ++c) {
      auto& column = rows_.columns[c];
      column.insert(column.end(), std::make_move_iterator(batch.columns[c].begin()),
                    std::make_move_iterator(batch.columns[c].end()));
    }
    rows_.row_count += batch.row_count;
  }
  const size_t count = rows_.row_count;
  for (size_t w = 0; w < plan_.windows.size(); ++w) {
    const planner::BoundWindow& window = plan_.windows[w];
    std::vector<std::vector<types::Value>> partition(window.partition_by.size());
    std::vector<std::vector<types::Value>> order(window.order_by.size());
    for (size_t row = 0; row < count; ++row) {
      for (size_t k = 0; k < partition.size(); ++k) {
        partition[k].push_back(Evaluate(*window.partition_by[k], rows_, row, context_));
      }
      for (size_t k = 0; k < order.size(); ++k) {
        order[k].push_back(Evaluate(*window.order_by[k], rows_, row, context_));
      }
    }
    auto same_partition = [&](size_t a, size_t b) {
      for (const auto& key : partition) {
        if (CompareKeys(key[a], key[b], false) != 0) return false;
      }
      return true;
    };
    std::vector<size_t> sorted(count);
    std::iota(sorted.begin(), sorted.end(), size_t{0});
    std::stable_sort(sorted.begin(), sorted.end(), [&](size_t a, size_t b) {
      for (const auto& key : partition) {
        const int c = CompareKeys(key[a], key[b], false);
        if (c != 0) return c < 0;
      }
      for (size_t k = 0; k < order.size(); ++k) {
        const int c = CompareKeys(order[k][a], order[k][b], window.nulls_first[k]);
        if (c != 0) return window.descending[k] ? c > 0 : c < 0;
      }
      return false;
    });
    std::vector<types::Value> numbers(count);
    int64_t number = 0;
    for (size_t i = 0; i < count; ++i) {
      number = i > 0 && same_partition(sorted[i - 1], sorted[i]) ? number + 1 : 1;
      numbers[sorted[i]] = types::Value::Int8(number);
    }
    rows_.columns[input_width + w] = std::move(numbers);
  }
  context_.CheckForCancel();
}

bool Window::Next(Batch& out) {
  if (!computed_) {
    Compute();
    computed_ = true;
  }
  out.Reset(width());
  while (next_ < rows_.row_count && out.row_count < kBatchSize) {
    for (size_t c = 0; c < width(); ++c) out.columns[c].push_back(std::move(rows_.columns[c][next_]));
    ++next_;
    ++out.row_count;
  }
  return out.row_count > 0;
}

}  // namespace granary::executor
