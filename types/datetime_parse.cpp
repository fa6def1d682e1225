// Text input for date and timestamp, second step: a port of PostgreSQL 15's DecodeDateTime,
// which gives each field from ParseDateTime (datetime_fields.cpp) its meaning, with
// DateStyle's field order (datetime_style.hpp), then date_in/timestamp_in/timestamptz_in's range checks. Zones
// are offsets, abbreviations (datetime_fields.cpp) or tz database names (tz_database.hpp);
// date and timestamp check and then ignore them, as PostgreSQL does. Left out (see
// types/README.md): labeled ISO fields ("y2001m02d04").
#include <cctype>
#include <charconv>
#include <memory>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/datetime.hpp"
#include "types/datetime_decode.hpp"
#include "types/datetime_fields.hpp"
#include "types/datetime_internal.hpp"
#include "types/datetime_session.hpp"
#include "types/timestamptz.hpp"
#include "types/tz_database.hpp"

namespace granary::types {

// The field kinds, token tables and calendar helpers, including unscoped enumerators.
using namespace datetime_internal;  // NOLINT(google-build-using-namespace)

namespace datetime_internal {

// strtoint-like: optional spaces and sign, digits; `end` is set past them. Returns false
// on overflow of int.
bool ReadInt(const std::string& text, size_t start, int& value, size_t& end) {
  size_t pos = start;
  while (pos < text.size() && IsSpace(text[pos])) ++pos;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    negative = text[pos] == '-';
    ++pos;
  }
  const size_t digits_start = pos;
  int64_t result = 0;
  bool overflow = false;
  while (pos < text.size() && IsDigit(text[pos])) {
    result = result * 10 + (text[pos] - '0');
    if (result > static_cast<int64_t>(INT32_MAX) + 1) overflow = true, result = INT32_MAX;
    ++pos;
  }
  if (pos == digits_start) {
    value = 0;
    end = start;  // no conversion, as strtol reports it
    return true;
  }
  end = pos;
  if (negative) result = -result;
  if (overflow || result > INT32_MAX || result < INT32_MIN) return false;
  value = static_cast<int>(result);
  return true;
}

// Microseconds in ".ddd": the digits after the point up to the first non-digit, rounded
// half to even as rint() does.
int64_t FractionToMicroseconds(std::string_view text) {
  std::string number = "0.";
  for (size_t i = 1; i < text.size() && IsDigit(text[i]); ++i) number += text[i];
  double fraction = 0;
  std::from_chars(number.data(), number.data() + number.size(), fraction);
  return static_cast<int64_t>(std::rint(fraction * 1000000));
}

// ParseFractionalSecond: ".ddd" to the end of `text`, nothing else allowed.
DecodeError ParseFraction(std::string_view text, int64_t& microseconds) {
  for (size_t i = 1; i < text.size(); ++i) {
    if (!IsDigit(text[i])) return DecodeError::kBadFormat;
  }
  microseconds = FractionToMicroseconds(text);
  return DecodeError::kNone;
}

DecodeError DecodeNumberField(std::string text, int mask, int& field_mask, DecodeState& state) {
  TimeFields& tm = state.fields;
  const size_t point = text.find('.');
  if (point != std::string::npos) {
    // Trailing junk after the fraction is ignored here, as PostgreSQL ignores it.
    tm.microsecond = FractionToMicroseconds(std::string_view(text).substr(point));
    text.resize(point);
  } else if ((mask & kDateMask) != kDateMask && text.size() >= 6) {
    // Date digits from the end: day, month, then the rest as the year.
    field_mask = kDateMask;
    const size_t length = text.size();
    tm.day = std::atoi(text.substr(length - 2).c_str());
    tm.month = std::atoi(text.substr(length - 4, 2).c_str());
    tm.year = std::atoi(text.substr(0, length - 4).c_str());
    if (length - 4 == 2) state.is_two_digit_year = true;
    return DecodeError::kNone;
  }
  if ((mask & kTimeMask) != kTimeMask) {
    if (text.size() == 6) {
      field_mask = kTimeMask;
      tm.second = std::atoi(text.substr(4, 2).c_str());
      tm.minute = std::atoi(text.substr(2, 2).c_str());
      tm.hour = std::atoi(text.substr(0, 2).c_str());
      return DecodeError::kNone;
    }
    if (text.size() == 4) {
      field_mask = kTimeMask;
      tm.second = 0;
      tm.minute = std::atoi(text.substr(2, 2).c_str());
      tm.hour = std::atoi(text.substr(0, 2).c_str());
      return DecodeError::kNone;
    }
  }
  return DecodeError::kBadFormat;
}

// DecodeNumber: one numeric field whose meaning depends on what has been seen and on
// DateStyle's field order.
DecodeError DecodeNumber(const std::string& text, int mask, int& field_mask, DecodeState& state) {
  TimeFields& tm = state.fields;
  const DateOrder order = SessionDatetimeStyle().order;
  field_mask = 0;
  int value = 0;
  size_t end = 0;
  if (!ReadInt(text, 0, value, end)) return DecodeError::kFieldOverflow;
  if (end == 0) return DecodeError::kBadFormat;
  const int length = static_cast<int>(text.size());
  if (end < text.size() && text[end] == '.') {
    // More than two digits before the point: a run-together date or time.
    if (end > 2) {
      return DecodeNumberField(text, mask | kDateMask, field_mask, state);
    }
    const DecodeError error = ParseFraction(std::string_view(text).substr(end), tm.microsecond);
    if (error != DecodeError::kNone) return error;
  } else if (end < text.size()) {
    return DecodeError::kBadFormat;
  }

  if (length == 3 && (mask & kDateMask) == Mask(kYear) && value >= 1 && value <= 366) {
    field_mask = Mask(kDayOfYear) | Mask(kMonth) | Mask(kDay);
    state.day_of_year = value;
    return DecodeError::kNone;
  }

  switch (mask & kDateMask) {
    case 0:
      // Either YYYY-MM-DD (a year of three or more digits first) or DateStyle's field order.
      if (length >= 3 || order == DateOrder::kYmd) {
        field_mask = Mask(kYear);
        tm.year = value;
      } else if (order == DateOrder::kDmy) {
        field_mask = Mask(kDay);
        tm.day = value;
      } else {
        field_mask = Mask(kMonth);
        tm.month = value;
      }
      break;
    case Mask(kYear):
      field_mask = Mask(kMonth);
      tm.month = value;
      break;
    case Mask(kMonth):
      // After a month name: MON-DD-YYYY, DD-MON-YYYY, and YYYY-MON-DD (YY-MON-DD in YMD order).
      if (state.have_text_month && (length >= 3 || order == DateOrder::kYmd)) {
        field_mask = Mask(kYear);
        tm.year = value;
      } else {
        field_mask = Mask(kDay);
        tm.day = value;
      }
      break;
    case Mask(kYear) | Mask(kMonth):
      if (state.have_text_month && length >= 3 && state.is_two_digit_year) {
        // DD-MON-YYYY: the first number was the day after all.
        field_mask = Mask(kDay);
        tm.day = tm.year;
        tm.year = value;
        state.is_two_digit_year = false;
      } else {
        field_mask = Mask(kDay);
        tm.day = value;
      }
      break;
    case Mask(kDay):
      field_mask = Mask(kMonth);
      tm.month = value;
      break;
    case Mask(kMonth) | Mask(kDay):
      field_mask = Mask(kYear);
      tm.year = value;
      break;
    case kDateMask:
      return DecodeNumberField(text, mask, field_mask, state);
    default:
      return DecodeError::kBadFormat;
  }
  if (field_mask == Mask(kYear)) state.is_two_digit_year = length <= 2;
  return DecodeError::kNone;
}

// DecodeDate: a field such as "2024-01-05", "1/5/2024" or "jan-05-2024".
DecodeError DecodeDate(const std::string& text, int mask, int& field_mask, DecodeState& state) {
  field_mask = 0;
  std::vector<std::string> parts;
  size_t pos = 0;
  while (pos < text.size() && parts.size() < kMaxDateFields) {
    while (pos < text.size() && !IsAlnum(text[pos])) ++pos;
    if (pos >= text.size()) return DecodeError::kBadFormat;  // ends with a separator
    const size_t start = pos;
    if (IsDigit(text[pos])) {
      while (pos < text.size() && IsDigit(text[pos])) ++pos;
    } else if (IsAlpha(text[pos])) {
      while (pos < text.size() && IsAlpha(text[pos])) ++pos;
    }
    parts.push_back(text.substr(start, pos - start));
    if (pos < text.size()) ++pos;  // the separator after a run is dropped
  }
  std::vector<bool> done(parts.size(), false);
  // Text months first: they are unambiguous.
  for (size_t i = 0; i < parts.size(); ++i) {
    if (!IsAlpha(parts[i][0])) continue;
    const std::optional<Token> token = LookupToken(parts[i]);
    // An ignorable word stays in the list and fails as a number below, as in PostgreSQL.
    if (token && token->type == kIgnore) continue;
    if (!token || token->type != kMonth) return DecodeError::kBadFormat;
    if (mask & Mask(kMonth)) return DecodeError::kBadFormat;
    state.fields.month = token->value;
    state.have_text_month = true;
    mask |= Mask(kMonth);
    field_mask |= Mask(kMonth);
    done[i] = true;
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    if (done[i]) continue;
    int part_mask = 0;
    const DecodeError error = DecodeNumber(parts[i], mask, part_mask, state);
    if (error != DecodeError::kNone) return error;
    if (mask & part_mask) return DecodeError::kBadFormat;
    mask |= part_mask;
    field_mask |= part_mask;
  }
  if ((mask & ~(Mask(kDayOfYear) | Mask(kTimeZoneToken))) != kDateMask) {
    return DecodeError::kBadFormat;
  }
  return DecodeError::kNone;
}

// DecodeTime: "hh:mm", "hh:mm:ss[.fff]", or "mm:ss.fff".
DecodeError DecodeTime(const std::string& text, int& field_mask, TimeFields& tm) {
  field_mask = kTimeMask;
  size_t end = 0;
  if (!ReadInt(text, 0, tm.hour, end)) return DecodeError::kFieldOverflow;
  if (end >= text.size() || text[end] != ':') return DecodeError::kBadFormat;
  if (!ReadInt(text, end + 1, tm.minute, end)) return DecodeError::kFieldOverflow;
  if (end >= text.size()) {
    tm.second = 0;
    tm.microsecond = 0;
  } else if (text[end] == '.') {
    const DecodeError error = ParseFraction(std::string_view(text).substr(end), tm.microsecond);
    if (error != DecodeError::kNone) return error;
    tm.second = tm.minute;
    tm.minute = tm.hour;
    tm.hour = 0;
  } else if (text[end] == ':') {
    if (!ReadInt(text, end + 1, tm.second, end)) return DecodeError::kFieldOverflow;
    if (end >= text.size()) {
      tm.microsecond = 0;
    } else if (text[end] == '.') {
      const DecodeError error = ParseFraction(std::string_view(text).substr(end), tm.microsecond);
      if (error != DecodeError::kNone) return error;
    } else {
      return DecodeError::kBadFormat;
    }
  } else {
    return DecodeError::kBadFormat;
  }
  if (tm.hour < 0 || tm.minute < 0 || tm.minute > 59 || tm.second < 0 || tm.second > 60 ||
      tm.microsecond < 0 || tm.microsecond > datetime_internal::kMicrosecondsPerSecond) {
    return DecodeError::kFieldOverflow;
  }
  return DecodeError::kNone;
}

bool TimeOverflows(const TimeFields& tm) {
  if (tm.hour < 0 || tm.hour > 24 || tm.minute < 0 || tm.minute >= 60 || tm.second < 0 ||
      tm.second > 60 || tm.microsecond < 0 ||
      tm.microsecond > datetime_internal::kMicrosecondsPerSecond) {
    return true;
  }
  // Hour 24 and second 60 are allowed, but not beyond 24:00:00 in total.
  const int64_t total = ((static_cast<int64_t>(tm.hour) * 60 + tm.minute) * 60 + tm.second) *
                            datetime_internal::kMicrosecondsPerSecond +
                        tm.microsecond;
  return total > kMicrosecondsPerDay;
}

// DecodeTimezone: "+hh", "-hh:mm[:ss]", "+hhmm"; `offset` gets seconds east of UTC.
DecodeError DecodeTimezone(const std::string& text, int32_t& offset) {
  if (text.empty() || (text[0] != '+' && text[0] != '-')) return DecodeError::kBadFormat;
  int hours = 0;
  int minutes = 0;
  int seconds = 0;
  size_t end = 0;
  if (!ReadInt(text, 1, hours, end)) return DecodeError::kZoneOverflow;
  if (end < text.size() && text[end] == ':') {
    if (!ReadInt(text, end + 1, minutes, end)) return DecodeError::kZoneOverflow;
    if (end < text.size() && text[end] == ':') {
      if (!ReadInt(text, end + 1, seconds, end)) return DecodeError::kZoneOverflow;
    }
  } else if (end >= text.size() && text.size() > 3) {
    minutes = hours % 100;
    hours /= 100;
  }
  constexpr int kMaxZoneHour = 15;
  if (hours < 0 || hours > kMaxZoneHour || minutes < 0 || minutes >= 60 || seconds < 0 ||
      seconds >= 60) {
    return DecodeError::kZoneOverflow;
  }
  if (end < text.size()) return DecodeError::kBadFormat;
  offset = (hours * 60 + minutes) * 60 + seconds;
  if (text[0] == '-') offset = -offset;
  return DecodeError::kNone;
}

// The transaction's start in the session zone, for 'now', 'today', 'tomorrow' and
// 'yesterday' (PostgreSQL reads GetCurrentTransactionStartTimestamp).
TimeFields CurrentTime(int32_t* offset) {
  const int64_t now = TransactionTimestamp();
  const TimeZone& zone = SessionTimeZone();
  TimeFields fields;
  datetime_internal::FieldsFromTimestamp(LocalFromTimestampTz(now, zone), fields);
  if (offset != nullptr) *offset = UtcOffsetAt(now, zone);
  return fields;
}

void SetRelativeDay(TimeFields& tm, int offset) {
  const TimeFields now = CurrentTime();
  datetime_internal::JulianToDate(
      datetime_internal::DateToJulian(now.year, now.month, now.day) + offset, tm.year, tm.month,
      tm.day);
}

DecodeError DecodeString(const std::vector<Field>& fields, size_t i, int& field_mask,
                         DecodeState& state) {
  const std::string& text = fields[i].text;
  TimeFields& tm = state.fields;
  if (const std::optional<int32_t> offset = LookupZoneAbbreviation(text)) {
    field_mask = Mask(kTimeZoneToken);
    state.zone_offset = *offset;
    return DecodeError::kNone;
  }
  const std::optional<Token> token = LookupToken(text);
  if (!token) {
    // Before giving up, an all-alphabetic zone name ("japan").
    std::shared_ptr<const TimeZone> zone = FindTimeZone(text);
    if (!zone) return DecodeError::kBadFormat;
    field_mask = Mask(kTimeZoneToken);
    state.zone = std::move(zone);
    return DecodeError::kNone;
  }
  if (token->type == kIgnore) {
    field_mask = 0;
    return DecodeError::kNone;
  }
  field_mask = Mask(token->type);
  switch (token->type) {
    case kReserved:
      // Words that set fields make the input a plain date again, even after "epoch".
      if (token->value != static_cast<int>(Reserved::kEpoch) &&
          token->value != static_cast<int>(Reserved::kLate) &&
          token->value != static_cast<int>(Reserved::kEarly)) {
        state.special = Reserved::kNone;
      }
      switch (static_cast<Reserved>(token->value)) {
        case Reserved::kNow: {
          field_mask = kDateMask | kTimeMask | Mask(kTimeZoneToken);
          int32_t offset = 0;
          tm = CurrentTime(&offset);
          state.zone_offset = offset;
          break;
        }
        case Reserved::kToday:
          field_mask = kDateMask;
          SetRelativeDay(tm, 0);
          break;
        case Reserved::kTomorrow:
          field_mask = kDateMask;
          SetRelativeDay(tm, 1);
          break;
        case Reserved::kYesterday:
          field_mask = kDateMask;
          SetRelativeDay(tm, -1);
          break;
        case Reserved::kZulu:
          field_mask = kTimeMask | Mask(kTimeZoneToken);
          state.zone_offset = 0;
          tm.hour = 0;
          tm.minute = 0;
          tm.second = 0;
          break;
        default:
          state.special = static_cast<Reserved>(token->value);
          break;
      }
      break;
    case kMonth:
      // A numeric month already seen becomes the day ("1 jan 2024" read MDY).
      if ((state.mask & Mask(kMonth)) && !state.have_text_month && !(state.mask & Mask(kDay)) &&
          tm.month >= 1 && tm.month <= 31) {
        tm.day = tm.month;
        field_mask = Mask(kDay);
      }
      state.have_text_month = true;
      tm.month = token->value;
      break;
    case kAmPm:
      state.meridiem = token->value;
      break;
    case kAdBc:
      state.bc = token->value == 1;
      break;
    case kDayOfWeek:
      break;  // checked by nothing, as in PostgreSQL
    case kUnits:
      field_mask = 0;
      state.prefix = static_cast<Prefix>(token->value);
      break;
    case kIsoTime:
      // "t" announces a time; it needs a complete date before and a time after.
      field_mask = 0;
      if ((state.mask & kDateMask) != kDateMask) return DecodeError::kBadFormat;
      if (i + 1 >= fields.size() ||
          (fields[i + 1].kind != FieldKind::kNumber && fields[i + 1].kind != FieldKind::kTime &&
           fields[i + 1].kind != FieldKind::kDate)) {
        return DecodeError::kBadFormat;
      }
      state.prefix = Prefix::kTime;
      break;
    default:
      return DecodeError::kBadFormat;
  }
  return DecodeError::kNone;
}

// A number after a "j" or "t" prefix.
DecodeError DecodePrefixedNumber(const std::string& text, int& field_mask, DecodeState& state) {
  int value = 0;
  size_t end = 0;
  if (!ReadInt(text, 0, value, end)) return DecodeError::kFieldOverflow;
  if (end < text.size() && text[end] != '.') return DecodeError::kBadFormat;
  state.special = Reserved::kNone;  // a labeled number makes the input a plain date again
  if (state.prefix == Prefix::kJulian) {
    if (value < 0) return DecodeError::kFieldOverflow;
    field_mask = kDateMask;
    datetime_internal::JulianToDate(value, state.fields.year, state.fields.month, state.fields.day);
    state.is_julian = true;
    if (end < text.size()) {
      // A fractional Julian day carries the time of day (ParseFraction, then dt2time).
      double fraction = 0;
      if (end + 1 < text.size()) {
        for (size_t i = end + 1; i < text.size(); ++i) {
          if (!IsDigit(text[i])) return DecodeError::kBadFormat;
        }
        const std::string number = "0" + text.substr(end);
        std::from_chars(number.data(), number.data() + number.size(), fraction);
      }
      int64_t time = static_cast<int64_t>(fraction * static_cast<double>(kMicrosecondsPerDay));
      TimeFields& tm = state.fields;
      tm.hour = static_cast<int>(time / (3600 * datetime_internal::kMicrosecondsPerSecond));
      time -= tm.hour * 3600 * datetime_internal::kMicrosecondsPerSecond;
      tm.minute = static_cast<int>(time / (60 * datetime_internal::kMicrosecondsPerSecond));
      time -= tm.minute * 60 * datetime_internal::kMicrosecondsPerSecond;
      tm.second = static_cast<int>(time / datetime_internal::kMicrosecondsPerSecond);
      tm.microsecond = time - tm.second * datetime_internal::kMicrosecondsPerSecond;
      field_mask |= kTimeMask;
    }
  } else {
    const DecodeError error = DecodeNumberField(text, state.mask | kDateMask, field_mask, state);
    if (error != DecodeError::kNone) return error;
    if (field_mask != kTimeMask) return DecodeError::kBadFormat;
  }
  state.prefix = Prefix::kNone;
  return DecodeError::kNone;
}

DecodeError DecodeField(const std::vector<Field>& fields, size_t i, int& field_mask,
                        DecodeState& state) {
  const Field& field = fields[i];
  TimeFields& tm = state.fields;
  switch (field.kind) {
    case FieldKind::kDate: {
      const bool have_month_and_day =
          (state.mask & (Mask(kMonth) | Mask(kDay))) == (Mask(kMonth) | Mask(kDay));
      if (state.prefix != Prefix::kNone || have_month_and_day) {
        if (IsDigit(field.text[0]) || state.prefix != Prefix::kNone) {
          // A run-together time with a zone ("hhmmss-zz").
          if (state.prefix != Prefix::kNone && state.prefix != Prefix::kTime) {
            return DecodeError::kBadFormat;
          }
          state.prefix = Prefix::kNone;
          if ((state.mask & kTimeMask) == kTimeMask) return DecodeError::kBadFormat;
          const size_t dash = field.text.find('-');
          if (dash == std::string::npos) return DecodeError::kBadFormat;
          int32_t offset = 0;
          const DecodeError error = DecodeTimezone(field.text.substr(dash), offset);
          if (error != DecodeError::kNone) return error;
          state.zone_offset = offset;
          const DecodeError number_error =
              DecodeNumberField(field.text.substr(0, dash), state.mask, field_mask, state);
          if (number_error != DecodeError::kNone) return number_error;
          field_mask |= Mask(kTimeZoneToken);
          return DecodeError::kNone;
        }
        std::shared_ptr<const TimeZone> zone = FindTimeZone(field.text);
        if (!zone) {
          // PostgreSQL reports this directly rather than as a syntax error.
          throw Error(sqlstate::kInvalidParameterValue,
                      "time zone \"" + field.text + "\" not recognized");
        }
        state.zone = std::move(zone);
        field_mask = Mask(kTimeZoneToken);
        return DecodeError::kNone;
      }
      return DecodeDate(field.text, state.mask, field_mask, state);
    }
    case FieldKind::kTime: {
      if (state.prefix != Prefix::kNone) {
        if (state.prefix != Prefix::kTime) return DecodeError::kBadFormat;
        state.prefix = Prefix::kNone;
      }
      const DecodeError error = DecodeTime(field.text, field_mask, tm);
      if (error != DecodeError::kNone) return error;
      if (TimeOverflows(tm)) return DecodeError::kFieldOverflow;
      return DecodeError::kNone;
    }
    case FieldKind::kTimeZone: {
      int32_t offset = 0;
      const DecodeError error = DecodeTimezone(field.text, offset);
      if (error != DecodeError::kNone) return error;
      state.zone_offset = offset;
      field_mask = Mask(kTimeZoneToken);
      return DecodeError::kNone;
    }
    case FieldKind::kNumber: {
      if (state.prefix != Prefix::kNone) return DecodePrefixedNumber(field.text, field_mask, state);
      const size_t point = field.text.find('.');
      const size_t length = field.text.size();
      if (point != std::string::npos && !(state.mask & kDateMask)) {
        return DecodeDate(field.text, state.mask, field_mask, state);
      }
      if (point != std::string::npos && point > 2) {
        return DecodeNumberField(field.text, state.mask, field_mask, state);
      }
      // Six or more digits are YMD or HMS unless both a date and a time are known.
      if (length >= 6 && (!(state.mask & kDateMask) || !(state.mask & kTimeMask))) {
        return DecodeNumberField(field.text, state.mask, field_mask, state);
      }
      return DecodeNumber(field.text, state.mask, field_mask, state);
    }
    case FieldKind::kString:
    case FieldKind::kSpecial:
      return DecodeString(fields, i, field_mask, state);
  }
  return DecodeError::kBadFormat;
}

// ValidateDate: years in AD/BC and two-digit forms, day of year, month and day ranges.
DecodeError ValidateDate(DecodeState& state) {
  TimeFields& tm = state.fields;
  const int mask = state.mask;
  if (mask & Mask(kYear)) {
    if (state.is_julian) {
      // The Julian day already gave an astronomical year.
    } else if (state.bc) {
      if (tm.year <= 0) return DecodeError::kFieldOverflow;  // no year zero in AD/BC
      tm.year = -(tm.year - 1);
    } else if (state.is_two_digit_year) {
      if (tm.year < 0) return DecodeError::kFieldOverflow;
      if (tm.year < 70) {
        tm.year += 2000;
      } else if (tm.year < 100) {
        tm.year += 1900;
      }
    } else if (tm.year <= 0) {
      return DecodeError::kFieldOverflow;
    }
  }
  if (mask & Mask(kDayOfYear)) {
    datetime_internal::JulianToDate(
        datetime_internal::DateToJulian(tm.year, 1, 1) + state.day_of_year - 1, tm.year, tm.month,
        tm.day);
  }
  if ((mask & Mask(kMonth)) && (tm.month < 1 || tm.month > 12)) {
    return DecodeError::kMonthDayOverflow;
  }
  if ((mask & Mask(kDay)) && (tm.day < 1 || tm.day > 31)) return DecodeError::kMonthDayOverflow;
  if ((mask & kDateMask) == kDateMask &&
      tm.day > datetime_internal::DaysInMonth(tm.year, tm.month)) {
    return DecodeError::kFieldOverflow;
  }
  return DecodeError::kNone;
}

// DecodeDateTime. On success `state.special` tells whether the input was a special word.
DecodeError DecodeDateTime(std::string_view input, DecodeState& state) {
  std::vector<Field> fields;
  if (!SplitFields(input, fields)) return DecodeError::kBadFormat;
  for (size_t i = 0; i < fields.size(); ++i) {
    int field_mask = 0;
    const DecodeError error = DecodeField(fields, i, field_mask, state);
    if (error != DecodeError::kNone) return error;
    if (field_mask & state.mask) return DecodeError::kBadFormat;
    state.mask |= field_mask;
  }
  const DecodeError error = ValidateDate(state);
  if (error != DecodeError::kNone) return error;

  TimeFields& tm = state.fields;
  if (state.meridiem != kHour24 && tm.hour > 12) return DecodeError::kFieldOverflow;
  if (state.meridiem == kAm && tm.hour == 12) {
    tm.hour = 0;
  } else if (state.meridiem == kPm && tm.hour != 12) {
    tm.hour += 12;
  }
  if (state.special == Reserved::kNone && (state.mask & kDateMask) != kDateMask) {
    return DecodeError::kBadFormat;  // a time alone, or nothing at all
  }
  return DecodeError::kNone;
}

[[noreturn]] void ThrowDecodeError(DecodeError error, std::string_view input,
                                   std::string_view type_name) {
  const std::string quoted = "\"" + std::string(input) + "\"";
  switch (error) {
    case DecodeError::kFieldOverflow:
      throw Error(sqlstate::kDatetimeFieldOverflow,
                  "date/time field value out of range: " + quoted);
    case DecodeError::kMonthDayOverflow:
      throw Error(sqlstate::kDatetimeFieldOverflow, "date/time field value out of range: " + quoted)
          .WithHint("Perhaps you need a different \"datestyle\" setting.");
    case DecodeError::kZoneOverflow:
      throw Error(sqlstate::kInvalidTimeZoneDisplacementValue,
                  "time zone displacement out of range: " + quoted);
    case DecodeError::kBadFormat:
    case DecodeError::kNone:
      break;
  }
  throw Error(sqlstate::kInvalidDatetimeFormat,
              "invalid input syntax for type " + std::string(type_name) + ": " + quoted);
}

}  // namespace datetime_internal

int32_t ParseDate(std::string_view text) {
  DecodeState state;
  const DecodeError error = DecodeDateTime(text, state);
  if (error != DecodeError::kNone) ThrowDecodeError(error, text, "date");
  switch (state.special) {
    case Reserved::kLate:
      return kDateInfinity;
    case Reserved::kEarly:
      return kDateNegativeInfinity;
    case Reserved::kEpoch:
      return DateFromYmd(1970, 1, 1);
    default:
      break;
  }
  const TimeFields& tm = state.fields;
  auto out_of_range = [&text]() {
    return Error(sqlstate::kDatetimeFieldOverflow,
                 "date out of range: \"" + std::string(text) + "\"");
  };
  if (!datetime_internal::IsValidJulian(tm.year, tm.month, tm.day)) throw out_of_range();
  const int64_t date =
      static_cast<int64_t>(datetime_internal::DateToJulian(tm.year, tm.month, tm.day)) -
      datetime_internal::kPostgresEpochJdate;
  if (!datetime_internal::IsValidDate(date)) throw out_of_range();
  return static_cast<int32_t>(date);
}

int64_t ParseTimestamp(std::string_view text) {
  DecodeState state;
  const DecodeError error = DecodeDateTime(text, state);
  if (error != DecodeError::kNone) ThrowDecodeError(error, text, "timestamp");
  switch (state.special) {
    case Reserved::kLate:
      return kTimestampInfinity;
    case Reserved::kEarly:
      return kTimestampNegativeInfinity;
    case Reserved::kEpoch:
      return -static_cast<int64_t>(datetime_internal::kPostgresEpochJdate -
                                   datetime_internal::kUnixEpochJdate) *
             kMicrosecondsPerDay;
    default:
      break;
  }
  int64_t result = 0;
  if (!datetime_internal::TimestampFromFields(state.fields, result)) {
    throw Error(sqlstate::kDatetimeFieldOverflow,
                "timestamp out of range: \"" + std::string(text) + "\"");
  }
  return result;
}

int64_t ParseTimestampTz(std::string_view text) {
  DecodeState state;
  const DecodeError error = DecodeDateTime(text, state);
  if (error != DecodeError::kNone) ThrowDecodeError(error, text, "timestamp with time zone");
  switch (state.special) {
    case Reserved::kLate:
      return kTimestampInfinity;
    case Reserved::kEarly:
      return kTimestampNegativeInfinity;
    case Reserved::kEpoch:
      return -static_cast<int64_t>(datetime_internal::kPostgresEpochJdate -
                                   datetime_internal::kUnixEpochJdate) *
             kMicrosecondsPerDay;
    default:
      break;
  }
  int64_t local = 0;
  auto out_of_range = [&text]() {
    return Error(sqlstate::kDatetimeFieldOverflow,
                 "timestamp out of range: \"" + std::string(text) + "\"");
  };
  if (!datetime_internal::TimestampFromFields(state.fields, local)) throw out_of_range();
  int64_t result = 0;
  if (state.zone_offset) {
    result = local - static_cast<int64_t>(*state.zone_offset) * datetime_internal::kMicrosecondsPerSecond;
    if (!datetime_internal::IsValidTimestamp(result)) throw out_of_range();
    return result;
  }
  try {
    result = TimestampTzFromLocal(local, state.zone ? *state.zone : SessionTimeZone());
  } catch (const Error&) {
    throw out_of_range();
  }
  return result;
}

}  // namespace granary::types
