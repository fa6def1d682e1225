// kPowersOfTen — 10^0 .. 10^38 as unsigned 128-bit integers (10^38 < 2^127, so every entry
// also fits a signed __int128), for the 128-bit scaled forms of numeric values: Numeric's
// fast path (numeric_scaled.cpp) and the evaluator's numeric arithmetic trees.
#pragma once

#include <array>
#include <cstddef>

namespace granary::types {

inline constexpr std::array<unsigned __int128, 39> kPowersOfTen = [] {
  std::array<unsigned __int128, 39> powers{};
  unsigned __int128 power = 1;
  for (unsigned __int128& entry : powers) {
    entry = power;
    power *= 10;
  }
  return powers;
}();

// 10^digits as a signed value (digits <= 38).
constexpr __int128 SignedPowerOfTen(size_t digits) { return static_cast<__int128>(kPowersOfTen[digits]); }

}  // namespace granary::types
