// Shortest decimal digits of a float8/float4 as PostgreSQL's Ryu port computes them
// (internal to float_format.cpp).
//
// PostgreSQL builds src/common/d2s.c and f2s.c without STRICTLY_SHORTEST, so the rounding
// interval of a value is always open: a decimal lying exactly halfway to a neighbouring
// float is never chosen, even when it would read back correctly under round-half-even.
// std::to_chars accepts those halfway points for even mantissas (1e23 prints as "1e+23"
// there but "9.999999999999999e+22" in PostgreSQL). ShortestDigits takes std::to_chars'
// answer and, in exactly those halfway cases, searches the open interval instead.
#pragma once

#include <string>

namespace granary::types::float_internal {

// value == 0.d1d2d3... is not the convention: value == d1.d2d3... * 10^exponent.
struct DecimalDigits {
  std::string digits;  // no leading or trailing zeros
  int exponent = 0;
};

// `value` must be finite and greater than zero.
DecimalDigits ShortestDigits(double value);
DecimalDigits ShortestDigits(float value);

}  // namespace granary::types::float_internal
