// bytea function implementations registered in builtin_functions.cpp: length/octet_length,
// substring/substr, encode/decode, get_byte/set_byte, md5 and sha256 (PostgreSQL 15's
// varlena.c, encode.c and cryptohashfuncs.c). Digests come from auth/crypto.hpp, which keeps
// OpenSSL inside auth/.
#pragma once

#include <span>

#include "types/value.hpp"

namespace granary::types {

Value ByteaLength(std::span<const Value> args);     // length(bytea), octet_length(bytea)
Value ByteaSubstring(std::span<const Value> args);  // (bytea, start[, count]); 22011 on count < 0
Value ByteaConcatenate(std::span<const Value> args);  // bytea || bytea; 54000 past 1 GiB
Value Encode(std::span<const Value> args);          // (bytea, text format) -> text
Value Decode(std::span<const Value> args);          // (text, text format) -> bytea
Value GetByte(std::span<const Value> args);         // (bytea, int4) -> int4; 2202E out of range
Value SetByte(std::span<const Value> args);         // (bytea, int4, int4) -> bytea
Value Md5(std::span<const Value> args);             // md5(text) and md5(bytea) -> text
Value Sha256(std::span<const Value> args);          // (bytea) -> bytea

}  // namespace granary::types
