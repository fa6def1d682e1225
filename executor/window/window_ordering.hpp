// The input rows in one window's order: sorted by the PARTITION BY keys (NULLs equal) and
// then the ORDER BY keys (ties in input order), cut into partitions and peer groups. The
// Window operator builds one per distinct window and shares it between the calls over it,
// as PostgreSQL runs the calls of one window in one WindowAgg.
#pragma once

#include <vector>

#include "executor/batch.hpp"
#include "executor/exec_context.hpp"
#include "executor/window/window_partition.hpp"
#include "planner/query.hpp"

namespace granary::executor {

class WindowOrdering {
 public:
  // Evaluates the window's keys over `rows` and sorts; raises what the keys raise.
  WindowOrdering(const planner::BoundWindow& window, const Batch& rows, const ExecContext& context);

  // Whether two calls have the same PARTITION BY and ORDER BY (frames may differ).
  static bool SameWindow(const planner::BoundWindow& a, const planner::BoundWindow& b);

  size_t partition_count() const {
    return partition_starts_.empty() ? 0 : partition_starts_.size() - 1;
  }
  // Partition `index`: a view into this ordering, valid while it lives.
  WindowPartition Partition(size_t index) const;
  // Every input row number, in window order.
  const std::vector<size_t>& rows_in_order() const { return sorted_; }

 private:
  std::vector<size_t> sorted_;            // input row numbers in window order
  std::vector<size_t> partition_starts_;  // where each partition begins, then the row count
  std::vector<size_t> peer_begin_;        // per position, relative to its partition
  std::vector<size_t> peer_end_;
  std::vector<types::Value> first_key_;  // the first ORDER BY key in window order (RANGE offsets)
  bool descending_ = false;
  bool nulls_first_ = false;
};

}  // namespace granary::executor
