// The byte format of a row inside a heap tuple.
//
// Layout: a null bitmap of ceil(n/8) bytes (bit set = NULL), then each non-NULL value in
// column order: bool 1 byte, int2 2, int4 4, int8 8, float8 8, date 4, timestamp 8 (little
// endian, unaligned), text/varchar/unknown as a 4-byte length + bytes, numeric as a 4-byte
// length + Numeric::AppendSerialized. A row with fewer stored values than the table has
// columns (after ADD COLUMN) decodes the missing trailing ones as NULL.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "types/value.hpp"

namespace granary::storage {

// Appends the encoding of `values` (already coerced to the column types) to `out`.
void EncodeRow(const std::vector<types::Value>& values, std::string& out);
// Decodes a row for columns of `column_types` into `out` (replacing its contents); raises
// XX001 on malformed bytes. The row bytes do not record how many values they hold, so this
// form assumes one per column; rows that may predate an ADD COLUMN must be decoded with the
// form below, passing the tuple header's attribute_count.
void DecodeRow(std::span<const std::byte> bytes, const std::vector<types::Type>& column_types,
               std::vector<types::Value>& out);
// Decodes a row that stores `stored_count` values (<= column_types.size(); more raises XX001);
// the columns after them decode as NULL.
void DecodeRow(std::span<const std::byte> bytes, const std::vector<types::Type>& column_types,
               std::vector<types::Value>& out, size_t stored_count);

}  // namespace granary::storage
