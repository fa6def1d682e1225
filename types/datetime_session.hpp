// The session state date/time values depend on: the `TimeZone` setting (timestamptz input and
// output, casts between timestamp and timestamptz, 'today'), the clock readings now() and
// 'now' are fixed to (the transaction's and the statement's start), and DateStyle and
// IntervalStyle (datetime_style.hpp).
//
// Like bytea_output (bytea.hpp), ToText and casts have no session: the engine sets the state
// of the thread that plans, runs or renders a statement with a ScopedDatetimeSession, and the
// datetime code reads it. Without a scope the zone is UTC and the clock readings are taken
// when asked.
// Thread-safety: the state is per thread by design.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "types/datetime_style.hpp"
#include "types/tz_database.hpp"

namespace granary::types {

struct DatetimeSession {
  std::shared_ptr<const TimeZone> zone;  // null: UTC
  int64_t transaction_start = 0;         // timestamptz microseconds; 0 with no scope: the clock
  int64_t statement_start = 0;
  DatetimeStyle style;  // DateStyle and IntervalStyle, installed as datetime_style.hpp's
};

// This thread's state as a whole (what a ScopedDatetimeSession installed), for a thread that
// works for the same statement (a parallel worker) to install in its turn.
DatetimeSession CurrentDatetimeSession();
// This thread's zone (UTC unless a scope says otherwise).
const TimeZone& SessionTimeZone();
std::shared_ptr<const TimeZone> SessionTimeZonePointer();
// now() / transaction_timestamp(), statement_timestamp() and clock_timestamp(), as timestamptz
// microseconds since 2000-01-01 UTC.
int64_t TransactionTimestamp();
int64_t StatementTimestamp();
int64_t ClockTimestamp();
// The UTC zone (cached).
std::shared_ptr<const TimeZone> UtcZone();
// The zone a `TimeZone` setting names, as check_timezone reads it: a number is hours east of
// UTC (5.5 -> "<+05:30>-05:30"), anything else a tz database name or POSIX TZ string. Null
// when there is no such zone.
std::shared_ptr<const TimeZone> TimeZoneForSetting(std::string_view value);

// Sets this thread's date/time state for its lifetime; restores the previous one.
class ScopedDatetimeSession {
 public:
  explicit ScopedDatetimeSession(DatetimeSession session);
  ~ScopedDatetimeSession();
  ScopedDatetimeSession(const ScopedDatetimeSession&) = delete;
  ScopedDatetimeSession& operator=(const ScopedDatetimeSession&) = delete;

 private:
  DatetimeSession previous_;
  ScopedDatetimeStyle style_;
};

}  // namespace granary::types
