// date_part, extract and date_trunc: PostgreSQL 15's timestamp_part_common (float8 for
// date_part, numeric for extract), interval_part_common, extract_date and timestamp_trunc /
// timestamptz_trunc / interval_trunc, with the unit names of deltatktbl and datetktbl.
#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

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
using datetime_internal::TimeFields;

enum class Unit {
  kMicroseconds, kMilliseconds, kSecond, kMinute, kHour, kDay, kWeek, kMonth, kQuarter, kYear,
  kDecade, kCentury, kMillennium, kTimezone, kTimezoneHour, kTimezoneMinute,
  // datetktbl's words, which only extract/date_part know:
  kEpoch, kDow, kIsoDow, kDoy, kIsoYear, kJulian,
};

struct UnitName {
  std::string_view name;  // at most TOKMAXLEN (10) characters, as the tables store them
  Unit unit;
  bool special;           // from datetktbl (not a unit date_trunc accepts)
};

constexpr UnitName kUnitNames[] = {
    {"c", Unit::kCentury, false},           {"cent", Unit::kCentury, false},
    {"centuries", Unit::kCentury, false},   {"century", Unit::kCentury, false},
    {"d", Unit::kDay, false},               {"day", Unit::kDay, false},
    {"days", Unit::kDay, false},            {"dec", Unit::kDecade, false},
    {"decade", Unit::kDecade, false},       {"decades", Unit::kDecade, false},
    {"decs", Unit::kDecade, false},         {"h", Unit::kHour, false},
    {"hour", Unit::kHour, false},           {"hours", Unit::kHour, false},
    {"hr", Unit::kHour, false},             {"hrs", Unit::kHour, false},
    {"m", Unit::kMinute, false},            {"microsecon", Unit::kMicroseconds, false},
    {"mil", Unit::kMillennium, false},      {"millennia", Unit::kMillennium, false},
    {"millennium", Unit::kMillennium, false}, {"millisecon", Unit::kMilliseconds, false},
    {"mils", Unit::kMillennium, false},     {"min", Unit::kMinute, false},
    {"mins", Unit::kMinute, false},         {"minute", Unit::kMinute, false},
    {"minutes", Unit::kMinute, false},      {"mon", Unit::kMonth, false},
    {"mons", Unit::kMonth, false},          {"month", Unit::kMonth, false},
    {"months", Unit::kMonth, false},        {"ms", Unit::kMilliseconds, false},
    {"msec", Unit::kMilliseconds, false},   {"msecond", Unit::kMilliseconds, false},
    {"mseconds", Unit::kMilliseconds, false}, {"msecs", Unit::kMilliseconds, false},
    {"qtr", Unit::kQuarter, false},         {"quarter", Unit::kQuarter, false},
    {"s", Unit::kSecond, false},            {"sec", Unit::kSecond, false},
    {"second", Unit::kSecond, false},       {"seconds", Unit::kSecond, false},
    {"secs", Unit::kSecond, false},         {"timezone", Unit::kTimezone, false},
    {"timezone_h", Unit::kTimezoneHour, false}, {"timezone_m", Unit::kTimezoneMinute, false},
    {"us", Unit::kMicroseconds, false},     {"usec", Unit::kMicroseconds, false},
    {"usecond", Unit::kMicroseconds, false}, {"useconds", Unit::kMicroseconds, false},
    {"usecs", Unit::kMicroseconds, false},  {"w", Unit::kWeek, false},
    {"week", Unit::kWeek, false},           {"weeks", Unit::kWeek, false},
    {"y", Unit::kYear, false},              {"year", Unit::kYear, false},
    {"years", Unit::kYear, false},          {"yr", Unit::kYear, false},
    {"yrs", Unit::kYear, false},            {"epoch", Unit::kEpoch, true},
    {"dow", Unit::kDow, true},              {"doy", Unit::kDoy, true},
    {"isodow", Unit::kIsoDow, true},        {"isoyear", Unit::kIsoYear, true},
    {"j", Unit::kJulian, true},             {"jd", Unit::kJulian, true},
    {"julian", Unit::kJulian, true},
};

std::string Lower(const std::string& text) {
  std::string out = text;
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string TypeName(TypeId type) { return std::string(InfoOf(type).sql_name); }

[[noreturn]] void NotRecognized(const std::string& unit, TypeId type) {
  throw Error(sqlstate::kInvalidParameterValue,
              "unit \"" + unit + "\" not recognized for type " + TypeName(type));
}

[[noreturn]] void NotSupported(const std::string& unit, TypeId type) {
  throw Error(sqlstate::kFeatureNotSupported,
              "unit \"" + unit + "\" not supported for type " + TypeName(type));
}

// DecodeUnits, then (unless `units_only`) DecodeSpecial, on the name truncated to TOKMAXLEN.
Unit LookupUnit(const std::string& lower, TypeId type, bool units_only) {
  const std::string key = lower.substr(0, 10);
  for (const UnitName& entry : kUnitNames) {
    if (entry.name == key && (!entry.special || !units_only)) return entry.unit;
  }
  NotRecognized(lower, type);
}

// j2day: 0 = Sunday.
int DayOfWeek(int julian) {
  int day = (julian + 1) % 7;
  if (day < 0) day += 7;
  return day;
}

int IsoWeek(int year, int month, int day) {
  const int dayn = datetime_internal::DateToJulian(year, month, day);
  int day4 = datetime_internal::DateToJulian(year, 1, 4);
  int day0 = DayOfWeek(day4 - 1);
  if (dayn < day4 - day0) {
    day4 = datetime_internal::DateToJulian(year - 1, 1, 4);
    day0 = DayOfWeek(day4 - 1);
  }
  int result = (dayn - (day4 - day0)) / 7 + 1;
  if (result >= 52) {
    day4 = datetime_internal::DateToJulian(year + 1, 1, 4);
    day0 = DayOfWeek(day4 - 1);
    if (dayn >= day4 - day0) result = (dayn - (day4 - day0)) / 7 + 1;
  }
  return result;
}

int IsoYear(int year, int month, int day) {
  const int dayn = datetime_internal::DateToJulian(year, month, day);
  int day4 = datetime_internal::DateToJulian(year, 1, 4);
  int day0 = DayOfWeek(day4 - 1);
  if (dayn < day4 - day0) {
    day4 = datetime_internal::DateToJulian(year - 1, 1, 4);
    day0 = DayOfWeek(day4 - 1);
    --year;
  }
  const int result = (dayn - (day4 - day0)) / 7 + 1;
  if (result >= 52) {
    day4 = datetime_internal::DateToJulian(year + 1, 1, 4);
    day0 = DayOfWeek(day4 - 1);
    if (dayn >= day4 - day0) ++year;
  }
  return year;
}

// A result of `value` / 10^scale: numeric with that scale (extract) or float8 (date_part).
Value Scaled(int64_t value, int scale, bool numeric) {
  if (!numeric) {
    double divisor = 1;
    for (int i = 0; i < scale; ++i) divisor *= 10;
    return Value::Float8(static_cast<double>(value) / divisor);
  }
  const bool negative = value < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::string digits = std::to_string(magnitude);
  if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale)) digits.insert(0, scale + 1 - digits.size(), '0');
    digits.insert(digits.size() - scale, ".");
  }
  return Value::OfNumeric(Numeric::Parse((negative ? "-" : "") + digits));
}

Value Infinite(bool negative, bool numeric) {
  if (numeric) return Value::OfNumeric(Numeric::Infinity(negative));
  return Value::Float8(negative ? -HUGE_VAL : HUGE_VAL);
}

int64_t YearOfEra(int year) { return year > 0 ? year : year - 1; }

// timestamp_part_common over the broken-down time; `offset` is the zone's (timestamptz).
Value TimestampField(Unit unit, const TimeFields& tm, int64_t epoch_microseconds,
                     std::optional<int32_t> offset, bool numeric, const std::string& name,
                     TypeId type) {
  const int64_t seconds_micro = tm.second * kMicrosecondsPerSecond + tm.microsecond;
  const int year = tm.year;
  switch (unit) {
    case Unit::kMicroseconds: return Scaled(seconds_micro, 0, numeric);
    case Unit::kMilliseconds: return Scaled(seconds_micro, 3, numeric);
    case Unit::kSecond: return Scaled(seconds_micro, 6, numeric);
    case Unit::kMinute: return Scaled(tm.minute, 0, numeric);
    case Unit::kHour: return Scaled(tm.hour, 0, numeric);
    case Unit::kDay: return Scaled(tm.day, 0, numeric);
    case Unit::kMonth: return Scaled(tm.month, 0, numeric);
    case Unit::kQuarter: return Scaled((tm.month - 1) / 3 + 1, 0, numeric);
    case Unit::kWeek: return Scaled(IsoWeek(tm.year, tm.month, tm.day), 0, numeric);
    case Unit::kYear: return Scaled(YearOfEra(year), 0, numeric);
    case Unit::kDecade:
      return Scaled(year >= 0 ? year / 10 : -((8 - (year - 1)) / 10), 0, numeric);
    case Unit::kCentury:
      return Scaled(year > 0 ? (year + 99) / 100 : -((99 - (year - 1)) / 100), 0, numeric);
    case Unit::kMillennium:
      return Scaled(year > 0 ? (year + 999) / 1000 : -((999 - (year - 1)) / 1000), 0, numeric);
    case Unit::kTimezone:
      if (!offset) NotSupported(name, type);
      return Scaled(*offset, 0, numeric);
    case Unit::kTimezoneHour:
      if (!offset) NotSupported(name, type);
      return Scaled(*offset / 3600, 0, numeric);
    case Unit::kTimezoneMinute:
      if (!offset) NotSupported(name, type);
      return Scaled(*offset / 60 % 60, 0, numeric);
    case Unit::kEpoch: return Scaled(epoch_microseconds, 6, numeric);
    case Unit::kDow:
    case Unit::kIsoDow: {
      const int dow = DayOfWeek(datetime_internal::DateToJulian(tm.year, tm.month, tm.day));
      return Scaled(unit == Unit::kIsoDow && dow == 0 ? 7 : dow, 0, numeric);
    }
    case Unit::kDoy:
      return Scaled(datetime_internal::DateToJulian(tm.year, tm.month, tm.day) -
                        datetime_internal::DateToJulian(tm.year, 1, 1) + 1,
                    0, numeric);
    case Unit::kIsoYear: {
      int iso = IsoYear(tm.year, tm.month, tm.day);
      if (iso <= 0) iso -= 1;
      return Scaled(iso, 0, numeric);
    }
    case Unit::kJulian: {
      const int64_t day = datetime_internal::DateToJulian(tm.year, tm.month, tm.day);
      const int64_t time = ((tm.hour * 60 + tm.minute) * 60) * kMicrosecondsPerSecond + seconds_micro;
      if (!numeric) return Value::Float8(static_cast<double>(day) + static_cast<double>(time) / 86400e6);
      if (time == 0) return Scaled(day, 0, true);
      const Value fraction = Arithmetic(ArithmeticOp::kDivide, Scaled(time, 0, true),
                                        Scaled(kMicrosecondsPerDay, 0, true));
      return Arithmetic(ArithmeticOp::kAdd, Scaled(day, 0, true), fraction);
    }
  }
  NotRecognized(name, type);
}

// NonFiniteTimestampTzPart: NULL for the oscillating units, ±Infinity for the growing ones.
Value InfiniteTimestampField(Unit unit, bool negative, bool numeric, const std::string& name,
                             TypeId type) {
  switch (unit) {
    case Unit::kYear: case Unit::kDecade: case Unit::kCentury: case Unit::kMillennium:
    case Unit::kJulian: case Unit::kIsoYear: case Unit::kEpoch:
      return Infinite(negative, numeric);
    case Unit::kTimezone: case Unit::kTimezoneHour: case Unit::kTimezoneMinute:
      if (type == TypeId::kTimestamp) NotSupported(name, type);
      return Value::Null(numeric ? TypeId::kNumeric : TypeId::kFloat8);
    default:
      return Value::Null(numeric ? TypeId::kNumeric : TypeId::kFloat8);
  }
}

int64_t UnixEpochTimestamp() {
  return -static_cast<int64_t>(datetime_internal::kPostgresEpochJdate - datetime_internal::kUnixEpochJdate) *
         kMicrosecondsPerDay;
}

Value TimestampPart(const std::string& name, const Value& value, bool numeric) {
  const TypeId type = value.type();
  const Unit unit = LookupUnit(name, type, false);
  const int64_t timestamp = value.AsInt();
  if (timestamp == kTimestampInfinity || timestamp == kTimestampNegativeInfinity) {
    return InfiniteTimestampField(unit, timestamp < 0, numeric, name, type);
  }
  TimeFields tm;
  std::optional<int32_t> offset;
  int64_t local = timestamp;
  if (type == TypeId::kTimestampTz) {
    offset = UtcOffsetAt(timestamp, SessionTimeZone());
    local = LocalFromTimestampTz(timestamp, SessionTimeZone());
  }
  datetime_internal::FieldsFromTimestamp(local, tm);
  return TimestampField(unit, tm, timestamp - UnixEpochTimestamp(), offset, numeric, name, type);
}

// interval_part_common.
Value IntervalPart(const std::string& name, const Interval& interval, bool numeric) {
  const Unit unit = LookupUnit(name, TypeId::kInterval, false);
  const int64_t year = interval.month / 12;
  const int64_t month = interval.month % 12;
  int64_t time = interval.time;
  const int64_t hour = time / (3600 * kMicrosecondsPerSecond);
  time -= hour * 3600 * kMicrosecondsPerSecond;
  const int64_t minute = time / (60 * kMicrosecondsPerSecond);
  time -= minute * 60 * kMicrosecondsPerSecond;
  switch (unit) {
    case Unit::kMicroseconds: return Scaled(time, 0, numeric);
    case Unit::kMilliseconds: return Scaled(time, 3, numeric);
    case Unit::kSecond: return Scaled(time, 6, numeric);
    case Unit::kMinute: return Scaled(minute, 0, numeric);
    case Unit::kHour: return Scaled(hour, 0, numeric);
    case Unit::kDay: return Scaled(interval.day, 0, numeric);
    case Unit::kMonth: return Scaled(month, 0, numeric);
    case Unit::kQuarter: return Scaled(month / 3 + 1, 0, numeric);
    case Unit::kYear: return Scaled(year, 0, numeric);
    case Unit::kDecade: return Scaled(year / 10, 0, numeric);
    case Unit::kCentury: return Scaled(year / 100, 0, numeric);
    case Unit::kMillennium: return Scaled(year / 1000, 0, numeric);
    case Unit::kEpoch: {
      // 365.25 days a year and 30 a month, as interval_part computes it.
      const __int128 seconds = static_cast<__int128>(31557600) * (interval.month / 12) +
                               static_cast<__int128>(2592000) * (interval.month % 12) +
                               static_cast<__int128>(86400) * interval.day;
      const __int128 total = seconds * kMicrosecondsPerSecond + interval.time;
      if (total > INT64_MAX || total < INT64_MIN) {
        throw Error(sqlstate::kNumericValueOutOfRange, "interval out of range");
      }
      return Scaled(static_cast<int64_t>(total), 6, numeric);
    }
    default:
      NotSupported(name, TypeId::kInterval);
  }
}

// extract_date: integer results; time-of-day units are not supported.
Value DatePart(const std::string& name, int32_t date, bool numeric) {
  const Unit unit = LookupUnit(name, TypeId::kDate, false);
  switch (unit) {
    case Unit::kMicroseconds: case Unit::kMilliseconds: case Unit::kSecond: case Unit::kMinute:
    case Unit::kHour: case Unit::kTimezone: case Unit::kTimezoneHour: case Unit::kTimezoneMinute:
      NotSupported(name, TypeId::kDate);
    default:
      break;
  }
  if (date == kDateInfinity || date == kDateNegativeInfinity) {
    return InfiniteTimestampField(unit, date < 0, numeric, name, TypeId::kDate);
  }
  TimeFields tm;
  YmdFromDate(date, tm.year, tm.month, tm.day);
  const int64_t epoch = (static_cast<int64_t>(date) + datetime_internal::kPostgresEpochJdate -
                         datetime_internal::kUnixEpochJdate) *
                        kMicrosecondsPerDay;
  if (unit == Unit::kEpoch) return Scaled(epoch / kMicrosecondsPerSecond, 0, numeric);
  return TimestampField(unit, tm, epoch, std::nullopt, numeric, name, TypeId::kDate);
}

// time_part_common / timetz_part_common: the time-of-day units, epoch, and for timetz the
// zone's (east of UTC, as timestamptz shows it); the others are not supported.
Value TimePart(const std::string& name, const Value& value, bool numeric) {
  const TypeId type = value.type();
  const Unit unit = LookupUnit(name, type, false);
  TimeTz time;
  if (type == TypeId::kTimeTz) {
    time = UnpackTimeTz(value.AsInt());
  } else {
    time.time = value.AsInt();
  }
  const int64_t hour = time.time / (3600 * kMicrosecondsPerSecond);
  const int64_t minute = time.time / (60 * kMicrosecondsPerSecond) % 60;
  const int64_t seconds_micro = time.time % (60 * kMicrosecondsPerSecond);
  const int64_t east = -static_cast<int64_t>(time.zone);
  const bool zoned = type == TypeId::kTimeTz;
  // date_part's float8 results are computed as time_part_common computes them, which can
  // differ from the exact quotient in the last bit.
  const int64_t second = seconds_micro / kMicrosecondsPerSecond;
  const int64_t fraction = seconds_micro % kMicrosecondsPerSecond;
  switch (unit) {
    case Unit::kMicroseconds: return Scaled(seconds_micro, 0, numeric);
    case Unit::kMilliseconds:
      if (!numeric) return Value::Float8(static_cast<double>(second) * 1000.0 + static_cast<double>(fraction) / 1000.0);
      return Scaled(seconds_micro, 3, numeric);
    case Unit::kSecond:
      if (!numeric) return Value::Float8(static_cast<double>(second) + static_cast<double>(fraction) / 1000000.0);
      return Scaled(seconds_micro, 6, numeric);
    case Unit::kMinute: return Scaled(minute, 0, numeric);
    case Unit::kHour: return Scaled(hour, 0, numeric);
    case Unit::kTimezone:
      if (!zoned) NotSupported(name, type);
      return Scaled(east, 0, numeric);
    case Unit::kTimezoneHour:
      if (!zoned) NotSupported(name, type);
      return Scaled(east / 3600, 0, numeric);
    case Unit::kTimezoneMinute:
      if (!zoned) NotSupported(name, type);
      return Scaled(east / 60 % 60, 0, numeric);
    case Unit::kEpoch:
      // The time as seconds of a UTC day (timetz: plus its zone).
      if (!numeric && zoned) {
        return Value::Float8(static_cast<double>(time.time) / 1000000.0 + static_cast<double>(time.zone));
      }
      return Scaled(time.time + static_cast<int64_t>(time.zone) * kMicrosecondsPerSecond, 6, numeric);
    default:
      NotSupported(name, type);
  }
}

Value Part(std::span<const Value> args, bool numeric) {
  const std::string name = Lower(args[0].AsString());
  const Value& value = args[1];
  switch (value.type()) {
    case TypeId::kInterval: return IntervalPart(name, value.AsInterval(), numeric);
    case TypeId::kTime:
    case TypeId::kTimeTz: return TimePart(name, value, numeric);
    case TypeId::kDate:
      if (!numeric) {
        // date_part(text, date) is date_part(text, timestamp) in PostgreSQL.
        const Value timestamp = Value::Timestamp(
            datetime_internal::TimestampFromDate(static_cast<int32_t>(value.AsInt())));
        return TimestampPart(name, timestamp, false);
      }
      return DatePart(name, static_cast<int32_t>(value.AsInt()), numeric);
    default: return TimestampPart(name, value, numeric);
  }
}

// timestamp_trunc's cascade over broken-down fields.
void TruncateFields(Unit unit, TimeFields& tm, const std::string& name, TypeId type) {
  switch (unit) {
    case Unit::kWeek: {
      const int week = IsoWeek(tm.year, tm.month, tm.day);
      if (week >= 52 && tm.month == 1) --tm.year;
      if (week <= 1 && tm.month == 12) ++tm.year;
      const int day4 = datetime_internal::DateToJulian(tm.year, 1, 4);
      const int day0 = DayOfWeek(day4 - 1);
      datetime_internal::JulianToDate((week - 1) * 7 + (day4 - day0), tm.year, tm.month, tm.day);
      tm.hour = tm.minute = tm.second = 0;
      tm.microsecond = 0;
      return;
    }
    case Unit::kMillennium:
    case Unit::kCentury:
    case Unit::kDecade:
    case Unit::kYear:
    case Unit::kQuarter:
    case Unit::kMonth:
    case Unit::kDay:
    case Unit::kHour:
    case Unit::kMinute:
    case Unit::kSecond:
      break;
    case Unit::kMilliseconds:
      tm.microsecond = tm.microsecond / 1000 * 1000;
      return;
    case Unit::kMicroseconds:
      return;
    default:
      NotSupported(name, type);
  }
  // The fall-through chain of timestamp_trunc, from the largest unit down.
  const int level = static_cast<int>(unit);
  if (unit == Unit::kMillennium) {
    tm.year = tm.year > 0 ? ((tm.year + 999) / 1000) * 1000 - 999 : -((999 - (tm.year - 1)) / 1000) * 1000 + 1;
  }
  if (unit == Unit::kCentury || unit == Unit::kMillennium) {
    tm.year = tm.year > 0 ? ((tm.year + 99) / 100) * 100 - 99 : -((99 - (tm.year - 1)) / 100) * 100 + 1;
  }
  if (unit == Unit::kDecade) {
    tm.year = tm.year > 0 ? (tm.year / 10) * 10 : -((8 - (tm.year - 1)) / 10) * 10;
  }
  if (level >= static_cast<int>(Unit::kYear)) tm.month = 1;
  if (level >= static_cast<int>(Unit::kQuarter)) tm.month = 3 * ((tm.month - 1) / 3) + 1;
  if (level >= static_cast<int>(Unit::kMonth)) tm.day = 1;
  if (level >= static_cast<int>(Unit::kDay)) tm.hour = 0;
  if (level >= static_cast<int>(Unit::kHour)) tm.minute = 0;
  if (level >= static_cast<int>(Unit::kMinute)) tm.second = 0;
  tm.microsecond = 0;
}

}  // namespace

Value DatePart(std::span<const Value> args) { return Part(args, false); }

Value Extract(std::span<const Value> args) { return Part(args, true); }

Value DateTrunc(std::span<const Value> args) {
  const std::string name = Lower(args[0].AsString());
  const Value& value = args[1];
  const TypeId type = value.type();
  const Unit unit = LookupUnit(name, type, true);
  if (type == TypeId::kInterval) {
    const Interval& interval = value.AsInterval();
    int64_t year = interval.month / 12;
    int64_t month = interval.month % 12;
    int64_t day = interval.day;
    int64_t time = interval.time;
    int64_t hour = time / (3600 * kMicrosecondsPerSecond);
    time -= hour * 3600 * kMicrosecondsPerSecond;
    int64_t minute = time / (60 * kMicrosecondsPerSecond);
    time -= minute * 60 * kMicrosecondsPerSecond;
    int64_t second = time / kMicrosecondsPerSecond;
    int64_t fraction = time - second * kMicrosecondsPerSecond;
    switch (unit) {
      case Unit::kMillennium: year = year / 1000 * 1000; [[fallthrough]];
      case Unit::kCentury: year = year / 100 * 100; [[fallthrough]];
      case Unit::kDecade: year = year / 10 * 10; [[fallthrough]];
      case Unit::kYear: month = 0; [[fallthrough]];
      case Unit::kQuarter: month = 3 * (month / 3); [[fallthrough]];
      case Unit::kMonth: day = 0; [[fallthrough]];
      case Unit::kDay: hour = 0; [[fallthrough]];
      case Unit::kHour: minute = 0; [[fallthrough]];
      case Unit::kMinute: second = 0; [[fallthrough]];
      case Unit::kSecond: fraction = 0; break;
      case Unit::kMilliseconds: fraction = fraction / 1000 * 1000; break;
      case Unit::kMicroseconds: break;
      default: {
        Error error(sqlstate::kFeatureNotSupported,
                    "unit \"" + name + "\" not supported for type interval");
        if (unit == Unit::kWeek) error.WithDetail("Months usually have fractional weeks.");
        throw error;
      }
    }
    Interval result;
    result.month = static_cast<int32_t>(year * 12 + month);
    result.day = static_cast<int32_t>(day);
    result.time = ((hour * 60 + minute) * 60 + second) * kMicrosecondsPerSecond + fraction;
    return Value::OfInterval(result);
  }
  const int64_t timestamp = value.AsInt();
  if (timestamp == kTimestampInfinity || timestamp == kTimestampNegativeInfinity) {
    TimeFields ignored;
    TruncateFields(unit, ignored, name, type);  // the unit is still checked
    return value;
  }
  if (type == TypeId::kTimestamp) {
    TimeFields tm;
    datetime_internal::FieldsFromTimestamp(timestamp, tm);
    TruncateFields(unit, tm, name, type);
    int64_t result = 0;
    if (!datetime_internal::TimestampFromFields(tm, result)) {
      throw Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
    }
    return Value::Timestamp(result);
  }
  std::shared_ptr<const TimeZone> named;
  if (args.size() > 2) {
    named = FindTimeZone(args[2].AsString());
    if (!named) {
      throw Error(sqlstate::kInvalidParameterValue,
                  "time zone \"" + args[2].AsString() + "\" not recognized");
    }
  }
  const TimeZone& zone = named ? *named : SessionTimeZone();
  const int32_t offset = UtcOffsetAt(timestamp, zone);
  TimeFields tm;
  datetime_internal::FieldsFromTimestamp(LocalFromTimestampTz(timestamp, zone), tm);
  TruncateFields(unit, tm, name, type);
  int64_t local = 0;
  if (!datetime_internal::TimestampFromFields(tm, local)) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  }
  // Units of a day or more start at local midnight, whose offset may differ; smaller units
  // keep the original offset, as timestamptz_trunc_internal does.
  if (static_cast<int>(unit) >= static_cast<int>(Unit::kDay) && unit != Unit::kTimezone &&
      unit != Unit::kTimezoneHour && unit != Unit::kTimezoneMinute) {
    return Value::TimestampTz(TimestampTzFromLocal(local, zone));
  }
  return Value::TimestampTz(local - static_cast<int64_t>(offset) * kMicrosecondsPerSecond);
}

}  // namespace granary::types
