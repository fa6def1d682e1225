// Window: PostgreSQL's WindowAgg. Materialises its input and appends, for each window
// function call of the plan, its value for every row: the rows are put in the call's window
// order (window/window_ordering.hpp, one per distinct window, shared by its calls) and the
// function runs over each partition (executor/window/). Rows come out in window order when
// every call has the same window (as from PostgreSQL's sort below its WindowAgg), else in
// input order. (No spilling: the input is held in memory.)
//
// Errors: 22004 / 22013 for NULL or negative frame offsets, and those of the functions. A
// call's error (its function's, or its arguments' for a row it reads) is raised after the
// rows before the first row it left without a value: PostgreSQL computes row by row.
#pragma once

#include <cstdint>
#include <exception>

#include "executor/operators/operator.hpp"

namespace granary::executor {

class WindowOrdering;

class Window final : public Operator {
 public:
  Window(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
      : Operator(plan, context), child_(std::move(child)) {}
  bool Next(Batch& out) override;

 private:
  // One call's values for every input row; after an error, only the first `good_rows`.
  struct CallValues {
    std::vector<types::Value> values;
    size_t good_rows = 0;
    std::exception_ptr error;
  };

  void Compute();
  CallValues ComputeCall(const planner::BoundWindow& window, const WindowOrdering& ordering);

  OperatorPtr child_;
  bool computed_ = false;
  Batch rows_;
  size_t next_ = 0;
  bool OneWindow() const;  // every call over the same PARTITION BY and ORDER BY

  size_t good_rows_ = SIZE_MAX;  // rows to return before raising error_
  std::vector<size_t> output_order_;  // input row numbers in output order; empty: as input
  std::exception_ptr error_;
};

}  // namespace granary::executor
