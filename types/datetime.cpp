// date and timestamp: the calendar (PostgreSQL's date2j/j2date Julian day arithmetic), ISO
// output as EncodeDateOnly/EncodeDateTime write it with DateStyle = ISO, conversions between
// the two types and date arithmetic. Text input is in datetime_parse.cpp.
#include "types/datetime.hpp"

#include <cstdio>
#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/datetime_internal.hpp"

namespace granary::types {
namespace datetime_internal {

int DateToJulian(int year, int month, int day) {
  // date2j, widened to 64 bits so that out-of-range years cannot overflow.
  int64_t y = year;
  int64_t m = month;
  if (m > 2) {
    m += 1;
    y += 4800;
  } else {
    m += 13;
    y += 4799;
  }
  const int64_t century = y / 100;
  int64_t julian = y * 365 - 32167;
  julian += y / 4 - century + century / 4;
  julian += 7834 * m / 256 + day;
  return static_cast<int>(julian);
}

void JulianToDate(int julian_day, int& year, int& month, int& day) {
  // j2date; the unsigned arithmetic is PostgreSQL's and valid for every Julian day >= 0.
  uint32_t julian = static_cast<uint32_t>(julian_day);
  julian += 32044;
  uint32_t quad = julian / 146097;
  const uint32_t extra = (julian - quad * 146097) * 4 + 3;
  julian += 60 + quad * 3 + extra / 146097;
  quad = julian / 1461;
  julian -= quad * 1461;
  int y = static_cast<int>(julian * 4 / 1461);
  julian = ((y != 0) ? ((julian + 305) % 365) : ((julian + 306) % 366)) + 123;
  y += static_cast<int>(quad * 4);
  year = y - 4800;
  quad = julian * 2141 / 65536;
  day = static_cast<int>(julian - 7834 * quad / 256);
  month = static_cast<int>((quad + 10) % 12 + 1);
}

bool IsValidJulian(int year, int month, int day) {
  (void)day;  // PostgreSQL checks to the month only; IsValidDate does the exact check
  return (year > kJulianMinYear || (year == kJulianMinYear && month >= kJulianMinMonth)) &&
         (year < kJulianMaxYear || (year == kJulianMaxYear && month < kJulianMaxMonth));
}

bool IsValidDate(int64_t days) {
  return days >= kDatetimeMinJulian - kPostgresEpochJdate &&
         days < kDateEndJulian - kPostgresEpochJdate;
}

bool IsValidTimestamp(int64_t microseconds) {
  return microseconds >= kMinTimestamp && microseconds < kEndTimestamp;
}

bool IsLeapYear(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[2][12] = {{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
                                       {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}};
  return kDays[IsLeapYear(year) ? 1 : 0][month - 1];
}

bool TimestampFromFields(const TimeFields& fields, int64_t& result) {
  if (!IsValidJulian(fields.year, fields.month, fields.day)) return false;
  const int64_t date = DateToJulian(fields.year, fields.month, fields.day) - kPostgresEpochJdate;
  const int64_t time =
      ((static_cast<int64_t>(fields.hour) * 60 + fields.minute) * 60 + fields.second) *
          kMicrosecondsPerSecond +
      fields.microsecond;
  if (__builtin_mul_overflow(date, kMicrosecondsPerDay, &result) ||
      __builtin_add_overflow(result, time, &result)) {
    return false;
  }
  // 1999-12-31 24:00:00 is allowed; only a wrap of the sign is an overflow.
  if ((result < 0 && date > 0) || (result > 0 && date < -1)) return false;
  return IsValidTimestamp(result);
}

void FieldsFromTimestamp(int64_t microseconds, TimeFields& fields) {
  int64_t date = microseconds / kMicrosecondsPerDay;
  int64_t time = microseconds % kMicrosecondsPerDay;
  if (time < 0) {
    time += kMicrosecondsPerDay;
    date -= 1;
  }
  JulianToDate(static_cast<int>(date + kPostgresEpochJdate), fields.year, fields.month, fields.day);
  fields.hour = static_cast<int>(time / (3600 * kMicrosecondsPerSecond));
  time -= fields.hour * 3600 * kMicrosecondsPerSecond;
  fields.minute = static_cast<int>(time / (60 * kMicrosecondsPerSecond));
  time -= fields.minute * 60 * kMicrosecondsPerSecond;
  fields.second = static_cast<int>(time / kMicrosecondsPerSecond);
  fields.microsecond = time - fields.second * kMicrosecondsPerSecond;
}

int64_t TimestampFromDate(int32_t date) {
  if (date == kDateNegativeInfinity) return kTimestampNegativeInfinity;
  if (date == kDateInfinity) return kTimestampInfinity;
  // Dates and timestamps share their lower bound; only the upper one can be exceeded.
  if (date >= kTimestampEndJulian - kPostgresEpochJdate) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "date out of range for timestamp");
  }
  return static_cast<int64_t>(date) * kMicrosecondsPerDay;
}

int32_t DateFromTimestamp(int64_t timestamp) {
  if (timestamp == kTimestampNegativeInfinity) return kDateNegativeInfinity;
  if (timestamp == kTimestampInfinity) return kDateInfinity;
  if (!IsValidTimestamp(timestamp)) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  }
  int64_t date = timestamp / kMicrosecondsPerDay;
  if (timestamp % kMicrosecondsPerDay < 0) date -= 1;
  return static_cast<int32_t>(date);
}

}  // namespace datetime_internal

using datetime_internal::kPostgresEpochJdate;

namespace {

// The year as ISO output shows it: zero-padded to four digits, " BC" appended later.
void AppendYearMonthDay(std::string& out, int year, int month, int day) {
  const int shown_year = year > 0 ? year : -(year - 1);
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02d", shown_year, month, day);
  out += buffer;
}

}  // namespace

int32_t DateFromYmd(int year, int month, int day) {
  return datetime_internal::DateToJulian(year, month, day) - kPostgresEpochJdate;
}

void YmdFromDate(int32_t days, int& year, int& month, int& day) {
  datetime_internal::JulianToDate(days + kPostgresEpochJdate, year, month, day);
}

std::string FormatDate(int32_t days) {
  if (days == kDateNegativeInfinity) return "-infinity";
  if (days == kDateInfinity) return "infinity";
  int year = 0;
  int month = 0;
  int day = 0;
  YmdFromDate(days, year, month, day);
  std::string out;
  AppendYearMonthDay(out, year, month, day);
  if (year <= 0) out += " BC";
  return out;
}

std::string FormatTimestamp(int64_t microseconds) {
  if (microseconds == kTimestampNegativeInfinity) return "-infinity";
  if (microseconds == kTimestampInfinity) return "infinity";
  if (!datetime_internal::IsValidTimestamp(microseconds)) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  }
  datetime_internal::TimeFields fields;
  datetime_internal::FieldsFromTimestamp(microseconds, fields);
  std::string out;
  AppendYearMonthDay(out, fields.year, fields.month, fields.day);
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), " %02d:%02d:%02d", fields.hour, fields.minute,
                fields.second);
  out += buffer;
  if (fields.microsecond != 0) {
    // Six digits with the trailing zeros dropped, as AppendSeconds does.
    std::snprintf(buffer, sizeof(buffer), ".%06lld", static_cast<long long>(fields.microsecond));
    std::string fraction = buffer;
    while (fraction.back() == '0') fraction.pop_back();
    out += fraction;
  }
  if (fields.year <= 0) out += " BC";
  return out;
}

int64_t RoundTimestamp(int64_t microseconds, int precision) {
  if (precision >= 6 || precision < 0 || microseconds == kTimestampInfinity ||
      microseconds == kTimestampNegativeInfinity) {
    return microseconds;
  }
  int64_t scale = 1;
  for (int i = precision; i < 6; ++i) scale *= 10;
  const int64_t offset = scale / 2;
  const int64_t result = microseconds >= 0 ? (microseconds + offset) / scale * scale
                                           : -((-microseconds + offset) / scale * scale);
  if (!datetime_internal::IsValidTimestamp(result)) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  }
  return result;
}

int32_t AddDays(int32_t date, int64_t days) {
  // Infinite dates absorb any finite offset, as date_pli does.
  if (date == kDateInfinity || date == kDateNegativeInfinity) return date;
  const int64_t result = static_cast<int64_t>(date) + days;
  if (!datetime_internal::IsValidDate(result)) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "date out of range");
  }
  return static_cast<int32_t>(result);
}

}  // namespace granary::types
