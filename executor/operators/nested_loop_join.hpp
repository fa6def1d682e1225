// Nested-loop join (inner, cross, left): the right input is materialised once, then each left
// row is paired with every right row satisfying the join predicate; a left join emits a
// NULL-extended row for a left row that found no partner.
#pragma once

#include "executor/operators/operator.hpp"

namespace granary::executor {

class NestedLoopJoin final : public Operator {
 public:
  NestedLoopJoin(const planner::PlanNode& plan, ExecContext& context, OperatorPtr left,
                 OperatorPtr right)
      : Operator(plan, context), left_(std::move(left)), right_(std::move(right)) {}
  bool Next(Batch& out) override;

 private:
  void MaterializeRight();

  OperatorPtr left_;
  OperatorPtr right_;
  bool right_ready_ = false;
  Batch right_rows_;   // all right rows
  Batch left_batch_;
  size_t left_row_ = 0;
  size_t right_row_ = 0;
  bool matched_ = false;
  Batch pair_;         // one candidate row, for evaluating the predicate
};

}  // namespace granary::executor
