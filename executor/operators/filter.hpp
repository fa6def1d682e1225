// Filter: passes the rows for which the predicate is true.
#pragma once

#include "executor/operators/operator.hpp"

namespace granary::executor {

class Filter final : public Operator {
 public:
  Filter(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
      : Operator(plan, context), child_(std::move(child)) {}
  bool Next(Batch& out) override;

 private:
  OperatorPtr child_;
};

}  // namespace granary::executor
