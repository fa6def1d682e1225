// Numeric square root, logarithms, exponential and power computed in NUMERIC, as PostgreSQL
// 15's numeric.c does: the same algorithms (sqrt_var, ln_var, exp_var, power_var,
// power_var_int, log_var), the same working scales and the same result-scale rules
// (numeric_sqrt, numeric_ln, numeric_exp, numeric_power, numeric_log), so results agree
// digit for digit.
//
// Departures: every multiplication is exact before it is rounded to its working scale
// (PostgreSQL's mul_var drops digits well below that scale) and every division rounds the
// exact quotient (div_var_fast may be off in its guard digits). Both only change digits far
// below the working scales, which carry eight or more guard digits beyond the result.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <utility>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/numeric.hpp"
#include "types/numeric_var.hpp"

namespace granary::types {

using numeric_internal::DecimalVar;
using numeric_internal::kDecDigits;
using numeric_internal::kMaxDisplayScale;
using numeric_internal::kMinSigDigits;
using numeric_internal::kNbase;
using numeric_internal::NumericAccess;

namespace {

constexpr int kMinDisplayScale = 0;                // NUMERIC_MIN_DISPLAY_SCALE
constexpr int kMaxResultScale = 2 * 1000;          // NUMERIC_MAX_RESULT_SCALE
constexpr double kLog10E = 0.434294481903252;      // log10(e)
constexpr double kLn10 = 2.302585092994046;        // ln(10)
constexpr double kLog10Two = 0.301029995663981;    // log10(2)
constexpr int kShortMax = std::numeric_limits<int16_t>::max();

[[noreturn]] void ThrowLogOfZero() {
  throw Error(sqlstate::kInvalidArgumentForLogarithm, "cannot take logarithm of zero");
}
[[noreturn]] void ThrowLogOfNegative() {
  throw Error(sqlstate::kInvalidArgumentForLogarithm, "cannot take logarithm of a negative number");
}
[[noreturn]] void ThrowOverflow() {
  throw Error(sqlstate::kNumericValueOutOfRange, "value overflows numeric format");
}

DecimalVar IntVar(int64_t value) { return NumericAccess::ToVar(Numeric::FromInt64(value)); }
DecimalVar ParsedVar(const char* text) { return NumericAccess::ToVar(Numeric::Parse(text)); }

const DecimalVar& ZeroPointNine() {
  static const DecimalVar value = ParsedVar("0.9");
  return value;
}
const DecimalVar& OnePointOne() {
  static const DecimalVar value = ParsedVar("1.1");
  return value;
}
const DecimalVar& One() {
  static const DecimalVar value = IntVar(1);
  return value;
}
const DecimalVar& Two() {
  static const DecimalVar value = IntVar(2);
  return value;
}

DecimalVar ZeroWithScale(int scale) {
  DecimalVar zero;
  zero.dscale = scale;
  return zero;
}

int ClampResultScale(int rscale) { return std::min(std::max(rscale, kMinDisplayScale), kMaxDisplayScale); }

bool IsIntegral(const DecimalVar& var) {
  return var.IsZero() || static_cast<int>(var.digits.size()) <= var.weight + 1;
}

// numericvar_to_double_no_overflow: the nearest double, ±HUGE_VAL beyond its range.
double ApproximateAsDouble(const DecimalVar& var) {
  if (var.IsZero()) return 0.0;
  // Enough leading digits for a correctly rounded double in all but contrived cases.
  std::string text = var.negative ? "-0." : "0.";
  const size_t used = std::min<size_t>(var.digits.size(), 6);
  for (size_t i = 0; i < used; ++i) {
    const std::string digit = std::to_string(var.digits[i]);
    text.append(static_cast<size_t>(kDecDigits) - digit.size(), '0');
    text += digit;
  }
  text += "e" + std::to_string((var.weight + 1) * kDecDigits);
  return std::strtod(text.c_str(), nullptr);  // HUGE_VAL or 0 outside the range
}

// An integral var as int64 (numericvar_to_int64 for integral inputs).
bool VarToInt64(const DecimalVar& var, int64_t& out) {
  __int128 value = 0;
  for (size_t i = 0; i < var.digits.size(); ++i) {
    value = value * kNbase + var.digits[i];
    if (value > static_cast<__int128>(INT64_MAX) + 1) return false;
  }
  for (int i = static_cast<int>(var.digits.size()); i <= var.weight; ++i) {
    value *= kNbase;
    if (value > static_cast<__int128>(INT64_MAX) + 1) return false;
  }
  if (var.negative) value = -value;
  if (value > INT64_MAX || value < INT64_MIN) return false;
  out = static_cast<int64_t>(value);
  return true;
}

DecimalVar Multiply(const DecimalVar& left, const DecimalVar& right, int rscale) {
  return numeric_internal::MulVar(left, right, rscale);
}
DecimalVar Divide(const DecimalVar& left, const DecimalVar& right, int rscale) {
  if (right.IsZero()) throw Error(sqlstate::kDivisionByZero, "division by zero");
  return numeric_internal::DivVar(left, right, rscale, true);
}

// sqrt_var: the square root of `arg` (>= 0) correctly rounded to `rscale` digits. Newton's
// integer square root (Y' = (Y + X / Y) / 2, truncating, from above until it stops
// decreasing) on the value scaled by 10^(2 * (rscale + 1)) gives the root truncated to
// rscale + 1 digits, which rounds as the exact root does.
DecimalVar SqrtVar(const DecimalVar& arg, int rscale) {
  if (arg.negative && !arg.IsZero()) {
    throw Error(sqlstate::kInvalidArgumentForPowerFunction, "cannot take square root of a negative number");
  }
  if (arg.IsZero()) return ZeroWithScale(rscale);
  const int work_scale = std::max(rscale + 1, 0);
  // The first estimate from double arithmetic on the value scaled into range by an even
  // power of 10000, so that neither very large nor very small values overflow it.
  const int half_weight = arg.weight >= 0 ? arg.weight / 2 : -((1 - arg.weight) / 2);
  DecimalVar scaled = arg;
  scaled.weight -= 2 * half_weight;
  const double estimate = std::sqrt(ApproximateAsDouble(scaled)) * 1.0001 + 1.0;
  DecimalVar root = NumericAccess::ToVar(Numeric::FromDouble(estimate));
  root.weight += half_weight;  // an overestimate: Newton's iteration decreases to the floor
  numeric_internal::TruncVar(root, work_scale);
  if (root.IsZero()) root = One();
  root.dscale = work_scale;
  while (true) {
    const DecimalVar quotient = numeric_internal::DivVar(arg, root, work_scale, false);
    DecimalVar next = numeric_internal::DivVar(numeric_internal::AddVar(root, quotient), Two(), work_scale, false);
    if (numeric_internal::CompareVar(next, root) >= 0) break;
    root = std::move(next);
    if (root.IsZero()) break;  // the root is below 10^-work_scale: it rounds to zero
  }
  numeric_internal::RoundVar(root, rscale);
  return root;
}

// estimate_ln_dweight: the approximate decimal weight of ln(var).
int EstimateLnDecimalWeight(const DecimalVar& var) {
  if (var.negative || var.IsZero()) return 0;  // the caller fails on these
  if (numeric_internal::CompareVar(var, ZeroPointNine()) >= 0 &&
      numeric_internal::CompareVar(var, OnePointOne()) <= 0) {
    // ln(1 + x) ~= x: the weight of the first decimal digit of x.
    const DecimalVar x = numeric_internal::SubVar(var, One());
    if (x.IsZero()) return 0;
    return x.weight * kDecDigits + static_cast<int>(std::log10(static_cast<double>(x.digits[0])));
  }
  int digits = var.digits[0];
  int dweight = var.weight * kDecDigits;
  if (var.digits.size() > 1) {
    digits = digits * kNbase + var.digits[1];
    dweight -= kDecDigits;
  }
  const double ln_var = std::log(static_cast<double>(digits)) + dweight * kLn10;
  return static_cast<int>(std::log10(std::fabs(ln_var)));
}

// ln_var: ln(arg) rounded to `rscale`. The argument is brought into (0.9, 1.1) by repeated
// square roots, then the series 2 * (z + z^3/3 + z^5/5 + ...) with z = (x - 1) / (x + 1).
DecimalVar LnVar(const DecimalVar& arg, int rscale) {
  if (arg.IsZero()) ThrowLogOfZero();
  if (arg.negative) ThrowLogOfNegative();
  DecimalVar x = arg;
  DecimalVar fact = Two();
  while (numeric_internal::CompareVar(x, ZeroPointNine()) <= 0) {
    const int local_rscale = rscale - x.weight * kDecDigits / 2 + 8;
    x = SqrtVar(x, local_rscale);
    fact = Multiply(fact, Two(), 0);
  }
  while (numeric_internal::CompareVar(x, OnePointOne()) >= 0) {
    const int local_rscale = rscale - x.weight * kDecDigits / 2 + 8;
    x = SqrtVar(x, local_rscale);
    fact = Multiply(fact, Two(), 0);
  }
  const int local_rscale = rscale + 8;
  DecimalVar result = Divide(numeric_internal::SubVar(x, One()), numeric_internal::AddVar(x, One()), local_rscale);
  DecimalVar power = result;
  const DecimalVar z_squared = Multiply(result, result, local_rscale);
  DecimalVar ni = One();
  while (true) {
    ni = numeric_internal::AddVar(ni, Two());
    power = Multiply(power, z_squared, local_rscale);
    const DecimalVar element = Divide(power, ni, local_rscale);
    if (element.IsZero()) break;
    result = numeric_internal::AddVar(result, element);
    if (element.weight < result.weight - local_rscale * 2 / kDecDigits) break;
  }
  return Multiply(result, fact, rscale);
}

// exp_var: e^arg rounded to `rscale`. The argument is halved into [-0.01, 0.01], the Taylor
// series summed, and the result squared back; 22003 when the result cannot be stored.
DecimalVar ExpVar(const DecimalVar& arg, int rscale) {
  DecimalVar x = arg;
  double value = ApproximateAsDouble(x);
  if (std::fabs(value) >= kMaxResultScale * 3) {
    if (value > 0) ThrowOverflow();
    return ZeroWithScale(rscale);
  }
  const int dweight = static_cast<int>(value * kLog10E);
  int ndiv2 = 0;
  if (std::fabs(value) > 0.01) {
    ndiv2 = 1;
    value /= 2;
    while (std::fabs(value) > 0.01) {
      ++ndiv2;
      value /= 2;
    }
    x = Divide(x, IntVar(int64_t{1} << ndiv2), x.dscale + ndiv2);
  }
  int sig_digits = 1 + dweight + rscale + static_cast<int>(ndiv2 * kLog10Two);
  sig_digits = std::max(sig_digits, 0) + 8;
  int local_rscale = sig_digits - 1;
  DecimalVar result = numeric_internal::AddVar(One(), x);
  DecimalVar element = Multiply(x, x, local_rscale);
  int64_t ni = 2;
  element = Divide(element, IntVar(ni), local_rscale);
  while (!element.IsZero()) {
    result = numeric_internal::AddVar(result, element);
    element = Multiply(element, x, local_rscale);
    ++ni;
    element = Divide(element, IntVar(ni), local_rscale);
  }
  while (ndiv2-- > 0) {
    local_rscale = sig_digits - result.weight * 2 * kDecDigits;
    local_rscale = std::max(local_rscale, kMinDisplayScale);
    result = Multiply(result, result, local_rscale);
  }
  numeric_internal::RoundVar(result, rscale);
  return result;
}

// power_var_int: base^exp for an int32 exponent by repeated squaring, rounded to `rscale`.
DecimalVar PowerVarInt(const DecimalVar& base, int exp, int rscale) {
  switch (exp) {
    case 0: {
      DecimalVar one = One();
      one.dscale = rscale;
      return one;
    }
    case 1: {
      DecimalVar result = base;
      numeric_internal::RoundVar(result, rscale);
      return result;
    }
    case -1: return Divide(One(), base, rscale);
    case 2: return Multiply(base, base, rscale);
    default: break;
  }
  if (base.IsZero()) {
    if (exp < 0) throw Error(sqlstate::kDivisionByZero, "division by zero");
    return ZeroWithScale(rscale);
  }
  // base ~= f * 10^p, so log10(result) ~= exp * (log10(f) + p): the result's decimal weight,
  // for early overflow and underflow exits and the working precision.
  double f = base.digits[0];
  int p = base.weight * kDecDigits;
  for (size_t i = 1; i < base.digits.size() && static_cast<int>(i) * kDecDigits < 16; ++i) {
    f = f * kNbase + base.digits[i];
    p -= kDecDigits;
  }
  f = exp * (std::log10(f) + p);
  if (f > 3.0 * kShortMax * kDecDigits) ThrowOverflow();
  if (f + 1 < -rscale || f + 1 < -kMaxDisplayScale) return ZeroWithScale(rscale);
  int sig_digits = 1 + rscale + static_cast<int>(f);
  sig_digits += static_cast<int>(std::log(std::fabs(static_cast<double>(exp)))) + 8;
  bool negative = exp < 0;
  unsigned int mask = exp < 0 ? 0u - static_cast<unsigned int>(exp) : static_cast<unsigned int>(exp);
  DecimalVar base_product = base;
  DecimalVar result = (mask & 1) ? base : One();
  while ((mask >>= 1) > 0) {
    int local_rscale = sig_digits - 2 * base_product.weight * kDecDigits;
    local_rscale = std::min(local_rscale, 2 * base_product.dscale);
    local_rscale = std::max(local_rscale, kMinDisplayScale);
    base_product = Multiply(base_product, base_product, local_rscale);
    if (mask & 1) {
      local_rscale = sig_digits - (base_product.weight + result.weight) * kDecDigits;
      local_rscale = std::min(local_rscale, base_product.dscale + result.dscale);
      local_rscale = std::max(local_rscale, kMinDisplayScale);
      result = Multiply(base_product, result, local_rscale);
    }
    // Past an int16 weight the result certainly overflows (or underflows for exp < 0).
    if (base_product.weight > kShortMax || result.weight > kShortMax) {
      if (!negative) ThrowOverflow();
      result = DecimalVar{};
      negative = false;
      break;
    }
  }
  if (negative) return Divide(One(), result, rscale);
  numeric_internal::RoundVar(result, rscale);
  return result;
}

// power_var: base^exp as exp(exp * ln(base)), or power_var_int for int32 exponents.
DecimalVar PowerVar(const DecimalVar& base_in, const DecimalVar& exp) {
  if (IsIntegral(exp)) {
    int64_t exp64 = 0;
    if (VarToInt64(exp, exp64) && exp64 >= INT32_MIN && exp64 <= INT32_MAX) {
      const int rscale = ClampResultScale(std::max(kMinSigDigits, base_in.dscale));
      return PowerVarInt(base_in, static_cast<int>(exp64), rscale);
    }
  }
  if (base_in.IsZero()) return ZeroWithScale(kMinSigDigits);
  DecimalVar base = base_in;
  bool negative_result = false;
  if (base.negative) {
    if (!IsIntegral(exp)) {
      throw Error(sqlstate::kInvalidArgumentForPowerFunction,
                  "a negative number raised to a non-integer power yields a complex result");
    }
    negative_result = !exp.IsZero() && static_cast<int>(exp.digits.size()) == exp.weight + 1 &&
                      (exp.digits.back() & 1) != 0;
    base.negative = false;
  }
  // A low-precision exp * ln(base) estimates the result's weight (and catches overflow).
  const int ln_dweight = EstimateLnDecimalWeight(base);
  int local_rscale = std::max(8 - ln_dweight, kMinDisplayScale);
  DecimalVar ln_base = LnVar(base, local_rscale);
  DecimalVar ln_num = Multiply(ln_base, exp, local_rscale);
  double value = ApproximateAsDouble(ln_num);
  if (std::fabs(value) > kMaxResultScale * 3.01) {
    if (value > 0) ThrowOverflow();
    return ZeroWithScale(kMaxDisplayScale);
  }
  value *= kLog10E;
  int rscale = kMinSigDigits - static_cast<int>(value);
  rscale = std::max({rscale, base.dscale, exp.dscale});
  rscale = ClampResultScale(rscale);
  const int sig_digits = std::max(rscale + static_cast<int>(value), 0);
  local_rscale = std::max(sig_digits - ln_dweight + 8, kMinDisplayScale);
  ln_base = LnVar(base, local_rscale);
  ln_num = Multiply(ln_base, exp, local_rscale);
  DecimalVar result = ExpVar(ln_num, rscale);
  if (negative_result && !result.IsZero()) result.negative = true;
  return result;
}

// log_var: log of `num` to `base`, as ln(num) / ln(base) with enough digits in each.
DecimalVar LogVar(const DecimalVar& base, const DecimalVar& num) {
  const int ln_base_dweight = EstimateLnDecimalWeight(base);
  const int ln_num_dweight = EstimateLnDecimalWeight(num);
  const int result_dweight = ln_num_dweight - ln_base_dweight;
  int rscale = kMinSigDigits - result_dweight;
  rscale = std::max({rscale, base.dscale, num.dscale});
  rscale = ClampResultScale(rscale);
  const int ln_base_rscale = std::max(rscale + result_dweight - ln_base_dweight + 8, kMinDisplayScale);
  const int ln_num_rscale = std::max(rscale + result_dweight - ln_num_dweight + 8, kMinDisplayScale);
  const DecimalVar ln_base = LnVar(base, ln_base_rscale);
  const DecimalVar ln_num = LnVar(num, ln_num_rscale);
  return Divide(ln_num, ln_base, rscale);
}

bool IsSpecial(const Numeric& value) { return NumericAccess::IsSpecial(value); }

int Sign(const Numeric& value) {
  if (value.IsZero()) return 0;
  return value.IsNegative() ? -1 : 1;
}

}  // namespace

Numeric Numeric::SquareRoot(int scale) const {
  if (IsNaN() || IsInfinite()) return *this;
  return NumericAccess::FromVar(SqrtVar(NumericAccess::ToVar(*this), scale));
}

Numeric Numeric::Sqrt() const {
  if (IsNaN()) return *this;
  if (IsInfinite()) {
    if (IsNegative()) {
      throw Error(sqlstate::kInvalidArgumentForPowerFunction, "cannot take square root of a negative number");
    }
    return *this;
  }
  const DecimalVar arg = NumericAccess::ToVar(*this);
  // At least 16 significant digits and no fewer than the input's scale (numeric_sqrt).
  const int sweight = (arg.weight + 1) * kDecDigits / 2 - 1;
  const int rscale = ClampResultScale(std::max(kMinSigDigits - sweight, arg.dscale));
  return NumericAccess::FromVar(SqrtVar(arg, rscale));
}

Numeric Numeric::Ln() const {
  if (IsNaN()) return *this;
  if (IsInfinite()) {
    if (IsNegative()) ThrowLogOfNegative();
    return *this;
  }
  const DecimalVar arg = NumericAccess::ToVar(*this);
  const int rscale = ClampResultScale(std::max(kMinSigDigits - EstimateLnDecimalWeight(arg), arg.dscale));
  return NumericAccess::FromVar(LnVar(arg, rscale));
}

Numeric Numeric::Log(const Numeric& base) const {
  if (IsNaN() || base.IsNaN()) return NaN();
  if (IsInfinite() || base.IsInfinite()) {
    if (Sign(base) < 0 || Sign(*this) < 0) ThrowLogOfNegative();
    if (Sign(base) == 0 || Sign(*this) == 0) ThrowLogOfZero();
    if (base.IsInfinite()) return IsInfinite() ? NaN() : Numeric();  // log(Inf, x) is zero
    return *this;                                                    // log(x, Inf) is Inf
  }
  return NumericAccess::FromVar(LogVar(NumericAccess::ToVar(base), NumericAccess::ToVar(*this)));
}

Numeric Numeric::Exp() const {
  if (IsNaN()) return *this;
  if (IsInfinite()) return IsNegative() ? Numeric() : *this;
  const DecimalVar arg = NumericAccess::ToVar(*this);
  // The result's decimal weight is about arg * log10(e).
  double weight = ApproximateAsDouble(arg) * kLog10E;
  weight = std::clamp(weight, -static_cast<double>(kMaxResultScale), static_cast<double>(kMaxResultScale));
  const int rscale = ClampResultScale(std::max(kMinSigDigits - static_cast<int>(weight), arg.dscale));
  return NumericAccess::FromVar(ExpVar(arg, rscale));
}

Numeric Numeric::Power(const Numeric& exponent) const {
  const Numeric& base = *this;
  if (IsSpecial(base) || IsSpecial(exponent)) {
    // pow(3)'s rules: NaN ^ 0 = 1 and 1 ^ NaN = 1, other NaN inputs give NaN.
    if (base.IsNaN()) return !IsSpecial(exponent) && exponent.IsZero() ? FromInt64(1) : NaN();
    if (exponent.IsNaN()) {
      return !IsSpecial(base) && base.Compare(FromInt64(1)) == 0 ? FromInt64(1) : NaN();
    }
    const int base_sign = Sign(base);
    const int exponent_sign = Sign(exponent);
    if (base_sign == 0 && exponent_sign < 0) {
      throw Error(sqlstate::kInvalidArgumentForPowerFunction, "zero raised to a negative power is undefined");
    }
    // Infinities count as integral (numeric_is_integral).
    const bool integral_exponent = exponent.IsInfinite() || IsIntegral(NumericAccess::ToVar(exponent));
    if (base_sign < 0 && !integral_exponent) {
      throw Error(sqlstate::kInvalidArgumentForPowerFunction,
                  "a negative number raised to a non-integer power yields a complex result");
    }
    if (!IsSpecial(base) && base.Compare(FromInt64(1)) == 0) return FromInt64(1);
    if (exponent_sign == 0) return FromInt64(1);
    if (base_sign == 0 && exponent_sign > 0) return Numeric();
    if (exponent.IsInfinite()) {
      bool abs_base_above_one = true;
      if (!IsSpecial(base)) {
        if (base.Compare(FromInt64(-1)) == 0) return FromInt64(1);
        abs_base_above_one = base.Abs().Compare(FromInt64(1)) > 0;
      }
      return abs_base_above_one == (exponent_sign > 0) ? Infinity(false) : Numeric();
    }
    if (!base.IsNegative()) return exponent_sign > 0 ? Infinity(false) : Numeric();
    // -Infinity to a finite power: zero for negative powers, -Infinity for odd positive
    // integers, +Infinity otherwise.
    if (exponent_sign < 0) return Numeric();
    const DecimalVar exp_var = NumericAccess::ToVar(exponent);
    const bool odd = !exp_var.IsZero() && static_cast<int>(exp_var.digits.size()) == exp_var.weight + 1 &&
                     (exp_var.digits.back() & 1) != 0;
    return Infinity(odd);
  }
  if (base.IsZero() && exponent.IsNegative()) {
    throw Error(sqlstate::kInvalidArgumentForPowerFunction, "zero raised to a negative power is undefined");
  }
  return NumericAccess::FromVar(PowerVar(NumericAccess::ToVar(base), NumericAccess::ToVar(exponent)));
}

}  // namespace granary::types
