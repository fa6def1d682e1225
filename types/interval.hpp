// interval: PostgreSQL's storage form (months, days and microseconds, kept apart because a
// month and a day have no fixed length), text I/O in the default IntervalStyle 'postgres',
// and the arithmetic of timestamp.c (interval_pl, interval_mul, timestamp_pl_interval,
// timestamp_mi, justify_*, timestamp_age).
//
// Errors: 22007 `invalid input syntax for type interval: "<text>"`, 22015
// `interval field value out of range: "<text>"`, 22008 `interval out of range` and
// `timestamp out of range`, 22012 `division by zero`.
// Thread-safety: pure functions (the timestamptz variants read the thread's session zone).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace granary::types {

class TimeZone;

struct Interval {
  int64_t time = 0;  // microseconds
  int32_t day = 0;
  int32_t month = 0;

  bool operator==(const Interval&) const = default;
};

inline constexpr int kDaysPerMonth = 30;

// interval_in: the postgres forms ('1 day 2 hours', '1:30:00', '-1 week', '@ 1 hour ago',
// '3 mons') and ISO 8601 ('P1Y2M3DT4H5M6S', 'P0001-02-03T04:05:06'). `typmod` is that of
// `interval <fields>[(p)]` (Type::IntervalRange), -1 for none: a number without a unit
// counts the last field of the range (DecodeInterval: INTERVAL '90' DAY is 90 days, '1'
// YEAR one year; without a range, or one ending in SECOND, seconds). The range's truncation
// is TruncateIntervalToRange's, not done here.
Interval ParseInterval(std::string_view text, int32_t typmod = -1);
// AdjustIntervalForTypmod's truncation to the typmod's field range: YEAR keeps the whole
// years of the months and drops days and time; MONTH and YEAR TO MONTH drop days and time;
// DAY drops the time; ranges ending in HOUR or MINUTE truncate the time to whole hours or
// minutes (toward zero). No range (or one ending in SECOND): unchanged.
Interval TruncateIntervalToRange(const Interval& interval, int32_t typmod);
// interval_out with IntervalStyle = postgres: `1 year 2 mons 3 days 04:05:06`.
std::string FormatInterval(const Interval& interval);

// interval_cmp: by the span month*30 days + days*24 hours + time.
int CompareIntervals(const Interval& left, const Interval& right);
// Equal intervals (by CompareIntervals) hash equally.
size_t HashInterval(const Interval& interval);
// The span as a 128-bit number of microseconds, split into high and low words (index keys).
void IntervalSpan(const Interval& interval, int64_t& high, uint64_t& low);

Interval AddIntervals(const Interval& left, const Interval& right);
Interval SubtractIntervals(const Interval& left, const Interval& right);
Interval NegateInterval(const Interval& interval);
Interval MultiplyInterval(const Interval& interval, double factor);
Interval DivideInterval(const Interval& interval, double factor);
// AdjustIntervalForTypmod's rounding of the time to `precision` (0..6) digits.
Interval RoundInterval(const Interval& interval, int precision);
Interval JustifyHours(const Interval& interval);
Interval JustifyDays(const Interval& interval);
Interval JustifyInterval(const Interval& interval);

// timestamp ± interval (timestamp_pl_interval); infinite timestamps stay as they are.
int64_t TimestampPlusInterval(int64_t timestamp, const Interval& interval);
// timestamptz ± interval: months and days are added in the local time of `zone`.
int64_t TimestampTzPlusInterval(int64_t timestamp, const Interval& interval, const TimeZone& zone);
// timestamp - timestamp (timestamp_mi, justified to days and hours); 22008 for infinities.
Interval TimestampDifference(int64_t left, int64_t right);
// age(a, b) (timestamp_age): years, months and days between the broken-down times. For
// timestamptz both are broken down in `zone` (null: as timestamps).
Interval TimestampAge(int64_t left, int64_t right, const TimeZone* zone);

}  // namespace granary::types
