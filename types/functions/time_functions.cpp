// The functions of time and timetz (PostgreSQL 15's date.c): CURRENT_TIME and LOCALTIME,
// make_time, timetz AT TIME ZONE, and OVERLAPS over every date/time type. Their operators are bound in
// planner/analyze/datetime_operators.cpp, extract/date_part in datetime_part_functions.cpp.
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/datetime.hpp"
#include "types/datetime_internal.hpp"
#include "types/datetime_session.hpp"
#include "types/functions/datetime_functions.hpp"
#include "types/interval.hpp"
#include "types/time.hpp"
#include "types/timestamptz.hpp"
#include "types/value_ops.hpp"

namespace granary::types {
namespace {

using datetime_internal::kMicrosecondsPerSecond;

// The precision of CURRENT_TIME(p) / LOCALTIME(p), as anytime_typmod_check: 22023 below 0;
// above 6 PostgreSQL warns and uses 6. nullopt without the argument.
std::optional<int> Precision(std::span<const Value> args) {
  if (args.empty()) return std::nullopt;
  const int64_t digits = args[0].AsInt();
  if (digits < 0) {
    throw Error(sqlstate::kInvalidParameterValue,
                "TIME(" + std::to_string(digits) + ") precision must not be negative");
  }
  return static_cast<int>(std::min<int64_t>(digits, 6));
}

// GetCurrentTimeUsec: the transaction's start in the session zone.
TimeTz TransactionTime() { return TimeTzFromTimestampTz(TransactionTimestamp()); }

Value TimeTzValue(const TimeTz& value) { return Value::OfInt(TypeId::kTimeTz, PackTimeTz(value)); }

// The end of a period given as (start, end) or (start, length): pg_proc's overlaps over an
// interval is the SQL function `($1, $1 + $2) overlaps ($3, $4)`.
Value PeriodEnd(const Value& start, const Value& end) {
  if (end.type() != TypeId::kInterval) return end;
  if (start.is_null() || end.is_null()) return Value::Null(start.type());
  const Interval& length = end.AsInterval();
  switch (start.type()) {
    case TypeId::kTimestamp: return Value::Timestamp(TimestampPlusInterval(start.AsInt(), length));
    case TypeId::kTimestampTz:
      return Value::TimestampTz(TimestampTzPlusInterval(start.AsInt(), length, SessionTimeZone()));
    default: return Value::OfInt(TypeId::kTime, TimePlusInterval(start.AsInt(), length));
  }
}

}  // namespace

Value CurrentTimeFunction(std::span<const Value> args) {
  TimeTz now = TransactionTime();
  if (const std::optional<int> precision = Precision(args)) now.time = RoundTime(now.time, *precision);
  return TimeTzValue(now);
}

Value LocalTimeFunction(std::span<const Value> args) {
  int64_t now = TransactionTime().time;
  if (const std::optional<int> precision = Precision(args)) now = RoundTime(now, *precision);
  return Value::OfInt(TypeId::kTime, now);
}

Value MakeTime(std::span<const Value> args) {
  const int64_t hour = args[0].AsInt();
  const int64_t minute = args[1].AsInt();
  const double second = args[2].AsDouble();
  // float_time_overflows: the seconds rounded to microseconds first, and 24:00:00 at most.
  bool overflows = hour < 0 || hour > 24 || minute < 0 || minute >= 60 || std::isnan(second);
  double micro = 0;
  if (!overflows) {
    micro = std::rint(second * static_cast<double>(kMicrosecondsPerSecond));
    overflows = micro < 0 || micro > 60.0 * static_cast<double>(kMicrosecondsPerSecond) ||
                ((hour * 60 + minute) * 60) * kMicrosecondsPerSecond + static_cast<int64_t>(micro) >
                    kMicrosecondsPerDay;
  }
  if (overflows) {
    char buffer[128];
    std::snprintf(buffer, sizeof(buffer), "time field value out of range: %lld:%02lld:%02g",
                  static_cast<long long>(hour), static_cast<long long>(minute), second);
    throw Error(sqlstate::kDatetimeFieldOverflow, buffer);
  }
  return Value::OfInt(TypeId::kTime,
                      ((hour * 60 + minute) * 60) * kMicrosecondsPerSecond + static_cast<int64_t>(micro));
}

Value Overlaps(std::span<const Value> args) {
  // overlaps_timestamp: each period's ends put in order (a NULL end replaced by the other),
  // then the SQL standard's test with its NULLs.
  Value start1 = args[0];
  Value end1 = PeriodEnd(args[0], args[1]);
  Value start2 = args[2];
  Value end2 = PeriodEnd(args[2], args[3]);
  const auto greater = [](const Value& a, const Value& b) { return Compare(a, b) > 0; };
  for (auto [start, end] : {std::pair{&start1, &end1}, std::pair{&start2, &end2}}) {
    if (start->is_null()) {
      if (end->is_null()) return Value::Null(TypeId::kBool);
      std::swap(*start, *end);
    } else if (!end->is_null() && greater(*start, *end)) {
      std::swap(*start, *end);
    }
  }
  if (greater(start1, start2)) {
    if (end2.is_null()) return Value::Null(TypeId::kBool);
    if (greater(end2, start1)) return Value::Bool(true);
    if (end1.is_null()) return Value::Null(TypeId::kBool);
    return Value::Bool(false);
  }
  if (greater(start2, start1)) {
    if (end1.is_null()) return Value::Null(TypeId::kBool);
    if (greater(end1, start2)) return Value::Bool(true);
    if (end2.is_null()) return Value::Null(TypeId::kBool);
    return Value::Bool(false);
  }
  if (end1.is_null() || end2.is_null()) return Value::Null(TypeId::kBool);
  return Value::Bool(true);
}

Value TimeTzAtZone(std::span<const Value> args) {
  // timetz_zone: the zone's offset now (at the transaction's start) for a named zone.
  const std::shared_ptr<const TimeZone> zone = ZoneNamed(args[0].AsString());
  const int32_t west = -UtcOffsetAt(TransactionTimestamp(), *zone);
  return TimeTzValue(types::TimeTzAtZone(UnpackTimeTz(args[1].AsInt()), west));
}

Value TimeTzAtInterval(std::span<const Value> args) {
  // timetz_izone: whole seconds of the interval, west of UTC.
  const int64_t east = IntervalZoneMicroseconds(args[0].AsInterval());
  const auto west = static_cast<int32_t>(-(east / kMicrosecondsPerSecond));
  return TimeTzValue(types::TimeTzAtZone(UnpackTimeTz(args[1].AsInt()), west));
}

}  // namespace granary::types
