// A set-returning function in FROM: generate_series(start, stop[, step]) over int4 or int8,
// as PostgreSQL's generate_series_step_int4/int8: NULL arguments give no rows, a zero step
// is 22023, and the series stops before it would overflow; or unnest(array, ...): the
// elements of each array side by side, as many rows as the longest (NULL arrays are empty).
#pragma once

#include "executor/operators/operator.hpp"

namespace granary::executor {

class FunctionScan final : public Operator {
 public:
  using Operator::Operator;
  bool Next(Batch& out) override;

 private:
  bool NextUnnest(Batch& out);

  std::vector<types::Value> arrays_;  // unnest's arguments
  size_t rows_ = 0;
  size_t position_ = 0;
  bool started_ = false;
  bool done_ = false;
  __int128 next_ = 0;
  __int128 stop_ = 0;
  __int128 step_ = 1;
};

}  // namespace granary::executor
