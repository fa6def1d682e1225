// date and timestamp (without time zone): storage form, text I/O and arithmetic.
//
// Storage follows PostgreSQL: a date is int32 days since 2000-01-01, a timestamp is int64
// microseconds since 2000-01-01 00:00:00. Special values 'infinity' and '-infinity' map to
// INT32_MAX/INT32_MIN (date) and INT64_MAX/INT64_MIN (timestamp). Proleptic Gregorian
// calendar; years before 1 are written with ' BC' as PostgreSQL does.
//
// Errors: 22007 invalid_datetime_format (`invalid input syntax for type date: "<text>"`),
// 22008 datetime_field_overflow (`date/time field value out of range: "<text>"`).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace granary::types {

inline constexpr int32_t kDateInfinity = INT32_MAX;
inline constexpr int32_t kDateNegativeInfinity = INT32_MIN;
inline constexpr int64_t kTimestampInfinity = INT64_MAX;
inline constexpr int64_t kTimestampNegativeInfinity = INT64_MIN;
inline constexpr int64_t kMicrosecondsPerDay = 86'400'000'000LL;

// Accepts ISO 8601 'YYYY-MM-DD' (optionally with ' BC'), 'infinity', '-infinity', 'epoch',
// and the common PostgreSQL forms with DateStyle = ISO, MDY ('MM/DD/YYYY', 'Mon DD YYYY',
// 'YYYYMMDD').
int32_t ParseDate(std::string_view text);
std::string FormatDate(int32_t days);  // ISO: 2024-02-29, 0044-03-15 BC, infinity

// Accepts a date as above followed by an optional time 'HH:MM[:SS[.ffffff]]' separated by
// space or 'T'; fractional seconds beyond microseconds are rounded. A time zone suffix is
// ignored as PostgreSQL ignores it for timestamp without time zone.
int64_t ParseTimestamp(std::string_view text);
// ISO: '2024-02-29 13:45:00', fractional seconds printed only when nonzero and without
// trailing zeros ('13:45:00.5').
std::string FormatTimestamp(int64_t microseconds);

// Calendar helpers (proleptic Gregorian; year 0 is 1 BC).
int32_t DateFromYmd(int year, int month, int day);
void YmdFromDate(int32_t days, int& year, int& month, int& day);

// AdjustTimestampForTypmod: rounds to `precision` (0..6) fractional digits, half away from
// zero; infinities unchanged; 22008 "timestamp out of range" if rounding leaves the range.
int64_t RoundTimestamp(int64_t microseconds, int precision);

// date + integer days; raises 22008 "date out of range" when leaving the valid range.
int32_t AddDays(int32_t date, int64_t days);

}  // namespace granary::types
