// One window function call over one partition: what the Window operator hands to the
// function implementations (window_functions.cpp, window_aggregate.cpp).
#pragma once

#include <cstdint>
#include <exception>
#include <map>
#include <span>
#include <utility>
#include <vector>

#include "executor/window/window_frame.hpp"
#include "planner/query.hpp"
#include "types/value.hpp"

namespace granary::executor {

// The call's arguments evaluated for every input row (args[k][row]) and, with FILTER,
// whether each row passes it (empty without FILTER). An argument (or FILTER) that raised an
// error for a row raises it again when the function reads it there, and only then:
// PostgreSQL evaluates a window function's arguments as the function reads them, so the
// rows computed before that point are still returned (executor invariant 11).
struct WindowArguments {
  static constexpr size_t kFilter = SIZE_MAX;  // `failed`'s argument index for FILTER

  std::vector<std::vector<types::Value>> args;
  std::vector<bool> passes;
  std::map<std::pair<size_t, size_t>, std::exception_ptr> failed;  // (argument, row)

  const types::Value& Arg(size_t k, size_t row) const {
    if (!failed.empty()) RaiseIfFailed(k, row);
    return args[k][row];
  }
  bool Passes(size_t row) const {
    if (passes.empty()) return true;
    if (!failed.empty()) RaiseIfFailed(kFilter, row);
    return passes[row];
  }
  void RaiseIfFailed(size_t k, size_t row) const {
    if (auto it = failed.find({k, row}); it != failed.end()) std::rethrow_exception(it->second);
  }
};

// Where a call's values go, one per input row, and which rows have one: after an error
// midway the rows computed before it are still good.
class WindowResults {
 public:
  explicit WindowResults(size_t rows) : values_(rows), set_(rows, false) {}
  void Set(size_t row, types::Value value) {
    values_[row] = std::move(value);
    set_[row] = true;
  }
  // How many rows from the first of `order` (row numbers; input order when empty) on have
  // their value.
  size_t LeadingSet(const std::vector<size_t>& order) const {
    size_t count = 0;
    while (count < set_.size() && set_[order.empty() ? count : order[count]]) ++count;
    return count;
  }
  std::vector<types::Value> TakeValues() { return std::move(values_); }

 private:
  std::vector<types::Value> values_;
  std::vector<bool> set_;
};

// A partition: its input rows in window order, their peer groups and (for RANGE frames
// with offsets) their ORDER BY key.
struct WindowPartition {
  std::span<const size_t> rows;
  PeerGroups peers;
  RangeKeys keys;
};

// Sets results[row] for every row of `partition`. Raises 22014 (ntile) and 22016
// (nth_value) for arguments that are not positive.
void ComputeWindowPartition(const planner::BoundWindow& window, const FrameSpec& frame,
                            const WindowPartition& partition, const WindowArguments& arguments,
                            WindowResults& results);

// An aggregate over each row's frame (window_aggregate.cpp): frames that only grow add rows
// to one running state; when the start moves, rows leave through the state's Remove (sum,
// count, avg of integers and numeric) or the state is rebuilt from the frame (min, max,
// float sums, string_agg), as PostgreSQL's moving-aggregate support does.
void ComputeFrameAggregate(const planner::BoundWindow& window, const Frames& frames,
                           const WindowPartition& partition, const WindowArguments& arguments,
                           WindowResults& results);

}  // namespace granary::executor
