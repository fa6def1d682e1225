// RowHint — how many rows an operator puts in its next batch under its parent's hint
// (Operator::SetRowHint): first the rows hinted, then, if the parent keeps pulling, windows
// that double each time one is used up (hint, 2 x hint, 4 x hint, ...) until they reach a
// full batch, from where the hint has no effect any more. So `LIMIT 20` over a nested loop
// makes the loop and the scan under it produce 20 rows, not 1,024, while a parent that needs
// many more rows than hinted (an inner side that rejects most outer rows) pays only a few
// more, smaller batches: the rows read beyond what the parent needs stay below the rows it
// pulled, plus the first hint.
//
// A hint is no promise (compare Operator::SetRowBound): it only sizes batches, so an operator
// may return fewer or more rows than BatchLimit() (a filtered scan's batch is what its filter
// kept) and results never depend on it.
//
// Owned by one operator; not thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>

#include "executor/batch.hpp"

namespace granary::executor {

class RowHint {
 public:
  // Before the first batch: the parent will probably pull about `rows` rows (0 counts as 1:
  // a batch must hold a row). A hint of a full batch or more is no hint.
  // A hint of 0 asks for batches of one row, for good: a statement that changes rows while
  // calling a PL/pgSQL function, whose own statements must see the rows changed before each
  // call, as PostgreSQL's row-at-a-time executor shows them (ModifyTable).
  void Set(size_t rows) {
    single_ = rows == 0;
    hinted_ = rows < kBatchSize;
    window_ = std::max<size_t>(rows, 1);
    left_ = window_;
  }
  bool hinted() const { return hinted_; }
  // The rows the next batch should hold at most: kBatchSize without a hint.
  size_t BatchLimit() const { return hinted_ ? left_ : kBatchSize; }
  // The operator returned a batch of `rows` rows.
  void Returned(size_t rows) {
    if (!hinted_ || single_) return;
    if (rows < left_) {
      left_ -= rows;
      return;
    }
    window_ *= 2;
    hinted_ = window_ < kBatchSize;
    left_ = window_;
  }

  bool single() const { return single_; }

 private:
  bool single_ = false;
  bool hinted_ = false;
  size_t window_ = kBatchSize;  // the current window's size
  size_t left_ = kBatchSize;    // rows still in the current window (at least 1)
};

}  // namespace granary::executor
