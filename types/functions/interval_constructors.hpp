// make_interval and date_bin: intervals built from parts, and timestamps cut into bins of an
// interval, as PostgreSQL 15's make_interval and timestamp_bin / timestamptz_bin.
#pragma once

#include <span>

#include "types/value.hpp"

namespace granary::types {

// make_interval(years, months, weeks, days, hours, mins int4, secs float8), trailing
// parts optional (0); 22008 for infinite or NaN seconds.
Value MakeInterval(std::span<const Value> args);
// date_bin(stride, source, origin): the start of the stride-wide bin, counted from origin,
// that holds source. 0A000 for a stride with months, 22008 for one not above zero or an
// infinite origin; an infinite source is returned as is.
Value DateBin(std::span<const Value> args);

}  // namespace granary::types
