// Text output of date, timestamp, timestamptz and interval values in this thread's DateStyle
// and IntervalStyle (datetime_style.hpp): PostgreSQL's date_out, timestamp_out, timestamptz_out
// and interval_out (EncodeDateOnly, EncodeDateTime, EncodeInterval). The Format* functions
// of datetime.hpp, timestamptz.hpp and interval.hpp always write ISO / postgres.
#pragma once

#include <cstdint>
#include <string>

#include "types/interval.hpp"
#include "types/tz_database.hpp"

namespace granary::types {

std::string DateOut(int32_t days);
std::string TimestampOut(int64_t microseconds);
std::string TimestampTzOut(int64_t microseconds, const TimeZone& zone);
std::string TimestampTzOut(int64_t microseconds);  // in the session's zone
std::string IntervalOut(const Interval& interval);

}  // namespace granary::types
