// Sort: materialises its input and returns it ordered by the sort keys (NULLs last for
// ascending keys and first for descending ones unless NULLS FIRST/LAST says otherwise).
// Ties keep input order. (Spilling past work_mem comes with the planner issue.)
#pragma once

#include "executor/operators/operator.hpp"

namespace granary::executor {

class Sort final : public Operator {
 public:
  Sort(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
      : Operator(plan, context), child_(std::move(child)) {}
  bool Next(Batch& out) override;

 private:
  OperatorPtr child_;
  bool sorted_ = false;
  Batch rows_;
  std::vector<size_t> order_;
  size_t next_ = 0;
};

}  // namespace granary::executor
