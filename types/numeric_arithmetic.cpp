// Numeric arithmetic: the special-value rules of PostgreSQL 15's numeric_add/sub/mul/div/mod
// and round/trunc, with finite operands handed to the digit algorithms of numeric_var.cpp.
#include <algorithm>
#include <cmath>
#include <utility>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/numeric.hpp"
#include "types/numeric_var.hpp"

namespace granary::types {

using numeric_internal::DecimalVar;
using numeric_internal::NumericAccess;

namespace {

bool IsSpecial(const Numeric& value) { return NumericAccess::IsSpecial(value); }

// -1, 0 or 1; only for non-NaN values (infinities have their sign).
int SignOf(const Numeric& value) {
  if (value.IsZero()) return 0;
  return value.IsNegative() ? -1 : 1;
}

// Infinity with the given sign, or NaN for sign 0 (the Inf * 0 case).
Numeric InfinityOrNaN(int sign) {
  if (sign == 0) return Numeric::NaN();
  return Numeric::Infinity(sign < 0);
}

// numeric_round/numeric_trunc's bounds: no more digits after the point than the format
// stores, and no further left than one digit beyond the largest weight (which may still
// round up into an overflow, reported by FromVar).
int ClampRoundingScale(int scale) {
  constexpr int kMinScale = -(numeric_internal::kMaxWeight + 1) * numeric_internal::kDecDigits - 1;
  return std::clamp(scale, kMinScale, numeric_internal::kMaxStoredScale);
}

[[noreturn]] void ThrowDivisionByZero() {
  throw Error(sqlstate::kDivisionByZero, "division by zero");
}

}  // namespace

Numeric Numeric::Add(const Numeric& other) const {
  if (IsSpecial(*this) || IsSpecial(other)) {
    if (IsNaN() || other.IsNaN()) return NaN();
    if (IsInfinite() && other.IsInfinite() && IsNegative() != other.IsNegative()) return NaN();
    return IsInfinite() ? *this : other;
  }
  return NumericAccess::FromVar(
      numeric_internal::AddVar(NumericAccess::ToVar(*this), NumericAccess::ToVar(other)));
}

Numeric Numeric::Subtract(const Numeric& other) const {
  if (IsSpecial(*this) || IsSpecial(other)) {
    if (IsNaN() || other.IsNaN()) return NaN();
    if (IsInfinite() && other.IsInfinite() && IsNegative() == other.IsNegative()) return NaN();
    return IsInfinite() ? *this : other.Negate();
  }
  return NumericAccess::FromVar(
      numeric_internal::SubVar(NumericAccess::ToVar(*this), NumericAccess::ToVar(other)));
}

Numeric Numeric::Multiply(const Numeric& other) const {
  if (IsSpecial(*this) || IsSpecial(other)) {
    if (IsNaN() || other.IsNaN()) return NaN();
    return InfinityOrNaN(SignOf(*this) * SignOf(other));
  }
  const DecimalVar left = NumericAccess::ToVar(*this);
  const DecimalVar right = NumericAccess::ToVar(other);
  // The exact product, then rounded if its scale exceeds what the format can store
  // (PostgreSQL 15's numeric_mul does the same).
  DecimalVar product = numeric_internal::MulVar(left, right, left.dscale + right.dscale);
  if (product.dscale > numeric_internal::kMaxStoredScale) {
    numeric_internal::RoundVar(product, numeric_internal::kMaxStoredScale);
  }
  return NumericAccess::FromVar(std::move(product));
}

Numeric Numeric::Divide(const Numeric& other) const {
  if (IsSpecial(*this) || IsSpecial(other)) {
    if (IsNaN() || other.IsNaN()) return NaN();
    if (IsInfinite()) {
      if (other.IsInfinite()) return NaN();
      const int divisor_sign = SignOf(other);
      if (divisor_sign == 0) ThrowDivisionByZero();
      return Infinity(IsNegative() != (divisor_sign < 0));
    }
    // A finite value divided by an infinity: PostgreSQL returns zero (scale 0), not an
    // underflow error.
    return Numeric();
  }
  if (other.IsZero()) ThrowDivisionByZero();
  const DecimalVar left = NumericAccess::ToVar(*this);
  const DecimalVar right = NumericAccess::ToVar(other);
  const int rscale = numeric_internal::SelectDivScale(left, right);
  return NumericAccess::FromVar(numeric_internal::DivVar(left, right, rscale, true));
}

Numeric Numeric::Modulo(const Numeric& other) const {
  if (IsSpecial(*this) || IsSpecial(other)) {
    if (IsNaN() || other.IsNaN()) return NaN();
    if (IsInfinite()) {
      if (other.IsZero()) ThrowDivisionByZero();
      return NaN();
    }
    return *this;  // finite % ±Infinity is the dividend
  }
  if (other.IsZero()) ThrowDivisionByZero();
  return NumericAccess::FromVar(
      numeric_internal::ModVar(NumericAccess::ToVar(*this), NumericAccess::ToVar(other)));
}

Numeric Numeric::Negate() const {
  Numeric result = *this;
  switch (kind_) {
    case Kind::kNaN:
      break;
    case Kind::kPositiveInfinity:
      result.kind_ = Kind::kNegativeInfinity;
      break;
    case Kind::kNegativeInfinity:
      result.kind_ = Kind::kPositiveInfinity;
      break;
    case Kind::kPositive:
      // Zero has no sign in NUMERIC.
      if (!digits_.empty()) result.kind_ = Kind::kNegative;
      break;
    case Kind::kNegative:
      result.kind_ = Kind::kPositive;
      break;
  }
  return result;
}

Numeric Numeric::Abs() const { return IsNegative() ? Negate() : *this; }

Numeric Numeric::Round(int scale) const {
  if (IsSpecial(*this)) return *this;
  scale = ClampRoundingScale(scale);
  DecimalVar var = NumericAccess::ToVar(*this);
  numeric_internal::RoundVar(var, scale);
  var.dscale = std::max(scale, 0);
  return NumericAccess::FromVar(std::move(var));
}

Numeric Numeric::Truncate(int scale) const {
  if (IsSpecial(*this)) return *this;
  scale = ClampRoundingScale(scale);
  DecimalVar var = NumericAccess::ToVar(*this);
  numeric_internal::TruncVar(var, scale);
  var.dscale = std::max(scale, 0);
  return NumericAccess::FromVar(std::move(var));
}

}  // namespace granary::types
