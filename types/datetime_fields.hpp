// Date/time input, first step (internal): PostgreSQL's ParseDateTime, which splits the input
// into typed fields, and the keyword tables DecodeDateTime consults (datetktbl and the time
// zone names). datetime_parse.cpp gives the fields their meaning.
#pragma once

#include <cctype>
#include <cstdint>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace granary::types::datetime_internal {

// Field kinds from ParseDateTime.
enum class FieldKind { kNumber, kString, kDate, kTime, kTimeZone, kSpecial };

struct Field {
  FieldKind kind;
  std::string text;  // lower-cased except for numbers
};

// Token types of DecodeSpecial (PostgreSQL's datetktbl); the values are bit positions of
// the field mask, as DTK_M() uses them.
enum TokenType : int {
  kReserved = 0,
  kMonth = 1,
  kYear = 2,
  kDay = 3,
  kTimeZoneToken = 5,
  kIgnore = 8,
  kAmPm = 9,
  kHour = 10,
  kMinute = 11,
  kSecond = 12,
  kMillisecond = 13,
  kMicrosecond = 14,
  kDayOfYear = 15,
  kDayOfWeek = 16,
  kUnits = 17,
  kAdBc = 18,
  kIsoTime = 23,
  kUnknownToken = 31,
};

inline constexpr int Mask(int type) { return 1 << type; }
inline constexpr int kDateMask = Mask(kYear) | Mask(kMonth) | Mask(kDay);
inline constexpr int kTimeMask =
    Mask(kHour) | Mask(kMinute) | Mask(kSecond) | Mask(kMillisecond) | Mask(kMicrosecond);

// Values of reserved words and prefixes.
enum class Reserved { kNone, kEpoch, kLate, kEarly, kNow, kToday, kTomorrow, kYesterday, kZulu };
enum class Prefix { kNone, kJulian, kTime };
enum Meridiem { kAm = 0, kPm = 1, kHour24 = 2 };

struct Token {
  std::string_view text;
  int type;
  int value;
};

inline constexpr size_t kMaxDateFields = 25;  // MAXDATEFIELDS

inline bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
inline bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
inline bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
inline bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// DecodeSpecial: the datetktbl entry for a lower-cased word, if any.
std::optional<Token> LookupToken(std::string_view text);
// A time zone abbreviation's offset in seconds east of UTC ("pst": -28800). Zone names
// ("japan", "america/new_york") are looked up in the tz database (tz_database.hpp).
std::optional<int32_t> LookupZoneAbbreviation(std::string_view text);
// ParseDateTime: splits `input` into fields; false on a format error.
bool SplitFields(std::string_view input, std::vector<Field>& fields);

}  // namespace granary::types::datetime_internal
