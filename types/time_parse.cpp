// Text input for time and timetz: a port of PostgreSQL 15's DecodeTimeOnly over the fields
// of ParseDateTime (datetime_fields.cpp), sharing DecodeDateTime's field decoders
// (datetime_decode.hpp), then time_in/timetz_in's conversion. time_in passes a zone pointer
// too, so a time accepts (and ignores) a zone and a leading date exactly as timetz does.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/datetime.hpp"
#include "types/datetime_decode.hpp"
#include "types/datetime_session.hpp"
#include "types/time.hpp"
#include "types/timestamptz.hpp"

namespace granary::types {

using namespace datetime_internal;  // NOLINT(google-build-using-namespace)

namespace {

constexpr int64_t kUnixToPostgresSeconds = 946684800;

struct TimeOnly {
  int64_t time = 0;
  int32_t zone = 0;  // seconds west of UTC, PostgreSQL's *tzp
};

// A field that is a zone name or an abbreviation, or a word of datetktbl.
DecodeError DecodeTimeString(const std::vector<Field>& fields, size_t i, int& field_mask,
                             bool& skip, DecodeState& state, std::shared_ptr<const TimeZone>& named_zone) {
  const std::string& text = fields[i].text;
  // Zone abbreviations take precedence over the built-in words.
  if (const std::optional<int32_t> offset = LookupZoneAbbreviation(text)) {
    field_mask = Mask(kTimeZoneToken);
    state.zone_offset = *offset;
    return DecodeError::kNone;
  }
  const std::optional<Token> token = LookupToken(text);
  if (!token) {
    // UNKNOWN_FIELD: an all-alphabetic zone name, applied once the fields are known.
    named_zone = FindTimeZone(text);
    if (!named_zone) return DecodeError::kBadFormat;
    field_mask = Mask(kTimeZoneToken);
    return DecodeError::kNone;
  }
  if (token->type == kIgnore) {
    skip = true;
    return DecodeError::kNone;
  }
  field_mask = Mask(token->type);
  TimeFields& tm = state.fields;
  switch (token->type) {
    case kReserved:
      switch (static_cast<Reserved>(token->value)) {
        case Reserved::kNow: {
          // GetCurrentTimeUsec: the transaction's start in the session zone; the zone itself
          // is found below like any unzoned input's.
          field_mask = kTimeMask;
          const TimeFields now = CurrentTime();
          tm.hour = now.hour;
          tm.minute = now.minute;
          tm.second = now.second;
          tm.microsecond = now.microsecond;
          return DecodeError::kNone;
        }
        case Reserved::kZulu:
          field_mask = kTimeMask | Mask(kTimeZoneToken);
          tm.hour = 0;
          tm.minute = 0;
          tm.second = 0;
          state.zone_offset = 0;
          return DecodeError::kNone;
        default:
          return DecodeError::kBadFormat;
      }
    case kAmPm:
      state.meridiem = token->value;
      return DecodeError::kNone;
    case kAdBc:
      state.bc = token->value == 1;
      return DecodeError::kNone;
    case kUnits:
      field_mask = 0;
      if (state.prefix != Prefix::kNone) return DecodeError::kBadFormat;  // consecutive units
      state.prefix = static_cast<Prefix>(token->value);
      return DecodeError::kNone;
    case kIsoTime:
      // "t" needs a time after it: hhmmss.fff, hh:mm:ss.fff or hhmmss-zz.
      field_mask = 0;
      if (state.prefix != Prefix::kNone) return DecodeError::kBadFormat;
      if (i + 1 >= fields.size() ||
          (fields[i + 1].kind != FieldKind::kNumber && fields[i + 1].kind != FieldKind::kTime &&
           fields[i + 1].kind != FieldKind::kDate)) {
        return DecodeError::kBadFormat;
      }
      state.prefix = Prefix::kTime;
      return DecodeError::kNone;
    default:
      return DecodeError::kBadFormat;
  }
}

// A number after a "j" (Julian day) or "t" (ISO time) label.
DecodeError DecodeLabeledNumber(const std::string& text, int& field_mask, DecodeState& state) {
  int value = 0;
  size_t end = 0;
  if (!ReadInt(text, 0, value, end)) return DecodeError::kFieldOverflow;
  if (end < text.size() && text[end] != '.') return DecodeError::kBadFormat;
  if (state.prefix == Prefix::kJulian) {
    if (value < 0) return DecodeError::kFieldOverflow;
    field_mask = kDateMask;
    JulianToDate(value, state.fields.year, state.fields.month, state.fields.day);
    state.is_julian = true;
    if (end < text.size()) {
      int64_t fraction = 0;
      const DecodeError error = ParseFraction(std::string_view(text).substr(end), fraction);
      if (error != DecodeError::kNone) return error;
      // dt2time of the fraction of a day.
      int64_t time = static_cast<int64_t>(static_cast<double>(fraction) / 1e6 *
                                          static_cast<double>(kMicrosecondsPerDay));
      TimeFields& tm = state.fields;
      tm.hour = static_cast<int>(time / (3600 * kMicrosecondsPerSecond));
      time -= tm.hour * 3600 * kMicrosecondsPerSecond;
      tm.minute = static_cast<int>(time / (60 * kMicrosecondsPerSecond));
      time -= tm.minute * 60 * kMicrosecondsPerSecond;
      tm.second = static_cast<int>(time / kMicrosecondsPerSecond);
      tm.microsecond = time - tm.second * kMicrosecondsPerSecond;
      field_mask |= kTimeMask;
    }
  } else if (state.prefix == Prefix::kTime) {
    const DecodeError error = DecodeNumberField(text, state.mask | kDateMask, field_mask, state);
    if (error != DecodeError::kNone) return error;
    if (field_mask != kTimeMask) return DecodeError::kBadFormat;
  } else {
    return DecodeError::kBadFormat;
  }
  state.prefix = Prefix::kNone;
  return DecodeError::kNone;
}

// DecodeTimeOnly. On success `result` holds the time fields and the zone (seconds west).
DecodeError DecodeTimeOnly(std::string_view input, TimeOnly& result) {
  std::vector<Field> fields;
  if (!SplitFields(input, fields)) return DecodeError::kBadFormat;
  DecodeState state;
  TimeFields& tm = state.fields;
  std::shared_ptr<const TimeZone> named_zone;
  const size_t count = fields.size();
  for (size_t i = 0; i < count; ++i) {
    const Field& field = fields[i];
    int field_mask = 0;
    bool skip = false;
    DecodeError error = DecodeError::kNone;
    switch (field.kind) {
      case FieldKind::kDate:
        // A date is accepted only first and followed by a time (or ending in a date field).
        if (i == 0 && count >= 2 &&
            (fields[count - 1].kind == FieldKind::kDate || fields[1].kind == FieldKind::kTime)) {
          error = DecodeDate(field.text, state.mask, field_mask, state);
        } else if (IsDigit(field.text[0])) {
          // A run-together time with a zone: "hhmmss-zz".
          if ((state.mask & kTimeMask) == kTimeMask) return DecodeError::kBadFormat;
          const size_t dash = field.text.find('-');
          if (dash == std::string::npos) return DecodeError::kBadFormat;
          int32_t offset = 0;
          error = DecodeTimezone(field.text.substr(dash), offset);
          if (error != DecodeError::kNone) return error;
          state.zone_offset = offset;
          error = DecodeNumberField(field.text.substr(0, dash), state.mask | kDateMask, field_mask, state);
          field_mask |= Mask(kTimeZoneToken);
        } else {
          named_zone = FindTimeZone(field.text);
          if (!named_zone) {
            throw Error(sqlstate::kInvalidParameterValue, "time zone \"" + field.text + "\" not recognized");
          }
          field_mask = Mask(kTimeZoneToken);
        }
        break;
      case FieldKind::kTime:
        error = DecodeTime(field.text, field_mask, tm);
        break;
      case FieldKind::kTimeZone: {
        int32_t offset = 0;
        error = DecodeTimezone(field.text, offset);
        state.zone_offset = offset;
        field_mask = Mask(kTimeZoneToken);
        break;
      }
      case FieldKind::kNumber: {
        if (state.prefix != Prefix::kNone) {
          error = DecodeLabeledNumber(field.text, field_mask, state);
          break;
        }
        const size_t point = field.text.find('.');
        if (point != std::string::npos) {
          if (i == 0 && count >= 2 && fields[count - 1].kind == FieldKind::kDate) {
            error = DecodeDate(field.text, state.mask, field_mask, state);
          } else if (point > 2) {
            // Several digits before the point: a run-together time ("040506.789").
            error = DecodeNumberField(field.text, state.mask | kDateMask, field_mask, state);
          } else {
            return DecodeError::kBadFormat;
          }
        } else if (field.text.size() > 4) {
          error = DecodeNumberField(field.text, state.mask | kDateMask, field_mask, state);
        } else {
          error = DecodeNumber(field.text, state.mask | kDateMask, field_mask, state);
        }
        break;
      }
      case FieldKind::kString:
      case FieldKind::kSpecial:
        error = DecodeTimeString(fields, i, field_mask, skip, state, named_zone);
        break;
    }
    if (error != DecodeError::kNone) return error;
    if (skip) continue;
    if (field_mask & state.mask) return DecodeError::kBadFormat;
    state.mask |= field_mask;
  }

  const DecodeError date_error = ValidateDate(state);
  if (date_error != DecodeError::kNone) return date_error;
  if (state.meridiem != kHour24 && tm.hour > 12) return DecodeError::kFieldOverflow;
  if (state.meridiem == kAm && tm.hour == 12) {
    tm.hour = 0;
  } else if (state.meridiem == kPm && tm.hour != 12) {
    tm.hour += 12;
  }
  if (TimeOverflows(tm)) return DecodeError::kFieldOverflow;
  if ((state.mask & kTimeMask) != kTimeMask) return DecodeError::kBadFormat;

  result.time = ((static_cast<int64_t>(tm.hour) * 60 + tm.minute) * 60 + tm.second) * kMicrosecondsPerSecond +
                tm.microsecond;
  const bool have_date = (state.mask & kDateMask) == kDateMask;
  // The local wall-clock time as a timestamp, on the given date or the transaction's.
  auto local_timestamp = [&]() {
    int64_t day = 0;
    if (have_date) {
      day = static_cast<int64_t>(DateToJulian(tm.year, tm.month, tm.day) - kPostgresEpochJdate) * kMicrosecondsPerDay;
    } else {
      const int64_t now = LocalFromTimestampTz(TransactionTimestamp(), SessionTimeZone());
      day = (now >= 0 ? now / kMicrosecondsPerDay : (now - kMicrosecondsPerDay + 1) / kMicrosecondsPerDay) *
            kMicrosecondsPerDay;
    }
    return day + result.time;
  };
  auto offset_at = [&](const TimeZone& zone) {
    const int64_t local = local_timestamp();
    const int64_t seconds = (local >= 0 ? local / kMicrosecondsPerSecond
                                        : (local - kMicrosecondsPerSecond + 1) / kMicrosecondsPerSecond) +
                            kUnixToPostgresSeconds;
    return -zone.OffsetForLocal(seconds);
  };
  if (named_zone) {
    // A zone with one offset needs no date; one with daylight saving time needs a full date.
    if (const std::optional<int32_t> fixed = named_zone->FixedOffset()) {
      result.zone = -*fixed;
    } else {
      if (!have_date) return DecodeError::kBadFormat;
      result.zone = offset_at(*named_zone);
    }
  } else if (state.zone_offset) {
    result.zone = -*state.zone_offset;
  }
  if (!(state.mask & Mask(kTimeZoneToken))) {
    // No zone: the session zone's offset on the date given (or today), a date being needed
    // in full if any of it is given.
    if ((state.mask & kDateMask) != 0 && !have_date) return DecodeError::kBadFormat;
    result.zone = offset_at(SessionTimeZone());
  }
  return DecodeError::kNone;
}

}  // namespace

int64_t ParseTime(std::string_view text) {
  TimeOnly result;
  const DecodeError error = DecodeTimeOnly(text, result);
  if (error != DecodeError::kNone) ThrowDecodeError(error, text, "time");
  return result.time;
}

TimeTz ParseTimeTz(std::string_view text) {
  TimeOnly result;
  const DecodeError error = DecodeTimeOnly(text, result);
  if (error != DecodeError::kNone) ThrowDecodeError(error, text, "time with time zone");
  return TimeTz{result.time, result.zone};
}

}  // namespace granary::types
