// Merge join (inner, left, right, full) on equality keys over inputs ordered by those keys
// (ascending, NULLs last: the planner sorts an input that an index scan does not already
// deliver in order). The right input is read once into memory; the left input streams. For
// each left row the right cursor advances past smaller keys (rows passed never match a later
// left row, the left keys being ordered) and the run of equal keys is joined, the residual
// predicate deciding each pair; the cursor stays at the run's start for a following left row
// with the same key. NULL keys never match. Left and full joins NULL-extend a left row
// without partner at once, right and full joins the right rows that never matched at the end.
#pragma once

#include <vector>

#include "executor/expr/evaluator.hpp"
#include "executor/operators/operator.hpp"
#include "executor/operators/row_hint.hpp"
#include "executor/row_key.hpp"

namespace granary::executor {

class MergeJoin final : public Operator {
 public:
  MergeJoin(const planner::PlanNode& plan, ExecContext& context, OperatorPtr left, OperatorPtr right)
      : Operator(plan, context), left_(std::move(left)), right_(std::move(right)) {}
  bool Next(Batch& out) override;
  // LIMIT's hint: batches of about the hinted rows (RowHint), and the same hint to the left
  // input, whose rows come out in order (each one's partners before the next one's). The
  // right input is read whole before the first row in any case.
  void SetRowHint(size_t rows) override {
    hint_.Set(rows);
    left_->SetRowHint(rows);
  }

 private:
  // Fills `out` up to the batch limit (Next, which holds an error raised midway).
  void JoinRows(Batch& out);
  void ReadRight();
  // Starts joining left row `left_row_`: its key, and the run of right rows with that key.
  void StartLeftRow();

  OperatorPtr left_;
  OperatorPtr right_;
  bool right_ready_ = false;
  Batch right_rows_;
  std::vector<RowKey> right_keys_;
  size_t cursor_ = 0;  // first right row whose key is not below the current left key
  Batch left_batch_;
  size_t left_row_ = 0;
  bool in_row_ = false;     // joining left row left_row_
  size_t run_next_ = 0;     // next right row of the run
  size_t run_end_ = 0;
  bool matched_ = false;
  Batch pair_;
  std::vector<bool> right_matched_;
  size_t unmatched_right_ = 0;
  RowHint hint_;
  DeferredError deferred_;  // an error after some of a batch's rows (ProduceUntilError)
};

}  // namespace granary::executor
