// The per-thread date/time session state (see datetime_session.hpp).
#include "types/datetime_session.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include "types/datetime_internal.hpp"

namespace granary::types {
namespace {

thread_local DatetimeSession current;

}  // namespace

DatetimeSession CurrentDatetimeSession() { return current; }

std::shared_ptr<const TimeZone> UtcZone() {
  static const std::shared_ptr<const TimeZone> utc = TimeZone::Fixed(0, "UTC");
  return utc;
}

std::shared_ptr<const TimeZone> TimeZoneForSetting(std::string_view value) {
  const std::string text(value);
  char* end = nullptr;
  const double hours = std::strtod(text.c_str(), &end);
  if (end != text.c_str() && *end == '\0') {
    if (!std::isfinite(hours) || std::fabs(hours) > 168) return nullptr;
    const auto east = static_cast<int32_t>(std::lround(hours * 3600));
    // pg_tzset_offset's name: the POSIX spelling of the offset.
    int32_t magnitude = east < 0 ? -east : east;
    std::string digits;
    char buffer[16];
    std::snprintf(buffer, sizeof(buffer), "%02d", magnitude / 3600);
    digits = buffer;
    magnitude %= 3600;
    if (magnitude != 0) {
      std::snprintf(buffer, sizeof(buffer), ":%02d", magnitude / 60);
      digits += buffer;
      if (magnitude % 60 != 0) {
        std::snprintf(buffer, sizeof(buffer), ":%02d", magnitude % 60);
        digits += buffer;
      }
    }
    const std::string name =
        east < 0 ? "<-" + digits + ">+" + digits : "<+" + digits + ">-" + digits;
    return TimeZone::FromPosix(name, name);
  }
  return FindTimeZone(value);
}

const TimeZone& SessionTimeZone() { return current.zone ? *current.zone : *UtcZone(); }

std::shared_ptr<const TimeZone> SessionTimeZonePointer() {
  return current.zone ? current.zone : UtcZone();
}

int64_t ClockTimestamp() {
  const int64_t unix_microseconds = std::chrono::duration_cast<std::chrono::microseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count();
  return unix_microseconds -
         static_cast<int64_t>(datetime_internal::kPostgresEpochJdate -
                              datetime_internal::kUnixEpochJdate) *
             datetime_internal::kSecondsPerDay * datetime_internal::kMicrosecondsPerSecond;
}

int64_t TransactionTimestamp() {
  return current.transaction_start != 0 ? current.transaction_start : ClockTimestamp();
}

int64_t StatementTimestamp() {
  return current.statement_start != 0 ? current.statement_start : TransactionTimestamp();
}

ScopedDatetimeSession::ScopedDatetimeSession(DatetimeSession session)
    : previous_(std::move(current)), style_(session.style) {
  current = std::move(session);
}

ScopedDatetimeSession::~ScopedDatetimeSession() { current = std::move(previous_); }

}  // namespace granary::types
