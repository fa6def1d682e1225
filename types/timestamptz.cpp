// timestamptz output and the conversions between instants and wall-clock times in a zone
// (PostgreSQL's timestamp2tm with a zone, DetermineTimeZoneOffset, EncodeTimezone). Input is
// in datetime_parse.cpp, next to timestamp input, since both are DecodeDateTime.
#include "types/timestamptz.hpp"

#include <cstdio>
#include <cstdlib>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/datetime.hpp"
#include "types/datetime_internal.hpp"
#include "types/datetime_session.hpp"

namespace granary::types {
namespace {

using datetime_internal::kMicrosecondsPerSecond;

// Seconds from the Unix epoch to 2000-01-01.
constexpr int64_t kUnixToPostgresSeconds = 946684800;

int64_t FloorDivide(int64_t value, int64_t divisor) {
  int64_t quotient = value / divisor;
  if (value % divisor < 0) --quotient;
  return quotient;
}

}  // namespace

int32_t UtcOffsetAt(int64_t microseconds, const TimeZone& zone) {
  return zone.AtUtc(FloorDivide(microseconds, kMicrosecondsPerSecond) + kUnixToPostgresSeconds)
      .utc_offset;
}

int64_t LocalFromTimestampTz(int64_t microseconds, const TimeZone& zone) {
  if (microseconds == kTimestampInfinity || microseconds == kTimestampNegativeInfinity) {
    return microseconds;
  }
  const int64_t local =
      microseconds + static_cast<int64_t>(UtcOffsetAt(microseconds, zone)) * kMicrosecondsPerSecond;
  if (!datetime_internal::IsValidTimestamp(local)) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  }
  return local;
}

int64_t TimestampTzFromLocal(int64_t local_microseconds, const TimeZone& zone) {
  if (local_microseconds == kTimestampInfinity ||
      local_microseconds == kTimestampNegativeInfinity) {
    return local_microseconds;
  }
  const int64_t local_seconds =
      FloorDivide(local_microseconds, kMicrosecondsPerSecond) + kUnixToPostgresSeconds;
  const int64_t result = local_microseconds - static_cast<int64_t>(zone.OffsetForLocal(local_seconds)) *
                                                  kMicrosecondsPerSecond;
  if (!datetime_internal::IsValidTimestamp(result)) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  }
  return result;
}

std::string FormatUtcOffset(int32_t seconds_east) {
  const int32_t magnitude = std::abs(seconds_east);
  const int hours = magnitude / 3600;
  const int minutes = magnitude / 60 % 60;
  const int seconds = magnitude % 60;
  char buffer[32];
  const char sign = seconds_east < 0 ? '-' : '+';
  if (seconds != 0) {
    std::snprintf(buffer, sizeof(buffer), "%c%02d:%02d:%02d", sign, hours, minutes, seconds);
  } else if (minutes != 0) {
    std::snprintf(buffer, sizeof(buffer), "%c%02d:%02d", sign, hours, minutes);
  } else {
    std::snprintf(buffer, sizeof(buffer), "%c%02d", sign, hours);
  }
  return buffer;
}

std::string FormatTimestampTz(int64_t microseconds, const TimeZone& zone) {
  if (microseconds == kTimestampNegativeInfinity) return "-infinity";
  if (microseconds == kTimestampInfinity) return "infinity";
  if (!datetime_internal::IsValidTimestamp(microseconds)) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  }
  const int32_t offset = UtcOffsetAt(microseconds, zone);
  const int64_t local = microseconds + static_cast<int64_t>(offset) * kMicrosecondsPerSecond;
  if (!datetime_internal::IsValidTimestamp(local)) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range");
  }
  std::string text = FormatTimestamp(local);
  const std::string suffix = FormatUtcOffset(offset);
  // The zone goes before the era, as EncodeDateTime writes "... 12:00:00+00 BC".
  if (text.size() > 3 && text.compare(text.size() - 3, 3, " BC") == 0) {
    text.insert(text.size() - 3, suffix);
  } else {
    text += suffix;
  }
  return text;
}

std::string FormatTimestampTz(int64_t microseconds) {
  return FormatTimestampTz(microseconds, SessionTimeZone());
}

}  // namespace granary::types
