// Date/time input, first step: ParseDateTime's field splitting and the keyword tables
// (see datetime_fields.hpp).
#include "types/datetime_fields.hpp"

#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace granary::types::datetime_internal {
namespace {

// The subset of datetktbl that dates and timestamps use.
constexpr Token kTokens[] = {
    {"-infinity", kReserved, static_cast<int>(Reserved::kEarly)},
    {"ad", kAdBc, 0},
    {"allballs", kReserved, static_cast<int>(Reserved::kZulu)},
    {"am", kAmPm, kAm},
    {"apr", kMonth, 4},
    {"april", kMonth, 4},
    {"at", kIgnore, 0},
    {"aug", kMonth, 8},
    {"august", kMonth, 8},
    {"bc", kAdBc, 1},
    {"dec", kMonth, 12},
    {"december", kMonth, 12},
    {"epoch", kReserved, static_cast<int>(Reserved::kEpoch)},
    {"feb", kMonth, 2},
    {"february", kMonth, 2},
    {"fri", kDayOfWeek, 5},
    {"friday", kDayOfWeek, 5},
    {"infinity", kReserved, static_cast<int>(Reserved::kLate)},
    {"j", kUnits, static_cast<int>(Prefix::kJulian)},
    {"jan", kMonth, 1},
    {"january", kMonth, 1},
    {"jul", kMonth, 7},
    {"julian", kUnits, static_cast<int>(Prefix::kJulian)},
    {"july", kMonth, 7},
    {"jun", kMonth, 6},
    {"june", kMonth, 6},
    {"mar", kMonth, 3},
    {"march", kMonth, 3},
    {"may", kMonth, 5},
    {"mon", kDayOfWeek, 1},
    {"monday", kDayOfWeek, 1},
    {"now", kReserved, static_cast<int>(Reserved::kNow)},
    {"nov", kMonth, 11},
    {"november", kMonth, 11},
    {"oct", kMonth, 10},
    {"october", kMonth, 10},
    {"on", kIgnore, 0},
    {"pm", kAmPm, kPm},
    {"sat", kDayOfWeek, 6},
    {"saturday", kDayOfWeek, 6},
    {"sep", kMonth, 9},
    {"sept", kMonth, 9},
    {"september", kMonth, 9},
    {"sun", kDayOfWeek, 0},
    {"sunday", kDayOfWeek, 0},
    {"t", kIsoTime, static_cast<int>(Prefix::kTime)},
    {"thu", kDayOfWeek, 4},
    {"thur", kDayOfWeek, 4},
    {"thurs", kDayOfWeek, 4},
    {"thursday", kDayOfWeek, 4},
    {"today", kReserved, static_cast<int>(Reserved::kToday)},
    {"tomorrow", kReserved, static_cast<int>(Reserved::kTomorrow)},
    {"tue", kDayOfWeek, 2},
    {"tues", kDayOfWeek, 2},
    {"tuesday", kDayOfWeek, 2},
    {"wed", kDayOfWeek, 3},
    {"wednesday", kDayOfWeek, 3},
    {"yesterday", kReserved, static_cast<int>(Reserved::kYesterday)},
};

// Time zone abbreviations: the common part of PostgreSQL's Default set
// (timezonesets/Default), with their offsets in seconds east of UTC.
struct ZoneAbbreviation {
  std::string_view name;
  int32_t offset;
};
constexpr ZoneAbbreviation kZoneAbbreviations[] = {
    {"acdt", 37800}, {"acst", 34200}, {"aedt", 39600}, {"aest", 36000}, {"akdt", -28800},
    {"akst", -32400}, {"ast", -14400},  {"awst", 28800},  {"bst", 3600},    {"cat", 7200},
    {"cdt", -18000},  {"cest", 7200},   {"cet", 3600},    {"cst", -21600},  {"eat", 10800},
    {"edt", -14400},  {"eest", 10800},  {"eet", 7200},    {"est", -18000},  {"gmt", 0},
    {"hkt", 28800},   {"hst", -36000},  {"idt", 10800},   {"ist", 7200},    {"jst", 32400},
    {"kst", 32400},   {"mdt", -21600},  {"msk", 10800},   {"mst", -25200},  {"nzdt", 46800},
    {"nzst", 43200},  {"pdt", -25200},  {"pst", -28800},  {"sast", 7200},   {"uct", 0},
    {"ut", 0},        {"utc", 0},       {"wast", 7200},   {"wat", 3600},    {"west", 3600},
    {"wet", 0},       {"z", 0},         {"zulu", 0},
};

}  // namespace

std::optional<Token> LookupToken(std::string_view text) {
  for (const Token& token : kTokens) {
    if (token.text == text) return token;
  }
  return std::nullopt;
}

std::optional<int32_t> LookupZoneAbbreviation(std::string_view text) {
  for (const ZoneAbbreviation& abbreviation : kZoneAbbreviations) {
    if (abbreviation.name == text) return abbreviation.offset;
  }
  return std::nullopt;
}

namespace {

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// PostgreSQL's working buffer holds MAXDATELEN + MAXDATEFIELDS characters; longer input is
// a format error there, and here.
constexpr size_t kMaxDateLength = 128;

}  // namespace

bool SplitFields(std::string_view input, std::vector<Field>& fields) {
  size_t pos = 0;
  size_t used = 0;
  auto at = [&](size_t i) { return i < input.size() ? input[i] : '\0'; };
  while (pos < input.size()) {
    if (IsSpace(input[pos])) {
      ++pos;
      continue;
    }
    if (fields.size() >= kMaxDateFields) return false;
    Field field{FieldKind::kNumber, ""};
    std::string& out = field.text;
    const char c = input[pos];
    if (IsDigit(c)) {
      while (IsDigit(at(pos))) out += input[pos++];
      if (at(pos) == ':') {
        field.kind = FieldKind::kTime;
        out += input[pos++];
        while (IsDigit(at(pos)) || at(pos) == ':' || at(pos) == '.') out += input[pos++];
      } else if (at(pos) == '-' || at(pos) == '/' || at(pos) == '.') {
        const char delimiter = input[pos];
        out += input[pos++];
        if (IsDigit(at(pos))) {
          field.kind = delimiter == '.' ? FieldKind::kNumber : FieldKind::kDate;
          while (IsDigit(at(pos))) out += input[pos++];
          // Only matching delimiters make a three-field date.
          if (at(pos) == delimiter) {
            field.kind = FieldKind::kDate;
            out += input[pos++];
            while (IsDigit(at(pos)) || at(pos) == delimiter) out += input[pos++];
          }
        } else {
          field.kind = FieldKind::kDate;
          while (IsAlnum(at(pos)) || at(pos) == delimiter) out += Lower(input[pos++]);
        }
      }
    } else if (c == '.') {
      out += input[pos++];
      while (IsDigit(at(pos))) out += input[pos++];
    } else if (IsAlpha(c)) {
      field.kind = FieldKind::kString;
      while (IsAlpha(at(pos))) out += Lower(input[pos++]);
      // Embedded punctuation makes a date ("jan-05-2024") or a zone name, unless what we
      // have is a known keyword followed by a digit or '+' ("t10:00", "j2451545").
      bool is_date = false;
      const char next = at(pos);
      if (next == '-' || next == '/' || next == '.') {
        is_date = true;
      } else if (next == '+' || IsDigit(next)) {
        is_date = !LookupToken(out).has_value();
      }
      if (is_date) {
        field.kind = FieldKind::kDate;
        do {
          out += Lower(input[pos++]);
        } while (at(pos) == '+' || at(pos) == '-' || at(pos) == '/' || at(pos) == '_' ||
                 at(pos) == '.' || at(pos) == ':' || IsAlnum(at(pos)));
      }
    } else if (c == '+' || c == '-') {
      out += input[pos++];
      while (IsSpace(at(pos))) ++pos;
      if (IsDigit(at(pos))) {
        field.kind = FieldKind::kTimeZone;
        out += input[pos++];
        while (IsDigit(at(pos)) || at(pos) == ':' || at(pos) == '.' || at(pos) == '-') {
          out += input[pos++];
        }
      } else if (IsAlpha(at(pos))) {
        field.kind = FieldKind::kSpecial;
        while (IsAlpha(at(pos))) out += Lower(input[pos++]);
      } else {
        return false;
      }
    } else if (std::ispunct(static_cast<unsigned char>(c))) {
      ++pos;  // other punctuation only separates fields
      continue;
    } else {
      return false;
    }
    used += out.size() + 1;
    if (used > kMaxDateLength + kMaxDateFields) return false;
    fields.push_back(std::move(field));
  }
  return true;
}

}  // namespace granary::types::datetime_internal
