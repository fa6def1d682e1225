// Date/time input, second step (internal): the pieces of PostgreSQL's DecodeDateTime that
// DecodeTimeOnly (time_parse.cpp) shares with it — the decoding state, the DTERR_* outcomes
// and the decoders of one field each. Defined in datetime_parse.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "types/datetime_fields.hpp"
#include "types/datetime_internal.hpp"
#include "types/tz_database.hpp"

namespace granary::types::datetime_internal {

// Decoding outcomes, as PostgreSQL's DTERR_* codes.
enum class DecodeError { kNone, kBadFormat, kFieldOverflow, kMonthDayOverflow, kZoneOverflow };

struct DecodeState {
  TimeFields fields;
  int mask = 0;
  bool have_text_month = false;
  bool is_two_digit_year = false;
  bool is_julian = false;
  bool bc = false;
  int meridiem = kHour24;
  int day_of_year = 0;
  Prefix prefix = Prefix::kNone;
  Reserved special = Reserved::kNone;
  // The zone the input names: an offset (seconds east) or a tz database zone.
  std::optional<int32_t> zone_offset;
  std::shared_ptr<const TimeZone> zone;
};

// strtoint: optional spaces and sign, digits; `end` is past them (`start` when there are
// none). False on overflow of int.
bool ReadInt(const std::string& text, size_t start, int& value, size_t& end);
// ParseFractionalSecond: ".ddd" to the end of `text`, rounded to microseconds.
DecodeError ParseFraction(std::string_view text, int64_t& microseconds);
// DecodeNumberField: a run of digits read as a date (yyyymmdd) or a time (hhmmss, hhmm).
DecodeError DecodeNumberField(std::string text, int mask, int& field_mask, DecodeState& state);
// DecodeNumber: one number whose meaning depends on the fields seen (`mask`).
DecodeError DecodeNumber(const std::string& text, int mask, int& field_mask, DecodeState& state);
// DecodeDate: "2024-01-05", "1/5/2024", "jan-05-2024".
DecodeError DecodeDate(const std::string& text, int mask, int& field_mask, DecodeState& state);
// DecodeTime: "hh:mm", "hh:mm:ss[.fff]" or "mm:ss.fff".
DecodeError DecodeTime(const std::string& text, int& field_mask, TimeFields& tm);
// time_overflows: a field out of range, or beyond 24:00:00 in total.
bool TimeOverflows(const TimeFields& tm);
// DecodeTimezone: "+hh", "-hh:mm[:ss]", "+hhmm"; `offset` in seconds east of UTC.
DecodeError DecodeTimezone(const std::string& text, int32_t& offset);
// ValidateDate: the year's era and two-digit forms, day of year, month and day ranges.
DecodeError ValidateDate(DecodeState& state);
// The transaction's start in the session zone; `offset` (if given) gets its UTC offset.
TimeFields CurrentTime(int32_t* offset = nullptr);
// DateTimeParseError: 22007 `invalid input syntax for type <type_name>: "<input>"`, 22008
// `date/time field value out of range: "<input>"` (with the DateStyle hint for a month or
// day), 22009 `time zone displacement out of range: "<input>"`.
[[noreturn]] void ThrowDecodeError(DecodeError error, std::string_view input, std::string_view type_name);

}  // namespace granary::types::datetime_internal
