// Rendering rules of slt_run.py, including the Python int()/float() parsing it relies on,
// so that both runners accept and reject exactly the same result files. The number syntax
// is read by plain left-to-right scans (no std::regex: libstdc++'s matcher recurses once per
// character and overflowed the stack on values of some 40,000 characters).
#include "slt_render.hpp"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

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

bool IsSpace(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}
bool IsDigit(char ch) { return ch >= '0' && ch <= '9'; }

// A left-to-right reader over one value.
class Scan {
 public:
  explicit Scan(std::string_view text) : text_(text) {}

  size_t position() const { return position_; }
  bool AtEnd() const { return position_ == text_.size(); }
  void SkipSpaces() {
    while (!AtEnd() && IsSpace(text_[position_])) ++position_;
  }
  bool SkipSign() {
    if (AtEnd() || (text_[position_] != '+' && text_[position_] != '-')) return false;
    ++position_;
    return true;
  }
  bool Skip(char ch) {
    if (AtEnd() || text_[position_] != ch) return false;
    ++position_;
    return true;
  }
  // Skips a run of digits; returns how many.
  size_t SkipDigits() {
    const size_t start = position_;
    while (!AtEnd() && IsDigit(text_[position_])) ++position_;
    return position_ - start;
  }
  // Skips `word` (lower case) if the text continues with it in any case.
  bool SkipWordIgnoringCase(std::string_view word) {
    if (text_.size() - position_ < word.size()) return false;
    for (size_t i = 0; i < word.size(); ++i) {
      const auto ch = static_cast<unsigned char>(text_[position_ + i]);
      if (std::tolower(ch) != word[i]) return false;
    }
    position_ += word.size();
    return true;
  }
  // Trailing spaces, then the end.
  bool OnlySpacesLeft() {
    SkipSpaces();
    return AtEnd();
  }

 private:
  std::string_view text_;
  size_t position_ = 0;
};

// The leading `\s*[+-]?\d+` of text as a normalised integer, or nullopt; with `whole`, only
// spaces may follow it.
std::optional<std::string> LeadingInteger(const std::string& text, bool whole) {
  Scan scan(text);
  scan.SkipSpaces();
  const size_t start = scan.position();
  scan.SkipSign();
  if (scan.SkipDigits() == 0) return std::nullopt;
  const size_t end = scan.position();
  if (whole && !scan.OnlySpacesLeft()) return std::nullopt;
  return NormalizeInteger(text.substr(start, end - start));
}

// Python int(text): surrounding whitespace, a sign and decimal digits.
std::optional<std::string> PythonInt(const std::string& text) {
  return LeadingInteger(text, /*whole=*/true);
}

// Python float(text): surrounding whitespace, a sign, then digits with an optional point
// (`1`, `1.`, `1.5`, `.5`) and exponent (`e-3`), or inf, infinity or nan in any case.
std::optional<double> PythonFloat(const std::string& text) {
  Scan scan(text);
  scan.SkipSpaces();
  scan.SkipSign();
  if (scan.SkipWordIgnoringCase("infinity") || scan.SkipWordIgnoringCase("inf") ||
      scan.SkipWordIgnoringCase("nan")) {
    if (!scan.OnlySpacesLeft()) return std::nullopt;
    return std::strtod(text.c_str(), nullptr);
  }
  size_t digits = scan.SkipDigits();
  if (scan.Skip('.')) digits += scan.SkipDigits();
  if (digits == 0) return std::nullopt;
  if (scan.Skip('e') || scan.Skip('E')) {
    scan.SkipSign();
    if (scan.SkipDigits() == 0) return std::nullopt;
  }
  if (!scan.OnlySpacesLeft()) return std::nullopt;
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
  // Otherwise the leading integer, like atoi().
  return LeadingInteger(value, /*whole=*/false).value_or("0");
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

bool IsHashLine(const std::string& line) {
  Scan scan(line);
  scan.SkipSpaces();
  if (scan.SkipDigits() == 0) return false;
  for (char ch : std::string_view(" values hashing to ")) {
    if (!scan.Skip(ch)) return false;
  }
  for (int i = 0; i < 32; ++i) {
    bool hex = false;
    for (char ch : std::string_view("0123456789abcdef")) hex = hex || scan.Skip(ch);
    if (!hex) return false;
  }
  return scan.OnlySpacesLeft();
}

}  // namespace granary::slt
