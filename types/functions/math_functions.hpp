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

namespace granary::types {

// float8 functions of PostgreSQL's float.c, with its errors: 2201E for logarithms of zero
// and negative numbers, 2201F for power's undefined cases, 22003 for overflow, underflow and
// arguments outside a function's domain.
Value PowerFloat8(std::span<const Value> args);
Value LnFloat8(std::span<const Value> args);
Value Log10Float8(std::span<const Value> args);
Value ExpFloat8(std::span<const Value> args);
Value CbrtFloat8(std::span<const Value> args);
Value SignFloat8(std::span<const Value> args);
Value SignNumeric(std::span<const Value> args);
// numeric.c's functions computed in NUMERIC (Numeric::Sqrt, Ln, Log, Exp, Power).
Value SqrtNumeric(std::span<const Value> args);
Value LnNumeric(std::span<const Value> args);
Value Log10Numeric(std::span<const Value> args);  // log(x) = log(10, x)
Value LogNumeric(std::span<const Value> args);    // log(base, x)
Value ExpNumeric(std::span<const Value> args);
Value PowerNumeric(std::span<const Value> args);
Value Pi(std::span<const Value> args);
Value Degrees(std::span<const Value> args);
Value Radians(std::span<const Value> args);
Value Sin(std::span<const Value> args);
Value Cos(std::span<const Value> args);
Value Tan(std::span<const Value> args);
Value Cot(std::span<const Value> args);
Value Asin(std::span<const Value> args);
Value Acos(std::span<const Value> args);
Value Atan(std::span<const Value> args);
Value Atan2(std::span<const Value> args);
Value Sinh(std::span<const Value> args);
Value Cosh(std::span<const Value> args);
Value Tanh(std::span<const Value> args);
Value Asinh(std::span<const Value> args);
Value Acosh(std::span<const Value> args);
Value Atanh(std::span<const Value> args);
Value Mod(std::span<const Value> args);  // int2/int4/int8/numeric; 22012 on zero
Value DivNumeric(std::span<const Value> args);  // truncated quotient
Value Gcd(std::span<const Value> args);  // int4/int8/numeric; 22003 when the result overflows
Value Lcm(std::span<const Value> args);
Value ScaleNumeric(std::span<const Value> args);
Value MinScaleNumeric(std::span<const Value> args);
Value TrimScaleNumeric(std::span<const Value> args);
Value CeilNumeric(std::span<const Value> args);
Value FloorNumeric(std::span<const Value> args);
Value Factorial(std::span<const Value> args);    // int8 -> numeric; 22003 below zero
Value WidthBucket(std::span<const Value> args);
Value Random(std::span<const Value> args);       // volatile (see BoundExpr::IsVolatile)  // float8 or numeric; 2201G, 22003

}  // namespace granary::types
