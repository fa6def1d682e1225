// interval input: PostgreSQL 15's DecodeInterval for the postgres forms ('1 day 2 hours',
// '1.5 days', '-1 week', '1:30:00', '2 03:00', '@ 1 hour ago') and DecodeISO8601Interval
// ('P1Y2M3DT4H5M6S', 'P0001-02-03T04:05:06'), with the same carrying of fractions into
// smaller units (AdjustFractDays, AdjustFractSeconds). Left out: the SQL-standard forms
// ('1-2' year-month) and interval field restrictions (INTERVAL HOUR TO MINUTE).
#include <cctype>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/datetime_internal.hpp"
#include "types/interval.hpp"
#include "parser/ast_type.hpp"

namespace granary::types {
namespace {

using datetime_internal::kMicrosecondsPerSecond;

enum class Unit {
  kMicrosecond, kMillisecond, kSecond, kMinute, kHour, kDay, kWeek, kMonth, kYear, kDecade,
  kCentury, kMillennium,
};

struct UnitName {
  std::string_view name;
  Unit unit;
};

// deltatktbl's units.
constexpr UnitName kUnits[] = {
    {"microsecond", Unit::kMicrosecond}, {"microseconds", Unit::kMicrosecond},
    {"us", Unit::kMicrosecond},          {"usec", Unit::kMicrosecond},
    {"usecs", Unit::kMicrosecond},       {"useconds", Unit::kMicrosecond},
    {"millisecond", Unit::kMillisecond}, {"milliseconds", Unit::kMillisecond},
    {"ms", Unit::kMillisecond},          {"msec", Unit::kMillisecond},
    {"msecs", Unit::kMillisecond},       {"mseconds", Unit::kMillisecond},
    {"second", Unit::kSecond},           {"seconds", Unit::kSecond},
    {"s", Unit::kSecond},                {"sec", Unit::kSecond},
    {"secs", Unit::kSecond},             {"minute", Unit::kMinute},
    {"minutes", Unit::kMinute},          {"m", Unit::kMinute},
    {"min", Unit::kMinute},              {"mins", Unit::kMinute},
    {"hour", Unit::kHour},               {"hours", Unit::kHour},
    {"h", Unit::kHour},                  {"hr", Unit::kHour},
    {"hrs", Unit::kHour},                {"day", Unit::kDay},
    {"days", Unit::kDay},                {"d", Unit::kDay},
    {"week", Unit::kWeek},               {"weeks", Unit::kWeek},
    {"w", Unit::kWeek},                  {"month", Unit::kMonth},
    {"months", Unit::kMonth},            {"mon", Unit::kMonth},
    {"mons", Unit::kMonth},              {"year", Unit::kYear},
    {"years", Unit::kYear},              {"y", Unit::kYear},
    {"yr", Unit::kYear},                 {"yrs", Unit::kYear},
    {"decade", Unit::kDecade},           {"decades", Unit::kDecade},
    {"dec", Unit::kDecade},              {"decs", Unit::kDecade},
    {"century", Unit::kCentury},         {"centuries", Unit::kCentury},
    {"c", Unit::kCentury},               {"cent", Unit::kCentury},
    {"millennium", Unit::kMillennium},   {"millennia", Unit::kMillennium},
    {"mil", Unit::kMillennium},          {"mils", Unit::kMillennium},
};

std::optional<Unit> LookupUnit(std::string_view word) {
  for (const UnitName& entry : kUnits) {
    if (entry.name == word) return entry.unit;
  }
  return std::nullopt;
}

enum class TokenKind { kNumber, kTime, kWord };
struct Token {
  TokenKind kind;
  std::string text;
};

enum class Failure { kBadFormat, kFieldOverflow, kOutOfRange };
struct ParseFailure {
  Failure failure;
};

// The sums of the fields, wide enough to detect overflow before narrowing.
struct Accumulator {
  double months = 0;  // whole months, kept exact as a double of an integer
  int64_t days = 0;
  long double microseconds = 0;

  void AddFractionalSeconds(double fraction, double scale) {
    microseconds += std::rint(fraction * scale * 1e6);
  }
  void AddFractionalDays(double fraction, double scale) {
    const double days_part = fraction * scale;
    const auto whole = static_cast<int64_t>(days_part);
    days += whole;
    AddFractionalSeconds(days_part - static_cast<double>(whole), 86400);
  }
  void AddUnit(Unit unit, int64_t whole, double fraction) {
    switch (unit) {
      case Unit::kMicrosecond:
        microseconds += whole + std::rint(fraction);
        break;
      case Unit::kMillisecond:
        microseconds += static_cast<long double>(whole) * 1000 + std::rint(fraction * 1000);
        break;
      case Unit::kSecond:
        microseconds += static_cast<long double>(whole) * 1e6 + std::rint(fraction * 1e6);
        break;
      case Unit::kMinute:
        microseconds += static_cast<long double>(whole) * 60e6;
        AddFractionalSeconds(fraction, 60);
        break;
      case Unit::kHour:
        microseconds += static_cast<long double>(whole) * 3600e6;
        AddFractionalSeconds(fraction, 3600);
        break;
      case Unit::kDay:
        days += whole;
        AddFractionalSeconds(fraction, 86400);
        break;
      case Unit::kWeek:
        days += whole * 7;
        AddFractionalDays(fraction, 7);
        break;
      case Unit::kMonth:
        months += static_cast<double>(whole);
        AddFractionalDays(fraction, kDaysPerMonth);
        break;
      case Unit::kYear:
        months += static_cast<double>(whole) * 12 + std::rint(fraction * 12);
        break;
      case Unit::kDecade:
        months += static_cast<double>(whole) * 120 + std::rint(fraction * 120);
        break;
      case Unit::kCentury:
        months += static_cast<double>(whole) * 1200 + std::rint(fraction * 1200);
        break;
      case Unit::kMillennium:
        months += static_cast<double>(whole) * 12000 + std::rint(fraction * 12000);
        break;
    }
  }

  Interval Finish(bool negate) const {
    long double total_months = months;
    long double total_days = static_cast<long double>(days);
    long double total_time = microseconds;
    if (negate) total_months = -total_months, total_days = -total_days, total_time = -total_time;
    if (total_months < INT32_MIN || total_months > INT32_MAX || total_days < INT32_MIN ||
        total_days > INT32_MAX || total_time < -9.2233720368547758e18L ||
        total_time >= 9.2233720368547758e18L) {
      throw ParseFailure{Failure::kOutOfRange};
    }
    Interval result;
    result.month = static_cast<int32_t>(total_months);
    result.day = static_cast<int32_t>(total_days);
    result.time = static_cast<int64_t>(total_time);
    return result;
  }
};

// A signed decimal number: its integer part and its fraction (with the same sign).
void SplitNumber(const std::string& text, int64_t& whole, double& fraction) {
  size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) negative = text[pos++] == '-';
  const size_t digits = pos;
  int64_t value = 0;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
    if (value > (INT32_MAX - (text[pos] - '0')) / 10) throw ParseFailure{Failure::kFieldOverflow};
    value = value * 10 + (text[pos++] - '0');
  }
  fraction = 0;
  if (pos < text.size() && text[pos] == '.') {
    const size_t point = pos++;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
    if (pos == point + 1 && point == digits) throw ParseFailure{Failure::kBadFormat};
    fraction = std::stod("0" + text.substr(point, pos - point));
  } else if (pos == digits) {
    throw ParseFailure{Failure::kBadFormat};
  }
  if (pos != text.size()) throw ParseFailure{Failure::kBadFormat};
  whole = negative ? -value : value;
  if (negative) fraction = -fraction;
}

// [+-]h:m[:s[.f]] (DecodeTime over an interval: hours are not limited to a day).
int64_t ParseTimeField(const std::string& text) {
  size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) negative = text[pos++] == '-';
  int64_t parts[3] = {0, 0, 0};
  int count = 0;
  double fraction = 0;
  while (count < 3) {
    const size_t start = pos;
    int64_t value = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      if (value > (INT32_MAX - (text[pos] - '0')) / 10) throw ParseFailure{Failure::kFieldOverflow};
      value = value * 10 + (text[pos++] - '0');
    }
    if (pos == start) throw ParseFailure{Failure::kBadFormat};
    parts[count++] = value;
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      continue;
    }
    break;
  }
  if (pos < text.size() && text[pos] == '.') {
    const size_t point = pos++;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
    fraction = std::stod("0" + text.substr(point, pos - point));
    if (count == 2) {
      // "mm:ss.f": PostgreSQL reads two fields with a fraction as minutes and seconds.
      parts[2] = parts[1];
      parts[1] = parts[0];
      parts[0] = 0;
      count = 3;
    }
  }
  if (pos != text.size() || count < 2) throw ParseFailure{Failure::kBadFormat};
  if (parts[1] > 59 || parts[2] > 59) throw ParseFailure{Failure::kFieldOverflow};
  const int64_t total = ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * kMicrosecondsPerSecond +
                        static_cast<int64_t>(std::rint(fraction * 1e6));
  return negative ? -total : total;
}

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t pos = 0;
  auto is_digit = [&](size_t i) {
    return i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]));
  };
  while (pos < text.size()) {
    const char c = text[pos];
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',') {
      ++pos;
      continue;
    }
    if (is_digit(pos) || c == '.' || ((c == '+' || c == '-') && (is_digit(pos + 1) || text[pos + 1] == '.'))) {
      Token token{TokenKind::kNumber, std::string(1, c)};
      ++pos;
      while (pos < text.size() && (is_digit(pos) || text[pos] == '.' || text[pos] == ':')) {
        if (text[pos] == ':') token.kind = TokenKind::kTime;
        token.text += text[pos++];
      }
      tokens.push_back(std::move(token));
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '@') {
      Token token{TokenKind::kWord, ""};
      if (c == '@') {
        token.text = "@";
        ++pos;
      } else {
        while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) {
          token.text += static_cast<char>(std::tolower(static_cast<unsigned char>(text[pos++])));
        }
      }
      tokens.push_back(std::move(token));
      continue;
    }
    throw ParseFailure{Failure::kBadFormat};
  }
  return tokens;
}

// The unit of a number without one: the last field of the typmod's range (DecodeInterval's
// IGNORE_DTF case), seconds without a range.
Unit BareNumberUnit(int32_t typmod) {
  if (typmod < 0) return Unit::kSecond;
  namespace mask = parser::interval_mask;
  switch ((typmod >> 16) & 0x7FFF) {
    case mask::kYear:
      return Unit::kYear;
    case mask::kMonth:
    case mask::kYear | mask::kMonth:
      return Unit::kMonth;
    case mask::kDay:
      return Unit::kDay;
    case mask::kHour:
    case mask::kDay | mask::kHour:
      return Unit::kHour;
    case mask::kMinute:
    case mask::kHour | mask::kMinute:
    case mask::kDay | mask::kHour | mask::kMinute:
      return Unit::kMinute;
    default:
      return Unit::kSecond;
  }
}

Interval DecodePostgres(std::string_view text, Unit bare_unit) {
  const std::vector<Token> tokens = Tokenize(text);
  if (tokens.empty()) throw ParseFailure{Failure::kBadFormat};
  Accumulator sum;
  unsigned seen = 0;  // one bit per unit; bit 15 for a time field
  auto mark = [&seen](unsigned bit) {
    if (seen & (1u << bit)) throw ParseFailure{Failure::kBadFormat};
    seen |= 1u << bit;
  };
  constexpr unsigned kTimeBit = 15;
  bool ago = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    if (token.kind == TokenKind::kWord) {
      if (token.text == "@" && i == 0) continue;
      if (token.text == "ago" && i + 1 == tokens.size() && i > 0) {
        ago = true;
        continue;
      }
      throw ParseFailure{Failure::kBadFormat};
    }
    if (token.kind == TokenKind::kTime) {
      mark(kTimeBit);
      mark(static_cast<unsigned>(Unit::kHour));
      mark(static_cast<unsigned>(Unit::kMinute));
      mark(static_cast<unsigned>(Unit::kSecond));
      sum.microseconds += ParseTimeField(token.text);
      continue;
    }
    int64_t whole = 0;
    double fraction = 0;
    SplitNumber(token.text, whole, fraction);
    Unit unit = bare_unit;
    if (i + 1 < tokens.size() && tokens[i + 1].kind == TokenKind::kWord &&
        tokens[i + 1].text != "ago") {
      const std::optional<Unit> named = LookupUnit(tokens[i + 1].text);
      if (!named) throw ParseFailure{Failure::kBadFormat};
      unit = *named;
      ++i;
    } else if (i + 1 < tokens.size() && tokens[i + 1].kind == TokenKind::kTime) {
      unit = Unit::kDay;  // "2 03:00": a number before a time counts days
    }
    mark(static_cast<unsigned>(unit));
    sum.AddUnit(unit, whole, fraction);
  }
  return sum.Finish(ago);
}

// DecodeISO8601Interval: designators after 'P' (and 'T' for the time part), or the
// alternative format PYYYY-MM-DDTHH:MM:SS.
Interval DecodeIso8601(std::string_view text) {
  if (text.size() < 2 || (text[0] != 'P' && text[0] != 'p')) throw ParseFailure{Failure::kBadFormat};
  Accumulator sum;
  size_t pos = 1;
  bool time_part = false;
  auto read_number = [&](int64_t& whole, double& fraction) {
    const size_t start = pos;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) ++pos;
    while (pos < text.size() && (std::isdigit(static_cast<unsigned char>(text[pos])) || text[pos] == '.')) ++pos;
    if (pos == start) throw ParseFailure{Failure::kBadFormat};
    SplitNumber(std::string(text.substr(start, pos - start)), whole, fraction);
  };
  while (pos < text.size()) {
    if (text[pos] == 'T' || text[pos] == 't') {
      if (time_part) throw ParseFailure{Failure::kBadFormat};
      time_part = true;
      ++pos;
      continue;
    }
    const size_t start = pos;
    int64_t whole = 0;
    double fraction = 0;
    read_number(whole, fraction);
    if (pos >= text.size()) throw ParseFailure{Failure::kBadFormat};
    const char designator = static_cast<char>(std::toupper(static_cast<unsigned char>(text[pos])));
    if (designator == '-' || designator == ':') {
      // The alternative format: rewind and read fixed fields.
      pos = start;
      const std::string_view rest = text.substr(pos);
      int year = 0, month = 0, day = 0, hour = 0, minute = 0;
      double second = 0;
      char tail = 0;
      const std::string copy(rest);
      if (!time_part) {
        const int read = std::sscanf(copy.c_str(), "%d-%d-%dT%d:%d:%lf%c", &year, &month, &day, &hour,
                                     &minute, &second, &tail);
        if (read != 3 && read != 6) throw ParseFailure{Failure::kBadFormat};
      } else {
        const int read = std::sscanf(copy.c_str(), "%d:%d:%lf%c", &hour, &minute, &second, &tail);
        if (read != 3) throw ParseFailure{Failure::kBadFormat};
      }
      sum.AddUnit(Unit::kYear, year, 0);
      sum.AddUnit(Unit::kMonth, month, 0);
      sum.AddUnit(Unit::kDay, day, 0);
      sum.AddUnit(Unit::kHour, hour, 0);
      sum.AddUnit(Unit::kMinute, minute, 0);
      sum.AddUnit(Unit::kSecond, static_cast<int64_t>(second), second - static_cast<int64_t>(second));
      return sum.Finish(false);
    }
    ++pos;
    if (!time_part) {
      switch (designator) {
        case 'Y': sum.AddUnit(Unit::kYear, whole, fraction); break;
        case 'M': sum.AddUnit(Unit::kMonth, whole, fraction); break;
        case 'W': sum.AddUnit(Unit::kWeek, whole, fraction); break;
        case 'D': sum.AddUnit(Unit::kDay, whole, fraction); break;
        default: throw ParseFailure{Failure::kBadFormat};
      }
    } else {
      switch (designator) {
        case 'H': sum.AddUnit(Unit::kHour, whole, fraction); break;
        case 'M': sum.AddUnit(Unit::kMinute, whole, fraction); break;
        case 'S': sum.AddUnit(Unit::kSecond, whole, fraction); break;
        default: throw ParseFailure{Failure::kBadFormat};
      }
    }
  }
  return sum.Finish(false);
}

}  // namespace

Interval ParseInterval(std::string_view text, int32_t typmod) {
  const std::string quoted = "\"" + std::string(text) + "\"";
  size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  size_t end = text.size();
  while (end > start && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  const std::string_view trimmed = text.substr(start, end - start);
  try {
    if (!trimmed.empty() && (trimmed[0] == 'P' || trimmed[0] == 'p')) return DecodeIso8601(trimmed);
    return DecodePostgres(trimmed, BareNumberUnit(typmod));
  } catch (const ParseFailure& failure) {
    switch (failure.failure) {
      case Failure::kFieldOverflow:
        throw Error(sqlstate::kIntervalFieldOverflow, "interval field value out of range: " + quoted);
      case Failure::kOutOfRange:
        throw Error(sqlstate::kDatetimeFieldOverflow, "interval out of range");
      case Failure::kBadFormat:
        break;
    }
  }
  throw Error(sqlstate::kInvalidDatetimeFormat, "invalid input syntax for type interval: " + quoted);
}

}  // namespace granary::types
