// Date/time output in the non-ISO DateStyles and the other IntervalStyles, ported from
// PostgreSQL 15's datetime.c (EncodeDateOnly, EncodeDateTime, EncodeInterval).
#include "types/datetime_output.hpp"

#include <cstdio>
#include <cstdlib>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/datetime.hpp"
#include "types/datetime_internal.hpp"
#include "types/datetime_session.hpp"
#include "types/datetime_style.hpp"
#include "types/timestamptz.hpp"

namespace granary::types {
namespace {

using datetime_internal::kMicrosecondsPerSecond;
using datetime_internal::TimeFields;

constexpr const char* kDayNames[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonthNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr size_t kMaxZoneAbbreviation = 10;  // MAXTZLEN
constexpr int64_t kPostgresToUnixSeconds = 946684800;

void AppendPadded(std::string& out, int64_t value, int width) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%0*lld", width, static_cast<long long>(value));
  out += buffer;
}

int ShownYear(int year) { return year > 0 ? year : -(year - 1); }

// AppendSeconds: whole seconds (two digits when `pad`), then the fraction without trailing
// zeros; signs are the caller's.
void AppendSeconds(std::string& out, int64_t seconds, int64_t microseconds, bool pad) {
  AppendPadded(out, std::llabs(seconds), pad ? 2 : 1);
  if (microseconds == 0) return;
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), ".%06lld", std::llabs(static_cast<long long>(microseconds)));
  std::string fraction = buffer;
  while (fraction.back() == '0') fraction.pop_back();
  out += fraction;
}

// "MM/DD/YYYY", "DD.MM.YYYY", ... as EncodeDateOnly writes the non-ISO styles (no era).
void AppendNumericDate(std::string& out, const TimeFields& fields, const DatetimeStyle& style) {
  const bool day_first = style.order == DateOrder::kDmy || style.format == DateFormat::kGerman;
  const char separator = style.format == DateFormat::kSql ? '/' : (style.format == DateFormat::kGerman ? '.' : '-');
  AppendPadded(out, day_first ? fields.day : fields.month, 2);
  out += separator;
  AppendPadded(out, day_first ? fields.month : fields.day, 2);
  out += separator;
  AppendPadded(out, ShownYear(fields.year), 4);
}

void AppendTime(std::string& out, const TimeFields& fields) {
  AppendPadded(out, fields.hour, 2);
  out += ':';
  AppendPadded(out, fields.minute, 2);
  out += ':';
  AppendSeconds(out, fields.second, fields.microsecond, true);
}

// EncodeDateTime for SQL, Postgres and German; `abbreviation` is the zone's for timestamptz.
std::string EncodeDateTime(const TimeFields& fields, const std::string* abbreviation,
                           const DatetimeStyle& style) {
  std::string out;
  if (style.format == DateFormat::kPostgres) {
    const int weekday = (datetime_internal::DateToJulian(fields.year, fields.month, fields.day) + 1) % 7;
    out += kDayNames[weekday];
    out += ' ';
    if (style.order == DateOrder::kDmy) {
      AppendPadded(out, fields.day, 2);
      out += ' ';
      out += kMonthNames[fields.month - 1];
    } else {
      out += kMonthNames[fields.month - 1];
      out += ' ';
      AppendPadded(out, fields.day, 2);
    }
    out += ' ';
    AppendTime(out, fields);
    out += ' ';
    AppendPadded(out, ShownYear(fields.year), 4);
  } else {
    AppendNumericDate(out, fields, style);
    out += ' ';
    AppendTime(out, fields);
  }
  if (abbreviation != nullptr) {
    out += ' ';
    out += abbreviation->substr(0, kMaxZoneAbbreviation);
  }
  if (fields.year <= 0) out += " BC";
  return out;
}

bool IsInfinite(int64_t microseconds) {
  return microseconds == kTimestampInfinity || microseconds == kTimestampNegativeInfinity;
}

TimeFields CheckedFields(int64_t microseconds) {
  if (!datetime_internal::IsValidTimestamp(microseconds)) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  }
  TimeFields fields;
  datetime_internal::FieldsFromTimestamp(microseconds, fields);
  return fields;
}

// An interval broken into PostgreSQL's pg_itm fields, each with the sign of its part.
struct IntervalFields {
  int64_t years, months, days, hours, minutes, seconds, microseconds;
};

IntervalFields Split(const Interval& interval) {
  IntervalFields f{};
  f.years = interval.month / 12;
  f.months = interval.month % 12;
  f.days = interval.day;
  int64_t time = interval.time;
  f.hours = time / (3600 * kMicrosecondsPerSecond);
  time -= f.hours * 3600 * kMicrosecondsPerSecond;
  f.minutes = time / (60 * kMicrosecondsPerSecond);
  time -= f.minutes * 60 * kMicrosecondsPerSecond;
  f.seconds = time / kMicrosecondsPerSecond;
  f.microseconds = time - f.seconds * kMicrosecondsPerSecond;
  return f;
}

// AddVerboseIntPart: the first nonzero part decides "ago"; later parts are shown relative to it.
void AppendVerbosePart(std::string& out, int64_t value, const char* unit, bool& is_zero, bool& is_before) {
  if (value == 0) return;
  if (is_zero) {
    is_before = value < 0;
    value = std::llabs(value);
  } else if (is_before) {
    value = -value;
  }
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), " %lld %s%s", static_cast<long long>(value), unit, value == 1 ? "" : "s");
  out += buffer;
  is_zero = false;
}

std::string VerboseInterval(const IntervalFields& f) {
  std::string out = "@";
  bool is_zero = true;
  bool is_before = false;
  AppendVerbosePart(out, f.years, "year", is_zero, is_before);
  AppendVerbosePart(out, f.months, "mon", is_zero, is_before);
  AppendVerbosePart(out, f.days, "day", is_zero, is_before);
  AppendVerbosePart(out, f.hours, "hour", is_zero, is_before);
  AppendVerbosePart(out, f.minutes, "min", is_zero, is_before);
  if (f.seconds != 0 || f.microseconds != 0) {
    out += ' ';
    if (f.seconds < 0 || (f.seconds == 0 && f.microseconds < 0)) {
      if (is_zero) {
        is_before = true;
      } else if (!is_before) {
        out += '-';
      }
    } else if (is_before) {
      out += '-';
    }
    AppendSeconds(out, f.seconds, f.microseconds, false);
    out += (std::llabs(f.seconds) != 1 || f.microseconds != 0) ? " secs" : " sec";
    is_zero = false;
  }
  if (is_zero) out += " 0";
  if (is_before) out += " ago";
  return out;
}

std::string SqlStandardInterval(IntervalFields f) {
  const bool has_negative = f.years < 0 || f.months < 0 || f.days < 0 || f.hours < 0 || f.minutes < 0 ||
                            f.seconds < 0 || f.microseconds < 0;
  const bool has_positive = f.years > 0 || f.months > 0 || f.days > 0 || f.hours > 0 || f.minutes > 0 ||
                            f.seconds > 0 || f.microseconds > 0;
  const bool has_year_month = f.years != 0 || f.months != 0;
  const bool has_day_time = f.days != 0 || f.hours != 0 || f.minutes != 0 || f.seconds != 0 || f.microseconds != 0;
  const bool standard = !(has_negative && has_positive) && !(has_year_month && has_day_time);
  std::string out;
  // One sign before the whole value when the standard allows it.
  if (has_negative && standard) {
    out += '-';
    f = {-f.years, -f.months, -f.days, -f.hours, -f.minutes, -f.seconds, -f.microseconds};
  }
  char buffer[96];
  if (!has_negative && !has_positive) return "0";
  if (!standard) {
    // Mixed signs: every part shows its sign, so the value reads back unambiguously.
    const char year_sign = f.years < 0 || f.months < 0 ? '-' : '+';
    const char day_sign = f.days < 0 ? '-' : '+';
    const char time_sign = f.hours < 0 || f.minutes < 0 || f.seconds < 0 || f.microseconds < 0 ? '-' : '+';
    std::snprintf(buffer, sizeof(buffer), "%c%lld-%lld %c%lld %c%lld:%02lld:", year_sign, std::llabs(f.years),
                  std::llabs(f.months), day_sign, std::llabs(f.days), time_sign, std::llabs(f.hours),
                  std::llabs(f.minutes));
    out += buffer;
    AppendSeconds(out, f.seconds, f.microseconds, true);
  } else if (has_year_month) {
    std::snprintf(buffer, sizeof(buffer), "%lld-%lld", static_cast<long long>(f.years), static_cast<long long>(f.months));
    out += buffer;
  } else {
    if (f.days != 0) {
      std::snprintf(buffer, sizeof(buffer), "%lld ", static_cast<long long>(f.days));
      out += buffer;
    }
    std::snprintf(buffer, sizeof(buffer), "%lld:%02lld:", static_cast<long long>(f.hours),
                  static_cast<long long>(f.minutes));
    out += buffer;
    AppendSeconds(out, f.seconds, f.microseconds, true);
  }
  return out;
}

void AppendIsoPart(std::string& out, int64_t value, char unit) {
  if (value == 0) return;
  out += std::to_string(value);
  out += unit;
}

std::string Iso8601Interval(const IntervalFields& f) {
  if (f.years == 0 && f.months == 0 && f.days == 0 && f.hours == 0 && f.minutes == 0 && f.seconds == 0 &&
      f.microseconds == 0) {
    return "PT0S";
  }
  std::string out = "P";
  AppendIsoPart(out, f.years, 'Y');
  AppendIsoPart(out, f.months, 'M');
  AppendIsoPart(out, f.days, 'D');
  if (f.hours != 0 || f.minutes != 0 || f.seconds != 0 || f.microseconds != 0) out += 'T';
  AppendIsoPart(out, f.hours, 'H');
  AppendIsoPart(out, f.minutes, 'M');
  if (f.seconds != 0 || f.microseconds != 0) {
    if (f.seconds < 0 || f.microseconds < 0) out += '-';
    AppendSeconds(out, f.seconds, f.microseconds, false);
    out += 'S';
  }
  return out;
}

}  // namespace

std::string DateOut(int32_t days) {
  const DatetimeStyle& style = SessionDatetimeStyle();
  if (style.format == DateFormat::kIso || days == kDateInfinity || days == kDateNegativeInfinity) {
    return FormatDate(days);
  }
  TimeFields fields;
  YmdFromDate(days, fields.year, fields.month, fields.day);
  std::string out;
  AppendNumericDate(out, fields, style);
  if (fields.year <= 0) out += " BC";
  return out;
}

std::string TimestampOut(int64_t microseconds) {
  const DatetimeStyle& style = SessionDatetimeStyle();
  if (style.format == DateFormat::kIso || IsInfinite(microseconds)) return FormatTimestamp(microseconds);
  return EncodeDateTime(CheckedFields(microseconds), nullptr, style);
}

std::string TimestampTzOut(int64_t microseconds, const TimeZone& zone) {
  const DatetimeStyle& style = SessionDatetimeStyle();
  if (style.format == DateFormat::kIso || IsInfinite(microseconds)) return FormatTimestampTz(microseconds, zone);
  CheckedFields(microseconds);
  const int64_t seconds = microseconds >= 0 ? microseconds / kMicrosecondsPerSecond
                                            : -((-microseconds + kMicrosecondsPerSecond - 1) / kMicrosecondsPerSecond);
  const TimeZone::LocalTime local = zone.AtUtc(seconds + kPostgresToUnixSeconds);
  const int64_t shifted = microseconds + static_cast<int64_t>(local.utc_offset) * kMicrosecondsPerSecond;
  return EncodeDateTime(CheckedFields(shifted), &local.abbreviation, style);
}

std::string TimestampTzOut(int64_t microseconds) { return TimestampTzOut(microseconds, SessionTimeZone()); }

std::string IntervalOut(const Interval& interval) {
  switch (SessionDatetimeStyle().interval) {
    case IntervalStyle::kPostgres: return FormatInterval(interval);
    case IntervalStyle::kPostgresVerbose: return VerboseInterval(Split(interval));
    case IntervalStyle::kSqlStandard: return SqlStandardInterval(Split(interval));
    case IntervalStyle::kIso8601: return Iso8601Interval(Split(interval));
  }
  return FormatInterval(interval);
}

}  // namespace granary::types
