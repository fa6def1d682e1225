// VALUES lists and SELECT without FROM (one row of no columns).
#pragma once

#include "executor/operators/operator.hpp"

namespace granary::executor {

class Values final : public Operator {
 public:
  using Operator::Operator;
  bool Next(Batch& out) override;

 private:
  size_t next_row_ = 0;
};

}  // namespace granary::executor
