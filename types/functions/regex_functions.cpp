// Regular expression match operators on ICU's regex engine (see the header for departures).
#include "types/functions/regex_functions.hpp"

#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <list>
#include <memory>
#include <string>
#include <utility>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::types {
namespace {

constexpr size_t kCachedPatterns = 32;

struct CachedPattern {
  std::string pattern;
  bool case_insensitive;
  std::unique_ptr<icu::RegexPattern> compiled;
};

// Most-recently used first; a catalog query matches the same pattern against every row.
const icu::RegexPattern& Compile(std::string_view pattern, bool case_insensitive) {
  thread_local std::list<CachedPattern> cache;
  for (auto it = cache.begin(); it != cache.end(); ++it) {
    if (it->case_insensitive == case_insensitive && it->pattern == pattern) {
      cache.splice(cache.begin(), cache, it);
      return *cache.front().compiled;
    }
  }
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  const uint32_t flags = case_insensitive ? UREGEX_CASE_INSENSITIVE : 0;
  std::unique_ptr<icu::RegexPattern> compiled(icu::RegexPattern::compile(
      icu::UnicodeString::fromUTF8(icu::StringPiece(pattern.data(), static_cast<int32_t>(pattern.size()))),
      flags, parse_error, status));
  if (U_FAILURE(status) || !compiled) {
    throw Error(sqlstate::kInvalidRegularExpression,
                std::string("invalid regular expression: ") + u_errorName(status));
  }
  cache.push_front(CachedPattern{std::string(pattern), case_insensitive, std::move(compiled)});
  if (cache.size() > kCachedPatterns) cache.pop_back();
  return *cache.front().compiled;
}

}  // namespace

bool RegexMatch(std::string_view text, std::string_view pattern, bool case_insensitive) {
  const icu::RegexPattern& compiled = Compile(pattern, case_insensitive);
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
