// Regular expression match operators on ICU's regex engine (see the header for departures).
#include "types/functions/regex_functions.hpp"

#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <climits>
#include <list>
#include <memory>
#include <string>
#include <utility>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/array.hpp"
#include "types/functions/pattern_functions.hpp"
#include "types/varlena_limits.hpp"

namespace granary::types {
namespace {

constexpr size_t kCachedPatterns = 32;

struct CachedPattern {
  std::string pattern;
  uint32_t flags;
  std::unique_ptr<icu::RegexPattern> compiled;
};

// The pattern as ICU reads it: outside bracket expressions and escapes, `$` becomes `\z`
// (end of input) unless `$` may match at line ends (newline-sensitive mode) or the pattern
// is literal.
std::string IcuPattern(std::string_view pattern, uint32_t flags) {
  std::string out(pattern);
  if ((flags & (UREGEX_MULTILINE | UREGEX_LITERAL)) != 0) return out;
  out.clear();
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out += pattern.substr(i, 2);
      ++i;
    } else if (c == '[') {
      // A bracket expression runs to the first `]` that is not its first member or part
      // of a [:class:], [=equivalence=] or [.element.] inside it.
      size_t j = i + 1;
      if (j < pattern.size() && pattern[j] == '^') ++j;
      if (j < pattern.size() && pattern[j] == ']') ++j;
      while (j < pattern.size() && pattern[j] != ']') {
        if (pattern[j] == '\\') {
          ++j;
        } else if (pattern[j] == '[' && j + 1 < pattern.size() &&
                   (pattern[j + 1] == ':' || pattern[j + 1] == '=' || pattern[j + 1] == '.')) {
          const size_t close = pattern.find(std::string{pattern[j + 1], ']'}, j + 2);
          if (close != std::string_view::npos) j = close + 1;
        }
        ++j;
      }
      const size_t end = std::min(j + 1, pattern.size());
      out += pattern.substr(i, end - i);
      i = end - 1;
    } else if (c == '$') {
      out += "\\z";
    } else {
      out += c;
    }
  }
  return out;
}

// Most-recently used first; a catalog query matches the same pattern against every row.
const icu::RegexPattern& Compile(std::string_view pattern, uint32_t flags) {
  thread_local std::list<CachedPattern> cache;
  for (auto it = cache.begin(); it != cache.end(); ++it) {
    if (it->flags == flags && it->pattern == pattern) {
      cache.splice(cache.begin(), cache, it);
      return *cache.front().compiled;
    }
  }
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  const std::string icu_pattern = IcuPattern(pattern, flags);
  std::unique_ptr<icu::RegexPattern> compiled(icu::RegexPattern::compile(
      icu::UnicodeString::fromUTF8(icu::StringPiece(icu_pattern.data(), static_cast<int32_t>(icu_pattern.size()))),
      flags, parse_error, status));
  if (U_FAILURE(status) || !compiled) {
    throw Error(sqlstate::kInvalidRegularExpression,
                std::string("invalid regular expression: ") + u_errorName(status));
  }
  cache.push_front(CachedPattern{std::string(pattern), flags, std::move(compiled)});
  if (cache.size() > kCachedPatterns) cache.pop_back();
  return *cache.front().compiled;
}

}  // namespace

bool RegexMatch(std::string_view text, std::string_view pattern, bool case_insensitive) {
  // As an ARE without the n flag, `.` matches a newline too.
  const icu::RegexPattern& compiled =
      Compile(pattern, UREGEX_DOTALL | (case_insensitive ? UREGEX_CASE_INSENSITIVE : 0));
  const icu::UnicodeString subject =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::RegexMatcher> matcher(compiled.matcher(subject, status));
  if (U_FAILURE(status)) {
    throw Error(sqlstate::kInvalidRegularExpression,
                std::string("invalid regular expression: ") + u_errorName(status));
  }
  const bool found = matcher->find(status);
  if (U_FAILURE(status)) {
    throw Error(sqlstate::kInvalidRegularExpression,
                std::string("regular expression failed: ") + u_errorName(status));
  }
  return found;
}

Value RegexMatchOperator(std::span<const Value> args) {
  return Value::Bool(RegexMatch(args[0].AsString(), args[1].AsString(), false));
}
Value RegexNotMatchOperator(std::span<const Value> args) {
  return Value::Bool(!RegexMatch(args[0].AsString(), args[1].AsString(), false));
}
Value CaseInsensitiveRegexMatchOperator(std::span<const Value> args) {
  return Value::Bool(RegexMatch(args[0].AsString(), args[1].AsString(), true));
}
Value CaseInsensitiveRegexNotMatchOperator(std::span<const Value> args) {
  return Value::Bool(!RegexMatch(args[0].AsString(), args[1].AsString(), true));
}

}  // namespace granary::types

// regexp_* functions: PostgreSQL's regexp.c over the same engine.
namespace granary::types {
namespace {

std::string ToUtf8(const icu::UnicodeString& text, int32_t begin, int32_t end) {
  std::string out;
  text.tempSubStringBetween(begin, end).toUTF8String(out);
  return out;
}

struct RegexFlags {
  uint32_t icu = UREGEX_DOTALL;
  bool global = false;
};

// PostgreSQL's parse_re_flags: i c n m s p w x q g (g only where `allow_global`); b and e
// (basic and extended syntax) are not available.
RegexFlags ParseFlags(const Value* flags, bool allow_global, const char* function) {
  RegexFlags out;
  if (flags == nullptr) return out;
  for (char c : flags->AsString()) {
    switch (c) {
      case 'g':
        if (!allow_global) {
          const bool matches = std::string_view(function) == "regexp_match";
          throw Error(sqlstate::kInvalidParameterValue,
                      std::string(function) + "() does not support the \"global\" option")
              .WithHint(matches ? "Use the regexp_matches function instead." : "");
        }
        out.global = true;
        break;
      case 'i': out.icu |= UREGEX_CASE_INSENSITIVE; break;
      case 'c': out.icu &= ~static_cast<uint32_t>(UREGEX_CASE_INSENSITIVE); break;
      case 'n':
      case 'm': out.icu = (out.icu & ~static_cast<uint32_t>(UREGEX_DOTALL)) | UREGEX_MULTILINE; break;
      case 's': out.icu = (out.icu | UREGEX_DOTALL) & ~static_cast<uint32_t>(UREGEX_MULTILINE); break;
      case 'p': out.icu &= ~static_cast<uint32_t>(UREGEX_DOTALL | UREGEX_MULTILINE); break;
      case 'w': out.icu |= UREGEX_DOTALL | UREGEX_MULTILINE; break;
      case 'x': out.icu |= UREGEX_COMMENTS; break;
      case 'q': out.icu |= UREGEX_LITERAL; break;
      case 't': out.icu &= ~static_cast<uint32_t>(UREGEX_COMMENTS); break;
      case 'b':
      case 'e':
        throw Error(sqlstate::kFeatureNotSupported,
                    std::string("regular expression option \"") + c + "\" is not supported");
      default:
        throw Error(sqlstate::kInvalidParameterValue,
                    std::string("invalid regular expression option: \"") + c + "\"");
    }
  }
  return out;
}

// One pattern run over one subject, in UTF-16 positions.
class Search {
 public:
  Search(std::string_view subject, std::string_view pattern, uint32_t flags)
      : subject_(icu::UnicodeString::fromUTF8(
            icu::StringPiece(subject.data(), static_cast<int32_t>(subject.size())))) {
    const icu::RegexPattern& compiled = Compile(pattern, flags);
    UErrorCode status = U_ZERO_ERROR;
    matcher_.reset(compiled.matcher(subject_, status));
    Check(status);
  }

  const icu::UnicodeString& subject() const { return subject_; }
  int32_t length() const { return subject_.length(); }
  // The UTF-16 index of 1-based character position `start` (clamped to the end).
  int32_t IndexOfCharacter(int64_t start) const {
    return subject_.moveIndex32(0, static_cast<int32_t>(std::min<int64_t>(start - 1, INT32_MAX)));
  }

  bool Find(int32_t from) {
    if (from > subject_.length()) return false;
    UErrorCode status = U_ZERO_ERROR;
    const bool found = matcher_->find(from, status);
    Check(status);
    return found;
  }
  int32_t Groups() const { return matcher_->groupCount(); }
  // Start and end of group `g` (0: the whole match); -1 when the group did not take part.
  int32_t Start(int32_t g) const {
    UErrorCode status = U_ZERO_ERROR;
    const int32_t at = matcher_->start(g, status);
    return U_FAILURE(status) ? -1 : at;
  }
  int32_t End(int32_t g) const {
    UErrorCode status = U_ZERO_ERROR;
    const int32_t at = matcher_->end(g, status);
    return U_FAILURE(status) ? -1 : at;
  }
  Value Group(int32_t g) const {
    const int32_t begin = Start(g);
    if (begin < 0) return Value::Null(TypeId::kText);
    return Value::Text(ToUtf8(subject_, begin, End(g)));
  }

 private:
  static void Check(UErrorCode status) {
    if (U_FAILURE(status)) {
      throw Error(sqlstate::kInvalidRegularExpression,
                  std::string("regular expression failed: ") + u_errorName(status));
    }
  }
  icu::UnicodeString subject_;
  std::unique_ptr<icu::RegexMatcher> matcher_;
};

void CheckStart(int64_t start) {
  if (start <= 0) {
    throw Error(sqlstate::kInvalidParameterValue,
                "invalid value for parameter \"start\": " + std::to_string(start));
  }
}

// The matches a global search visits (PostgreSQL's setup_regexp_matches): after an empty
// match the search moves on one character; with `ignore_degenerate`, empty matches at the
// start or end of the subject or right after a previous match are skipped.
template <typename OnMatch>
void EachMatch(Search& search, int32_t from, bool global, bool ignore_degenerate, OnMatch on_match) {
  int32_t previous_end = 0;
  while (search.Find(from)) {
    const int32_t start = search.Start(0);
    const int32_t end = search.End(0);
    if (!ignore_degenerate || (start < search.length() && end > previous_end)) on_match();
    previous_end = end;
    if (!global) break;
    from = end;
    if (start == end) {
      if (from >= search.length()) break;
      from = search.subject().moveIndex32(from, 1);
    }
  }
}

}  // namespace

// regexp_replace(source, pattern, replacement[, flags]) and PostgreSQL 15's
// regexp_replace(source, pattern, replacement, start[, n[, flags]]).
Value RegexpReplace(std::span<const Value> args) {
  const bool numbered = args.size() >= 4 && args[3].type() != TypeId::kText;
  int64_t start = 1;
  int64_t n = 1;
  const Value* flags_value = nullptr;
  if (numbered) {
    start = args[3].AsInt();
    CheckStart(start);
    if (args.size() >= 5) {
      n = args[4].AsInt();
      if (n < 0) throw Error(sqlstate::kInvalidParameterValue, "invalid value for parameter \"n\": " + std::to_string(n));
    }
    if (args.size() >= 6) flags_value = &args[5];
  } else if (args.size() == 4) {
    flags_value = &args[3];
  }
  RegexFlags flags = ParseFlags(flags_value, true, "regexp_replace");
  // With start but no n, only the first match is replaced unless g; n = 0 is every match.
  if (numbered && args.size() >= 5) flags.global = n == 0;
  if (!numbered && !flags.global) n = 1;
  if (flags.global) n = 0;
  Search search(args[0].AsString(), args[1].AsString(), flags.icu);
  const icu::UnicodeString& subject = search.subject();
  const std::string& replacement = args[2].AsString();
  std::string out = ToUtf8(subject, 0, search.IndexOfCharacter(start));
  int32_t copied = search.IndexOfCharacter(start);
  int64_t seen = 0;
  EachMatch(search, copied, true, false, [&] {
    ++seen;
    if (n != 0 && seen != n) return;
    const int32_t begin = search.Start(0);
    out += ToUtf8(subject, copied, begin);
    for (size_t i = 0; i < replacement.size(); ++i) {
      const char c = replacement[i];
      if (c != '\\' || i + 1 == replacement.size()) {
        out += c;
        continue;
      }
      const char next = replacement[i + 1];
      if (next >= '1' && next <= '9') {
        const int32_t group = next - '0';
        if (group <= search.Groups() && search.Start(group) >= 0) {
          out += ToUtf8(subject, search.Start(group), search.End(group));
        }
        ++i;
      } else if (next == '&') {
        out += ToUtf8(subject, begin, search.End(0));
        ++i;
      } else if (next == '\\') {
        out += '\\';
        ++i;
      } else {
        out += '\\';
      }
    }
    copied = search.End(0);
    CheckValueSize(out.size());
  });
  out += ToUtf8(subject, copied, subject.length());
  return Value::Text(std::move(out));
}

// regexp_match(string, pattern[, flags]): the first match's groups (or the whole match when
// the pattern has none) as text[]; NULL without a match.
Value RegexpMatch(std::span<const Value> args) {
  const RegexFlags flags = ParseFlags(args.size() > 2 ? &args[2] : nullptr, false, "regexp_match");
  Search search(args[0].AsString(), args[1].AsString(), flags.icu);
  if (!search.Find(0)) return Value::Null(TypeId::kTextArray);
  std::vector<Value> elements;
  if (search.Groups() == 0) {
    elements.push_back(search.Group(0));
  } else {
    for (int32_t g = 1; g <= search.Groups(); ++g) elements.push_back(search.Group(g));
  }
  return MakeArray(TypeId::kTextArray, std::move(elements));
}

namespace {

Value MatchArray(const Search& search) {
  std::vector<Value> elements;
  if (search.Groups() == 0) {
    elements.push_back(search.Group(0));
  } else {
    for (int32_t g = 1; g <= search.Groups(); ++g) elements.push_back(search.Group(g));
  }
  return MakeArray(TypeId::kTextArray, std::move(elements));
}

}  // namespace

std::vector<Value> RegexpMatches(std::span<const Value> args) {
  const RegexFlags flags = ParseFlags(args.size() > 2 ? &args[2] : nullptr, true, "regexp_matches");
  Search search(args[0].AsString(), args[1].AsString(), flags.icu);
  std::vector<Value> rows;
  EachMatch(search, 0, flags.global, false, [&] { rows.push_back(MatchArray(search)); });
  return rows;
}

Value RegexpSplitToArray(std::span<const Value> args) {
  const RegexFlags flags = ParseFlags(args.size() > 2 ? &args[2] : nullptr, false, "regexp_split_to_array");
  Search search(args[0].AsString(), args[1].AsString(), flags.icu);
  std::vector<Value> elements;
  int32_t previous = 0;
  EachMatch(search, 0, true, true, [&] {
    elements.push_back(Value::Text(ToUtf8(search.subject(), previous, search.Start(0))));
    previous = search.End(0);
  });
  elements.push_back(Value::Text(ToUtf8(search.subject(), previous, search.length())));
  return MakeArray(TypeId::kTextArray, std::move(elements));
}

// regexp_count(string, pattern[, start[, flags]])
Value RegexpCount(std::span<const Value> args) {
  const int64_t start = args.size() > 2 ? args[2].AsInt() : 1;
  CheckStart(start);
  const RegexFlags flags = ParseFlags(args.size() > 3 ? &args[3] : nullptr, false, "regexp_count");
  Search search(args[0].AsString(), args[1].AsString(), flags.icu);
  int64_t count = 0;
  EachMatch(search, search.IndexOfCharacter(start), true, false, [&] { ++count; });
  return Value::Int4(count);
}

// regexp_like(string, pattern[, flags])
Value RegexpLike(std::span<const Value> args) {
  const RegexFlags flags = ParseFlags(args.size() > 2 ? &args[2] : nullptr, false, "regexp_like");
  Search search(args[0].AsString(), args[1].AsString(), flags.icu);
  return Value::Bool(search.Find(0));
}

}  // namespace granary::types

namespace granary::types {
namespace {

[[noreturn]] void InvalidParameter(const char* name, int64_t value) {
  throw Error(sqlstate::kInvalidParameterValue,
              std::string("invalid value for parameter \"") + name + "\": " + std::to_string(value));
}

}  // namespace

// regexp_instr(string, pattern[, start[, n[, endoption[, flags[, subexpr]]]]])
Value RegexpInstr(std::span<const Value> args) {
  const int64_t start = args.size() > 2 ? args[2].AsInt() : 1;
  if (start <= 0) InvalidParameter("start", start);
  const int64_t n = args.size() > 3 ? args[3].AsInt() : 1;
  if (n <= 0) InvalidParameter("n", n);
  const int64_t end_option = args.size() > 4 ? args[4].AsInt() : 0;
  if (end_option != 0 && end_option != 1) InvalidParameter("endoption", end_option);
  const RegexFlags flags = ParseFlags(args.size() > 5 ? &args[5] : nullptr, false, "regexp_instr");
  const int64_t subexpr = args.size() > 6 ? args[6].AsInt() : 0;
  if (subexpr < 0) InvalidParameter("subexpr", subexpr);
  Search search(args[0].AsString(), args[1].AsString(), flags.icu);
  // EachMatch leaves the matcher on the last match seen, so search again for the n-th.
  int64_t seen = 0;
  int32_t begin = -1;
  int32_t end = -1;
  EachMatch(search, search.IndexOfCharacter(start), true, false, [&] {
    if (++seen != n) return;
    if (subexpr > search.Groups()) return;
    begin = search.Start(static_cast<int32_t>(subexpr));
    end = search.End(static_cast<int32_t>(subexpr));
  });
  if (begin < 0) return Value::Int4(0);
  const int32_t at = end_option == 0 ? begin : end;
  return Value::Int4(search.subject().countChar32(0, at) + 1);
}

// regexp_substr(string, pattern[, start[, n[, flags[, subexpr]]]])
Value RegexSubstring(std::span<const Value> args) {
  Search search(args[0].AsString(), args[1].AsString(), RegexFlags{}.icu);
  if (!search.Find(0)) return Value::Null(TypeId::kText);
  return search.Group(search.Groups() > 0 ? 1 : 0);
}

Value SimilarSubstring(std::span<const Value> args) {
  const Value regex[] = {args[0], Value::Text(SimilarToRegex(args[1].AsString(), args[2].AsString()))};
  return RegexSubstring(regex);
}

Value RegexpSubstr(std::span<const Value> args) {
  const int64_t start = args.size() > 2 ? args[2].AsInt() : 1;
  if (start <= 0) InvalidParameter("start", start);
  const int64_t n = args.size() > 3 ? args[3].AsInt() : 1;
  if (n <= 0) InvalidParameter("n", n);
  const RegexFlags flags = ParseFlags(args.size() > 4 ? &args[4] : nullptr, false, "regexp_substr");
  const int64_t subexpr = args.size() > 5 ? args[5].AsInt() : 0;
  if (subexpr < 0) InvalidParameter("subexpr", subexpr);
  Search search(args[0].AsString(), args[1].AsString(), flags.icu);
  int64_t seen = 0;
  Value result = Value::Null(TypeId::kText);
  EachMatch(search, search.IndexOfCharacter(start), true, false, [&] {
    if (++seen != n || subexpr > search.Groups()) return;
    result = search.Group(static_cast<int32_t>(subexpr));
  });
  return result;
}

}  // namespace granary::types
