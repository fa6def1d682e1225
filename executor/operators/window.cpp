#include "executor/operators/window.hpp"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <memory>
#include <utility>

#include "common/sqlstate.hpp"
#include "executor/expr/evaluator.hpp"
#include "executor/window/window_ordering.hpp"
#include "executor/window/window_partition.hpp"
#include "granary/error.hpp"

namespace granary::executor {
namespace {

// Evaluates a frame offset once (it reads no columns): 22004 when NULL, 22013 when negative.
// A negative RANGE offset is PostgreSQL's in_range error, raised only once rows are compared.
void EvaluateOffset(const planner::BoundExpr* expr, bool start, bool rows, bool empty,
                    const ExecContext& context, int64_t& count, types::Value& value) {
  if (expr == nullptr) return;
  value = Evaluate(*expr, Batch{}, 0, context);
  const std::string which = start ? "starting" : "ending";
  if (value.is_null()) {
    throw Error(sqlstate::kNullValueNotAllowed, "frame " + which + " offset must not be null");
  }
  const bool negative = value.type() == types::TypeId::kNumeric  ? value.AsNumeric().IsNegative()
                        : value.type() == types::TypeId::kFloat8 ? value.AsDouble() < 0
                                                                 : value.AsInt() < 0;
  if (negative && (rows || !empty)) {
    throw Error(sqlstate::kInvalidPrecedingOrFollowingSize,
                rows ? "frame " + which + " offset must not be negative"
                     : "invalid preceding or following size in window function");
  }
  if (rows) count = value.AsInt();
}

// Evaluates `expr` for every row of `rows` into `out`; a row whose evaluation raises an
// Error gets NULL there and its error in `failed` under (`argument`, row).
void EvaluateForEveryRow(const planner::BoundExpr& expr, const Batch& rows, const ExecContext& context,
                         size_t argument, Column& out, WindowArguments& failed) {
  DeferredError deferred;
  size_t row = EvaluateColumnUntilError(expr, rows, context, rows.row_count, out, deferred);
  if (row == rows.row_count) return;
  out.resize(rows.row_count);
  failed.failed.emplace(std::pair(argument, row), deferred.error());
  for (++row; row < rows.row_count; ++row) {
    try {
      out[row] = Evaluate(expr, rows, row, context);
    } catch (const Error&) {
      failed.failed.emplace(std::pair(argument, row), std::current_exception());
    }
  }
}

}  // namespace

Window::CallValues Window::ComputeCall(const planner::BoundWindow& window, const WindowOrdering& ordering) {
  const size_t count = rows_.row_count;
  WindowResults results(count);
  // The offsets are checked even without rows, as PostgreSQL does when the WindowAgg starts.
  FrameSpec frame;
  frame.rows = window.frame.rows;
  frame.groups = window.frame.groups;
  frame.start = window.frame.start;
  frame.end = window.frame.end;
  frame.exclusion = window.frame.exclusion;
  EvaluateOffset(window.frame.start_offset.get(), true, frame.rows || frame.groups, count == 0,
                 context_, frame.start_rows, frame.start_value);
  EvaluateOffset(window.frame.end_offset.get(), false, frame.rows || frame.groups, count == 0,
                 context_, frame.end_rows, frame.end_value);
  if (count == 0) return {results.TakeValues(), 0, nullptr};

  WindowArguments arguments;
  arguments.args.resize(window.args.size());
  for (size_t k = 0; k < window.args.size(); ++k)
    EvaluateForEveryRow(*window.args[k], rows_, context_, k, arguments.args[k], arguments);
  if (window.filter) {
    arguments.passes.resize(count);
    for (size_t row = 0; row < count; ++row) {
      try {
        arguments.passes[row] = EvaluatePredicate(*window.filter, rows_, row, context_);
      } catch (const Error&) {
        arguments.failed.emplace(std::pair(WindowArguments::kFilter, row), std::current_exception());
      }
    }
  }
  for (size_t index = 0; index < ordering.partition_count(); ++index) {
    context_.CheckForCancel();
    try {
      ComputeWindowPartition(window, frame, ordering.Partition(index), arguments, results);
    } catch (const Error&) {
      // The rows computed before the error still go out (executor invariant 11).
      const size_t good = results.LeadingSet(output_order_);
      return {results.TakeValues(), good, std::current_exception()};
    }
  }
  context_.CheckForCancel();
  return {results.TakeValues(), count, nullptr};
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
  // One ordering per distinct window, shared by the calls over it.
  std::vector<std::pair<const planner::BoundWindow*, std::unique_ptr<WindowOrdering>>> orderings;
  const bool one_window = OneWindow();
  for (size_t w = 0; w < plan_.windows.size(); ++w) {
    const planner::BoundWindow& window = plan_.windows[w];
    const WindowOrdering* ordering = nullptr;
    for (const auto& [seen, built] : orderings) {
      if (WindowOrdering::SameWindow(*seen, window)) ordering = built.get();
    }
    if (ordering == nullptr) {
      orderings.emplace_back(&window, std::make_unique<WindowOrdering>(window, rows_, context_));
      ordering = orderings.back().second.get();
      // Rows leave in the window's order when there is one window, as from PostgreSQL's
      // WindowAgg over its sort. (With several, PostgreSQL's order is the last of its
      // sorts; Granary keeps the input order then.)
      if (one_window) output_order_ = ordering->rows_in_order();
    }
    CallValues values = ComputeCall(window, *ordering);
    rows_.columns[input_width + w] = std::move(values.values);
    // Of calls failing at the same row, the first raises its error, as in PostgreSQL, which
    // computes a row's calls in order.
    if (values.error != nullptr && values.good_rows < good_rows_) {
      good_rows_ = values.good_rows;
      error_ = values.error;
    }
  }
  context_.CheckForCancel();
}

bool Window::OneWindow() const {
  for (const planner::BoundWindow& window : plan_.windows) {
    if (!WindowOrdering::SameWindow(plan_.windows.front(), window)) return false;
  }
  return true;
}

bool Window::Next(Batch& out) {
  if (!computed_) {
    Compute();
    computed_ = true;
  }
  out.Reset(width());
  const size_t end = std::min(good_rows_, rows_.row_count);
  while (next_ < end && out.row_count < kBatchSize) {
    const size_t row = output_order_.empty() ? next_ : output_order_[next_];
    for (size_t c = 0; c < width(); ++c)
      out.columns[c].push_back(std::move(rows_.columns[c][row]));
    ++next_;
    ++out.row_count;
  }
  if (out.row_count > 0) return true;
  if (error_ != nullptr) std::rethrow_exception(error_);
  return false;
}

}  // namespace granary::executor
