// Result: PostgreSQL's Result node with a One-Time Filter. Its predicate reads no column of
// its input (constants, parameters, an enclosing query's values): it is evaluated once,
// before the first row, and unless it is true the node returns no rows without running its
// child. Otherwise it passes its child's rows on; without a child it returns one row of no
// columns (a SELECT without FROM). A relation the planner proved empty is a Result without a
// child whose predicate is constant false.
#pragma once

#include "executor/operators/operator.hpp"

namespace granary::executor {

class Result final : public Operator {
 public:
  Result(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
      : Operator(plan, context), child_(std::move(child)) {}
  bool Next(Batch& out) override;
  // Streams its child's rows: the rows wanted above are the rows wanted below.
  void SetRowHint(size_t rows) override {
    if (child_) child_->SetRowHint(rows);
  }
  void SetRowBound(size_t rows) override {
    if (child_) child_->SetRowBound(rows);
  }

 private:
  OperatorPtr child_;  // null: no input
  bool checked_ = false;
  bool passed_ = false;
};

}  // namespace granary::executor
