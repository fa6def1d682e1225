// Text I/O for float8 (double precision) and float4 (real), as PostgreSQL 15 does it.
//
// Output is the shortest string that reads back to the same value (PostgreSQL's default,
// extra_float_digits = 1; a decimal exactly halfway to the neighbouring float is never
// chosen, as PostgreSQL's Ryu port never chooses it): plain notation for decimal exponents
// -4 <= e < 15 (float8; -4 <= e < 6 for float4), otherwise "1e+20" / "1.5e-05" style;
// "NaN", "Infinity", "-Infinity"; negative zero prints "-0".
#pragma once

#include <string>
#include <string_view>

namespace granary::types {

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
