// A set-returning function in FROM: generate_series(start, stop[, step]) over int4 or int8,
// as PostgreSQL's generate_series_step_int4/int8: NULL arguments give no rows, a zero step
// is 22023, and the series stops before it would overflow.
#pragma once

#include "executor/operators/operator.hpp"

namespace granary::executor {

class FunctionScan final : public Operator {
 public:
  using Operator::Operator;
  bool Next(Batch& out) override;

 private:
  bool started_ = false;
  bool done_ = false;
  __int128 next_ = 0;
  __int128 stop_ = 0;
  __int128 step_ = 1;
};

}  // namespace granary::executor
