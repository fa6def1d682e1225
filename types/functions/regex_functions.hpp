// POSIX regular expression match operators (PostgreSQL's ~, ~*, !~, !~* over text).
//
// Patterns are compiled by ICU's regex engine, whose syntax covers what PostgreSQL's
// Advanced Regular Expressions are used for in practice (anchors, classes, quantifiers,
// alternation, groups, backslash escapes). Outside newline-sensitive mode an ARE's `$` matches
// only at the very end, where ICU's would also match before a final newline, so it is
// compiled as `\z`. Departures: ARE-only constructs such as `[[:<:]]`
// word boundaries and embedded options `(?b)` are not recognised. Compiled patterns are
// cached per thread.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "types/value.hpp"

namespace granary::types {

// Raises 2201B (invalid_regular_expression) for a pattern that does not compile.
bool RegexMatch(std::string_view text, std::string_view pattern, bool case_insensitive);

Value RegexMatchOperator(std::span<const Value> args);                    // text ~ pattern
Value RegexNotMatchOperator(std::span<const Value> args);                 // text !~ pattern
Value CaseInsensitiveRegexMatchOperator(std::span<const Value> args);     // text ~* pattern
Value CaseInsensitiveRegexNotMatchOperator(std::span<const Value> args);  // text !~* pattern

// regexp.c's functions, with its flags (i c n m s p w x q, g where allowed; 22023 for others)
// and its rules for empty matches. Replacements take \1..\9 and \& as PostgreSQL does.
Value RegexpReplace(std::span<const Value> args);       // (s, p, r[, flags]) | (s, p, r, start[, n[, flags]])
Value RegexpMatch(std::span<const Value> args);         // text[] or NULL
Value RegexpSplitToArray(std::span<const Value> args);
Value RegexpCount(std::span<const Value> args);         // (s, p[, start[, flags]])
Value RegexpLike(std::span<const Value> args);
Value RegexpInstr(std::span<const Value> args);   // (s, p[, start[, n[, endoption[, flags[, subexpr]]]]])
Value RegexpSubstr(std::span<const Value> args);  // (s, p[, start[, n[, flags[, subexpr]]]])
// substring(string from pattern): the first match's first parenthesized subexpression, or the
// whole match when there is none (PostgreSQL's textregexsubstr); NULL without a match.
Value RegexSubstring(std::span<const Value> args);
// substring(string similar pattern escape e), also spelt substring(string from pattern for e):
// RegexSubstring over similar_to_escape(pattern, e).
Value SimilarSubstring(std::span<const Value> args);
// regexp_matches(string, pattern[, flags]): one text[] per match (every match with g).
std::vector<Value> RegexpMatches(std::span<const Value> args);

}  // namespace granary::types
