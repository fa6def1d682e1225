// to_char for timestamps and intervals, to_timestamp(text, text) and to_date(text, text):
// the date/time template patterns of PostgreSQL 15's formatting.c (DCH_keywords) with the
// FM and TH modifiers. to_timestamp reads the numeric and name fields; the FX modifier, SP,
// TM and the roman-month and ISO-week fields on input are not supported (22007).
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/datetime.hpp"
#include "types/datetime_internal.hpp"
#include "types/datetime_session.hpp"
#include "types/functions/datetime_functions.hpp"
#include "types/interval.hpp"
#include "types/timestamptz.hpp"

namespace granary::types {
namespace {

using datetime_internal::kMicrosecondsPerSecond;

constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
constexpr const char* kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
constexpr const char* kRomanMonths[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};

// The patterns, longest first where one is a prefix of another (DCH_keywords' order).
constexpr std::string_view kPatterns[] = {
    "A.D.", "A.M.", "AD", "AM", "B.C.", "BC", "CC", "DAY", "DDD", "DD", "DY", "Day", "Dy", "D",
    "FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "HH24", "HH12", "HH", "IDDD", "ID", "IW", "IYYY",
    "IYY", "IY", "I", "J", "MI", "MM", "MONTH", "MON", "MS", "Month", "Mon", "OF", "P.M.", "PM",
    "Q", "RM", "SSSSS", "SSSS", "SS", "TZH", "TZM", "TZ", "US", "WW", "W", "Y,YYY", "YYYY", "YYY",
    "YY", "Y", "a.d.", "a.m.", "ad", "am", "b.c.", "bc", "cc", "day", "ddd", "dd", "dy", "d",
    "ff1", "ff2", "ff3", "ff4", "ff5", "ff6", "hh24", "hh12", "hh", "iddd", "id", "iw", "iyyy",
    "iyy", "iy", "i", "j", "mi", "mm", "month", "mon", "ms", "of", "p.m.", "pm", "q", "rm",
    "sssss", "ssss", "ss", "tz", "us", "ww", "w", "y,yyy", "yyyy", "yyy", "yy", "y",
};

struct Node {
  std::string pattern;  // empty: literal text
  std::string literal;
  bool fill_mode = false;   // FM
  bool ordinal = false;     // TH / th
  bool ordinal_upper = false;
};

std::vector<Node> ParseFormat(std::string_view format) {
  std::vector<Node> nodes;
  size_t pos = 0;
  while (pos < format.size()) {
    Node node;
    // Prefix modifiers.
    while (true) {
      if (format.substr(pos, 2) == "FM" || format.substr(pos, 2) == "fm") {
        node.fill_mode = true;
        pos += 2;
      } else if (format.substr(pos, 2) == "FX" || format.substr(pos, 2) == "fx" ||
                 format.substr(pos, 2) == "TM" || format.substr(pos, 2) == "tm") {
        pos += 2;
      } else {
        break;
      }
    }
    bool matched = false;
    for (std::string_view pattern : kPatterns) {
      if (format.substr(pos, pattern.size()) == pattern) {
        node.pattern = std::string(pattern);
        pos += pattern.size();
        matched = true;
        break;
      }
    }
    if (matched) {
      if (format.substr(pos, 2) == "TH" || format.substr(pos, 2) == "th") {
        node.ordinal = true;
        node.ordinal_upper = format[pos] == 'T';
        pos += 2;
      }
      nodes.push_back(std::move(node));
      continue;
    }
    if (pos >= format.size()) break;
    if (format[pos] == '"') {
      ++pos;
      while (pos < format.size() && format[pos] != '"') {
        if (format[pos] == '\\' && pos + 1 < format.size()) ++pos;
        node.literal += format[pos++];
      }
      if (pos < format.size()) ++pos;
    } else if (format[pos] == '\\' && pos + 1 < format.size() && format[pos + 1] == '"') {
      // Outside quotes a backslash escapes only a double quote.
      node.literal = "\"";
      pos += 2;
    } else {
      node.literal = std::string(1, format[pos++]);
    }
    nodes.push_back(std::move(node));
  }
  return nodes;
}

std::string OrdinalSuffix(int64_t number, bool upper) {
  const int64_t last = std::llabs(number) % 10;
  const int64_t last_two = std::llabs(number) % 100;
  const char* suffix = "th";
  if (last_two < 11 || last_two > 13) {
    if (last == 1) suffix = "st";
    if (last == 2) suffix = "nd";
    if (last == 3) suffix = "rd";
  }
  std::string out = suffix;
  if (upper) {
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string Padded(int64_t number, int width, bool fill_mode) {
  char buffer[48];
  std::snprintf(buffer, sizeof(buffer), "%0*lld", fill_mode ? 0 : width, static_cast<long long>(number));
  return buffer;
}

std::string Cased(std::string_view name, std::string_view pattern) {
  std::string out(name);
  const bool upper = pattern.size() > 1 && std::isupper(static_cast<unsigned char>(pattern[1]));
  const bool lower = std::islower(static_cast<unsigned char>(pattern[0]));
  for (char& c : out) {
    if (upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string NamePadded(std::string text, int width, bool fill_mode) {
  if (!fill_mode && static_cast<int>(text.size()) < width) text.append(width - text.size(), ' ');
  return text;
}

int DayOfWeek(int julian) {
  int day = (julian + 1) % 7;
  return day < 0 ? day + 7 : day;
}

// ISO 8601 week-numbering helpers (date2isoweek, date2isoyear).
int IsoWeekStart(int year) {
  const int day4 = datetime_internal::DateToJulian(year, 1, 4);
  return day4 - DayOfWeek(day4 - 1);
}

void IsoWeekDate(int year, int month, int day, int& iso_year, int& week, int& iso_day_of_year) {
  const int julian = datetime_internal::DateToJulian(year, month, day);
  iso_year = year;
  int start = IsoWeekStart(year);
  if (julian < start) {
    --iso_year;
    start = IsoWeekStart(iso_year);
  } else if (julian >= IsoWeekStart(year + 1)) {
    ++iso_year;
    start = IsoWeekStart(iso_year);
  }
  week = (julian - start) / 7 + 1;
  iso_day_of_year = julian - start + 1;
}

// The fields to_char shows; `zone` is null for timestamp without time zone and intervals.
struct Shown {
  datetime_internal::TimeFields tm;
  int64_t hours = 0;  // intervals: hours beyond a day
  bool is_interval = false;
  bool has_zone = false;
  int32_t offset = 0;
  std::string abbreviation;
};

std::string FormatNode(const Node& node, const Shown& shown) {
  const std::string& p = node.pattern;
  const auto& tm = shown.tm;
  const bool fm = node.fill_mode;
  const int year = shown.is_interval ? tm.year : (tm.year > 0 ? tm.year : -(tm.year - 1));
  int64_t number = 0;
  std::string text;
  bool numeric = true;
  const std::string upper = [&] {
    std::string u = p;
    for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return u;
  }();
  const int julian = shown.is_interval ? 0 : datetime_internal::DateToJulian(tm.year, tm.month, tm.day);
  const int64_t hour = shown.is_interval ? shown.hours : tm.hour;
  if (upper == "HH" || upper == "HH12") {
    number = hour % 12 == 0 ? 12 : hour % 12;
    text = Padded(number, number >= 0 ? 2 : 3, fm);  // the sign counts in the width
  } else if (upper == "HH24") {
    number = hour;
    text = Padded(number, number >= 0 ? 2 : 3, fm);
  } else if (upper == "MI") {
    number = tm.minute;
    text = Padded(number, number >= 0 ? 2 : 3, fm);
  } else if (upper == "SS") {
    number = tm.second;
    text = Padded(number, number >= 0 ? 2 : 3, fm);
  } else if (upper == "MS") {
    number = tm.microsecond / 1000;
    text = Padded(number, 3, fm);
  } else if (upper == "US") {
    number = tm.microsecond;
    text = Padded(number, 6, fm);
  } else if (upper.starts_with("FF")) {
    const int digits = upper[2] - '0';
    int64_t value = tm.microsecond;
    for (int i = digits; i < 6; ++i) value /= 10;
    number = value;
    text = Padded(value, digits, false);
  } else if (upper == "SSSS" || upper == "SSSSS") {
    number = (hour * 60 + tm.minute) * 60 + tm.second;
    text = std::to_string(number);
  } else if (upper == "AM" || upper == "PM" || upper == "A.M." || upper == "P.M.") {
    numeric = false;
    const bool pm = hour % 24 >= 12;
    text = upper.size() == 2 ? (pm ? "PM" : "AM") : (pm ? "P.M." : "A.M.");
    if (std::islower(static_cast<unsigned char>(p[0]))) text = Cased(text, "x");
  } else if (upper == "AD" || upper == "BC" || upper == "A.D." || upper == "B.C.") {
    numeric = false;
    const bool bc = tm.year <= 0;
    text = upper.size() == 2 ? (bc ? "BC" : "AD") : (bc ? "B.C." : "A.D.");
    if (std::islower(static_cast<unsigned char>(p[0]))) text = Cased(text, "x");
  } else if (upper == "Y,YYY") {
    char buffer[48];
    std::snprintf(buffer, sizeof(buffer), "%d,%03d", year / 1000, year % 1000);
    number = year;
    text = buffer;
  } else if (upper == "YYYY" || upper == "IYYY") {
    int shown_year = year;
    if (upper == "IYYY" && !shown.is_interval) {
      int iso_year = 0, week = 0, doy = 0;
      IsoWeekDate(tm.year, tm.month, tm.day, iso_year, week, doy);
      shown_year = iso_year > 0 ? iso_year : -(iso_year - 1);
    }
    number = shown_year;
    text = Padded(number, 4, fm);
  } else if (upper == "YYY" || upper == "IYY") {
    number = year % 1000;
    text = Padded(number, 3, fm);
  } else if (upper == "YY" || upper == "IY") {
    number = year % 100;
    text = Padded(number, 2, fm);
  } else if (upper == "Y" || upper == "I") {
    number = year % 10;
    text = std::to_string(number);
  } else if (upper == "CC") {
    number = shown.is_interval ? tm.year / 100 : (tm.year > 0 ? (tm.year - 1) / 100 + 1 : tm.year / 100 - 1);
    text = number <= 99 && number >= -99 ? Padded(number, number >= 0 ? 2 : 3, fm) : std::to_string(number);
  } else if (upper == "MONTH" || upper == "MON") {
    numeric = false;
    if (tm.month < 1) return "";
    const std::string name = kMonths[tm.month - 1];
    text = upper == "MON" ? Cased(name.substr(0, 3), p) : NamePadded(Cased(name, p), 9, fm);
  } else if (upper == "MM") {
    number = tm.month;
    text = Padded(number, 2, fm);
  } else if (upper == "DAY" || upper == "DY") {
    numeric = false;
    if (shown.is_interval) return "";
    const std::string name = kDays[DayOfWeek(julian)];
    text = upper == "DY" ? Cased(name.substr(0, 3), p) : NamePadded(Cased(name, p), 9, fm);
  } else if (upper == "DDD") {
    number = shown.is_interval ? tm.day : julian - datetime_internal::DateToJulian(tm.year, 1, 1) + 1;
    text = Padded(number, 3, fm);
  } else if (upper == "IDDD" || upper == "IW") {
    int iso_year = 0, week = 0, doy = 0;
    IsoWeekDate(tm.year, tm.month, tm.day, iso_year, week, doy);
    number = upper == "IW" ? week : doy;
    text = Padded(number, upper == "IW" ? 2 : 3, fm);
  } else if (upper == "DD") {
    number = tm.day;
    text = Padded(number, 2, fm);
  } else if (upper == "D") {
    number = DayOfWeek(julian) + 1;
    text = std::to_string(number);
  } else if (upper == "ID") {
    const int dow = DayOfWeek(julian);
    number = dow == 0 ? 7 : dow;
    text = std::to_string(number);
  } else if (upper == "WW") {
    number = (julian - datetime_internal::DateToJulian(tm.year, 1, 1)) / 7 + 1;
    text = Padded(number, 2, fm);
  } else if (upper == "W") {
    number = (tm.day - 1) / 7 + 1;
    text = std::to_string(number);
  } else if (upper == "J") {
    number = julian;
    text = std::to_string(number);
  } else if (upper == "Q") {
    number = (tm.month - 1) / 3 + 1;
    text = std::to_string(number);
  } else if (upper == "RM") {
    numeric = false;
    if (tm.month < 1) return "";
    text = NamePadded(Cased(kRomanMonths[tm.month - 1], p == "rm" ? "xx" : "XX"), 4, fm);
  } else if (upper == "TZ") {
    numeric = false;
    if (!shown.has_zone) return "";
    text = p == "tz" ? Cased(shown.abbreviation, "xx") : Cased(shown.abbreviation, "XX");
  } else if (upper == "OF") {
    numeric = false;
    if (!shown.has_zone) return "";
    const int32_t magnitude = std::abs(shown.offset);
    text = std::string(shown.offset >= 0 ? "+" : "-") + Padded(magnitude / 3600, 2, fm);
    if (magnitude % 3600 != 0) text += ":" + Padded(magnitude % 3600 / 60, 2, false);
  } else if (upper == "TZH") {
    numeric = false;
    if (!shown.has_zone) return "";
    text = std::string(shown.offset >= 0 ? "+" : "-") + Padded(std::abs(shown.offset) / 3600, 2, fm);
  } else if (upper == "TZM") {
    numeric = false;
    if (!shown.has_zone) return "";
    text = Padded(std::abs(shown.offset) % 3600 / 60, 2, fm);
  }
  if (node.ordinal && numeric) text += OrdinalSuffix(number, node.ordinal_upper);
  return text;
}

std::string Render(std::string_view format, const Shown& shown) {
  std::string out;
  for (const Node& node : ParseFormat(format)) {
    out += node.pattern.empty() ? node.literal : FormatNode(node, shown);
  }
  return out;
}

// ---- input

[[noreturn]] void BadInput(const std::string& message, const std::string& detail = {}) {
  Error error(sqlstate::kInvalidDatetimeFormat, message);
  if (!detail.empty()) error.WithDetail(detail);
  throw error;
}

struct Parsed {
  int year = 0;  // as written (AD/BC applied later); none given: year 0, 1 BC, as PostgreSQL
  bool have_year = false;
  int month = 1;
  int day = 1;
  int day_of_year = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int64_t microsecond = 0;
  std::optional<bool> pm;
  bool bc = false;
  bool twelve_hour = false;
  std::optional<int32_t> offset;
  int century_digits = 0;  // YY / YYY: the digits given
};

bool IsPatternDigitField(const std::string& upper) {
  return upper != "MONTH" && upper != "MON" && upper != "DAY" && upper != "DY" && upper != "AM" &&
         upper != "PM" && upper != "A.M." && upper != "P.M." && upper != "AD" && upper != "BC" &&
         upper != "A.D." && upper != "B.C." && upper != "TZ" && upper != "RM";
}

Parsed ParseInput(std::string_view input, std::string_view format) {
  const std::vector<Node> nodes = ParseFormat(format);
  Parsed parsed;
  size_t pos = 0;
  for (size_t n = 0; n < nodes.size(); ++n) {
    const Node& node = nodes[n];
    if (node.pattern.empty()) {
      // A separator or literal in the template skips one input character (a space in the
      // template also skips any run of spaces).
      if (node.literal == " ") {
        while (pos < input.size() && input[pos] == ' ') ++pos;
      } else if (pos < input.size()) {
        ++pos;
      }
      continue;
    }
    while (pos < input.size() && std::isspace(static_cast<unsigned char>(input[pos]))) ++pos;
    std::string upper = node.pattern;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!IsPatternDigitField(upper)) {
      auto match_name = [&](const char* const* names, size_t count, size_t length) -> int {
        for (size_t i = 0; i < count; ++i) {
          std::string name = names[i];
          if (length != 0) name = name.substr(0, length);
          if (input.size() - pos >= name.size()) {
            bool equal = true;
            for (size_t c = 0; c < name.size(); ++c) {
              if (std::tolower(static_cast<unsigned char>(input[pos + c])) !=
                  std::tolower(static_cast<unsigned char>(name[c]))) {
                equal = false;
                break;
              }
            }
            if (equal) {
              pos += name.size();
              return static_cast<int>(i);
            }
          }
        }
        return -1;
      };
      if (upper == "MONTH" || upper == "MON") {
        const int month = match_name(kMonths, 12, upper == "MON" ? 3 : 0);
        if (month < 0) {
          BadInput("invalid value \"" + std::string(input.substr(pos, upper == "MON" ? 3 : 9)) +
                       "\" for \"" + node.pattern + "\"",
                   "The given value did not match any of the allowed values for this field.");
        }
        parsed.month = month + 1;
      } else if (upper == "DAY" || upper == "DY") {
        if (match_name(kDays, 7, upper == "DY" ? 3 : 0) < 0) {
          BadInput("invalid value \"" + std::string(input.substr(pos, 3)) + "\" for \"" +
                       node.pattern + "\"",
                   "The given value did not match any of the allowed values for this field.");
        }
      } else if (upper == "AM" || upper == "PM" || upper == "A.M." || upper == "P.M.") {
        static const char* const kMeridiem[] = {"AM", "PM", "A.M.", "P.M."};
        const int which = match_name(kMeridiem, 4, 0);
        if (which < 0) {
          BadInput("invalid value \"" + std::string(input.substr(pos, upper.size())) +
                       "\" for \"" + node.pattern + "\"",
                   "The given value did not match any of the allowed values for this field.");
        }
        parsed.pm = which % 2 == 1;
      } else if (upper == "AD" || upper == "BC" || upper == "A.D." || upper == "B.C.") {
        static const char* const kEras[] = {"AD", "BC", "A.D.", "B.C."};
        const int which = match_name(kEras, 4, 0);
        if (which < 0) BadInput("invalid value for \"" + node.pattern + "\"");
        parsed.bc = which % 2 == 1;
      } else {
        BadInput("formatting field \"" + node.pattern + "\" is only supported in to_char");
      }
      continue;
    }
    // A number: as many digits as the field has when another field follows directly,
    // otherwise up to the next non-digit.
    const bool adjacent = n + 1 < nodes.size() && !nodes[n + 1].pattern.empty();
    size_t width = 0;
    if (upper == "YYYY" || upper == "IYYY") width = 4;
    else if (upper == "YYY" || upper == "IYY" || upper == "DDD" || upper == "MS") width = 3;
    else if (upper == "US") width = 6;
    else if (upper == "Y" || upper == "I" || upper == "D" || upper == "Q" || upper == "W") width = 1;
    else width = 2;
    if (upper == "TZH" || upper == "TZM" || upper == "OF" || upper == "Y,YYY" || upper == "J" ||
        upper == "SSSS" || upper == "SSSSS") {
      BadInput("formatting field \"" + node.pattern + "\" is not supported in to_timestamp");
    }
    bool negative = false;
    if (pos < input.size() && (input[pos] == '-' || input[pos] == '+') && upper.starts_with("Y")) {
      negative = input[pos] == '-';
      ++pos;
    }
    const size_t start = pos;
    while (pos < input.size() && std::isdigit(static_cast<unsigned char>(input[pos])) &&
           (!adjacent || pos - start < width)) {
      ++pos;
    }
    if (pos == start) {
      const std::string rest(input.substr(pos));
      BadInput("invalid value \"" + rest.substr(0, width) + "\" for \"" + node.pattern + "\"",
               "Value must be an integer.");
    }
    const std::string digits(input.substr(start, pos - start));
    if (digits.size() > 9) {
      BadInput("value for \"" + node.pattern + "\" in source string is out of range");
    }
    int value = std::atoi(digits.c_str());
    if (negative) value = -value;
    if (upper == "YYYY" || upper == "IYYY") {
      parsed.year = value;
      parsed.have_year = true;
    } else if (upper == "YYY" || upper == "YY" || upper == "Y" || upper == "IYY" || upper == "IY" || upper == "I") {
      parsed.year = value;
      parsed.have_year = true;
      parsed.century_digits = static_cast<int>(digits.size());
    } else if (upper == "MM") {
      parsed.month = value;
    } else if (upper == "DD") {
      parsed.day = value;
    } else if (upper == "DDD") {
      parsed.day_of_year = value;
    } else if (upper == "HH" || upper == "HH12") {
      parsed.hour = value;
      parsed.twelve_hour = true;
    } else if (upper == "HH24") {
      parsed.hour = value;
    } else if (upper == "MI") {
      parsed.minute = value;
    } else if (upper == "SS") {
      parsed.second = value;
    } else if (upper == "MS") {
      int64_t ms = value;
      for (size_t i = digits.size(); i < 3; ++i) ms *= 10;
      parsed.microsecond = ms * 1000;
    } else if (upper == "US" || upper.starts_with("FF")) {
      int64_t us = value;
      for (size_t i = digits.size(); i < 6; ++i) us *= 10;
      parsed.microsecond = us;
    }
  }
  return parsed;
}

// The wall-clock timestamp of parsed fields (do_to_timestamp's checks).
int64_t LocalTimestampOf(Parsed parsed, std::string_view input) {
  if (parsed.century_digits > 0 && parsed.century_digits < 4) {
    // adjust_partial_year_to_2020
    if (parsed.century_digits == 1) parsed.year += 2020;
    else if (parsed.century_digits == 2) parsed.year += parsed.year < 70 ? 2000 : 1900;
    else if (parsed.century_digits == 3) parsed.year += parsed.year < 520 ? 2000 : 1000;
  }
  if (parsed.bc) parsed.year = -parsed.year + 1;
  else if (parsed.year <= 0 && parsed.have_year) parsed.year += 1;  // year 0 is 1 BC
  if (parsed.twelve_hour) {
    if (parsed.hour < 1 || parsed.hour > 12) {
      throw Error(sqlstate::kInvalidDatetimeFormat,
                  "hour \"" + std::to_string(parsed.hour) + "\" is invalid for the 12-hour clock")
          .WithHint("Use the 24-hour clock, or give an hour between 1 and 12.");
    }
  }
  if (parsed.pm) {
    if (*parsed.pm && parsed.hour < 12) parsed.hour += 12;
    if (!*parsed.pm && parsed.hour == 12) parsed.hour = 0;
  }
  datetime_internal::TimeFields fields;
  fields.year = parsed.year;
  fields.month = parsed.month;
  fields.day = parsed.day;
  if (parsed.day_of_year > 0) {
    datetime_internal::JulianToDate(
        datetime_internal::DateToJulian(parsed.year, 1, 1) + parsed.day_of_year - 1, fields.year,
        fields.month, fields.day);
  }
  fields.hour = parsed.hour;
  fields.minute = parsed.minute;
  fields.second = parsed.second;
  fields.microsecond = parsed.microsecond;
  const std::string quoted = "\"" + std::string(input) + "\"";
  if (fields.month < 1 || fields.month > 12 || fields.day < 1 ||
      fields.day > datetime_internal::DaysInMonth(fields.year, fields.month) || fields.hour > 24 ||
      fields.minute > 59 || fields.second > 60) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "date/time field value out of range: " + quoted);
  }
  int64_t result = 0;
  if (!datetime_internal::TimestampFromFields(fields, result)) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "timestamp out of range: " + quoted);
  }
  return result;
}

}  // namespace

Value ToCharTimestamp(std::span<const Value> args) {
  const int64_t timestamp = args[0].AsInt();
  if (timestamp == kTimestampInfinity || timestamp == kTimestampNegativeInfinity) {
    return Value::Null(TypeId::kText);
  }
  Shown shown;
  int64_t local = timestamp;
  if (args[0].type() == TypeId::kTimestampTz) {
    const TimeZone& zone = SessionTimeZone();
    const int64_t seconds = (timestamp - (timestamp % kMicrosecondsPerSecond < 0 ? kMicrosecondsPerSecond : 0)) /
                                kMicrosecondsPerSecond + 946684800;
    const TimeZone::LocalTime at = zone.AtUtc(seconds);
    shown.has_zone = true;
    shown.offset = at.utc_offset;
    shown.abbreviation = at.abbreviation;
    local = LocalFromTimestampTz(timestamp, zone);
  }
  datetime_internal::FieldsFromTimestamp(local, shown.tm);
  return Value::Text(Render(args[1].AsString(), shown));
}

Value ToCharInterval(std::span<const Value> args) {
  const Interval& interval = args[0].AsInterval();
  Shown shown;
  shown.is_interval = true;
  shown.tm.year = interval.month / 12;
  shown.tm.month = interval.month % 12;
  shown.tm.day = interval.day;
  int64_t time = interval.time;
  shown.hours = time / (3600 * kMicrosecondsPerSecond);
  time -= shown.hours * 3600 * kMicrosecondsPerSecond;
  shown.tm.minute = static_cast<int>(time / (60 * kMicrosecondsPerSecond));
  time -= shown.tm.minute * 60 * kMicrosecondsPerSecond;
  shown.tm.second = static_cast<int>(time / kMicrosecondsPerSecond);
  shown.tm.microsecond = time - shown.tm.second * kMicrosecondsPerSecond;
  return Value::Text(Render(args[1].AsString(), shown));
}

Value ToTimestampFormat(std::span<const Value> args) {
  const std::string& input = args[0].AsString();
  const Parsed parsed = ParseInput(input, args[1].AsString());
  const int64_t local = LocalTimestampOf(parsed, input);
  return Value::TimestampTz(TimestampTzFromLocal(local, SessionTimeZone()));
}

Value ToDateFormat(std::span<const Value> args) {
  const std::string& input = args[0].AsString();
  const Parsed parsed = ParseInput(input, args[1].AsString());
  const int64_t local = LocalTimestampOf(parsed, input);
  return Value::Date(datetime_internal::DateFromTimestamp(local));
}

}  // namespace granary::types
