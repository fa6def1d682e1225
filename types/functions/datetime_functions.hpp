// Date/time function implementations registered in builtin_functions.cpp (PostgreSQL 15's
// timestamp.c, date.c and formatting.c). timestamptz arguments and results are read and
// shown in the session zone (types/datetime_session.hpp); now() and its kin read the clock
// readings the engine installed for the statement.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "types/interval.hpp"
#include "types/tz_database.hpp"
#include "types/value.hpp"

namespace granary::types {

// datetime_functions.cpp
Value Now(std::span<const Value> args);                 // now(), transaction_timestamp(), CURRENT_TIMESTAMP
Value StatementTimestampFunction(std::span<const Value> args);
Value ClockTimestampFunction(std::span<const Value> args);
Value CurrentDate(std::span<const Value> args);
Value LocalTimestamp(std::span<const Value> args);
Value TimeOfDay(std::span<const Value> args);           // timeofday(): text
Value TimestampAtZone(std::span<const Value> args);     // timezone(text, timestamp) -> timestamptz
Value TimestampTzAtZone(std::span<const Value> args);   // timezone(text, timestamptz) -> timestamp
Value TimestampAtInterval(std::span<const Value> args); // timezone(interval, timestamp)
Value TimestampTzAtInterval(std::span<const Value> args);
Value AgeTimestamp(std::span<const Value> args);        // age(timestamp[, timestamp])
Value AgeTimestampTz(std::span<const Value> args);      // age(timestamptz[, timestamptz])
Value JustifyHoursFunction(std::span<const Value> args);
Value JustifyDaysFunction(std::span<const Value> args);
Value JustifyIntervalFunction(std::span<const Value> args);
Value ToTimestampEpoch(std::span<const Value> args);    // to_timestamp(float8)
Value MakeDate(std::span<const Value> args);
Value MakeTimestamp(std::span<const Value> args);
Value MakeTimestampTz(std::span<const Value> args);     // (y, m, d, h, mi, s[, zone])
Value MakeInterval(std::span<const Value> args);        // (years, months, weeks, days, hours, mins, secs)
Value IsFiniteTimestamp(std::span<const Value> args);
Value IsFiniteDate(std::span<const Value> args);

// The zone AT TIME ZONE names: an abbreviation (a fixed zone), else a tz database name;
// 22023 `time zone "<name>" not recognized`.
std::shared_ptr<const TimeZone> ZoneNamed(const std::string& name);
// An interval used as a zone: its microseconds east of UTC; 22023 with months or days.
int64_t IntervalZoneMicroseconds(const Interval& zone);

// time_functions.cpp (time and timetz; PostgreSQL's date.c)
Value CurrentTimeFunction(std::span<const Value> args);  // CURRENT_TIME[(p)] -> timetz
Value LocalTimeFunction(std::span<const Value> args);    // LOCALTIME[(p)] -> time
Value MakeTime(std::span<const Value> args);             // make_time(int, int, float8)
Value TimeTzAtZone(std::span<const Value> args);         // timezone(text, timetz)
Value TimeTzAtInterval(std::span<const Value> args);     // timezone(interval, timetz)
// (s1, e1) OVERLAPS (s2, e2) over timestamptz, timestamp, time or timetz; e1 and e2 may be
// intervals (lengths). Not strict: NULL ends follow the SQL standard.
Value Overlaps(std::span<const Value> args);

// datetime_part_functions.cpp: 22023 `unit "x" not recognized for type ...`, 0A000
// `unit "x" not supported for type ...`.
Value DatePart(std::span<const Value> args);            // date_part(text, ts|tstz|interval|date) -> float8
Value Extract(std::span<const Value> args);             // extract(text, ...) -> numeric
Value DateTrunc(std::span<const Value> args);           // date_trunc(text, ts|tstz|interval[, zone])

// to_char_functions.cpp
Value ToCharTimestamp(std::span<const Value> args);     // to_char(ts|tstz, text)
Value ToCharInterval(std::span<const Value> args);
Value ToTimestampFormat(std::span<const Value> args);   // to_timestamp(text, text)
Value ToDateFormat(std::span<const Value> args);        // to_date(text, text)

}  // namespace granary::types
