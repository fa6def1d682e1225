// float8/float4 text I/O as PostgreSQL 15 does it (float8out/float4out under this thread's
// extra_float_digits, and float8in/float4in).
//
// Output: float_shortest.cpp finds the shortest digits as PostgreSQL's Ryu port does; they
// are then laid out as PostgreSQL's d2s.c/f2s.c to_chars does: fixed notation when the decimal
// exponent is in [-4, 15) for float8 or [-4, 6) for float4, otherwise d.ddde+XX with at least two
// exponent digits. Input: strtod/strtof in the C locale, with PostgreSQL's checks around them.
#include "types/float_format.hpp"

#include <locale.h>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <limits>
#include <string>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/float_shortest.hpp"

namespace granary::types {
namespace {

// Lays out shortest digits the PostgreSQL way. `fixed_limit` is the exponent from which on
// scientific notation is used (15 for float8, 6 for float4).
template <typename Float>
std::string FormatShortest(Float value, int fixed_limit) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "-Infinity" : "Infinity";
  if (value == 0) return std::signbit(value) ? "-0" : "0";

  const bool negative = std::signbit(value);
  const float_internal::DecimalDigits shortest = float_internal::ShortestDigits(std::fabs(value));
  const std::string& digits = shortest.digits;
  const int exponent = shortest.exponent;
  const int length = static_cast<int>(digits.size());

  std::string out = negative ? "-" : "";
  if (exponent >= -4 && exponent < fixed_limit) {
    if (exponent < 0) {
      out += "0.";
      out.append(static_cast<size_t>(-exponent - 1), '0');
      out += digits;
    } else if (exponent + 1 >= length) {
      out += digits;
      out.append(static_cast<size_t>(exponent + 1 - length), '0');
    } else {
      out += digits.substr(0, static_cast<size_t>(exponent + 1));
      out += '.';
      out += digits.substr(static_cast<size_t>(exponent + 1));
    }
    return out;
  }
  out += digits[0];
  if (length > 1) {
    out += '.';
    out += digits.substr(1);
  }
  out += 'e';
  out += exponent < 0 ? '-' : '+';
  const int magnitude = std::abs(exponent);
  if (magnitude < 10) out += '0';
  out += std::to_string(magnitude);
  return out;
}

locale_t CLocale() {
  static const locale_t locale = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(nullptr));
  return locale;
}

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

bool StartsWithNoCase(const char* text, const char* prefix) {
  return strncasecmp(text, prefix, std::strlen(prefix)) == 0;
}

struct FloatTraits8 {
  using Float = double;
  static constexpr const char* kTypeName = "double precision";
  // float8in quotes only the number in its out-of-range error, float4in the whole input.
  static constexpr bool kRangeErrorQuotesInput = false;
  static double Convert(const char* text, char** end) { return strtod_l(text, end, CLocale()); }
};

struct FloatTraits4 {
  using Float = float;
  static constexpr const char* kTypeName = "real";
  static constexpr bool kRangeErrorQuotesInput = true;
  static float Convert(const char* text, char** end) { return strtof_l(text, end, CLocale()); }
};

// float8in_internal / float4in: strtod plus PostgreSQL's own handling of NaN and infinities,
// its range checks (a nonzero literal that underflows to zero is an error, denormals are
// not) and its whitespace rules.
template <typename Traits>
typename Traits::Float ParseFloat(std::string_view input) {
  using Float = typename Traits::Float;
  const std::string original(input);
  auto invalid = [&original]() {
    return Error(sqlstate::kInvalidTextRepresentation,
                 std::string("invalid input syntax for type ") + Traits::kTypeName + ": \"" +
                     original + "\"");
  };
  // Embedded NUL bytes cannot be part of a number; strtod would stop at them silently.
  if (original.find('\0') != std::string::npos) throw invalid();
  const char* number = original.c_str();
  while (*number != '\0' && IsSpace(*number)) ++number;
  if (*number == '\0') throw invalid();

  errno = 0;
  char* end = nullptr;
  Float value = Traits::Convert(number, &end);
  if (end == number || errno != 0) {
    const int saved_errno = errno;
    // Recognize the special spellings ourselves, as PostgreSQL does, longest first.
    if (StartsWithNoCase(number, "NaN")) {
      value = std::numeric_limits<Float>::quiet_NaN();
      end = const_cast<char*>(number) + 3;
    } else if (StartsWithNoCase(number, "Infinity")) {
      value = std::numeric_limits<Float>::infinity();
      end = const_cast<char*>(number) + 8;
    } else if (StartsWithNoCase(number, "+Infinity")) {
      value = std::numeric_limits<Float>::infinity();
      end = const_cast<char*>(number) + 9;
    } else if (StartsWithNoCase(number, "-Infinity")) {
      value = -std::numeric_limits<Float>::infinity();
      end = const_cast<char*>(number) + 9;
    } else if (StartsWithNoCase(number, "inf")) {
      value = std::numeric_limits<Float>::infinity();
      end = const_cast<char*>(number) + 3;
    } else if (StartsWithNoCase(number, "+inf")) {
      value = std::numeric_limits<Float>::infinity();
      end = const_cast<char*>(number) + 4;
    } else if (StartsWithNoCase(number, "-inf")) {
      value = -std::numeric_limits<Float>::infinity();
      end = const_cast<char*>(number) + 4;
    } else if (saved_errno == ERANGE) {
      // Only a true overflow or an underflow to zero is an error; denormals are accepted.
      if (value == 0 || std::isinf(value)) {
        const std::string quoted = Traits::kRangeErrorQuotesInput
                                       ? original
                                       : std::string(number, static_cast<size_t>(end - number));
        throw Error(sqlstate::kNumericValueOutOfRange,
                    "\"" + quoted + "\" is out of range for type " + Traits::kTypeName);
      }
    } else {
      throw invalid();
    }
  }
  while (*end != '\0' && IsSpace(*end)) ++end;
  if (*end != '\0') throw invalid();
  return value;
}

// float8out / float4out with extra_float_digits <= 0: pg_strfromd, "%.*g" with `digits`
// significant digits (clamped to at least 1), and PostgreSQL's spellings of NaN and infinity.
std::string FormatWithDigits(double value, int digits) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "-Infinity" : "Infinity";
  char text[64];
  std::snprintf(text, sizeof(text), "%.*g", std::max(digits, 1), value);
  return text;
}

thread_local int current_extra_float_digits = kDefaultExtraFloatDigits;

}  // namespace

int CurrentExtraFloatDigits() { return current_extra_float_digits; }

ScopedExtraFloatDigits::ScopedExtraFloatDigits(int digits) : previous_(current_extra_float_digits) {
  current_extra_float_digits = digits;
}

ScopedExtraFloatDigits::~ScopedExtraFloatDigits() { current_extra_float_digits = previous_; }

std::string FormatFloat8(double value) {
  if (current_extra_float_digits > 0) return FormatShortest(value, 15);
  return FormatWithDigits(value, std::numeric_limits<double>::digits10 + current_extra_float_digits);
}

std::string FormatFloat4(float value) {
  if (current_extra_float_digits > 0) return FormatShortest(value, 6);
  return FormatWithDigits(value, std::numeric_limits<float>::digits10 + current_extra_float_digits);
}

double ParseFloat8(std::string_view text) { return ParseFloat<FloatTraits8>(text); }

float ParseFloat4(std::string_view text) { return ParseFloat<FloatTraits4>(text); }

}  // namespace granary::types
