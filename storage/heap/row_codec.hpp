// The byte format of a row inside a heap tuple.
//
// Layout: a null bitmap of ceil(n/8) bytes (bit set = NULL), then each non-NULL value in
// column order: bool 1 byte, int2 2, int4 4, int8 8, float8 8, date 4, timestamp 8 (little
// endian, unaligned), text/varchar/unknown as a 4-byte length + bytes, numeric as a 4-byte
// length + Numeric::AppendSerialized. A row with fewer stored values than the table has
// columns (after ADD COLUMN) decodes the missing trailing ones as NULL.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "types/value.hpp"

namespace granary::storage {

// Appends the encoding of `values` (already coerced to the column types) to `out`.
void EncodeRow(const std::vector<types::Value>& values, std::string& out);
// Decodes a row for columns of `column_types`; raises XX001 on malformed bytes.
void DecodeRow(std::span<const std::byte> bytes, const std::vector<types::Type>& column_types,
               std::vector<types::Value>& out);

}  // namespace granary::storage
