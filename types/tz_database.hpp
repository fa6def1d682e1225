// Time zone rules from the system tz database: a reader of TZif files (RFC 8536, versions 1
// to 4) and of POSIX TZ strings ("EST5EDT,M3.2.0,M11.1.0", "<+08>-8"), which PostgreSQL's
// pg_tzset accepts as zone names and which TZif files carry as their footer for instants
// past the last listed transition.
//
// Zones are looked up by name, case-insensitively as pg_tzset does, under the zoneinfo
// directory (/usr/share/zoneinfo unless GRANARY_TZDIR is set); a name that is no file is
// tried as a POSIX TZ string. Parsed zones are cached process-wide and never freed while
// referenced (shared_ptr); the cache holds found zones only, so bad names cannot grow it.
//
// Thread-safety: FindTimeZone is safe to call from any thread (one mutex around the cache);
// a TimeZone is immutable.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace granary::types {

class TimeZone {
 public:
  // What is in effect at one instant.
  struct LocalTime {
    int32_t utc_offset = 0;  // seconds east of Greenwich (ISO 8601 sign)
    bool is_dst = false;
    std::string abbreviation;
  };
  // A change of offset: at `at` (Unix seconds) the offset becomes `offset_after`.
  struct Transition {
    int64_t at = 0;
    int32_t offset_after = 0;
  };

  // A zone of one fixed offset (seconds east of UTC), named `name`.
  static std::shared_ptr<const TimeZone> Fixed(int32_t utc_offset, std::string name);
  // Parses a TZif file's bytes; null if malformed.
  static std::shared_ptr<const TimeZone> FromTzif(std::string_view bytes, std::string name);
  // Parses a POSIX TZ string; null if malformed. A DST zone without rules gets the US rules
  // of the tz database's `posixrules`, as PostgreSQL does.
  static std::shared_ptr<const TimeZone> FromPosix(std::string_view spec, std::string name);

  const std::string& name() const { return name_; }
  // The offset in effect at `unix_seconds`.
  LocalTime AtUtc(int64_t unix_seconds) const;
  // The offset to use for the wall-clock time `local_seconds` (Unix seconds as if the local
  // time were UTC), with PostgreSQL's DetermineTimeZoneOffset rule for times skipped or
  // repeated by a transition: spring forward takes the offset before, fall back the one after.
  int32_t OffsetForLocal(int64_t local_seconds) const;
  // pg_get_timezone_offset: the zone's one offset when every local time type it has ever
  // used (and its POSIX footer's) has the same offset, so no date is needed to apply it.
  std::optional<int32_t> FixedOffset() const;
  // The first transition strictly after `unix_seconds`, if any.
  std::optional<Transition> NextTransition(int64_t unix_seconds) const;

 private:
  struct Type {
    int32_t utc_offset;
    bool is_dst;
    std::string abbreviation;
  };
  // A POSIX TZ string's DST rule (the "Mm.w.d/time" or "Jn"/"n" forms).
  struct Rule {
    enum class Kind { kJulianNoLeap, kZeroBasedDay, kMonthWeekDay } kind = Kind::kMonthWeekDay;
    int day = 0;  // Jn: 1..365; n: 0..365; M: day of week 0..6
    int week = 0;
    int month = 0;
    int32_t time = 7200;  // seconds after local midnight
  };
  struct Posix {
    Type standard;
    std::optional<Type> daylight;
    Rule start;
    Rule end;
  };

  static std::optional<Posix> ParsePosix(std::string_view spec);
  LocalTime FromPosixAt(const Posix& posix, int64_t unix_seconds) const;
  // The instants (Unix seconds) DST starts and ends in `year` under `posix`.
  static void PosixTransitions(const Posix& posix, int64_t year, int64_t& start, int64_t& end);

  std::string name_;
  std::vector<int64_t> transition_times_;   // ascending
  std::vector<uint8_t> transition_types_;   // index into types_, one per transition
  std::vector<Type> types_;                 // at least one
  std::optional<Posix> footer_;             // rules after the last transition
};

// The zone called `name` (a tz database name such as "Asia/Shanghai", any case, or a POSIX
// TZ string); null if there is none.
std::shared_ptr<const TimeZone> FindTimeZone(std::string_view name);

}  // namespace granary::types
