// Filter: passes the rows for which the predicate is true. A row whose predicate raises an
// error ends the batch; the rows kept before it are returned first (DeferredError).
#pragma once

#include "executor/expr/evaluator.hpp"
#include "executor/operators/operator.hpp"

namespace granary::executor {

class Filter final : public Operator {
 public:
  Filter(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
      : Operator(plan, context), child_(std::move(child)) {}
  bool Next(Batch& out) override;
  // Streams its input: the rows wanted above are about the rows wanted below.
  void SetRowHint(size_t rows) override { child_->SetRowHint(rows); }

 private:
  OperatorPtr child_;
  DeferredError deferred_;
};

}  // namespace granary::executor
