// The clock functions (now() and its kin), AT TIME ZONE, age, justify_*, to_timestamp(float8),
// make_date/make_timestamp and isfinite, after PostgreSQL 15's timestamp.c and date.c.
#include "types/functions/datetime_functions.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/datetime.hpp"
#include "types/datetime_fields.hpp"
#include "types/datetime_internal.hpp"
#include "types/datetime_session.hpp"
#include "types/interval.hpp"
#include "types/timestamptz.hpp"

namespace granary::types {
namespace {

using datetime_internal::kMicrosecondsPerSecond;

// AdjustTimestampForTypmod: rounds to `precision` fractional digits (CURRENT_TIMESTAMP(p)).
int64_t RoundToPrecision(int64_t timestamp, const Value* precision, const char* type_name) {
  if (precision == nullptr) return timestamp;
  int64_t digits = precision->AsInt();
  if (digits < 0) {
    throw Error(sqlstate::kInvalidParameterValue,
                std::string(type_name) + "(" + std::to_string(digits) + ") precision must not be negative");
  }
  if (digits >= 6 || timestamp == kTimestampInfinity || timestamp == kTimestampNegativeInfinity) {
    return timestamp;
  }
  int64_t scale = 1;
  for (int64_t i = digits; i < 6; ++i) scale *= 10;
  const int64_t offset = scale / 2;
  if (timestamp >= 0) return (timestamp + offset) / scale * scale;
  return -(((-timestamp) + offset) / scale * scale);
}

const Value* OptionalArgument(std::span<const Value> args, size_t index) {
  return index < args.size() ? &args[index] : nullptr;
}

bool IsFiniteTimestampValue(int64_t value) {
  return value != kTimestampInfinity && value != kTimestampNegativeInfinity;
}

// The transaction's date in the session zone, as a timestamp at its midnight.
int64_t CurrentDateMidnight() {
  const int64_t local = LocalFromTimestampTz(TransactionTimestamp(), SessionTimeZone());
  return static_cast<int64_t>(datetime_internal::DateFromTimestamp(local)) * kMicrosecondsPerDay;
}

[[noreturn]] void DateFieldOutOfRange(int64_t year, int64_t month, int64_t day) {
  char buffer[96];
  std::snprintf(buffer, sizeof(buffer), "date field value out of range: %lld-%02lld-%02lld",
                static_cast<long long>(year), static_cast<long long>(month),
                static_cast<long long>(day));
  throw Error(sqlstate::kDatetimeFieldOverflow, buffer);
}

// make_date's checks; the date as days since 2000-01-01.
int32_t MakeDateValue(int64_t year, int64_t month, int64_t day) {
  if (year == 0 || year < INT32_MIN || year > INT32_MAX) DateFieldOutOfRange(year, month, day);
  const int64_t astronomical = year < 0 ? year + 1 : year;
  if (month < 1 || month > 12 || day < 1 ||
      day > datetime_internal::DaysInMonth(static_cast<int>(astronomical), static_cast<int>(month))) {
    DateFieldOutOfRange(year, month, day);
  }
  if (!datetime_internal::IsValidJulian(static_cast<int>(astronomical), static_cast<int>(month),
                                        static_cast<int>(day))) {
    char buffer[96];
    std::snprintf(buffer, sizeof(buffer), "date out of range: %lld-%02lld-%02lld",
                  static_cast<long long>(year), static_cast<long long>(month),
                  static_cast<long long>(day));
    throw Error(sqlstate::kDatetimeFieldOverflow, buffer);
  }
  return DateFromYmd(static_cast<int>(astronomical), static_cast<int>(month), static_cast<int>(day));
}

// make_timestamp's wall-clock value (make_timestamp_internal).
int64_t MakeLocalTimestamp(std::span<const Value> args) {
  const int64_t year = args[0].AsInt();
  const int64_t month = args[1].AsInt();
  const int64_t day = args[2].AsInt();
  const int64_t hour = args[3].AsInt();
  const int64_t minute = args[4].AsInt();
  const double second = args[5].AsDouble();
  const int32_t date = MakeDateValue(year, month, day);
  if (hour < 0 || minute < 0 || minute > 59 || second < 0 || second > 60 || std::isnan(second) ||
      (hour * 3600 + minute * 60) * 1e6 + std::rint(second * 1e6) > 86400e6) {
    char buffer[96];
    std::snprintf(buffer, sizeof(buffer), "time field value out of range: %lld:%02lld:%02g",
                  static_cast<long long>(hour), static_cast<long long>(minute), second);
    throw Error(sqlstate::kDatetimeFieldOverflow, buffer);
  }
  const int64_t time = (hour * 3600 + minute * 60) * kMicrosecondsPerSecond +
                       static_cast<int64_t>(std::rint(second * 1e6));
  const int64_t result = static_cast<int64_t>(date) * kMicrosecondsPerDay + time;
  if (!datetime_internal::IsValidTimestamp(result)) {
    char buffer[128];
    std::snprintf(buffer, sizeof(buffer), "timestamp out of range: %lld-%02lld-%02lld %lld:%02lld:%02g",
                  static_cast<long long>(year), static_cast<long long>(month),
                  static_cast<long long>(day), static_cast<long long>(hour),
                  static_cast<long long>(minute), second);
    throw Error(sqlstate::kDatetimeFieldOverflow, buffer);
  }
  return result;
}

}  // namespace

// The zone AT TIME ZONE names: an abbreviation first, then the tz database (as
// timestamptz_zone looks it up). 22023 when neither knows it.
std::shared_ptr<const TimeZone> ZoneNamed(const std::string& name) {
  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (const std::optional<int32_t> offset = datetime_internal::LookupZoneAbbreviation(lower)) {
    return TimeZone::Fixed(*offset, name);
  }
  std::shared_ptr<const TimeZone> zone = FindTimeZone(name);
  if (!zone) {
    throw Error(sqlstate::kInvalidParameterValue, "time zone \"" + name + "\" not recognized");
  }
  return zone;
}

// An interval used as a zone: seconds east of UTC (22023 with months or days).
int64_t IntervalZoneMicroseconds(const Interval& zone) {
  if (zone.month != 0 || zone.day != 0) {
    throw Error(sqlstate::kInvalidParameterValue,
                "interval time zone \"" + FormatInterval(zone) + "\" must not include months or days");
  }
  return zone.time;
}

Value Now(std::span<const Value> args) {
  return Value::TimestampTz(
      RoundToPrecision(TransactionTimestamp(), OptionalArgument(args, 0), "TIMESTAMP"));
}

Value StatementTimestampFunction(std::span<const Value>) {
  return Value::TimestampTz(StatementTimestamp());
}

Value ClockTimestampFunction(std::span<const Value>) { return Value::TimestampTz(ClockTimestamp()); }

Value CurrentDate(std::span<const Value>) {
  return Value::Date(CurrentDateMidnight() / kMicrosecondsPerDay);
}

Value LocalTimestamp(std::span<const Value> args) {
  const int64_t local = LocalFromTimestampTz(TransactionTimestamp(), SessionTimeZone());
  return Value::Timestamp(RoundToPrecision(local, OptionalArgument(args, 0), "TIMESTAMP"));
}

Value TimeOfDay(std::span<const Value>) {
  return Value::Text(FormatTimestampTz(ClockTimestamp()));
}

Value TimestampAtZone(std::span<const Value> args) {
  const int64_t timestamp = args[1].AsInt();
  if (!IsFiniteTimestampValue(timestamp)) return Value::TimestampTz(timestamp);
  return Value::TimestampTz(TimestampTzFromLocal(timestamp, *ZoneNamed(args[0].AsString())));
}

Value TimestampTzAtZone(std::span<const Value> args) {
  const int64_t timestamp = args[1].AsInt();
  if (!IsFiniteTimestampValue(timestamp)) return Value::Timestamp(timestamp);
  return Value::Timestamp(LocalFromTimestampTz(timestamp, *ZoneNamed(args[0].AsString())));
}

Value TimestampAtInterval(std::span<const Value> args) {
  const int64_t timestamp = args[1].AsInt();
  const int64_t offset = IntervalZoneMicroseconds(args[0].AsInterval());
  if (!IsFiniteTimestampValue(timestamp)) return Value::TimestampTz(timestamp);
  const int64_t result = timestamp - offset;
  if (!datetime_internal::IsValidTimestamp(result)) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  }
  return Value::TimestampTz(result);
}

Value TimestampTzAtInterval(std::span<const Value> args) {
  const int64_t timestamp = args[1].AsInt();
  const int64_t offset = IntervalZoneMicroseconds(args[0].AsInterval());
  if (!IsFiniteTimestampValue(timestamp)) return Value::Timestamp(timestamp);
  const int64_t result = timestamp + offset;
  if (!datetime_internal::IsValidTimestamp(result)) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  }
  return Value::Timestamp(result);
}

Value AgeTimestamp(std::span<const Value> args) {
  if (args.size() == 1) {
    return Value::OfInterval(TimestampAge(CurrentDateMidnight(), args[0].AsInt(), nullptr));
  }
  return Value::OfInterval(TimestampAge(args[0].AsInt(), args[1].AsInt(), nullptr));
}

Value AgeTimestampTz(std::span<const Value> args) {
  const TimeZone& zone = SessionTimeZone();
  if (args.size() == 1) {
    const int64_t today = TimestampTzFromLocal(CurrentDateMidnight(), zone);
    return Value::OfInterval(TimestampAge(today, args[0].AsInt(), &zone));
  }
  return Value::OfInterval(TimestampAge(args[0].AsInt(), args[1].AsInt(), &zone));
}

Value JustifyHoursFunction(std::span<const Value> args) {
  return Value::OfInterval(JustifyHours(args[0].AsInterval()));
}

Value JustifyDaysFunction(std::span<const Value> args) {
  return Value::OfInterval(JustifyDays(args[0].AsInterval()));
}

Value JustifyIntervalFunction(std::span<const Value> args) {
  return Value::OfInterval(JustifyInterval(args[0].AsInterval()));
}

Value ToTimestampEpoch(std::span<const Value> args) {
  double seconds = args[0].AsDouble();
  if (std::isnan(seconds)) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "timestamp cannot be NaN");
  }
  if (std::isinf(seconds)) {
    return Value::TimestampTz(seconds < 0 ? kTimestampNegativeInfinity : kTimestampInfinity);
  }
  auto out_of_range = [seconds]() {
    char buffer[64];
    std::snprintf(buffer, sizeof(buffer), "timestamp out of range: \"%g\"", seconds);
    return Error(sqlstate::kDatetimeFieldOverflow, buffer);
  };
  constexpr double kSecondsPerDay = 86400.0;
  if (seconds < kSecondsPerDay * (datetime_internal::kDatetimeMinJulian - datetime_internal::kUnixEpochJdate) ||
      seconds >= kSecondsPerDay * (datetime_internal::kTimestampEndJulian - datetime_internal::kUnixEpochJdate)) {
    throw out_of_range();
  }
  seconds -= (datetime_internal::kPostgresEpochJdate - datetime_internal::kUnixEpochJdate) * kSecondsPerDay;
  const double microseconds = std::rint(seconds * 1e6);
  const auto result = static_cast<int64_t>(microseconds);
  if (!datetime_internal::IsValidTimestamp(result)) throw out_of_range();
  return Value::TimestampTz(result);
}

Value MakeDate(std::span<const Value> args) {
  return Value::Date(MakeDateValue(args[0].AsInt(), args[1].AsInt(), args[2].AsInt()));
}

Value MakeTimestamp(std::span<const Value> args) { return Value::Timestamp(MakeLocalTimestamp(args)); }

Value MakeTimestampTz(std::span<const Value> args) {
  const int64_t local = MakeLocalTimestamp(args);
  if (args.size() > 6) {
    return Value::TimestampTz(TimestampTzFromLocal(local, *ZoneNamed(args[6].AsString())));
  }
  return Value::TimestampTz(TimestampTzFromLocal(local, SessionTimeZone()));
}

Value IsFiniteTimestamp(std::span<const Value> args) {
  if (args[0].type() == TypeId::kInterval) return Value::Bool(true);
  return Value::Bool(IsFiniteTimestampValue(args[0].AsInt()));
}

Value IsFiniteDate(std::span<const Value> args) {
  const int64_t date = args[0].AsInt();
  return Value::Bool(date != kDateInfinity && date != kDateNegativeInfinity);
}

}  // namespace granary::types
