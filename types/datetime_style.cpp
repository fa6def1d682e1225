// The per-thread DateStyle/IntervalStyle and the parsing of their settings.
#include "types/datetime_style.hpp"

#include <cctype>
#include <vector>

namespace granary::types {
namespace {

thread_local DatetimeStyle current;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The list's items, split at commas and white space as SplitIdentifierString does for a
// DateStyle value (quotes are not expected here).
std::vector<std::string> Tokens(std::string_view value) {
  std::vector<std::string> tokens;
  std::string token;
  for (char c : value) {
    if (c == '"') continue;  // a quoted item is the word inside the quotes
    if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
      if (!token.empty()) tokens.push_back(std::move(token));
      token.clear();
    } else {
      token += c;
    }
  }
  if (!token.empty()) tokens.push_back(std::move(token));
  return tokens;
}

}  // namespace

const DatetimeStyle& SessionDatetimeStyle() { return current; }

ScopedDatetimeStyle::ScopedDatetimeStyle(const DatetimeStyle& style) : previous_(current) { current = style; }

ScopedDatetimeStyle::~ScopedDatetimeStyle() { current = previous_; }

std::optional<DatetimeStyle> ParseDateStyle(std::string_view value, const DatetimeStyle& current_style,
                                            std::string& detail) {
  const DatetimeStyle boot;
  DatetimeStyle style = current_style;
  bool have_format = false;
  bool have_order = false;
  bool conflict = false;
  auto set_format = [&](DateFormat format) {
    if (have_format && style.format != format) conflict = true;
    style.format = format;
    have_format = true;
  };
  auto set_order = [&](DateOrder order) {
    if (have_order && style.order != order) conflict = true;
    style.order = order;
    have_order = true;
  };
  const std::vector<std::string> tokens = Tokens(value);
  for (const std::string& token : tokens) {
    const std::string word = Lower(token);
    if (word == "iso") {
      set_format(DateFormat::kIso);
    } else if (word == "sql") {
      set_format(DateFormat::kSql);
    } else if (word.rfind("postgres", 0) == 0) {
      set_format(DateFormat::kPostgres);
    } else if (word == "german") {
      set_format(DateFormat::kGerman);
      if (!have_order) style.order = DateOrder::kDmy;  // German alone also means DMY
    } else if (word == "ymd") {
      set_order(DateOrder::kYmd);
    } else if (word == "dmy" || word.rfind("euro", 0) == 0) {
      set_order(DateOrder::kDmy);
    } else if (word == "mdy" || word == "us" || word.rfind("noneuro", 0) == 0) {
      set_order(DateOrder::kMdy);
    } else if (word == "default") {
      // The boot value's halves for what the list has not named (check_datestyle).
      if (!have_format) style.format = boot.format;
      if (!have_order) style.order = boot.order;
      have_format = have_order = true;
    } else {
      detail = "Unrecognized key word: \"" + token + "\".";
      return std::nullopt;
    }
  }
  if (conflict) {
    detail = "Conflicting \"datestyle\" specifications.";
    return std::nullopt;
  }
  return style;
}

std::string DateStyleText(const DatetimeStyle& style) {
  std::string text;
  switch (style.format) {
    case DateFormat::kIso: text = "ISO"; break;
    case DateFormat::kSql: text = "SQL"; break;
    case DateFormat::kPostgres: text = "Postgres"; break;
    case DateFormat::kGerman: text = "German"; break;
  }
  switch (style.order) {
    case DateOrder::kYmd: return text + ", YMD";
    case DateOrder::kDmy: return text + ", DMY";
    case DateOrder::kMdy: return text + ", MDY";
  }
  return text;
}

std::optional<IntervalStyle> ParseIntervalStyle(std::string_view value) {
  const std::string word = Lower(value);
  if (word == "postgres") return IntervalStyle::kPostgres;
  if (word == "postgres_verbose") return IntervalStyle::kPostgresVerbose;
  if (word == "sql_standard") return IntervalStyle::kSqlStandard;
  if (word == "iso_8601") return IntervalStyle::kIso8601;
  return std::nullopt;
}

std::string_view IntervalStyleText(IntervalStyle style) {
  switch (style) {
    case IntervalStyle::kPostgres: return "postgres";
    case IntervalStyle::kPostgresVerbose: return "postgres_verbose";
    case IntervalStyle::kSqlStandard: return "sql_standard";
    case IntervalStyle::kIso8601: return "iso_8601";
  }
  return "postgres";
}

}  // namespace granary::types
