// Arrays: PostgreSQL's multi-dimensional arrays of a base type (utils/adt/arrayfuncs.c).
//
// An Array holds its element type, its dimensions (length and lower bound of each, at most
// six) and its elements in row-major order, NULLs included. The empty array has no
// dimensions. Arrays are immutable once built and shared between Values by pointer, so a
// Value copy never copies the elements.
//
// Text form (array_in/array_out): `{1,2,NULL}`, `{{1,2},{3,4}}`, `[0:1]={a,b}` when a lower
// bound is not 1, elements double-quoted when they are empty, say NULL, or hold a brace,
// comma, quote, backslash or white space. int2vector and oidvector print their elements
// separated by spaces, without braces. Binary form (array_send/array_recv): dimension count,
// has-nulls flag, element type OID, (length, lower bound) per dimension, then each element
// as a 4-byte length (-1 for NULL) and its own binary form; the row codec stores arrays in
// this form too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "types/value.hpp"
#include "types/value_ops.hpp"

namespace granary::types {

// PostgreSQL's MAXDIM.
inline constexpr int kMaxArrayDimensions = 6;

struct ArrayDimension {
  int32_t length = 0;
  int32_t lower_bound = 1;
  bool operator==(const ArrayDimension&) const = default;
};

class Array {
 public:
  TypeId element_type = TypeId::kUnknown;
  std::vector<ArrayDimension> dimensions;  // empty for the empty array
  std::vector<Value> elements;             // row-major; size = product of the lengths

  bool HasNulls() const;
};

// A value of `array_type` holding `array` (dimensions checked against the element count).
Value MakeArray(TypeId array_type, Array array);
// A one-dimensional array with lower bound 1 (the empty array when `elements` is empty).
Value MakeArray(TypeId array_type, std::vector<Value> elements);

std::string ArrayToText(const Value& value);
// array_in for `type` (an array type; its typmod applies to every element). 22P02
// `malformed array literal: "..."` with PostgreSQL's DETAIL for bad structure, 54000 beyond
// six dimensions, 2202E for an upper bound below the lower one, and the element type's
// own input errors.
Value ArrayFromText(std::string_view text, const Type& type);
void AppendArrayBinary(const Value& value, std::string& out);
// array_recv: 22P03 for a bad dimension count or flag, 42804 for the wrong element type,
// 08P01 when bytes run out.
Value ArrayFromBinary(std::string_view bytes, const Type& type);

// btree order of arrays (array_cmp): element by element (NULL after every value), then
// more elements after fewer, then more dimensions, then dimension lengths and lower bounds.
int CompareArrays(const Array& left, const Array& right);
size_t HashArray(const Array& array);

// Casts an array element by element to `target`, an array type whose typmod applies to each
// element; dimensions are kept.
Value CastArrayElements(const Value& value, const Type& target, CastContext context);

// array[i][j]...: the element, or NULL when the subscript count differs from the array's
// dimension count or an index is outside its bounds (array_get_element).
Value ArrayElementAt(const Value& array, std::span<const int64_t> subscripts, TypeId element_type);
// array[l:u]...: the elements inside every range (an omitted bound is the array's own;
// missing trailing ranges are whole dimensions), lower bounds reset to 1; empty when a
// range misses the array (array_get_slice).
Value ArraySlice(const Value& array, std::span<const std::optional<int64_t>> lowers,
                 std::span<const std::optional<int64_t>> uppers);
// ARRAY[a, b, ...] over arrays: one more dimension. NULL and empty sub-arrays are skipped;
// the rest must agree in dimensions (2202E `multidimensional arrays must have array
// expressions with matching dimensions`).
Value StackArrays(TypeId array_type, std::span<const Value> subarrays);

// 2202E `array size exceeds the maximum allowed (134217727)` when a result would be larger
// than PostgreSQL allows (MaxArraySize).
void CheckArraySize(size_t count);

}  // namespace granary::types
