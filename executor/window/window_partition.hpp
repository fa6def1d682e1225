// One window function call over one partition: what the Window operator hands to the
// function implementations (window_functions.cpp, window_aggregate.cpp).
#pragma once

#include <span>
#include <vector>

#include "executor/window/window_frame.hpp"
#include "planner/query.hpp"
#include "types/value.hpp"

namespace granary::executor {

// The call's arguments evaluated for every input row (args[k][row]) and, with FILTER,
// whether each row passes it (empty without FILTER).
struct WindowArguments {
  std::vector<std::vector<types::Value>> args;
  std::vector<bool> passes;
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
                            std::vector<types::Value>& results);

// An aggregate over each row's frame (window_aggregate.cpp): frames that only grow add rows
// to one running state; when the start moves, rows leave through the state's Remove (sum,
// count, avg of integers and numeric) or the state is rebuilt from the frame (min, max,
// float sums, string_agg), as PostgreSQL's moving-aggregate support does.
void ComputeFrameAggregate(const planner::BoundWindow& window, const Frames& frames,
                           const WindowPartition& partition, const WindowArguments& arguments,
                           std::vector<types::Value>& results);

}  // namespace granary::executor
