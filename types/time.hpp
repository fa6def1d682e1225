// time and time with time zone (timetz): storage form, text I/O, rounding, arithmetic and the
// conversions to and from the other date/time types, after PostgreSQL 15's date.c.
//
// A time is int64 microseconds since midnight, 0 .. 24:00:00 inclusive (as TimeADT). A timetz
// is a time plus its zone in seconds west of UTC (TimeTzADT's sign: '12:00+05' has zone
// -18000), kept in a Value as one int64 (PackTimeTz) whose integer order is timetz_cmp's
// order: first the instant the time names in UTC (time + zone), then the zone. So equality,
// ordering, hashing, index keys and row storage treat both types as int64s.
//
// Errors: 22007 `invalid input syntax for type time: "<text>"`, 22008 `date/time field value
// out of range: "<text>"`, 22009 `time zone displacement out of range: "<text>"`, 22023
// `time zone "<name>" not recognized`.
// Thread-safety: pure functions of their arguments and the thread's session zone and clock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "types/interval.hpp"

namespace granary::types {

struct TimeTz {
  int64_t time = 0;  // microseconds since midnight
  int32_t zone = 0;  // seconds west of UTC
};

// The Value payload of a timetz and back.
int64_t PackTimeTz(const TimeTz& value);
TimeTz UnpackTimeTz(int64_t packed);

// time_in / timetz_in (DecodeTimeOnly): '12:34', '1:2:3 PM', '040506', 'allballs', 'now',
// '2003-04-12 04:05:06' (the date is read and ignored), with an optional zone, which time
// checks and ignores and timetz keeps; without one, timetz takes the session zone's offset
// on the given date (today if none).
int64_t ParseTime(std::string_view text);
TimeTz ParseTimeTz(std::string_view text);
// time_out / timetz_out: '04:05:06', '04:05:06.5', '24:00:00'; timetz adds the offset as
// timestamptz does ('+05:30', '-08').
std::string FormatTime(int64_t time);
std::string FormatTimeTz(const TimeTz& value);

// AdjustTimeForTypmod: rounds to `precision` (0..6) fractional digits, half up; 24:00:00
// may result, as in PostgreSQL.
int64_t RoundTime(int64_t time, int precision);

// time_pl_interval / time_mi_interval and timetz's: the interval's time part, wrapped into
// one day (months and days do not move a time of day).
int64_t TimePlusInterval(int64_t time, const Interval& span);
TimeTz TimeTzPlusInterval(const TimeTz& value, const Interval& span);
// time_mi_time: an interval of microseconds only.
Interval TimeDifference(int64_t left, int64_t right);

// date + time = timestamp (datetime_pl; 22008 `timestamp out of range`), date + timetz =
// timestamptz (datetimetz_timestamptz; 22008 `date out of range for timestamp`); the
// infinite dates stay infinite.
int64_t DatePlusTime(int32_t date, int64_t time);
int64_t DatePlusTimeTz(int32_t date, const TimeTz& value);

// Conversions (pg_cast). The time of a timestamp and the local time of a timestamptz in the
// session zone (callers return NULL for the infinities, as timestamp_time does); timetz
// from a timestamptz in the session zone; time -> timetz with the session zone's offset today;
// interval -> time (its time part modulo one day) and time -> interval.
int64_t TimeFromTimestamp(int64_t timestamp);
TimeTz TimeTzFromTimestampTz(int64_t timestamp);
TimeTz TimeTzFromTime(int64_t time);
int64_t TimeFromInterval(const Interval& span);
Interval IntervalFromTime(int64_t time);

// timetz AT TIME ZONE: the same instant shown in a zone of `zone` seconds west of UTC.
TimeTz TimeTzAtZone(const TimeTz& value, int32_t zone);

}  // namespace granary::types
