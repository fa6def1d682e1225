// interval output, comparison and arithmetic, ported from PostgreSQL 15's timestamp.c
// (interval_out's EncodeInterval, interval_cmp_value, interval_mul/div, justify_*,
// timestamp_pl_interval, timestamp_mi, timestamp_age). Input is in interval_parse.cpp.
#include "types/interval.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "common/sqlstate.hpp"
#include "parser/ast_type.hpp"
#include "granary/error.hpp"
#include "types/datetime.hpp"
#include "types/datetime_internal.hpp"
#include "types/timestamptz.hpp"

namespace granary::types {
namespace {

using datetime_internal::kMicrosecondsPerSecond;
using datetime_internal::TimeFields;

constexpr int64_t kMicrosecondsPerHour = 3600 * kMicrosecondsPerSecond;
constexpr int64_t kMicrosecondsPerMinute = 60 * kMicrosecondsPerSecond;
constexpr double kSecondsPerDay = 86400.0;

[[noreturn]] void IntervalOutOfRange() {
  throw Error(sqlstate::kDatetimeFieldOverflow, "interval out of range");
}

[[noreturn]] void TimestampOutOfRange() {
  throw Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
}

int32_t CheckedInt32(int64_t value) {
  if (value < INT32_MIN || value > INT32_MAX) IntervalOutOfRange();
  return static_cast<int32_t>(value);
}

__int128 Span(const Interval& interval) {
  return static_cast<__int128>(interval.time) +
         (static_cast<__int128>(interval.month) * kDaysPerMonth + interval.day) * kMicrosecondsPerDay;
}

// TSROUND: rounds to microsecond precision.
double RoundToMicroseconds(double value) { return std::rint(value * 1e6) / 1e6; }

// AddPostgresIntPart.
void AppendPart(std::string& out, int64_t value, const char* unit, bool& is_zero, bool& is_before) {
  if (value == 0) return;
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%s%s%lld %s%s", is_zero ? "" : " ",
                is_before && value > 0 ? "+" : "", static_cast<long long>(value), unit,
                value != 1 ? "s" : "");
  out += buffer;
  is_before = value < 0;
  is_zero = false;
}

// The multiply and divide of interval_mul/interval_div share their cascade of remainders.
Interval Scale(const Interval& interval, double months, double days, double time) {
  if (std::isnan(months) || months > INT32_MAX || months < INT32_MIN) IntervalOutOfRange();
  if (std::isnan(days) || days > INT32_MAX || days < INT32_MIN) IntervalOutOfRange();
  Interval result;
  result.month = static_cast<int32_t>(months);
  result.day = static_cast<int32_t>(days);
  double month_remainder_days = RoundToMicroseconds((months - result.month) * kDaysPerMonth);
  double second_remainder = RoundToMicroseconds(
      (days - result.day + month_remainder_days - static_cast<int>(month_remainder_days)) *
      kSecondsPerDay);
  if (std::fabs(second_remainder) >= kSecondsPerDay) {
    const int whole_days = static_cast<int>(second_remainder / kSecondsPerDay);
    result.day = CheckedInt32(static_cast<int64_t>(result.day) + whole_days);
    second_remainder -= whole_days * kSecondsPerDay;
  }
  result.day = CheckedInt32(static_cast<int64_t>(result.day) + static_cast<int>(month_remainder_days));
  const double microseconds = std::rint(time + second_remainder * 1e6);
  if (std::isnan(microseconds) || microseconds < -9223372036854775808.0 ||
      microseconds >= 9223372036854775808.0) {
    IntervalOutOfRange();
  }
  (void)interval;
  result.time = static_cast<int64_t>(microseconds);
  return result;
}

bool IsFinite(int64_t timestamp) {
  return timestamp != kTimestampInfinity && timestamp != kTimestampNegativeInfinity;
}

// Adds months then days to a wall-clock timestamp, clamping the day to the month's length.
int64_t AddMonthsAndDays(int64_t local, const Interval& interval) {
  if (interval.month != 0) {
    TimeFields fields;
    datetime_internal::FieldsFromTimestamp(local, fields);
    int64_t month = static_cast<int64_t>(fields.month) + interval.month;
    int64_t year = fields.year;
    if (month > 12) {
      year += (month - 1) / 12;
      month = (month - 1) % 12 + 1;
    } else if (month < 1) {
      year += month / 12 - 1;
      month = month % 12 + 12;
    }
    if (year < INT32_MIN / 2 || year > INT32_MAX / 2) TimestampOutOfRange();
    fields.year = static_cast<int>(year);
    fields.month = static_cast<int>(month);
    const int last_day = datetime_internal::DaysInMonth(fields.year, fields.month);
    if (fields.day > last_day) fields.day = last_day;
    if (!datetime_internal::TimestampFromFields(fields, local)) TimestampOutOfRange();
  }
  if (interval.day != 0) {
    TimeFields fields;
    datetime_internal::FieldsFromTimestamp(local, fields);
    const int64_t julian =
        static_cast<int64_t>(datetime_internal::DateToJulian(fields.year, fields.month, fields.day)) +
        interval.day;
    if (julian < 0 || julian > INT32_MAX) TimestampOutOfRange();
    datetime_internal::JulianToDate(static_cast<int>(julian), fields.year, fields.month, fields.day);
    if (!datetime_internal::TimestampFromFields(fields, local)) TimestampOutOfRange();
  }
  return local;
}

}  // namespace

std::string FormatInterval(const Interval& interval) {
  const int64_t years = interval.month / 12;
  const int64_t months = interval.month % 12;
  int64_t time = interval.time;
  const int64_t hours = time / kMicrosecondsPerHour;
  time -= hours * kMicrosecondsPerHour;
  const int64_t minutes = time / kMicrosecondsPerMinute;
  time -= minutes * kMicrosecondsPerMinute;
  const int64_t seconds = time / kMicrosecondsPerSecond;
  const int64_t fraction = time - seconds * kMicrosecondsPerSecond;
  std::string out;
  bool is_zero = true;
  bool is_before = false;
  AppendPart(out, years, "year", is_zero, is_before);
  AppendPart(out, months, "mon", is_zero, is_before);
  AppendPart(out, interval.day, "day", is_zero, is_before);
  if (is_zero || hours != 0 || minutes != 0 || seconds != 0 || fraction != 0) {
    const bool minus = hours < 0 || minutes < 0 || seconds < 0 || fraction < 0;
    char buffer[96];
    std::snprintf(buffer, sizeof(buffer), "%s%s%02lld:%02lld:%02lld", is_zero ? "" : " ",
                  minus ? "-" : (is_before ? "+" : ""), std::llabs(hours), std::llabs(minutes),
                  std::llabs(seconds));
    out += buffer;
    if (fraction != 0) {
      std::snprintf(buffer, sizeof(buffer), ".%06lld", std::llabs(fraction));
      std::string digits = buffer;
      while (digits.back() == '0') digits.pop_back();
      out += digits;
    }
  }
  return out;
}

int CompareIntervals(const Interval& left, const Interval& right) {
  const __int128 a = Span(left);
  const __int128 b = Span(right);
  return a < b ? -1 : (a > b ? 1 : 0);
}

void IntervalSpan(const Interval& interval, int64_t& high, uint64_t& low) {
  const __int128 span = Span(interval);
  high = static_cast<int64_t>(span >> 64);
  low = static_cast<uint64_t>(span);
}

size_t HashInterval(const Interval& interval) {
  int64_t high = 0;
  uint64_t low = 0;
  IntervalSpan(interval, high, low);
  return std::hash<uint64_t>{}(low) ^ (std::hash<int64_t>{}(high) * 0x9e3779b97f4a7c15ULL);
}

Interval AddIntervals(const Interval& left, const Interval& right) {
  Interval result;
  result.month = CheckedInt32(static_cast<int64_t>(left.month) + right.month);
  result.day = CheckedInt32(static_cast<int64_t>(left.day) + right.day);
  if (__builtin_add_overflow(left.time, right.time, &result.time)) IntervalOutOfRange();
  return result;
}

Interval SubtractIntervals(const Interval& left, const Interval& right) {
  Interval result;
  result.month = CheckedInt32(static_cast<int64_t>(left.month) - right.month);
  result.day = CheckedInt32(static_cast<int64_t>(left.day) - right.day);
  if (__builtin_sub_overflow(left.time, right.time, &result.time)) IntervalOutOfRange();
  return result;
}

Interval NegateInterval(const Interval& interval) {
  Interval result;
  result.month = CheckedInt32(-static_cast<int64_t>(interval.month));
  result.day = CheckedInt32(-static_cast<int64_t>(interval.day));
  if (interval.time == INT64_MIN) IntervalOutOfRange();
  result.time = -interval.time;
  return result;
}

Interval MultiplyInterval(const Interval& interval, double factor) {
  return Scale(interval, interval.month * factor, interval.day * factor,
               static_cast<double>(interval.time) * factor);
}

Interval DivideInterval(const Interval& interval, double factor) {
  if (factor == 0.0) throw Error(sqlstate::kDivisionByZero, "division by zero");
  return Scale(interval, interval.month / factor, interval.day / factor,
               static_cast<double>(interval.time) / factor);
}

Interval RoundInterval(const Interval& interval, int precision) {
  if (precision >= 6 || precision < 0) return interval;
  int64_t scale = 1;
  for (int i = precision; i < 6; ++i) scale *= 10;
  const int64_t offset = scale / 2;
  Interval result = interval;
  result.time = interval.time >= 0 ? (interval.time + offset) / scale * scale
                                   : -((-interval.time + offset) / scale * scale);
  return result;
}

Interval TruncateIntervalToRange(const Interval& interval, int32_t typmod) {
  if (typmod < 0) return interval;
  namespace mask = parser::interval_mask;
  constexpr int64_t kMicrosecondsPerHour = int64_t{3'600'000'000};
  constexpr int64_t kMicrosecondsPerMinute = int64_t{60'000'000};
  Interval result = interval;
  switch ((typmod >> 16) & 0x7FFF) {
    case mask::kYear:
      result.month = (result.month / 12) * 12;
      result.day = 0;
      result.time = 0;
      break;
    case mask::kMonth:
    case mask::kYear | mask::kMonth:
      result.day = 0;
      result.time = 0;
      break;
    case mask::kDay:
      result.time = 0;
      break;
    case mask::kHour:
    case mask::kDay | mask::kHour:
      result.time = (result.time / kMicrosecondsPerHour) * kMicrosecondsPerHour;
      break;
    case mask::kMinute:
    case mask::kHour | mask::kMinute:
    case mask::kDay | mask::kHour | mask::kMinute:
      result.time = (result.time / kMicrosecondsPerMinute) * kMicrosecondsPerMinute;
      break;
    default:  // all fields, or a range ending in SECOND: only the precision applies
      break;
  }
  return result;
}

Interval JustifyHours(const Interval& interval) {
  Interval result = interval;
  const int64_t whole_days = result.time / kMicrosecondsPerDay;
  result.time -= whole_days * kMicrosecondsPerDay;
  result.day = CheckedInt32(static_cast<int64_t>(result.day) + whole_days);
  if (result.day > 0 && result.time < 0) {
    result.time += kMicrosecondsPerDay;
    result.day--;
  } else if (result.day < 0 && result.time > 0) {
    result.time -= kMicrosecondsPerDay;
    result.day++;
  }
  return result;
}

Interval JustifyDays(const Interval& interval) {
  Interval result = interval;
  const int32_t whole_months = result.day / kDaysPerMonth;
  result.day -= whole_months * kDaysPerMonth;
  result.month = CheckedInt32(static_cast<int64_t>(result.month) + whole_months);
  if (result.month > 0 && result.day < 0) {
    result.day += kDaysPerMonth;
    result.month--;
  } else if (result.month < 0 && result.day > 0) {
    result.day -= kDaysPerMonth;
    result.month++;
  }
  return result;
}

Interval JustifyInterval(const Interval& interval) {
  // interval_justify_interval: days into months, then the time into days, then signs.
  Interval result = interval;
  const int32_t whole_months = result.day / kDaysPerMonth;
  result.day -= whole_months * kDaysPerMonth;
  result.month = CheckedInt32(static_cast<int64_t>(result.month) + whole_months);
  const int64_t whole_days = result.time / kMicrosecondsPerDay;
  result.time -= whole_days * kMicrosecondsPerDay;
  result.day = CheckedInt32(static_cast<int64_t>(result.day) + whole_days);
  if (result.month > 0 && (result.day < 0 || (result.day == 0 && result.time < 0))) {
    result.day += kDaysPerMonth;
    result.month--;
  } else if (result.month < 0 && (result.day > 0 || (result.day == 0 && result.time > 0))) {
    result.day -= kDaysPerMonth;
    result.month++;
  }
  if (result.day > 0 && result.time < 0) {
    result.time += kMicrosecondsPerDay;
    result.day--;
  } else if (result.day < 0 && result.time > 0) {
    result.time -= kMicrosecondsPerDay;
    result.day++;
  }
  return result;
}

int64_t TimestampPlusInterval(int64_t timestamp, const Interval& interval) {
  if (!IsFinite(timestamp)) return timestamp;
  int64_t result = AddMonthsAndDays(timestamp, interval);
  if (__builtin_add_overflow(result, interval.time, &result) ||
      !datetime_internal::IsValidTimestamp(result)) {
    TimestampOutOfRange();
  }
  return result;
}

int64_t TimestampTzPlusInterval(int64_t timestamp, const Interval& interval, const TimeZone& zone) {
  if (!IsFinite(timestamp)) return timestamp;
  int64_t result = timestamp;
  if (interval.month != 0 || interval.day != 0) {
    const int64_t local = AddMonthsAndDays(LocalFromTimestampTz(timestamp, zone), interval);
    result = TimestampTzFromLocal(local, zone);
  }
  if (__builtin_add_overflow(result, interval.time, &result) ||
      !datetime_internal::IsValidTimestamp(result)) {
    TimestampOutOfRange();
  }
  return result;
}

Interval TimestampDifference(int64_t left, int64_t right) {
  if (!IsFinite(left) || !IsFinite(right)) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "cannot subtract infinite timestamps");
  }
  Interval result;
  result.time = left - right;
  return JustifyHours(result);
}

Interval TimestampAge(int64_t left, int64_t right, const TimeZone* zone) {
  if (!IsFinite(left) || !IsFinite(right)) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  }
  TimeFields a;
  TimeFields b;
  datetime_internal::FieldsFromTimestamp(zone ? LocalFromTimestampTz(left, *zone) : left, a);
  datetime_internal::FieldsFromTimestamp(zone ? LocalFromTimestampTz(right, *zone) : right, b);
  int64_t fraction = a.microsecond - b.microsecond;
  int64_t second = a.second - b.second;
  int64_t minute = a.minute - b.minute;
  int64_t hour = a.hour - b.hour;
  int64_t day = a.day - b.day;
  int64_t month = a.month - b.month;
  int64_t year = a.year - b.year;
  const bool negative = left < right;
  auto flip = [&]() {
    fraction = -fraction, second = -second, minute = -minute, hour = -hour;
    day = -day, month = -month, year = -year;
  };
  if (negative) flip();
  while (fraction < 0) fraction += kMicrosecondsPerSecond, --second;
  while (second < 0) second += 60, --minute;
  while (minute < 0) minute += 60, --hour;
  while (hour < 0) hour += 24, --day;
  while (day < 0) {
    const TimeFields& base = negative ? a : b;
    day += datetime_internal::DaysInMonth(base.year, base.month);
    --month;
  }
  while (month < 0) month += 12, --year;
  if (negative) flip();
  Interval result;
  result.month = CheckedInt32(year * 12 + month);
  result.day = CheckedInt32(day);
  result.time = ((hour * 60 + minute) * 60 + second) * kMicrosecondsPerSecond + fraction;
  return result;
}

}  // namespace granary::types
