// The functions of time and timetz (PostgreSQL 15's date.c): CURRENT_TIME and LOCALTIME,
// make_time, and timetz AT TIME ZONE. Their operators are bound in
// planner/analyze/datetime_operators.cpp, extract/date_part in datetime_part_functions.cpp.
#include <cmath>
#include <cstdio>
#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/datetime.hpp"
#include "types/datetime_internal.hpp"
#include "types/datetime_session.hpp"
#include "types/functions/datetime_functions.hpp"
#include "types/time.hpp"
#include "types/timestamptz.hpp"

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
