// Math function implementations registered in builtin_functions.cpp.
#include "types/functions/math_functions.hpp"

#include <cmath>
#include <limits>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::types {
namespace {

Value IntegerAbs(const Value& value, int64_t minimum, const char* out_of_range) {
  const int64_t operand = value.AsInt();
  if (operand == minimum) throw Error(sqlstate::kNumericValueOutOfRange, out_of_range);
  return Value::OfInt(value.type(), operand < 0 ? -operand : operand);
}

}  // namespace

Value Abs(std::span<const Value> args) {
  const Value& value = args[0];
  switch (value.type()) {
    case TypeId::kInt2: return IntegerAbs(value, INT16_MIN, "smallint out of range");
    case TypeId::kInt4: return IntegerAbs(value, INT32_MIN, "integer out of range");
    case TypeId::kInt8: return IntegerAbs(value, INT64_MIN, "bigint out of range");
    case TypeId::kNumeric: return Value::OfNumeric(value.AsNumeric().Abs());
    case TypeId::kFloat4: return Value::Float4(std::fabs(value.AsDouble()));
    default: return Value::Float8(std::fabs(value.AsDouble()));
  }
}

Value RoundNumeric(std::span<const Value> args) {
  const int64_t scale = args.size() > 1 ? args[1].AsInt() : 0;
  return Value::OfNumeric(args[0].AsNumeric().Round(static_cast<int>(scale)));
}

Value TruncateNumeric(std::span<const Value> args) {
  const int64_t scale = args.size() > 1 ? args[1].AsInt() : 0;
  return Value::OfNumeric(args[0].AsNumeric().Truncate(static_cast<int>(scale)));
}

// PostgreSQL's round(float8) is rint(): halves round to even.
Value RoundFloat8(std::span<const Value> args) { return Value::Float8(std::rint(args[0].AsDouble())); }
Value TruncateFloat8(std::span<const Value> args) { return Value::Float8(std::trunc(args[0].AsDouble())); }
Value CeilFloat8(std::span<const Value> args) { return Value::Float8(std::ceil(args[0].AsDouble())); }
Value FloorFloat8(std::span<const Value> args) { return Value::Float8(std::floor(args[0].AsDouble())); }

Value SqrtFloat8(std::span<const Value> args) {
  const double operand = args[0].AsDouble();
  if (operand < 0) {
    throw Error(sqlstate::kInvalidArgumentForPowerFunction,
                "cannot take square root of a negative number");
  }
  return Value::Float8(std::sqrt(operand));
}

}  // namespace granary::types
