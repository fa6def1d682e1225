// SQL patterns: LIKE / ILIKE matching (PostgreSQL's like.c semantics): '%' matches any run of
// characters, '_' exactly one character, the escape character (default '\') makes the next one
// literal; and SIMILAR TO's translation into a regular expression. Characters are UTF-8 code
// points.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "types/value.hpp"

namespace granary::types {

// Raises 22025 (invalid_escape_sequence) `LIKE pattern must not end with escape character`.
bool LikeMatch(std::string_view text, std::string_view pattern, std::string_view escape);

Value Like(std::span<const Value> args);          // (text, pattern[, escape])
Value CaseInsensitiveLike(std::span<const Value> args);
Value NotLike(std::span<const Value> args);                 // !~~
Value CaseInsensitiveNotLike(std::span<const Value> args);  // !~~*

// similar_to_escape(pattern[, escape]): the regular expression `x SIMILAR TO pattern` runs
// (`x ~ similar_to_escape(pattern)`), as PostgreSQL's similar_escape_internal builds it:
// `^(?:...)$`, '%' -> '.*', '_' -> '.', groups non-capturing, and two escape-double-quote
// separators making the middle part the one capturing group that substring() returns.
// The escape defaults to '\'; an empty one means none; longer ones are 22025.
std::string SimilarToRegex(std::string_view pattern, std::string_view escape);
Value SimilarToEscape(std::span<const Value> args);

}  // namespace granary::types
