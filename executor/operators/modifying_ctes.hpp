// Runs the statement's data-modifying WITH items (INSERT/UPDATE/DELETE) to completion before
// the first row of its child, as PostgreSQL runs them exactly once whether or not anything
// reads them (their RETURNING rows stay in the CteStore for the CTE scans that do).
#pragma once

#include "executor/operators/operator.hpp"

namespace granary::executor {

class ModifyingCtes final : public Operator {
 public:
  ModifyingCtes(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
      : Operator(plan, context), child_(std::move(child)) {}
  bool Next(Batch& out) override;

 private:
  OperatorPtr child_;
  bool ran_ = false;
};

}  // namespace granary::executor
