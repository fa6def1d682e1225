// Window: materialises its input and appends, for each window function of the plan, its
// value for every row: row_number() counts the rows of each partition (rows with equal
// PARTITION BY keys, NULLs equal) in the window's ORDER BY order, ties in input order.
// Rows come out in input order. (PostgreSQL's WindowAgg over a sort; frames, other window
// functions and spilling come later.)
#pragma once

#include "executor/operators/operator.hpp"

namespace granary::executor {

class Window final : public Operator {
 public:
  Window(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
      : Operator(plan, context), child_(std::move(child)) {}
  bool Next(Batch& out) override;

 private:
  void Compute();

  OperatorPtr child_;
  bool computed_ = false;
  Batch rows_;
  size_t next_ = 0;
};

}  // namespace granary::executor
