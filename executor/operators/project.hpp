// Project: computes the output columns from each input row.
#pragma once

#include "executor/operators/operator.hpp"

namespace granary::executor {

class Project final : public Operator {
 public:
  Project(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
      : Operator(plan, context), child_(std::move(child)) {}
  bool Next(Batch& out) override;

 private:
  OperatorPtr child_;
  Batch input_;
};

}  // namespace granary::executor
