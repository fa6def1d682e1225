// Calendar constants and conversions shared by the datetime files and casts (internal).
//
// Names follow PostgreSQL's datatype/timestamp.h and utils/datetime.h: Julian day numbers
// (date2j/j2date), the valid Julian range, and the broken-down time `TimeFields` (pg_tm).
#pragma once

#include <cstdint>

namespace granary::types::datetime_internal {

inline constexpr int kPostgresEpochJdate = 2451545;  // date2j(2000, 1, 1)
inline constexpr int kUnixEpochJdate = 2440588;      // date2j(1970, 1, 1)
inline constexpr int64_t kMicrosecondsPerSecond = 1'000'000;
inline constexpr int64_t kSecondsPerDay = 86'400;

// The first representable day, 4714-11-24 BC, and the limits of date and timestamp.
inline constexpr int kJulianMinYear = -4713;
inline constexpr int kJulianMinMonth = 11;
inline constexpr int kJulianMaxYear = 5874898;
inline constexpr int kJulianMaxMonth = 6;
inline constexpr int kDatetimeMinJulian = 0;
inline constexpr int kDateEndJulian = 2147483494;      // date2j(5874898, 1, 1)
inline constexpr int kTimestampEndJulian = 109203528;  // date2j(294277, 1, 1)
inline constexpr int64_t kMinTimestamp = -211813488000000000LL;
inline constexpr int64_t kEndTimestamp = 9223371331200000000LL;

// Broken-down date and time; year is astronomical (0 = 1 BC).
struct TimeFields {
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int64_t microsecond = 0;  // fractional second, 0..1000000
};

int DateToJulian(int year, int month, int day);
void JulianToDate(int julian, int& year, int& month, int& day);

// PostgreSQL's IS_VALID_JULIAN: a cheap month-granular check done before date2j.
bool IsValidJulian(int year, int month, int day);
bool IsValidDate(int64_t days);               // IS_VALID_DATE, days since 2000-01-01
bool IsValidTimestamp(int64_t microseconds);  // IS_VALID_TIMESTAMP
bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

// tm2timestamp: false when the result falls outside the timestamp range.
bool TimestampFromFields(const TimeFields& fields, int64_t& result);
void FieldsFromTimestamp(int64_t microseconds, TimeFields& fields);

// date -> timestamp (22008 "date out of range for timestamp") and timestamp -> date; the
// infinities map to each other.
int64_t TimestampFromDate(int32_t date);
int32_t DateFromTimestamp(int64_t timestamp);

}  // namespace granary::types::datetime_internal
