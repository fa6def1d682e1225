// Distinct: passes each distinct row once (NULLs equal to each other), in first-seen order;
// with distinct_columns (DISTINCT ON), the first row of each distinct key.
#pragma once

#include <unordered_set>

#include "executor/operators/operator.hpp"
#include "executor/row_key.hpp"

namespace granary::executor {

class Distinct final : public Operator {
 public:
  Distinct(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
      : Operator(plan, context), child_(std::move(child)) {}
  bool Next(Batch& out) override;

 private:
  OperatorPtr child_;
  std::unordered_set<RowKey, RowKeyHash, RowKeyEqual> seen_;
  Batch input_;
};

}  // namespace granary::executor
