// LIKE / ILIKE matching (PostgreSQL's like.c semantics): '%' matches any run of characters,
// '_' exactly one character, the escape character (default '\') makes the next one literal.
// Characters are UTF-8 code points.
#pragma once

#include <span>
#include <string_view>

#include "types/value.hpp"

namespace granary::types {

// Raises 22025 (invalid_escape_sequence) `LIKE pattern must not end with escape character`.
bool LikeMatch(std::string_view text, std::string_view pattern, std::string_view escape);

Value Like(std::span<const Value> args);          // (text, pattern[, escape])
Value CaseInsensitiveLike(std::span<const Value> args);

}  // namespace granary::types
