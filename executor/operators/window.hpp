// Window: PostgreSQL's WindowAgg. Materialises its input and appends, for each window
// function call of the plan, its value for every row: the rows are put in the call's window
// order (window/window_ordering.hpp, one per distinct window, shared by its calls) and the
// function runs over each partition (executor/window/). Rows come out in input order. (No
// spilling: the input is held in memory.)
//
// Errors: 22004 / 22013 for NULL or negative frame offsets, and those of the functions.
#pragma once

#include "executor/operators/operator.hpp"

namespace granary::executor {

class WindowOrdering;

class Window final : public Operator {
 public:
  Window(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
      : Operator(plan, context), child_(std::move(child)) {}
  bool Next(Batch& out) override;

 private:
  void Compute();
  std::vector<types::Value> ComputeCall(const planner::BoundWindow& window,
                                        const WindowOrdering& ordering);

  OperatorPtr child_;
  bool computed_ = false;
  Batch rows_;
  size_t next_ = 0;
};

}  // namespace granary::executor
