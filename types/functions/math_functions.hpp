// Math function implementations registered in builtin_functions.cpp.
#pragma once

#include <span>

#include "types/value.hpp"

namespace granary::types {

Value Abs(std::span<const Value> args);             // int2/int4/int8/numeric/float8; 22003
Value RoundNumeric(std::span<const Value> args);    // (numeric[, int4])
Value TruncateNumeric(std::span<const Value> args); // (numeric[, int4])
Value RoundFloat8(std::span<const Value> args);
Value TruncateFloat8(std::span<const Value> args);
Value CeilFloat8(std::span<const Value> args);
Value FloorFloat8(std::span<const Value> args);
Value SqrtFloat8(std::span<const Value> args);      // 2201F on negative input

}  // namespace granary::types
