#include "executor/operators/window.hpp"

#include <algorithm>
#include <numeric>

#include "common/sqlstate.hpp"
#include "executor/expr/evaluator.hpp"
#include "executor/window/window_partition.hpp"
#include "granary/error.hpp"
#include "types/value_ops.hpp"

namespace granary::executor {
namespace {

using parser::FrameBoundKind;

// NULLs compare equal to each other and after (or, with nulls_first, before) everything.
int CompareKeys(const types::Value& x, const types::Value& y, bool nulls_first) {
  if (x.is_null() || y.is_null()) {
    if (x.is_null() == y.is_null()) return 0;
    return x.is_null() == nulls_first ? -1 : 1;
  }
  return types::Compare(x, y);
}

// Evaluates a frame offset once (it reads no columns): 22004 when NULL, 22013 when negative.
// A negative RANGE offset is PostgreSQL's in_range error, raised only once rows are compared.
void EvaluateOffset(const planner::BoundExpr* expr, bool start, bool rows, bool empty, const ExecContext& context,
                    int64_t& count, types::Value& value) {
  if (expr == nullptr) return;
  value = Evaluate(*expr, Batch{}, 0, context);
  const std::string which = start ? "starting" : "ending";
  if (value.is_null()) {
    throw Error(sqlstate::kNullValueNotAllowed, "frame " + which + " offset must not be null");
  }
  const bool negative = value.type() == types::TypeId::kNumeric ? value.AsNumeric().IsNegative()
                        : value.type() == types::TypeId::kFloat8 ? value.AsDouble() < 0
                                                                 : value.AsInt() < 0;
  if (negative && (rows || !empty)) {
    throw Error(sqlstate::kInvalidPrecedingOrFollowingSize,
                rows ? "frame " + which + " offset must not be negative"
                     : "invalid preceding or following size in window function");
  }
  if (rows) count = value.AsInt();
}

}  // namespace

std::vector<types::Value> Window::ComputeCall(const planner::BoundWindow& window) {
  const size_t count = rows_.row_count;
  std::vector<types::Value> results(count);
  // The offsets are checked even without rows, as PostgreSQL does when the WindowAgg starts.
  FrameSpec frame;
  frame.rows = window.frame.rows;
  frame.groups = window.frame.groups;
  frame.start = window.frame.start;
  frame.end = window.frame.end;
  EvaluateOffset(window.frame.start_offset.get(), true, frame.rows || frame.groups, count == 0, context_, frame.start_rows, frame.start_value);
  EvaluateOffset(window.frame.end_offset.get(), false, frame.rows || frame.groups, count == 0, context_, frame.end_rows, frame.end_value);
  if (count == 0) return results;

  std::vector<Column> partition(window.partition_by.size());
  std::vector<Column> order(window.order_by.size());
  for (size_t k = 0; k < partition.size(); ++k) EvaluateColumn(*window.partition_by[k], rows_, context_, partition[k]);
  for (size_t k = 0; k < order.size(); ++k) EvaluateColumn(*window.order_by[k], rows_, context_, order[k]);
  WindowArguments arguments;
  arguments.args.resize(window.args.size());
  for (size_t k = 0; k < window.args.size(); ++k) EvaluateColumn(*window.args[k], rows_, context_, arguments.args[k]);
  if (window.filter) {
    arguments.passes.resize(count);
    for (size_t row = 0; row < count; ++row) arguments.passes[row] = EvaluatePredicate(*window.filter, rows_, row, context_);
  }
  context_.CheckForCancel();

  std::vector<size_t> sorted(count);
  std::iota(sorted.begin(), sorted.end(), size_t{0});
  std::stable_sort(sorted.begin(), sorted.end(), [&](size_t a, size_t b) {
    for (const Column& key : partition) {
      const int c = CompareKeys(key[a], key[b], false);
      if (c != 0) return c < 0;
    }
    for (size_t k = 0; k < order.size(); ++k) {
      const types::Value& x = order[k][a];
      const types::Value& y = order[k][b];
      // NULLS FIRST / LAST hold in either direction; DESC reverses only the values.
      const int c = x.is_null() || y.is_null() ? CompareKeys(x, y, window.nulls_first[k])
                                               : (window.descending[k] ? -1 : 1) * types::Compare(x, y);
      if (c != 0) return c < 0;
    }
    return false;
  });
  context_.CheckForCancel();
  auto same_partition = [&](size_t a, size_t b) {
    for (const Column& key : partition) {
      if (CompareKeys(key[a], key[b], false) != 0) return false;
    }
    return true;
  };
  auto peers = [&](size_t a, size_t b) {
    for (size_t k = 0; k < order.size(); ++k) {
      if (CompareKeys(order[k][a], order[k][b], window.nulls_first[k]) != 0) return false;
    }
    return true;
  };

  std::vector<types::Value> range_keys;
  for (size_t begin = 0; begin < count;) {
    size_t end = begin + 1;
    while (end < count && same_partition(sorted[begin], sorted[end])) ++end;
    WindowPartition part;
    part.rows = std::span<const size_t>(sorted.data() + begin, end - begin);
    const size_t size = end - begin;
    part.peers.begin.resize(size);
    part.peers.end.resize(size);
    for (size_t position = 0; position < size;) {
      size_t last = position + 1;
      while (last < size && peers(part.rows[position], part.rows[last])) ++last;
      for (size_t i = position; i < last; ++i) {
        part.peers.begin[i] = position;
        part.peers.end[i] = last;
      }
      position = last;
    }
    if (!order.empty()) {
      range_keys.clear();
      for (size_t row : part.rows) range_keys.push_back(order[0][row]);
      part.keys = RangeKeys{range_keys, window.descending[0], window.nulls_first[0]};
    }
    ComputeWindowPartition(window, frame, part, arguments, results);
    context_.CheckForCancel();
    begin = end;
  }
  return results;
}

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
  for (size_t w = 0; w < plan_.windows.size(); ++w) {
    rows_.columns[input_width + w] = ComputeCall(plan_.windows[w]);
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
