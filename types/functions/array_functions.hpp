// Array function implementations registered in builtin_functions.cpp (PostgreSQL 15's
// arrayfuncs.c and array_userfuncs.c): dimensions, search, modification, conversion to and
// from text, and the operators ||, @>, <@ and &&. The analyzer resolves their polymorphic
// signatures (anyarray, anyelement) to one array type and its element type, so every array
// argument arrives with that type and elements compare with types::Compare.
#pragma once

#include <span>

#include "types/value.hpp"

namespace granary::types {

Value ArrayLength(std::span<const Value> args);     // (anyarray, dim) -> int4, NULL outside
Value ArrayLower(std::span<const Value> args);      // (anyarray, dim) -> int4
Value ArrayUpper(std::span<const Value> args);      // (anyarray, dim) -> int4
Value ArrayNdims(std::span<const Value> args);      // (anyarray) -> int4, NULL when empty
Value ArrayDims(std::span<const Value> args);       // (anyarray) -> text "[1:2][1:3]"
Value Cardinality(std::span<const Value> args);     // (anyarray) -> int4, all elements
Value ArrayToString(std::span<const Value> args);   // (anyarray, sep [, null text]); not strict
Value StringToArray(std::span<const Value> args);   // (text, sep [, null text]) -> text[]; not strict
Value ArrayAppend(std::span<const Value> args);     // (anyarray, anyelement); not strict
Value ArrayPrepend(std::span<const Value> args);    // (anyelement, anyarray); not strict
Value ArrayCat(std::span<const Value> args);        // (anyarray, anyarray); not strict
Value ArrayPosition(std::span<const Value> args);   // (anyarray, anyelement [, start]); not strict
Value ArrayPositions(std::span<const Value> args);  // (anyarray, anyelement) -> int4[]; not strict
Value ArrayRemove(std::span<const Value> args);     // (anyarray, anyelement); not strict
Value ArrayReplace(std::span<const Value> args);    // (anyarray, anyelement, anyelement); not strict
Value ArrayFill(std::span<const Value> args);       // (anyelement, int4[] [, int4[]]); not strict
Value TrimArray(std::span<const Value> args);       // (anyarray, int4)
Value ArrayContains(std::span<const Value> args);   // anyarray @> anyarray
Value ArrayContainedBy(std::span<const Value> args);// anyarray <@ anyarray
Value ArrayOverlaps(std::span<const Value> args);   // anyarray && anyarray
// array[i][j] := value (array_set_element): args = array (NULL: empty), value, subscripts.
// A one-dimensional array grows (NULLs fill the gap); 22004 for a NULL subscript, 2202E for
// a subscript outside a multi-dimensional array or the wrong number of them. Not strict.
Value ArraySetElement(std::span<const Value> args);

}  // namespace granary::types
