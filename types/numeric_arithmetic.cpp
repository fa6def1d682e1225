// Numeric arithmetic: the special-value rules of PostgreSQL 15's numeric_add/sub/mul/div/mod
// and round/trunc, with finite operands handed to the digit algorithms of numeric_var.cpp.
#include <algorithm>
#include <cmath>
#include <optional>
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

// The 128-bit fast path of add and subtract (numeric_scaled.cpp): both operands at the larger
// display scale, which is the result's (add_var's rscale); nullopt when either does not fit.
// Both counts are below 10^37, so the sum is below 10^38 as FromScaled requires.
std::optional<Numeric> TryFastSum(const Numeric& left, const Numeric& right, bool subtract) {
  const int scale = std::max(left.Scale(), right.Scale());
  const std::optional<__int128> a = left.TryScaled(scale);
  if (!a) return std::nullopt;
  const std::optional<__int128> b = right.TryScaled(scale);
  if (!b) return std::nullopt;
  return Numeric::FromScaled(subtract ? *a - *b : *a + *b, scale);
}

// The fast path of multiply: the exact product at the sum of the scales (numeric_mul's
// rscale), when both counts are below 10^19 so that the product is below 10^38.
std::optional<Numeric> TryFastProduct(const Numeric& left, const Numeric& right) {
  constexpr __int128 kLimit = static_cast<__int128>(10'000'000'000'000'000'000ULL);  // 10^19
  const int scale = left.Scale() + right.Scale();
  if (scale > Numeric::kMaxFastScale) return std::nullopt;
  const std::optional<__int128> a = left.TryScaled(left.Scale());
  if (!a || *a >= kLimit || *a <= -kLimit) return std::nullopt;
  const std::optional<__int128> b = right.TryScaled(right.Scale());
  if (!b || *b >= kLimit || *b <= -kLimit) return std::nullopt;
  return Numeric::FromScaled(*a * *b, scale);
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
  if (std::optional<Numeric> fast = TryFastSum(*this, other, false)) return std::move(*fast);
  return NumericAccess::FromVar(
      numeric_internal::AddVar(NumericAccess::ToVar(*this), NumericAccess::ToVar(other)));
}

Numeric Numeric::Subtract(const Numeric& other) const {
  if (IsSpecial(*this) || IsSpecial(other)) {
    if (IsNaN() || other.IsNaN()) return NaN();
    if (IsInfinite() && other.IsInfinite() && IsNegative() == other.IsNegative()) return NaN();
    return IsInfinite() ? *this : other.Negate();
  }
  if (std::optional<Numeric> fast = TryFastSum(*this, other, true)) return std::move(*fast);
  return NumericAccess::FromVar(
      numeric_internal::SubVar(NumericAccess::ToVar(*this), NumericAccess::ToVar(other)));
}

Numeric Numeric::Multiply(const Numeric& other) const {
  if (IsSpecial(*this) || IsSpecial(other)) {
    if (IsNaN() || other.IsNaN()) return NaN();
    return InfinityOrNaN(SignOf(*this) * SignOf(other));
  }
  if (std::optional<Numeric> fast = TryFastProduct(*this, other)) return std::move(*fast);
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
