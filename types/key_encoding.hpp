// Order-preserving ("memcomparable") byte encoding of index keys.
//
// EncodeKey turns a tuple of SQL values into bytes such that comparing two encodings with
// memcmp (unsigned bytes, a proper prefix first) gives the same order as comparing the
// tuples column by column with PostgreSQL's btree semantics (types::Compare plus the
// column's ASC/DESC and NULLS FIRST/LAST). The B-tree (storage/btree) therefore never needs
// to know about types: it orders plain byte strings.
//
// Semantics, per column (PostgreSQL's btree operator classes; strings under the column
// type's collation, "C" by default):
//   - NULL sorts after every value unless `nulls_first`; all NULLs are equal to each other
//     (a unique index treats them as distinct: that is the caller's rule, see btree.hpp).
//   - float8, float4: -Infinity < numbers < +Infinity < NaN; every NaN is one value; -0 = 0.
//   - numeric: -Infinity < numbers < +Infinity < NaN; equal values encode identically
//     whatever their display scale (1.0, 1.00 and 1 give the same bytes).
//   - text, varchar (and untyped literals), bytea: bytes as the "C" collation (and
//     byteacmp) compares them; a proper prefix sorts first; embedded NUL bytes are allowed.
//   - bpchar: as text, without its trailing spaces (bpcharcmp ignores them), so a decoded
//     bpchar key has none.
//   - bool (false < true), int2/int4/int8, date and timestamp (±infinity at the ends), tid
//     (block, then slot).
//   - `descending` reverses the order of the column's values; the position of NULLs is
//     given by `nulls_first` alone (so DESC NULLS LAST is expressible).
//
// Every column's encoding is self-delimiting and no encoding of a column is a proper prefix
// of another, so keys may be concatenated and a key built from the first k values of a
// tuple is a prefix of the key of the whole tuple. That makes prefix bounds work: a scan
// bound encoded from the first k columns matches, by prefix, exactly the keys whose first
// k columns equal it (storage/btree compares bounds by prefix for that reason).
//
// Byte format of one column: a marker byte — 0x00 NULL (nulls first), 0x01 value, 0x02 NULL
// (nulls last) — followed, for a value, by its bytes, each inverted (x ^ 0xFF) when the
// column is descending:
//   bool       1 byte, 0 or 1
//   int2/4/8   2/4/8 bytes big endian with the sign bit flipped
//   date       4 bytes like int4 (±infinity are INT32_MIN/MAX)
//   timestamp  8 bytes like int8 (±infinity are INT64_MIN/MAX)
//   float8     8 bytes: the IEEE bits with the sign bit flipped for x >= 0 and all bits
//              flipped for x < 0; -0 is encoded as +0 and every NaN as the one quiet NaN,
//              which lands above +Infinity
//   float4     as float8 (its value is exactly a double), so a float8 bound compares
//              exactly against a float4 column
//   tid        6 bytes: block (4) and slot (2), big endian
//   numeric    a class byte: 0x01 -Infinity, 0x02 negative, 0x03 zero, 0x04 positive,
//              0x05 +Infinity, 0x06 NaN; finite nonzero values go on with the base-10000
//              weight (2 bytes big endian, sign bit flipped) and the base-10000 digits of
//              the stripped value, each as 2 bytes big endian holding digit + 1, ended by
//              0x0000. For negative values the weight and digit bytes are inverted, so a
//              larger magnitude sorts first and the terminator (then 0xFFFF) after every
//              digit. Stripped digits have no leading or trailing zero, hence scale-free.
//   text       the bytes with 0x00 written as 0x00 0xFF, ended by 0x00 0x01; under an ICU
//              collation (the column type's `collation`, collation.hpp) first the
//              collator's sort key, ended by its only 0x00 byte, so keys order by the
//              collation and then by bytes
//
// Errors: EncodeKey raises XX000 (internal_error) when a value's type does not belong to its
// column's type (the planner resolves types first; integer types are interchangeable, and so
// are float4/float8 and the string types); an integer value outside the column's
// range raises 22003 with PostgreSQL's message ("integer out of range"), so a caller
// encoding a cross-type bound should clamp it first. DecodeKey raises XX002
// (index_corrupted) `corrupted index key: ...` on bytes no EncodeKey could produce.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "types/type.hpp"
#include "types/value.hpp"

namespace granary::types {

struct KeyColumn {
  Type type;
  bool descending = false;
  bool nulls_first = false;

  // PostgreSQL's defaults: ASC means NULLS LAST, DESC means NULLS FIRST.
  static KeyColumn Ascending(Type type) { return {type, false, false}; }
  static KeyColumn Descending(Type type) { return {type, true, true}; }
};

// Replaces `out` with the encoding of `values`, which may be shorter than `columns`: the
// result is then the key prefix for the first values.size() columns (for scan bounds).
// Raises XX000 if there are more values than columns.
void EncodeKey(const std::vector<Value>& values, const std::vector<KeyColumn>& columns,
               std::string& out);

// Appends the encoding of one column value (possibly NULL) to `out`.
void AppendKeyColumn(const Value& value, const KeyColumn& column, std::string& out);

// Decodes a key made by EncodeKey with the same columns (all of them, or a prefix: decoding
// stops at the end of `key`). Exact for every type except:
//   - float8/float4: -0 decodes as 0 and every NaN as the one quiet NaN;
//   - numeric: decodes to its normalised scale, the fewest digits after the point that show
//     the value exactly (1.50 decodes as 1.5, 100 as 100);
//   - text/varchar/unknown decode with the column's type tag.
// Raises XX002 on malformed bytes or bytes left over after the last column.
std::vector<Value> DecodeKey(std::string_view key, const std::vector<KeyColumn>& columns);

}  // namespace granary::types
