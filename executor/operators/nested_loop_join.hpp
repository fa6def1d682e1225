// Nested-loop join (inner, left, right, full): the right input is materialised once, then
// each left row is paired with every right row satisfying the join predicate. Left and full
// joins emit a NULL-extended row for a left row that found no partner; right and full joins,
// after the left input is exhausted, one for every right row that never matched. An error
// midway (the join condition's) follows the rows before it (ProduceUntilError).
#pragma once

#include "executor/expr/evaluator.hpp"
#include "executor/operators/operator.hpp"
#include "executor/operators/row_hint.hpp"

namespace granary::executor {

class NestedLoopJoin final : public Operator {
 public:
  NestedLoopJoin(const planner::PlanNode& plan, ExecContext& context, OperatorPtr left,
                 OperatorPtr right)
      : Operator(plan, context), left_(std::move(left)), right_(std::move(right)) {}
  bool Next(Batch& out) override;
  // LIMIT's hint: batches of about the hinted rows (RowHint), and the same hint to the left (outer) input,
  // whose rows come out in order (each one's partners before the next one's).
  void SetRowHint(size_t rows) override {
    hint_.Set(rows);
    left_->SetRowHint(rows);
  }

 private:
  void MaterializeRight();
  // Fills `out` up to the batch limit (Next, which holds an error raised midway).
  void JoinRows(Batch& out);

  OperatorPtr left_;
  OperatorPtr right_;
  bool right_ready_ = false;
  Batch right_rows_;   // all right rows
  Batch left_batch_;
  size_t left_row_ = 0;
  size_t right_row_ = 0;
  bool matched_ = false;
  Batch pair_;         // one candidate row, for evaluating the predicate
  std::vector<bool> right_matched_;
  size_t unmatched_right_ = 0;  // next right row to consider for NULL-extension
  RowHint hint_;
  DeferredError deferred_;  // an error after some of a batch's rows (ProduceUntilError)
};

}  // namespace granary::executor
