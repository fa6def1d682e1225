// time and timetz: packing, output, rounding, arithmetic and conversions (see time.hpp),
// after PostgreSQL 15's date.c (time_out, AdjustTimeForTypmod, time_pl_interval,
// datetime_pl, timestamp_time, timestamptz_timetz, time_timetz, timetz_zone). Input is in
// time_parse.cpp.
#include "types/time.hpp"

#include <cstdio>
#include <cstdlib>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/datetime.hpp"
#include "types/datetime_internal.hpp"
#include "types/datetime_session.hpp"
#include "types/timestamptz.hpp"

namespace granary::types {
namespace {

using datetime_internal::kMicrosecondsPerSecond;

// The packed form: (UTC time in microseconds) * kZoneSpan + (zone + kZoneBias). Zones lie in
// ±15:59:59 (57599 s) and the UTC time in about ±1.5e11, so the product stays far inside
// int64 and the integer order is (UTC time, zone), timetz_cmp_internal's.
constexpr int64_t kZoneSpan = int64_t{1} << 17;
constexpr int64_t kZoneBias = int64_t{1} << 16;

// Unix seconds of the PostgreSQL epoch, 2000-01-01.
constexpr int64_t kUnixToPostgresSeconds = 946684800;

int64_t FloorDivide(int64_t a, int64_t b) {
  const int64_t quotient = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? quotient - 1 : quotient;
}

// Wraps a time of day into [0, one day), as time_pl_interval does.
int64_t WrapDay(int64_t time) {
  time -= time / kMicrosecondsPerDay * kMicrosecondsPerDay;
  if (time < 0) time += kMicrosecondsPerDay;
  return time;
}

// The offset (seconds west, TimeTzADT's sign) the session zone has at the local wall-clock
// time `local` (a timestamp), by DetermineTimeZoneOffset's rule.
int32_t SessionZoneAtLocal(int64_t local) {
  const int64_t local_seconds = FloorDivide(local, kMicrosecondsPerSecond) + kUnixToPostgresSeconds;
  return -SessionTimeZone().OffsetForLocal(local_seconds);
}

}  // namespace

int64_t PackTimeTz(const TimeTz& value) {
  // TZDISP_LIMIT: every zone PostgreSQL accepts is under 16 hours; the packing needs it.
  constexpr int32_t kZoneLimit = 16 * 3600;
  if (value.zone <= -kZoneLimit || value.zone >= kZoneLimit) {
    throw Error(sqlstate::kInvalidTimeZoneDisplacementValue, "time zone displacement out of range");
  }
  const int64_t utc = value.time + static_cast<int64_t>(value.zone) * kMicrosecondsPerSecond;
  return utc * kZoneSpan + (value.zone + kZoneBias);
}

TimeTz UnpackTimeTz(int64_t packed) {
  const int64_t low = packed & (kZoneSpan - 1);  // the floor remainder: kZoneSpan is a power of 2
  const int64_t utc = (packed - low) / kZoneSpan;
  TimeTz value;
  value.zone = static_cast<int32_t>(low - kZoneBias);
  value.time = utc - static_cast<int64_t>(value.zone) * kMicrosecondsPerSecond;
  return value;
}

std::string FormatTime(int64_t time) {
  // EncodeTimeOnly: hh:mm:ss, then the fraction without trailing zeros (AppendSeconds).
  const int64_t hour = time / (3600 * kMicrosecondsPerSecond);
  time -= hour * 3600 * kMicrosecondsPerSecond;
  const int64_t minute = time / (60 * kMicrosecondsPerSecond);
  time -= minute * 60 * kMicrosecondsPerSecond;
  const int64_t second = time / kMicrosecondsPerSecond;
  const int64_t fraction = time - second * kMicrosecondsPerSecond;
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%02lld:%02lld:%02lld", static_cast<long long>(hour),
                static_cast<long long>(minute), static_cast<long long>(second));
  std::string out = buffer;
  if (fraction != 0) {
    std::snprintf(buffer, sizeof(buffer), ".%06lld", static_cast<long long>(fraction));
    std::string digits = buffer;
    while (digits.back() == '0') digits.pop_back();
    out += digits;
  }
  return out;
}

std::string FormatTimeTz(const TimeTz& value) {
  return FormatTime(value.time) + FormatUtcOffset(-value.zone);
}

int64_t RoundTime(int64_t time, int precision) {
  static constexpr int64_t kScales[] = {1000000, 100000, 10000, 1000, 100, 10, 1};
  if (precision < 0 || precision >= 6) return time;
  const int64_t scale = kScales[precision];
  const int64_t offset = scale / 2;
  if (time >= 0) return (time + offset) / scale * scale;
  return -(((-time) + offset) / scale * scale);
}

int64_t TimePlusInterval(int64_t time, const Interval& span) { return WrapDay(time + span.time); }

TimeTz TimeTzPlusInterval(const TimeTz& value, const Interval& span) {
  return TimeTz{WrapDay(value.time + span.time), value.zone};
}

Interval TimeDifference(int64_t left, int64_t right) {
  Interval result;
  result.time = left - right;
  return result;
}

int64_t DatePlusTime(int32_t date, int64_t time) {
  int64_t result = datetime_internal::TimestampFromDate(date);
  if (result == kTimestampInfinity || result == kTimestampNegativeInfinity) return result;
  result += time;
  if (!datetime_internal::IsValidTimestamp(result)) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  }
  return result;
}

int64_t DatePlusTimeTz(int32_t date, const TimeTz& value) {
  if (date == kDateNegativeInfinity) return kTimestampNegativeInfinity;
  if (date == kDateInfinity) return kTimestampInfinity;
  auto out_of_range = [] {
    return Error(sqlstate::kDatetimeFieldOverflow, "date out of range for timestamp");
  };
  if (date >= datetime_internal::kTimestampEndJulian - datetime_internal::kPostgresEpochJdate) {
    throw out_of_range();
  }
  const int64_t result = date * kMicrosecondsPerDay + value.time +
                         static_cast<int64_t>(value.zone) * kMicrosecondsPerSecond;
  if (!datetime_internal::IsValidTimestamp(result)) throw out_of_range();
  return result;
}

int64_t TimeFromTimestamp(int64_t timestamp) {
  // timestamp2tm then tm2time: the time of day, counted from the day's start.
  return timestamp - FloorDivide(timestamp, kMicrosecondsPerDay) * kMicrosecondsPerDay;
}

TimeTz TimeTzFromTimestampTz(int64_t timestamp) {
  const int64_t local = LocalFromTimestampTz(timestamp, SessionTimeZone());
  return TimeTz{TimeFromTimestamp(local), -UtcOffsetAt(timestamp, SessionTimeZone())};
}

TimeTz TimeTzFromTime(int64_t time) {
  // time_timetz: the session zone's offset at this time of day on the transaction's date.
  const int64_t now = LocalFromTimestampTz(TransactionTimestamp(), SessionTimeZone());
  const int64_t today = FloorDivide(now, kMicrosecondsPerDay) * kMicrosecondsPerDay;
  return TimeTz{time, SessionZoneAtLocal(today + time)};
}

int64_t TimeFromInterval(const Interval& span) {
  int64_t result = span.time;
  if (result >= kMicrosecondsPerDay) {
    result -= result / kMicrosecondsPerDay * kMicrosecondsPerDay;
  } else if (result < 0) {
    const int64_t days = (-result + kMicrosecondsPerDay - 1) / kMicrosecondsPerDay;
    result += days * kMicrosecondsPerDay;
  }
  return result;
}

Interval IntervalFromTime(int64_t time) {
  Interval result;
  result.time = time;
  return result;
}

TimeTz TimeTzAtZone(const TimeTz& value, int32_t zone) {
  int64_t time = value.time + static_cast<int64_t>(value.zone - zone) * kMicrosecondsPerSecond;
  while (time < 0) time += kMicrosecondsPerDay;
  while (time >= kMicrosecondsPerDay) time -= kMicrosecondsPerDay;
  return TimeTz{time, zone};
}

}  // namespace granary::types
