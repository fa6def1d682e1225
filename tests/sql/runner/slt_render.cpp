// Rendering rules of slt_run.py, including the Python int()/float() parsing it relies on,
// so that both runners accept and reject exactly the same result files.
#include "slt_render.hpp"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <regex>

#include "md5.hpp"

namespace granary::slt {
namespace {

std::string Strip(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\n\r\f\v");
  if (begin == std::string::npos) return "";
  const size_t end = text.find_last_not_of(" \t\n\r\f\v");
  return text.substr(begin, end - begin + 1);
}

std::string Lower(std::string text) {
  for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

// str(int(digits)) for an optionally signed run of digits: no '+', no leading zeros, "-0" -> "0".
std::string NormalizeInteger(const std::string& text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  while (i + 1 < text.size() && text[i] == '0') ++i;
  std::string digits = text.substr(i);
  if (digits == "0") return "0";
  return negative ? "-" + digits : digits;
}

// Python int(text): surrounding whitespace, a sign and decimal digits.
std::optional<std::string> PythonInt(const std::string& text) {
  static const std::regex kInteger(R"(^\s*([+-]?\d+)\s*$)");
  std::smatch match;
  if (!std::regex_match(text, match, kInteger)) return std::nullopt;
  return NormalizeInteger(match[1].str());
}

// Python float(text).
std::optional<double> PythonFloat(const std::string& text) {
  static const std::regex kFloat(
      R"(^\s*[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf|infinity|nan)\s*$)", std::regex::icase);
  if (!std::regex_match(text, kFloat)) return std::nullopt;
  return std::strtod(text.c_str(), nullptr);
}

// Python str(int(value)) for a finite double: the exact integer part in decimal.
std::string ExactInteger(double value) {
  const double truncated = std::trunc(value);
  if (std::fabs(truncated) < 9.2e18) return std::to_string(static_cast<int64_t>(truncated));
  int exponent = 0;
  const double mantissa = std::frexp(std::fabs(truncated), &exponent);
  auto bits = static_cast<uint64_t>(std::ldexp(mantissa, 53));
  exponent -= 53;  // |value| = bits * 2^exponent, exponent >= 0 here
  std::vector<int> digits;  // little-endian decimal digits
  for (; bits > 0; bits /= 10) digits.push_back(static_cast<int>(bits % 10));
  for (int e = 0; e < exponent; ++e) {
    int carry = 0;
    for (int& digit : digits) {
      const int doubled = digit * 2 + carry;
      digit = doubled % 10;
      carry = doubled / 10;
    }
    if (carry > 0) digits.push_back(carry);
  }
  std::string out = value < 0 ? "-" : "";
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) out += static_cast<char>('0' + *it);
  return out;
}

std::string RenderInteger(const std::string& value) {
  const std::string low = Lower(Strip(value));
  if (low == "t" || low == "true") return "1";
  if (low == "f" || low == "false") return "0";
  if (std::optional<std::string> integer = PythonInt(value)) return *integer;
  if (std::optional<double> number = PythonFloat(value); number && std::isfinite(*number)) {
    return ExactInteger(*number);
  }
  static const std::regex kPrefix(R"(^\s*([+-]?\d+))");  // like atoi()
  std::smatch match;
  if (std::regex_search(value, match, kPrefix)) return NormalizeInteger(match[1].str());
  return "0";
}

std::string RenderReal(const std::string& value) {
  const std::string low = Lower(Strip(value));
  if (low == "t" || low == "true") return "1.000";
  if (low == "f" || low == "false") return "0.000";
  const std::optional<double> number = PythonFloat(value);
  if (!number) return "0.000";
  if (std::isnan(*number)) return "nan";
  if (std::isinf(*number)) return *number < 0 ? "-inf" : "inf";
  char text[512];
  std::snprintf(text, sizeof text, "%.3f", *number);
  return text;
}

}  // namespace

std::string Render(const std::optional<std::string>& value, char type) {
  if (!value) return "NULL";
  if (type == 'I') return RenderInteger(*value);
  if (type == 'R') return RenderReal(*value);
  if (value->empty()) return "(empty)";
  std::string out;
  for (char ch : *value) {
    const auto byte = static_cast<unsigned char>(ch);
    out += byte >= 0x20 && byte <= 0x7E ? ch : '@';
  }
  return out;
}

std::string HashValues(const std::vector<std::string>& values) {
  Md5 md5;
  for (const std::string& value : values) {
    md5.Update(value);
    md5.Update("\n");
  }
  return std::to_string(values.size()) + " values hashing to " + md5.HexDigest();
}

}  // namespace granary::slt
