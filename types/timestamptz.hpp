// timestamp with time zone: stored as microseconds since 2000-01-01 00:00 UTC (as timestamp,
// with the same infinities and range), read and shown in a time zone — the session's
// `TimeZone` (datetime_session.hpp) unless the input names one.
//
// Errors: 22007 `invalid input syntax for type timestamp with time zone: "<text>"`, 22008
// `timestamp out of range: "<text>"` and `timestamp out of range`, 22023
// `time zone "<name>" not recognized`, 22009 `time zone displacement out of range`.
// Thread-safety: pure functions of their arguments and the thread's session zone.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "types/tz_database.hpp"

namespace granary::types {

// timestamptz_in: a timestamp as ParseTimestamp reads it, with an optional zone (offset
// '+05:30', abbreviation 'PST', or tz database name 'Europe/Paris'); without one the session
// zone applies.
int64_t ParseTimestampTz(std::string_view text);
// timestamptz_out in the session zone: '2026-12-06 04:19:20.123+00', '... +05:30'.
std::string FormatTimestampTz(int64_t microseconds);
std::string FormatTimestampTz(int64_t microseconds, const TimeZone& zone);
// The ISO offset suffix of EncodeTimezone: +00, -08, +05:30, +05:21:10.
std::string FormatUtcOffset(int32_t seconds_east);

// timestamptz -> timestamp: the wall-clock time in `zone` (infinities kept).
int64_t LocalFromTimestampTz(int64_t microseconds, const TimeZone& zone);
// timestamp -> timestamptz: the wall-clock time read in `zone` (22008 when out of range).
int64_t TimestampTzFromLocal(int64_t local_microseconds, const TimeZone& zone);
// The offset (seconds east) of `zone` at the instant `microseconds`.
int32_t UtcOffsetAt(int64_t microseconds, const TimeZone& zone);

}  // namespace granary::types
