// generate_series(start, stop[, step]): the values of one call, as PostgreSQL's
// generate_series_step_int4/int8 (the series stops before it would overflow),
// generate_series_step_numeric (NaN and infinite arguments are 22023) and
// generate_series_timestamp/timestamptz (an interval step, added in the session's time zone
// for timestamptz). A zero step is 22023 `step size cannot equal zero`.
//
// The set-returning call in a select list and the function scan in FROM share this, so the
// overloads the analyzer resolves (planner/analyze/generate_series.hpp) run the same way in
// both places.
#pragma once

#include <span>

#include "types/value.hpp"

namespace granary::types {

class Series {
 public:
  // `args`: non-NULL values already coerced to the overload's types: integers of `type`
  // (int4 or int8), numeric, or timestamp/timestamptz with an interval step.
  Series(std::span<const Value> args, TypeId type);

  // Stores the next value in `out`; false once the series has passed its stop.
  bool Next(Value& out);

 private:
  TypeId type_;
  bool ascending_ = true;
  bool done_ = false;
  // Integers.
  __int128 next_integer_ = 0;
  __int128 stop_integer_ = 0;
  __int128 step_integer_ = 1;
  // Numeric and timestamps.
  Value next_;
  Value stop_;
  Value step_;
};

}  // namespace granary::types
