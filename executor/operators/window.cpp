#include "executor/operators/window.hpp"

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

}  // namespace

std::vector<types::Value> Window::ComputeCall(const planner::BoundWindow& window,
                                              const WindowOrdering& ordering) {
  const size_t count = rows_.row_count;
  std::vector<types::Value> results(count);
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
  if (count == 0) return results;

  WindowArguments arguments;
  arguments.args.resize(window.args.size());
  for (size_t k = 0; k < window.args.size(); ++k)
    EvaluateColumn(*window.args[k], rows_, context_, arguments.args[k]);
  if (window.filter) {
    arguments.passes.resize(count);
    for (size_t row = 0; row < count; ++row)
      arguments.passes[row] = EvaluatePredicate(*window.filter, rows_, row, context_);
  }
  context_.CheckForCancel();
  for (size_t index = 0; index < ordering.partition_count(); ++index) {
    ComputeWindowPartition(window, frame, ordering.Partition(index), arguments, results);
    context_.CheckForCancel();
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
  // One ordering per distinct window, shared by the calls over it.
  std::vector<std::pair<const planner::BoundWindow*, std::unique_ptr<WindowOrdering>>> orderings;
  for (size_t w = 0; w < plan_.windows.size(); ++w) {
    const planner::BoundWindow& window = plan_.windows[w];
    const WindowOrdering* ordering = nullptr;
    for (const auto& [seen, built] : orderings) {
      if (WindowOrdering::SameWindow(*seen, window)) ordering = built.get();
    }
    if (ordering == nullptr) {
      orderings.emplace_back(&window, std::make_unique<WindowOrdering>(window, rows_, context_));
      ordering = orderings.back().second.get();
    }
    rows_.columns[input_width + w] = ComputeCall(window, *ordering);
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
    for (size_t c = 0; c < width(); ++c)
      out.columns[c].push_back(std::move(rows_.columns[c][next_]));
    ++next_;
    ++out.row_count;
  }
  return out.row_count > 0;
}

}  // namespace granary::executor
