// Pieces shared by the value_ops.hpp implementation files (internal): integer ranges,
// the scalar input functions, varchar(n) length coercion and a stable hash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "types/type.hpp"

namespace granary::types::value_internal {

// 22003 "integer out of range" / "smallint out of range" / "bigint out of range".
[[noreturn]] void ThrowIntegerOutOfRange(TypeId type);
// Returns `value` if it lies in the range of the integer type `type`, else raises as above.
int64_t CheckIntegerRange(int64_t value, TypeId type);

// int2in/int4in/int8in: spaces and a sign allowed around the digits. 22P02
// `invalid input syntax for type integer: "x"`, 22003 `value "x" is out of range for type
// integer`.
int64_t ParseInteger(std::string_view text, TypeId type);
// boolin: t/true/yes/on/1 and f/false/no/off/0, unique prefixes, any case, spaces around.
bool ParseBool(std::string_view text);

// varchar(n) length coercion, in characters (UTF-8). An explicit cast truncates; otherwise
// only spaces may be cut off, anything else raises 22001
// `value too long for type character varying(n)`.
std::string CoerceToLength(std::string value, int max_length, bool is_explicit);

// oidin (22P02, and 22003 `value "x" is out of range for type oid`), namein (cut to 63
// bytes at a character boundary), charin/charout ("char": one byte, \ooo for high bytes).
int64_t ParseOid(std::string_view text);
std::string NameFromText(std::string_view text);
std::string CharFromText(std::string_view text);
std::string CharToText(const std::string& value);

// Deterministic hashes (the same in every process, so usable for on-disk partitioning).
uint64_t HashInt64(int64_t value);
uint64_t HashBytes(std::string_view bytes);

}  // namespace granary::types::value_internal
