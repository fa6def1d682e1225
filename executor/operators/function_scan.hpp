// A set-returning function in FROM: generate_series(start, stop[, step]) as
// types/functions/series.hpp runs it (NULL arguments give no rows); or unnest(array, ...): the
// elements of each array side by side, as many rows as the longest (NULL arrays are empty).
#pragma once

#include <optional>

#include "executor/operators/operator.hpp"
#include "types/functions/series.hpp"

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
  std::optional<types::Series> series_;  // generate_series, once started with non-NULL arguments
};

}  // namespace granary::executor
