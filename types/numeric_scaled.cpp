// Numeric's 128-bit fast path: finite values whose digits fit 37 decimal digits become
// integer counts of 10^-scale units, so that add, subtract, multiply and compare of the
// NUMERIC(p, s) values of ordinary tables (and the sums of aggregates) run on __int128
// without building DecimalVars. numeric_arithmetic.cpp and numeric.cpp try it first and fall
// back to the digit algorithms of numeric_var.cpp when an operand or the result does not
// fit; both paths give the same digits and display scale (tests/unit/types compare them).
#include <array>

#include "types/numeric.hpp"
#include "types/numeric_var.hpp"
#include "types/powers_of_ten.hpp"

namespace granary::types {

using numeric_internal::kDecDigits;
using numeric_internal::kNbase;

namespace {

using Int128 = __int128;
using UInt128 = unsigned __int128;


// Operands of at most 9 base-10000 digits (N < 10^36) are read as one integer; results have
// at most 11 (38 decimal digits, one of them possibly split by the scale's alignment).
constexpr size_t kMaxFastBaseDigits = 9;
constexpr size_t kMaxResultBaseDigits = 11;
// Four base-10000 digits (16 decimal digits) and their powers of ten fit a uint64_t.
constexpr int kMaxWordBaseDigits = 4;
constexpr int kMaxWordDigits = 16;

// Appends the base-10000 digits of `magnitude`, least significant first.
void AppendDigits(UInt128 magnitude, std::array<int16_t, kMaxResultBaseDigits>& reversed, size_t& count) {
  // 128-bit division goes through libgcc; peel 64-bit words off with one division each.
  constexpr UInt128 kWordBase = 10'000'000'000'000'000ULL;  // 10^16: four base-10000 digits
  while (magnitude > UINT64_MAX) {
    auto word = static_cast<uint64_t>(magnitude % kWordBase);
    magnitude /= kWordBase;
    for (int i = 0; i < kMaxWordBaseDigits; ++i) {
      reversed[count++] = static_cast<int16_t>(word % kNbase);
      word /= kNbase;
    }
  }
  for (auto word = static_cast<uint64_t>(magnitude); word > 0; word /= kNbase) {
    reversed[count++] = static_cast<int16_t>(word % kNbase);
  }
}

// word / 10^digits into `word` when the division is exact (false otherwise). The usual
// shifts (one to three decimal places, the part of a base-10000 digit below a display scale)
// divide by constants, which compile to multiplications instead of a 64-bit divide.
bool DivideExactly(uint64_t& word, int digits) {
  const auto divide = [&word](uint64_t divisor) {
    if (word % divisor != 0) return false;
    word /= divisor;
    return true;
  };
  switch (digits) {
    case 1: return divide(10);
    case 2: return divide(100);
    case 3: return divide(1000);
    default: return divide(static_cast<uint64_t>(kPowersOfTen[static_cast<size_t>(digits)]));
  }
}

// word split at 10^digits (digits in 1..3 is the usual case): the quotient into `word`, the
// remainder returned.
uint64_t SplitLow(uint64_t& word, int digits) {
  const auto split = [&word](uint64_t divisor) {
    const uint64_t low = word % divisor;
    word /= divisor;
    return low;
  };
  switch (digits) {
    case 1: return split(10);
    case 2: return split(100);
    case 3: return split(1000);
    default: return split(static_cast<uint64_t>(kPowersOfTen[static_cast<size_t>(digits)]));
  }
}

}  // namespace

std::optional<__int128> Numeric::TryScaled(int scale) const {
  if (kind_ != Kind::kPositive && kind_ != Kind::kNegative) return std::nullopt;
  if (scale < 0 || scale > kMaxFastScale) return std::nullopt;
  const auto count = static_cast<int>(digits_.size());
  if (count == 0) return Int128{0};
  // The digits as one integer N, then value = N * 10^exponent.
  if (count > static_cast<int>(kMaxFastBaseDigits)) return std::nullopt;
  const int exponent = kDecDigits * (weight_ - count + 1);
  const int shift = exponent + scale;  // units = N * 10^shift
  // N < 10^(4 * count), so N * 10^shift < 10^(4 * count + shift).
  if (kDecDigits * count + shift > kMaxFastDigits) return std::nullopt;
  UInt128 units = 0;
  if (count <= kMaxWordBaseDigits) {
    // Up to 16 decimal digits: read and (rarely) divide in 64 bits, which is much cheaper
    // than libgcc's 128-bit division.
    uint64_t word = 0;
    for (int16_t digit : digits_) word = word * kNbase + static_cast<uint64_t>(digit);
    if (shift < 0) {
      if (-shift > kMaxWordDigits) return std::nullopt;
      if (!DivideExactly(word, -shift)) return std::nullopt;
    }
    units = word;
    if (shift > 0) units *= kPowersOfTen[static_cast<size_t>(shift)];
  } else {
    for (int16_t digit : digits_) units = units * kNbase + static_cast<UInt128>(digit);
    if (shift >= 0) {
      units *= kPowersOfTen[static_cast<size_t>(shift)];
    } else {
      // Digits beyond `scale` must be zero: the division has to be exact.
      if (-shift > kMaxFastDigits) return std::nullopt;
      const UInt128 divisor = kPowersOfTen[static_cast<size_t>(-shift)];
      if (units % divisor != 0) return std::nullopt;
      units /= divisor;
    }
  }
  const auto magnitude = static_cast<Int128>(units);
  return kind_ == Kind::kNegative ? -magnitude : magnitude;
}

Numeric Numeric::FromScaled(__int128 units, int scale) {
  Numeric result;
  result.display_scale_ = scale;
  if (units == 0) return result;
  UInt128 magnitude = units < 0 ? UInt128{0} - static_cast<UInt128>(units) : static_cast<UInt128>(units);
  // Base-10000 digits from the least significant; the lowest one is aligned so that the
  // decimal point falls between base-10000 digits: a scale of 6 has two fractional digits,
  // the lowest holding 10^-5 and 10^-6 in its top two decimal places.
  const int fraction_digits = (scale + kDecDigits - 1) / kDecDigits;
  const int pad = fraction_digits * kDecDigits - scale;  // 0..3 decimal places below scale
  std::array<int16_t, kMaxResultBaseDigits> reversed{};
  size_t count = 0;
  if (pad > 0) {
    const auto low_unit = static_cast<uint64_t>(kPowersOfTen[static_cast<size_t>(kDecDigits - pad)]);
    const auto scale_up = static_cast<uint64_t>(kPowersOfTen[static_cast<size_t>(pad)]);
    uint64_t low = 0;
    if (magnitude <= UINT64_MAX) {
      auto word = static_cast<uint64_t>(magnitude);
      low = SplitLow(word, kDecDigits - pad);
      magnitude = word;
    } else {
      low = static_cast<uint64_t>(magnitude % low_unit);
      magnitude /= low_unit;
    }
    reversed[count++] = static_cast<int16_t>(low * scale_up);
  }
  AppendDigits(magnitude, reversed, count);
  // Strip: skip the zero digits at the bottom; the top digit is nonzero by construction
  // (unless the padded digit alone was generated and is zero, which the skip covers).
  size_t low = 0;
  while (low < count && reversed[low] == 0) ++low;
  size_t high = count;
  while (high > low && reversed[high - 1] == 0) --high;
  result.weight_ = static_cast<int32_t>(high) - 1 - fraction_digits;
  result.digits_.resize(high - low);
  for (size_t i = 0; i < high - low; ++i) result.digits_[i] = reversed[high - 1 - i];
  result.kind_ = units < 0 ? Kind::kNegative : Kind::kPositive;
  return result;
}

}  // namespace granary::types
