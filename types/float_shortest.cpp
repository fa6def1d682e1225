// Shortest round-trip digits with PostgreSQL's open rounding interval (see float_shortest.hpp).
#include "types/float_shortest.hpp"

#include <locale.h>
#include <cfloat>
#include <charconv>
#include <clocale>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>

#include "types/numeric.hpp"

namespace granary::types::float_internal {
namespace {

// Midpoints between adjacent doubles need 54 significant bits; x87 long double has 64.
static_assert(LDBL_MANT_DIG >= 64, "halfway detection needs an extended long double");

DecimalDigits ParseScientific(const char* begin, const char* end) {
  // "d[.ddd]e(+|-)XX", no sign: callers pass positive values.
  DecimalDigits result;
  const char* cursor = begin;
  for (; cursor < end && *cursor != 'e'; ++cursor) {
    if (*cursor != '.') result.digits.push_back(*cursor);
  }
  result.exponent = std::atoi(std::string(cursor + 1, end).c_str());
  while (result.digits.size() > 1 && result.digits.back() == '0') result.digits.pop_back();
  return result;
}

template <typename Float>
DecimalDigits ToChars(Float value, int precision = -1) {
  char buffer[64];
  const std::to_chars_result result =
      precision < 0
          ? std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific)
          : std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific,
                          precision);
  return ParseScientific(buffer, result.ptr);
}

std::string ScientificText(const DecimalDigits& decimal) {
  return decimal.digits + "e" +
         std::to_string(decimal.exponent - static_cast<int>(decimal.digits.size()) + 1);
}

long double ParseLongDouble(const std::string& text) {
  static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(nullptr));
  return strtold_l(text.c_str(), nullptr, c_locale);
}

// 2^exponent exactly, by repeated squaring.
Numeric PowerOfTwo(int exponent) {
  Numeric base = Numeric::Parse(exponent >= 0 ? "2" : "0.5");
  Numeric result = Numeric::FromInt64(1);
  for (unsigned remaining = static_cast<unsigned>(std::abs(exponent)); remaining != 0;
       remaining >>= 1) {
    if (remaining & 1) result = result.Multiply(base);
    if (remaining > 1) base = base.Multiply(base);
  }
  return result;
}

// The exact decimal value of a (finite, positive) long double.
Numeric ExactValue(long double value) {
  int exponent = 0;
  const long double fraction = std::frexp(value, &exponent);  // value = fraction * 2^exponent
  auto mantissa = static_cast<uint64_t>(std::ldexp(fraction, 64));
  exponent -= 64;
  while (mantissa != 0 && (mantissa & 1) == 0) {
    mantissa >>= 1;
    ++exponent;
  }
  return Numeric::FromInt64(static_cast<int64_t>(mantissa)).Multiply(PowerOfTwo(exponent));
}

// Digits and exponent of a positive finite Numeric.
DecimalDigits DigitsOf(const Numeric& number) {
  const std::string text = number.ToString();
  const size_t point = text.find('.');
  const std::string integral = text.substr(0, point);
  const std::string all = integral + (point == std::string::npos ? "" : text.substr(point + 1));
  const size_t first = all.find_first_not_of('0');
  DecimalDigits result;
  result.digits = all.substr(first);
  while (result.digits.size() > 1 && result.digits.back() == '0') result.digits.pop_back();
  result.exponent = static_cast<int>(integral.size()) - 1 - static_cast<int>(first);
  return result;
}

template <typename Float>
DecimalDigits Shortest(Float value) {
  const DecimalDigits candidate = ToChars(value);
  // The halfway points to the neighbours; exactly representable in long double.
  const long double exact = value;
  const Float below = std::nextafter(value, Float{0});
  const Float above = std::nextafter(value, std::numeric_limits<Float>::infinity());
  const long double low = (exact + static_cast<long double>(below)) / 2;
  const long double high = std::isinf(above) ? exact + (exact - static_cast<long double>(below)) / 2
                                             : (exact + static_cast<long double>(above)) / 2;
  // A decimal exactly at a halfway point parses to it exactly; anything else cannot be one.
  const long double parsed = ParseLongDouble(ScientificText(candidate));
  if (parsed != low && parsed != high) return candidate;

  const Numeric low_exact = ExactValue(low);
  const Numeric high_exact = ExactValue(high);
  const Numeric candidate_exact = Numeric::Parse(ScientificText(candidate));
  if (candidate_exact.Compare(low_exact) != 0 && candidate_exact.Compare(high_exact) != 0) {
    return candidate;
  }
  // Rare: search lengths upward for the nearest decimal strictly inside the interval, as
  // Ryu without STRICTLY_SHORTEST finds it.
  const Numeric value_exact = ExactValue(exact);
  auto inside = [&](const Numeric& number) {
    return number.Compare(low_exact) > 0 && number.Compare(high_exact) < 0;
  };
  const int max_digits = std::numeric_limits<Float>::max_digits10;
  for (int length = static_cast<int>(candidate.digits.size()); length <= max_digits; ++length) {
    const DecimalDigits nearest = ToChars(value, length - 1);
    const Numeric nearest_exact = Numeric::Parse(ScientificText(nearest));
    if (inside(nearest_exact)) return nearest;
    const Numeric unit = Numeric::Parse("1e" + std::to_string(nearest.exponent - length + 1));
    const Numeric other = nearest_exact.Compare(value_exact) < 0 ? nearest_exact.Add(unit)
                                                                 : nearest_exact.Subtract(unit);
    if (inside(other)) return DigitsOf(other);
  }
  return candidate;  // unreachable: max_digits10 digits always land inside
}

}  // namespace

DecimalDigits ShortestDigits(double value) { return Shortest(value); }

DecimalDigits ShortestDigits(float value) { return Shortest(value); }

}  // namespace granary::types::float_internal
