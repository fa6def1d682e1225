// character(n) / bpchar: PostgreSQL's blank-padded character type (varchar.c's bpchar
// functions).
//
// A bpchar value is stored as it will be shown: character(n) pads to n characters with
// spaces on input and on every cast; bare bpchar keeps what it is given. Trailing spaces
// are insignificant: comparison, equality, hashing and index keys see the value without
// them (bpcharcmp, hashbpchar), length()/char_length count the characters before them
// (bpcharlen), octet_length counts every byte, and a cast to text or varchar removes them
// (rtrim1). LIKE and the regular expression operators see the padded value.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace granary::types {

// The value without its trailing spaces (only ' ', as bcTruelen).
std::string_view BpcharStripped(std::string_view value);

// bpchar(value, n, is_explicit): the length coercion of character(n), counting UTF-8
// characters. A longer value is cut to n characters: an explicit cast cuts silently,
// anything else (assignment, input) raises 22001 `value too long for type character(n)`
// unless only spaces are cut. A shorter value is padded with spaces to n characters.
// A negative `length` (bare bpchar) returns the value unchanged.
std::string BpcharCoerce(std::string value, int length, bool is_explicit);

}  // namespace granary::types
