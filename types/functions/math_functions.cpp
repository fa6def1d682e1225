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

#include "types/value_ops.hpp"

namespace granary::types {
namespace {

[[noreturn]] void OutOfRange(const char* message) { throw Error(sqlstate::kNumericValueOutOfRange, message); }

// float.c's float_overflow_error/float_underflow_error checks.
double Checked(double result, bool inf_allowed, bool zero_allowed) {
  if (std::isinf(result) && !inf_allowed) OutOfRange("value out of range: overflow");
  if (result == 0.0 && !zero_allowed) OutOfRange("value out of range: underflow");
  return result;
}

double Arg(std::span<const Value> args, size_t i = 0) { return args[i].AsDouble(); }

void LogDomain(double x) {
  if (x == 0.0) throw Error(sqlstate::kInvalidArgumentForLogarithm, "cannot take logarithm of zero");
  if (x < 0) throw Error(sqlstate::kInvalidArgumentForLogarithm, "cannot take logarithm of a negative number");
}

void FiniteInput(double x) {
  if (std::isinf(x)) OutOfRange("input is out of range");
}

Value Float(double x) { return Value::Float8(x); }

}  // namespace

Value PowerFloat8(std::span<const Value> args) {
  const double base = Arg(args, 0);
  const double exponent = Arg(args, 1);
  if (std::isnan(base)) return Float(exponent == 0 ? 1.0 : base);
  if (std::isnan(exponent)) return Float(base == 1 ? 1.0 : exponent);
  if (base == 0 && exponent < 0) {
    throw Error(sqlstate::kInvalidArgumentForPowerFunction, "zero raised to a negative power is undefined");
  }
  if (base < 0 && std::floor(exponent) != exponent && !std::isinf(exponent)) {
    throw Error(sqlstate::kInvalidArgumentForPowerFunction,
                "a negative number raised to a non-integer power yields a complex result");
  }
  const double result = std::pow(base, exponent);
  return Float(Checked(result, std::isinf(base) || std::isinf(exponent), base == 0 || std::isinf(exponent) || std::isinf(base)));
}

Value LnFloat8(std::span<const Value> args) {
  LogDomain(Arg(args));
  return Float(Checked(std::log(Arg(args)), std::isinf(Arg(args)), Arg(args) == 1.0));
}

Value Log10Float8(std::span<const Value> args) {
  LogDomain(Arg(args));
  return Float(Checked(std::log10(Arg(args)), std::isinf(Arg(args)), Arg(args) == 1.0));
}

Value ExpFloat8(std::span<const Value> args) {
  const double x = Arg(args);
  if (std::isnan(x)) return Float(x);
  if (std::isinf(x)) return Float(x > 0 ? x : 0.0);
  const double result = std::exp(x);
  return Float(Checked(result, false, false));
}

Value SqrtNumeric(std::span<const Value> args) { return Value::OfNumeric(args[0].AsNumeric().Sqrt()); }
Value LnNumeric(std::span<const Value> args) { return Value::OfNumeric(args[0].AsNumeric().Ln()); }
Value Log10Numeric(std::span<const Value> args) {
  return Value::OfNumeric(args[0].AsNumeric().Log(Numeric::FromInt64(10)));
}
Value LogNumeric(std::span<const Value> args) {
  return Value::OfNumeric(args[1].AsNumeric().Log(args[0].AsNumeric()));
}
Value ExpNumeric(std::span<const Value> args) { return Value::OfNumeric(args[0].AsNumeric().Exp()); }
Value PowerNumeric(std::span<const Value> args) {
  return Value::OfNumeric(args[0].AsNumeric().Power(args[1].AsNumeric()));
}

Value CbrtFloat8(std::span<const Value> args) { return Float(std::cbrt(Arg(args))); }

Value SignFloat8(std::span<const Value> args) {
  const double x = Arg(args);
  return Float(x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0);  // NaN too, as float8_sign
}

Value SignNumeric(std::span<const Value> args) {
  const Numeric& x = args[0].AsNumeric();
  if (x.IsNaN()) return Value::OfNumeric(x);
  return Value::OfNumeric(Numeric::FromInt64(x.IsZero() ? 0 : x.IsNegative() ? -1 : 1));
}

Value Pi(std::span<const Value>) { return Float(M_PI); }
Value Degrees(std::span<const Value> args) { return Float(Checked(Arg(args) * (180.0 / M_PI), std::isinf(Arg(args)), true)); }
Value Radians(std::span<const Value> args) { return Float(Checked(Arg(args) * (M_PI / 180.0), std::isinf(Arg(args)), true)); }

Value Sin(std::span<const Value> args) { FiniteInput(Arg(args)); return Float(std::sin(Arg(args))); }
Value Cos(std::span<const Value> args) { FiniteInput(Arg(args)); return Float(std::cos(Arg(args))); }
Value Tan(std::span<const Value> args) { FiniteInput(Arg(args)); return Float(std::tan(Arg(args))); }
Value Cot(std::span<const Value> args) {
  FiniteInput(Arg(args));
  const double result = 1.0 / std::tan(Arg(args));
  return Float(result == 0.0 ? 0.0 : result);
}

Value Asin(std::span<const Value> args) {
  const double x = Arg(args);
  if (std::isnan(x)) return Float(x);
  if (x < -1.0 || x > 1.0) OutOfRange("input is out of range");
  return Float(std::asin(x));
}
Value Acos(std::span<const Value> args) {
  const double x = Arg(args);
  if (std::isnan(x)) return Float(x);
  if (x < -1.0 || x > 1.0) OutOfRange("input is out of range");
  return Float(std::acos(x));
}
Value Atan(std::span<const Value> args) { return Float(std::atan(Arg(args))); }
Value Atan2(std::span<const Value> args) { return Float(std::atan2(Arg(args, 0), Arg(args, 1))); }

Value Sinh(std::span<const Value> args) { return Float(std::sinh(Arg(args))); }
Value Cosh(std::span<const Value> args) { return Float(std::cosh(Arg(args))); }
Value Tanh(std::span<const Value> args) { return Float(std::tanh(Arg(args))); }
Value Asinh(std::span<const Value> args) { return Float(std::asinh(Arg(args))); }
Value Acosh(std::span<const Value> args) {
  const double x = Arg(args);
  if (x < 1.0) OutOfRange("input is out of range");
  return Float(std::acosh(x));
}
Value Atanh(std::span<const Value> args) {
  const double x = Arg(args);
  if (x < -1.0 || x > 1.0) OutOfRange("input is out of range");
  if (x == 1.0) return Float(HUGE_VAL);
  if (x == -1.0) return Float(-HUGE_VAL);
  return Float(std::atanh(x));
}

Value Mod(std::span<const Value> args) { return Arithmetic(ArithmeticOp::kModulo, args[0], args[1]); }

Value DivNumeric(std::span<const Value> args) {
  const Numeric& a = args[0].AsNumeric();
  const Numeric& b = args[1].AsNumeric();
  if (a.IsNaN() || b.IsNaN()) return Value::OfNumeric(Numeric::NaN());
  const Numeric remainder = a.Modulo(b);
  return Value::OfNumeric(a.Subtract(remainder).Divide(b).Truncate(0));
}

namespace {

const char* IntegerRangeMessage(TypeId type) {
  return type == TypeId::kInt8 ? "bigint out of range" : type == TypeId::kInt2 ? "smallint out of range" : "integer out of range";
}

int64_t Minimum(TypeId type) { return type == TypeId::kInt8 ? INT64_MIN : type == TypeId::kInt2 ? INT16_MIN : INT32_MIN; }

// Euclid on non-positive values (their range is the larger), as int4gcd_internal does.
int64_t IntegerGcd(int64_t a, int64_t b, TypeId type) {
  if (a > 0) a = -a;
  if (b > 0) b = -b;
  while (b != 0) {
    const int64_t r = b == -1 ? 0 : a % b;  // INT64_MIN % -1 traps on x86
    a = b;
    b = r;
  }
  if (a == Minimum(type)) OutOfRange(IntegerRangeMessage(type));
  return -a;
}

Numeric NumericGcd(Numeric a, Numeric b) {
  a = a.Abs();
  b = b.Abs();
  while (!b.IsZero()) {
    Numeric r = a.Modulo(b);
    a = std::move(b);
    b = std::move(r);
  }
  return a;
}

}  // namespace

Value Gcd(std::span<const Value> args) {
  const TypeId type = args[0].type();
  if (type == TypeId::kNumeric) {
    const Numeric& a = args[0].AsNumeric();
    const Numeric& b = args[1].AsNumeric();
    if (a.IsNaN() || b.IsNaN() || a.IsInfinite() || b.IsInfinite()) return Value::OfNumeric(Numeric::NaN());
    return Value::OfNumeric(NumericGcd(a, b).Round(std::max(a.Scale(), b.Scale())));
  }
  return Value::OfInt(type, IntegerGcd(args[0].AsInt(), args[1].AsInt(), type));
}

Value Lcm(std::span<const Value> args) {
  const TypeId type = args[0].type();
  if (type == TypeId::kNumeric) {
    const Numeric& a = args[0].AsNumeric();
    const Numeric& b = args[1].AsNumeric();
    if (a.IsNaN() || b.IsNaN() || a.IsInfinite() || b.IsInfinite()) return Value::OfNumeric(Numeric::NaN());
    const int scale = std::max(a.Scale(), b.Scale());
    if (a.IsZero() || b.IsZero()) return Value::OfNumeric(Numeric().Round(scale));
    return Value::OfNumeric(a.Divide(NumericGcd(a, b)).Round(0).Multiply(b).Abs().Round(scale));
  }
  const int64_t a = args[0].AsInt();
  const int64_t b = args[1].AsInt();
  if (a == 0 || b == 0) return Value::OfInt(type, 0);
  const int64_t gcd = IntegerGcd(a, b, type);
  __int128 result = static_cast<__int128>(a / gcd) * b;
  if (result < 0) result = -result;
  if (result > -static_cast<__int128>(Minimum(type)) - 1) OutOfRange(IntegerRangeMessage(type));
  return Value::OfInt(type, static_cast<int64_t>(result));
}

Value ScaleNumeric(std::span<const Value> args) {
  const Numeric& x = args[0].AsNumeric();
  if (x.IsNaN() || x.IsInfinite()) return Value::Null(TypeId::kInt4);
  return Value::Int4(x.Scale());
}

namespace {

int MinScale(const Numeric& x) {
  const std::string text = x.ToString();
  const size_t point = text.find('.');
  if (point == std::string::npos) return 0;
  size_t end = text.size();
  while (end > point + 1 && text[end - 1] == '0') --end;
  return static_cast<int>(end - point - 1);
}

}  // namespace

Value MinScaleNumeric(std::span<const Value> args) {
  const Numeric& x = args[0].AsNumeric();
  if (x.IsNaN() || x.IsInfinite()) return Value::Null(TypeId::kInt4);
  return Value::Int4(MinScale(x));
}

Value TrimScaleNumeric(std::span<const Value> args) {
  const Numeric& x = args[0].AsNumeric();
  if (x.IsNaN() || x.IsInfinite()) return args[0];
  return Value::OfNumeric(x.Round(MinScale(x)));
}

Value CeilNumeric(std::span<const Value> args) {
  const Numeric& x = args[0].AsNumeric();
  if (x.IsNaN() || x.IsInfinite()) return args[0];
  Numeric t = x.Truncate(0);
  if (!x.IsNegative() && x.Compare(t) != 0) t = t.Add(Numeric::FromInt64(1));
  return Value::OfNumeric(t.Round(0));
}

Value FloorNumeric(std::span<const Value> args) {
  const Numeric& x = args[0].AsNumeric();
  if (x.IsNaN() || x.IsInfinite()) return args[0];
  Numeric t = x.Truncate(0);
  if (x.IsNegative() && x.Compare(t) != 0) t = t.Subtract(Numeric::FromInt64(1));
  return Value::OfNumeric(t.Round(0));
}

}  // namespace granary::types

namespace granary::types {

Value Factorial(std::span<const Value> args) {
  const int64_t n = args[0].AsInt();
  if (n < 0) OutOfRange("factorial of a negative number is undefined");
  // numeric's limit is 131072 digits before the point; 32177! is the largest that fits.
  if (n > 32177) OutOfRange("value overflows numeric format");
  Numeric result = Numeric::FromInt64(1);
  for (int64_t i = 2; i <= n; ++i) result = result.Multiply(Numeric::FromInt64(i));
  return Value::OfNumeric(result);
}

namespace {

[[noreturn]] void InvalidBucket(const char* message) {
  throw Error(sqlstate::kInvalidArgumentForWidthBucketFunction, message);
}

int64_t BucketOverflow(int64_t count) {
  if (count == INT32_MAX) OutOfRange("integer out of range");
  return count + 1;
}

}  // namespace

// width_bucket(operand, low, high, count) for float8 and numeric, as width_bucket_float8
// and width_bucket_numeric compute it.
Value WidthBucket(std::span<const Value> args) {
  const int64_t count = args[3].AsInt();
  if (count <= 0) InvalidBucket("count must be greater than zero");
  if (args[0].type() == TypeId::kNumeric) {
    const Numeric& x = args[0].AsNumeric();
    const Numeric& low = args[1].AsNumeric();
    const Numeric& high = args[2].AsNumeric();
    if (x.IsNaN() || low.IsNaN() || high.IsNaN()) InvalidBucket("operand, lower bound, and upper bound cannot be NaN");
    if (low.IsInfinite() || high.IsInfinite()) InvalidBucket("lower and upper bounds must be finite");
    const int order = low.Compare(high);
    if (order == 0) InvalidBucket("lower bound cannot equal upper bound");
    const bool ascending = order < 0;
    if (ascending ? x.Compare(low) < 0 : x.Compare(low) > 0) return Value::Int4(0);
    if (ascending ? x.Compare(high) >= 0 : x.Compare(high) <= 0) return Value::Int4(BucketOverflow(count));
    const Numeric numerator = Numeric::FromInt64(count).Multiply(ascending ? x.Subtract(low) : low.Subtract(x));
    const Numeric denominator = ascending ? high.Subtract(low) : low.Subtract(high);
    const Numeric quotient = numerator.Subtract(numerator.Modulo(denominator)).Divide(denominator).Truncate(0);
    return Value::Int4(quotient.ToInt64().value_or(0) + 1);
  }
  const double x = args[0].AsDouble();
  const double low = args[1].AsDouble();
  const double high = args[2].AsDouble();
  if (std::isnan(x) || std::isnan(low) || std::isnan(high)) {
    InvalidBucket("operand, lower bound, and upper bound cannot be NaN");
  }
  if (std::isinf(low) || std::isinf(high)) InvalidBucket("lower and upper bounds must be finite");
  if (low == high) InvalidBucket("lower bound cannot equal upper bound");
  if (low < high) {
    if (x < low) return Value::Int4(0);
    if (x >= high) return Value::Int4(BucketOverflow(count));
    double fraction = !std::isinf(high - low) ? (x - low) / (high - low) : x / 2 / (high / 2 - low / 2) - low / 2 / (high / 2 - low / 2);
    return Value::Int4(static_cast<int64_t>(static_cast<double>(count) * fraction) + 1);
  }
  if (x > low) return Value::Int4(0);
  if (x <= high) return Value::Int4(BucketOverflow(count));
  double fraction = !std::isinf(low - high) ? (low - x) / (low - high) : low / 2 / (low / 2 - high / 2) - x / 2 / (low / 2 - high / 2);
  return Value::Int4(static_cast<int64_t>(static_cast<double>(count) * fraction) + 1);
}

}  // namespace granary::types

#include <cstdio>
#include <random>

namespace granary::types {
namespace {

std::mt19937_64& Generator() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return generator;
}

}  // namespace

// random(): uniform in [0, 1), from a per-thread generator (setseed() is not available).
Value Random(std::span<const Value>) {
  return Value::Float8(std::uniform_real_distribution<double>(0.0, 1.0)(Generator()));
}

}  // namespace granary::types
