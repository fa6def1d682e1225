// VALUES lists and SELECT without FROM (one row of no columns). A row whose expressions raise
// an error ends the batch; the rows before it are returned first (DeferredError).
#pragma once

#include "executor/expr/evaluator.hpp"
#include "executor/operators/operator.hpp"

namespace granary::executor {

class Values final : public Operator {
 public:
  using Operator::Operator;
  bool Next(Batch& out) override;

 private:
  size_t next_row_ = 0;
  DeferredError deferred_;
};

}  // namespace granary::executor
