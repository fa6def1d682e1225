// Text I/O for float8 (double precision) and float4 (real), as PostgreSQL 15 does it.
//
// Output follows the extra_float_digits of the calling thread (ScopedExtraFloatDigits; 1,
// PostgreSQL's default, without one), as float8out/float4out do. Above 0 it is the shortest
// string that reads back to the same value (a decimal exactly halfway to the neighbouring float is never
// chosen, as PostgreSQL's Ryu port never chooses it): plain notation for decimal exponents
// -4 <= e < 15 (float8; -4 <= e < 6 for float4), otherwise "1e+20" / "1.5e-05" style;
// "NaN", "Infinity", "-Infinity"; negative zero prints "-0". At 0 and below it is "%.*g" with
// DBL_DIG (15) or FLT_DIG (6) plus extra_float_digits significant digits, at least one.
#pragma once

#include <string>
#include <string_view>

namespace granary::types {

inline constexpr int kDefaultExtraFloatDigits = 1;

// The extra_float_digits float output of this thread follows (-15 .. 3).
int CurrentExtraFloatDigits();

// Sets this thread's extra_float_digits for its lifetime; restores the previous value.
class ScopedExtraFloatDigits {
 public:
  explicit ScopedExtraFloatDigits(int digits);
  ~ScopedExtraFloatDigits();
  ScopedExtraFloatDigits(const ScopedExtraFloatDigits&) = delete;
  ScopedExtraFloatDigits& operator=(const ScopedExtraFloatDigits&) = delete;

 private:
  int previous_;
};

std::string FormatFloat8(double value);
std::string FormatFloat4(float value);

// Accepts what PostgreSQL's float8in accepts (leading/trailing spaces, exponents, 'NaN',
// 'Infinity', 'inf', '-Infinity', case-insensitive). Raises 22P02
// `invalid input syntax for type double precision: "<text>"`, and 22003
// `"<text>" is out of range for type double precision` on overflow/underflow to zero of a
// nonzero literal.
double ParseFloat8(std::string_view text);
float ParseFloat4(std::string_view text);

}  // namespace granary::types
