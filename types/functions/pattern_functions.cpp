// LIKE matching by backtracking on '%', which is linear for patterns without '%' and
// bounded by text x pattern otherwise (the classic greedy algorithm with one restart point).
#include "types/functions/pattern_functions.hpp"

#include <string>
#include <unicode/unistr.h>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::types {
namespace {

size_t CharacterEnd(std::string_view s, size_t at) {
  size_t end = at + 1;
  while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) ++end;
  return end;
}

}  // namespace

bool LikeMatch(std::string_view text, std::string_view pattern, std::string_view escape) {
  size_t t = 0;
  size_t p = 0;
  size_t star_p = std::string_view::npos;  // pattern position after the last '%'
  size_t star_t = 0;                       // text position that '%' matched up to
  while (t < text.size()) {
    if (p < pattern.size()) {
      const size_t p_end = CharacterEnd(pattern, p);
      std::string_view token = pattern.substr(p, p_end - p);
      if (token == "%") {
        star_p = p_end;
        star_t = t;
        p = p_end;
        continue;
      }
      const size_t t_end = CharacterEnd(text, t);
      if (token == "_") {
        t = t_end;
        p = p_end;
        continue;
      }
      size_t next_p = p_end;
      if (!escape.empty() && token == escape) {
        if (p_end >= pattern.size()) {
          throw Error(sqlstate::kInvalidEscapeSequence,
                      "LIKE pattern must not end with escape character");
        }
        next_p = CharacterEnd(pattern, p_end);
        token = pattern.substr(p_end, next_p - p_end);
      }
      if (token == text.substr(t, t_end - t)) {
        t = t_end;
        p = next_p;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    star_t = CharacterEnd(text, star_t);
    t = star_t;
    p = star_p;
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  if (p < pattern.size() && !escape.empty() && pattern.substr(p) == escape) {
    throw Error(sqlstate::kInvalidEscapeSequence, "LIKE pattern must not end with escape character");
  }
  return p == pattern.size();
}

Value Like(std::span<const Value> args) {
  const std::string_view escape = args.size() > 2 ? std::string_view(args[2].AsString()) : "\\";
  return Value::Bool(LikeMatch(args[0].AsString(), args[1].AsString(), escape));
}

Value NotLike(std::span<const Value> args) { return Value::Bool(!Like(args).AsBool()); }
Value CaseInsensitiveNotLike(std::span<const Value> args) { return Value::Bool(!CaseInsensitiveLike(args).AsBool()); }

std::string SimilarToRegex(std::string_view pattern, std::string_view escape) {
  if (!escape.empty() && CharacterEnd(escape, 0) != escape.size()) {
    throw Error(sqlstate::kInvalidEscapeSequence, "invalid escape string")
        .WithHint("Escape string must be empty or one character.");
  }
  // The separators: what the first and the second escape-double-quote close and open.
  static constexpr std::string_view kSeparators[] = {"){1,1}?(", "){1,1}(?:"};
  std::string out = "^(?:";
  int quotes = 0;
  bool after_escape = false;
  bool in_class = false;
  for (size_t at = 0; at < pattern.size();) {
    const size_t end = CharacterEnd(pattern, at);
    const std::string_view c = pattern.substr(at, end - at);
    at = end;
    if (after_escape) {
      after_escape = false;
      if (c == "\"" && !in_class) {
        if (quotes == 2) {
          throw Error(sqlstate::kInvalidUseOfEscapeCharacter,
                      "SQL regular expression may not contain more than two escape-double-quote separators");
        }
        out += kSeparators[quotes++];
      } else {
        // Any character may be escaped, which reaches the regex engine's own specials.
        out += '\\';
        out += c;
      }
    } else if (!escape.empty() && c == escape) {
      after_escape = true;
    } else if (in_class) {
      if (c == "\\") out += '\\';
      out += c;
      if (c == "]") in_class = false;
    } else if (c == "[") {
      out += c;
      in_class = true;
    } else if (c == "%") {
      out += ".*";
    } else if (c == "_") {
      out += '.';
    } else if (c == "(") {
      out += "(?:";
    } else if (c == "\\" || c == "." || c == "^" || c == "$") {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  out += ")$";
  return out;
}

Value SimilarToEscape(std::span<const Value> args) {
  const std::string_view escape = args.size() > 1 ? std::string_view(args[1].AsString()) : "\\";
  return Value::Text(SimilarToRegex(args[0].AsString(), escape));
}

Value CaseInsensitiveLike(std::span<const Value> args) {
  auto fold = [](const std::string& s) {
    std::string out;
    icu::UnicodeString::fromUTF8(s).foldCase().toUTF8String(out);
    return out;
  };
  const std::string escape = args.size() > 2 ? args[2].AsString() : "\\";
  return Value::Bool(LikeMatch(fold(args[0].AsString()), fold(args[1].AsString()), escape));
}

}  // namespace granary::types
