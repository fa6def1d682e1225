// String function implementations registered in builtin_functions.cpp.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "types/value.hpp"

namespace granary::types {

int64_t CharacterLength(std::string_view text);  // characters of UTF-8 text

Value Length(std::span<const Value> args);
Value OctetLength(std::span<const Value> args);
Value BitLength(std::span<const Value> args);    // bit_length(text | bytea): octets times 8
Value ToHex(std::span<const Value> args);        // to_hex(int4 | int8)
// num_nulls / num_nonnulls(VARIADIC "any"): not strict; the analyzer binds them.
Value NumNulls(std::span<const Value> args);
Value NumNonNulls(std::span<const Value> args);
// length(bpchar), char_length(bpchar): the characters before the trailing spaces (bpcharlen).
Value BpcharLength(std::span<const Value> args);
Value Upper(std::span<const Value> args);
Value Lower(std::span<const Value> args);
Value Substring(std::span<const Value> args);  // (text, start[, count]); 22011 on count < 0
Value BothTrim(std::span<const Value> args);
Value LeadingTrim(std::span<const Value> args);
Value TrailingTrim(std::span<const Value> args);
Value Position(std::span<const Value> args);   // (haystack, needle)
Value Replace(std::span<const Value> args);
Value Repeat(std::span<const Value> args);  // (text, count); 54000 past 1 GiB

}  // namespace granary::types
