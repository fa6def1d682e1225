// Numeric: construction, text I/O, comparison, hashing, conversions, typmod coercion and
// the on-disk form. Arithmetic lives in numeric_arithmetic.cpp, digit algorithms in
// numeric_var.cpp. Input and output follow PostgreSQL's numeric_in / numeric_out.
#include "types/numeric.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <system_error>
#include <utility>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/numeric_var.hpp"

namespace granary::types {

using numeric_internal::DecimalVar;
using numeric_internal::kDecDigits;
using numeric_internal::kNbase;
using numeric_internal::NumericAccess;

namespace numeric_internal {

DecimalVar NumericAccess::ToVar(const Numeric& value) {
  DecimalVar var;
  var.negative = value.kind_ == Numeric::Kind::kNegative;
  var.weight = value.weight_;
  var.dscale = value.display_scale_;
  var.digits.assign(value.digits_.begin(), value.digits_.end());
  return var;
}

Numeric NumericAccess::FromVar(DecimalVar var) {
  Strip(var);
  if ((!var.IsZero() && (var.weight > kMaxWeight || var.weight < kMinWeight)) ||
      var.dscale > kMaxStoredScale || var.dscale < 0) {
    throw Error(sqlstate::kNumericValueOutOfRange, "value overflows numeric format");
  }
  Numeric result;
  result.kind_ = var.negative ? Numeric::Kind::kNegative : Numeric::Kind::kPositive;
  result.weight_ = var.weight;
  result.display_scale_ = var.dscale;
  result.digits_.assign(var.digits.begin(), var.digits.end());
  return result;
}

Numeric NumericAccess::Special(bool nan, bool negative) {
  Numeric result;
  if (nan) {
    result.kind_ = Numeric::Kind::kNaN;
  } else {
    result.kind_ = negative ? Numeric::Kind::kNegativeInfinity : Numeric::Kind::kPositiveInfinity;
  }
  return result;
}

}  // namespace numeric_internal

namespace {

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

[[noreturn]] void ThrowInvalidNumeric(std::string_view text) {
  throw Error(sqlstate::kInvalidTextRepresentation,
              "invalid input syntax for type numeric: \"" + std::string(text) + "\"");
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

// Parses the finite number at text[pos...] as set_var_from_str does; advances pos past it.
DecimalVar ParseFinite(std::string_view original, std::string_view text, size_t& pos) {
  DecimalVar var;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    var.negative = text[pos] == '-';
    ++pos;
  }
  bool have_point = false;
  if (pos < text.size() && text[pos] == '.') {
    have_point = true;
    ++pos;
  }
  if (pos >= text.size() || !IsDigit(text[pos])) ThrowInvalidNumeric(original);

  std::string decimal_digits;   // digit values 0..9
  int64_t decimal_weight = -1;  // power of ten of the first digit
  int64_t scale = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (IsDigit(c)) {
      decimal_digits.push_back(static_cast<char>(c - '0'));
      if (have_point) {
        ++scale;
      } else {
        ++decimal_weight;
      }
      ++pos;
    } else if (c == '.') {
      if (have_point) ThrowInvalidNumeric(original);
      have_point = true;
      ++pos;
    } else {
      break;
    }
  }

  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    // strtol's syntax: optional spaces, a sign, then digits; saturates on overflow.
    while (pos < text.size() && IsSpace(text[pos])) ++pos;
    bool exponent_negative = false;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      exponent_negative = text[pos] == '-';
      ++pos;
    }
    if (pos >= text.size() || !IsDigit(text[pos])) ThrowInvalidNumeric(original);
    int64_t exponent = 0;
    while (pos < text.size() && IsDigit(text[pos])) {
      exponent = std::min<int64_t>(exponent * 10 + (text[pos] - '0'), INT32_MAX);
      ++pos;
    }
    if (exponent_negative) exponent = -exponent;
    // PostgreSQL bounds the exponent so that no later arithmetic overflows an int.
    if (exponent >= INT32_MAX / 2 || exponent <= -(INT32_MAX / 2)) {
      throw Error(sqlstate::kNumericValueOutOfRange, "value overflows numeric format");
    }
    decimal_weight += exponent;
    scale = std::max<int64_t>(scale - exponent, 0);
  }

  // Align the decimal digits on base-10000 digit boundaries: `offset` zeros go before the
  // first given digit.
  int64_t weight = decimal_weight >= 0 ? (decimal_weight + kDecDigits) / kDecDigits - 1
                                       : -((-decimal_weight - 1) / kDecDigits + 1);
  const int64_t offset = (weight + 1) * kDecDigits - (decimal_weight + 1);
  std::string aligned(static_cast<size_t>(offset), '\0');
  aligned += decimal_digits;
  aligned.resize((aligned.size() + kDecDigits - 1) / kDecDigits * kDecDigits, '\0');
  var.digits.assign(aligned.size() / kDecDigits, 0);
  for (size_t i = 0; i < aligned.size(); ++i) {
    int32_t& digit = var.digits[i / kDecDigits];
    digit = digit * 10 + aligned[i];
  }
  if (weight > INT32_MAX / 2 || weight < -(INT32_MAX / 2)) {
    throw Error(sqlstate::kNumericValueOutOfRange, "value overflows numeric format");
  }
  var.weight = static_cast<int>(weight);
  var.dscale = static_cast<int>(std::min<int64_t>(scale, INT32_MAX / 2));
  return var;
}

std::string FormatVar(const DecimalVar& var) {
  std::string out;
  if (var.negative && !var.IsZero()) out.push_back('-');
  auto digit_at = [&](int index) -> int32_t {
    return index >= 0 && index < static_cast<int>(var.digits.size())
               ? var.digits[static_cast<size_t>(index)]
               : 0;
  };
  if (var.weight < 0 || var.IsZero()) {
    out.push_back('0');
  } else {
    for (int d = 0; d <= var.weight; ++d) {
      char group[kDecDigits];
      int32_t value = digit_at(d);
      for (int i = kDecDigits - 1; i >= 0; --i) {
        group[i] = static_cast<char>('0' + value % 10);
        value /= 10;
      }
      int start = 0;
      if (d == 0) {
        // Suppress the leading zeros of the first group, keeping its last digit.
        while (start < kDecDigits - 1 && group[start] == '0') ++start;
      }
      out.append(group + start, group + kDecDigits);
    }
  }
  if (var.dscale > 0) {
    out.push_back('.');
    int remaining = var.dscale;
    // The first fractional group has index weight + 1 (0 when weight is -1 ...).
    for (int d = var.weight + 1; remaining > 0; ++d) {
      int32_t value = var.IsZero() ? 0 : digit_at(d);
      char group[kDecDigits];
      for (int i = kDecDigits - 1; i >= 0; --i) {
        group[i] = static_cast<char>('0' + value % 10);
        value /= 10;
      }
      const int take = std::min(remaining, kDecDigits);
      out.append(group, group + take);
      remaining -= take;
    }
  }
  return out;
}

void AppendVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

[[noreturn]] void ThrowCorrupt() {
  throw Error(sqlstate::kDataCorrupted, "invalid numeric value in stored data");
}

uint64_t ReadLongVarint(std::string_view bytes, size_t& pos) {
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= bytes.size()) ThrowCorrupt();
    const auto byte = static_cast<uint8_t>(bytes[pos++]);
    value |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  ThrowCorrupt();
}

// A varint; the one-byte form (every weight, scale and digit count of ordinary values) inline.
inline uint64_t ReadVarint(std::string_view bytes, size_t& pos) {
  if (pos < bytes.size() && (static_cast<uint8_t>(bytes[pos]) & 0x80) == 0) {
    return static_cast<uint8_t>(bytes[pos++]);
  }
  return ReadLongVarint(bytes, pos);
}

}  // namespace

Numeric::Numeric() = default;

Numeric Numeric::Parse(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size() && IsSpace(text[pos])) ++pos;
  const std::string_view rest = text.substr(pos);
  // Same spellings float8in accepts; longer words first so "inf" does not shadow them.
  struct SpecialSpelling {
    std::string_view spelling;
    bool nan;
    bool negative;
  };
  static constexpr SpecialSpelling kSpecials[] = {
      {"NaN", true, false},       {"Infinity", false, false}, {"+Infinity", false, false},
      {"-Infinity", false, true}, {"inf", false, false},      {"+inf", false, false},
      {"-inf", false, true},
  };
  Numeric result;
  bool matched = false;
  for (const auto& special : kSpecials) {
    if (StartsWithNoCase(rest, special.spelling)) {
      result = NumericAccess::Special(special.nan, special.negative);
      pos += special.spelling.size();
      matched = true;
      break;
    }
  }
  DecimalVar var;
  if (!matched) var = ParseFinite(text, text, pos);
  while (pos < text.size()) {
    if (!IsSpace(text[pos])) ThrowInvalidNumeric(text);
    ++pos;
  }
  return matched ? result : NumericAccess::FromVar(std::move(var));
}

Numeric Numeric::FromInt64(int64_t value) {
  DecimalVar var;
  var.negative = value < 0;
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  while (magnitude > 0) {
    var.digits.insert(var.digits.begin(), static_cast<int32_t>(magnitude % kNbase));
    magnitude /= kNbase;
  }
  var.weight = static_cast<int>(var.digits.size()) - 1;
  return NumericAccess::FromVar(std::move(var));
}

Numeric Numeric::FromDouble(double value) {
  if (std::isnan(value)) return NaN();
  if (std::isinf(value)) return Infinity(value < 0);
  // PostgreSQL's float8_numeric prints with "%.*g" and DBL_DIG (15) significant digits, so
  // 0.1::float8::numeric is 0.1, not the binary expansion.
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::general,
                    std::numeric_limits<double>::digits10);
  return Parse(std::string_view(buffer, static_cast<size_t>(result.ptr - buffer)));
}

Numeric Numeric::NaN() { return NumericAccess::Special(true, false); }

Numeric Numeric::Infinity(bool negative) { return NumericAccess::Special(false, negative); }

std::string Numeric::ToString() const {
  switch (kind_) {
    case Kind::kNaN:
      return "NaN";
    case Kind::kPositiveInfinity:
      return "Infinity";
    case Kind::kNegativeInfinity:
      return "-Infinity";
    case Kind::kPositive:
    case Kind::kNegative:
      break;
  }
  return FormatVar(NumericAccess::ToVar(*this));
}

bool Numeric::IsNaN() const { return kind_ == Kind::kNaN; }

bool Numeric::IsInfinite() const {
  return kind_ == Kind::kPositiveInfinity || kind_ == Kind::kNegativeInfinity;
}

bool Numeric::IsNegative() const {
  return kind_ == Kind::kNegative || kind_ == Kind::kNegativeInfinity;
}

bool Numeric::IsZero() const {
  return (kind_ == Kind::kPositive || kind_ == Kind::kNegative) && digits_.empty();
}

int Numeric::Compare(const Numeric& other) const {
  // Rank: -Infinity < finite < +Infinity < NaN; NaN equals NaN as in PostgreSQL's btree.
  auto rank = [](Kind kind) {
    switch (kind) {
      case Kind::kNegativeInfinity:
        return 0;
      case Kind::kPositive:
      case Kind::kNegative:
        return 1;
      case Kind::kPositiveInfinity:
        return 2;
      case Kind::kNaN:
        return 3;
    }
    return 3;
  };
  const int left_rank = rank(kind_);
  const int right_rank = rank(other.kind_);
  if (left_rank != right_rank) return left_rank < right_rank ? -1 : 1;
  if (left_rank != 1) return 0;
  // The 128-bit fast path (numeric_scaled.cpp), both at the larger display scale.
  const int scale = std::max(display_scale_, other.display_scale_);
  if (const std::optional<__int128> left = TryScaled(scale)) {
    if (const std::optional<__int128> right = other.TryScaled(scale)) {
      return *left < *right ? -1 : (*left > *right ? 1 : 0);
    }
  }
  return numeric_internal::CompareVar(NumericAccess::ToVar(*this), NumericAccess::ToVar(other));
}

std::optional<int64_t> Numeric::ToInt64() const {
  if (IsNaN() || IsInfinite()) return std::nullopt;
  DecimalVar var = NumericAccess::ToVar(*this);
  numeric_internal::RoundVar(var, 0);
  if (var.IsZero()) return 0;
  // Accumulate as a negative number so that INT64_MIN is representable.
  int64_t value = 0;
  for (int d = 0; d <= var.weight; ++d) {
    const int32_t digit =
        d < static_cast<int>(var.digits.size()) ? var.digits[static_cast<size_t>(d)] : 0;
    if (__builtin_mul_overflow(value, int64_t{kNbase}, &value) ||
        __builtin_sub_overflow(value, int64_t{digit}, &value)) {
      return std::nullopt;
    }
  }
  if (!var.negative) {
    if (value == INT64_MIN) return std::nullopt;
    value = -value;
  }
  return value;
}

double Numeric::ToDouble() const {
  switch (kind_) {
    case Kind::kNaN:
      return std::numeric_limits<double>::quiet_NaN();
    case Kind::kPositiveInfinity:
      return std::numeric_limits<double>::infinity();
    case Kind::kNegativeInfinity:
      return -std::numeric_limits<double>::infinity();
    case Kind::kPositive:
    case Kind::kNegative:
      break;
  }
  // Correctly rounded, as PostgreSQL's numeric_float8 (numeric_out then strtod) is.
  const std::string text = ToString();
  double value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec == std::errc::result_out_of_range) {
    const bool huge = weight_ >= 0;
    value = huge ? std::numeric_limits<double>::infinity() : 0.0;
    if (IsNegative()) value = -value;
  }
  return value;
}

Numeric Numeric::ApplyPrecisionScale(int precision, int scale) const {
  if (IsNaN()) return *this;
  const std::string field =
      "A field with precision " + std::to_string(precision) + ", scale " + std::to_string(scale);
  if (IsInfinite()) {
    throw Error(sqlstate::kNumericValueOutOfRange, "numeric field overflow")
        .WithDetail(field + " cannot hold an infinite value.");
  }
  DecimalVar var = NumericAccess::ToVar(*this);
  numeric_internal::RoundVar(var, scale);
  var.dscale = std::max(var.dscale, 0);
  const int max_digits = precision - scale;  // digits allowed before the point
  if (!var.IsZero()) {
    // Decimal digits before the point: four per base-10000 digit, less the first digit's
    // leading zeros.
    int integral_digits = (var.weight + 1) * kDecDigits;
    const int32_t first = var.digits[0];
    if (first < 10) {
      integral_digits -= 3;
    } else if (first < 100) {
      integral_digits -= 2;
    } else if (first < 1000) {
      integral_digits -= 1;
    }
    if (integral_digits > max_digits) {
      const std::string bound =
          max_digits != 0 ? "10^" + std::to_string(max_digits) : std::string("1");
      throw Error(sqlstate::kNumericValueOutOfRange, "numeric field overflow")
          .WithDetail(field + " must round to an absolute value less than " + bound + ".");
    }
  }
  return NumericAccess::FromVar(std::move(var));
}

size_t Numeric::Hash() const {
  // Stripped digits and weight identify the value whatever the display scale.
  uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a
  auto mix = [&hash](uint64_t value) {
    for (int i = 0; i < 8; ++i) {
      hash ^= (value >> (i * 8)) & 0xFF;
      hash *= 0x100000001b3ULL;
    }
  };
  mix(static_cast<uint64_t>(kind_));
  if (IsNaN() || IsInfinite()) return static_cast<size_t>(hash);
  mix(static_cast<uint64_t>(static_cast<int64_t>(weight_)));
  for (int16_t digit : digits_) mix(static_cast<uint64_t>(digit));
  return static_cast<size_t>(hash);
}

void Numeric::AppendSerialized(std::string& out) const {
  // Layout: kind byte; for finite values zigzag-varint weight, varint scale, varint digit
  // count, then each base-10000 digit as two little-endian bytes.
  out.push_back(static_cast<char>(kind_));
  if (IsNaN() || IsInfinite()) return;
  const auto weight = static_cast<int64_t>(weight_);
  AppendVarint(out, (static_cast<uint64_t>(weight) << 1) ^ static_cast<uint64_t>(weight >> 63));
  AppendVarint(out, static_cast<uint64_t>(display_scale_));
  AppendVarint(out, digits_.size());
  for (int16_t digit : digits_) {
    const auto bits = static_cast<uint16_t>(digit);
    out.push_back(static_cast<char>(bits & 0xFF));
    out.push_back(static_cast<char>(bits >> 8));
  }
}

Numeric Numeric::Deserialize(std::string_view bytes) {
  if (bytes.empty()) ThrowCorrupt();
  const auto kind_byte = static_cast<uint8_t>(bytes[0]);
  if (kind_byte > static_cast<uint8_t>(Kind::kNegativeInfinity)) ThrowCorrupt();
  const auto kind = static_cast<Kind>(kind_byte);
  if (kind == Kind::kNaN) return NaN();
  if (kind == Kind::kPositiveInfinity || kind == Kind::kNegativeInfinity) {
    return Infinity(kind == Kind::kNegativeInfinity);
  }
  size_t pos = 1;
  const uint64_t zigzag = ReadVarint(bytes, pos);
  const auto weight = static_cast<int64_t>(zigzag >> 1) ^ -static_cast<int64_t>(zigzag & 1);
  const uint64_t scale = ReadVarint(bytes, pos);
  const uint64_t count = ReadVarint(bytes, pos);
  if (weight > numeric_internal::kMaxWeight || weight < numeric_internal::kMinWeight ||
      scale > static_cast<uint64_t>(numeric_internal::kMaxStoredScale) ||
      count > (bytes.size() - pos) / 2) {
    ThrowCorrupt();
  }
  Numeric result;
  result.kind_ = kind;
  result.weight_ = static_cast<int32_t>(weight);
  result.display_scale_ = static_cast<int32_t>(scale);
  result.digits_.resize(static_cast<size_t>(count));
  for (size_t i = 0; i < count; ++i) {
    const auto low = static_cast<uint8_t>(bytes[pos++]);
    const auto high = static_cast<uint8_t>(bytes[pos++]);
    const auto digit = static_cast<int16_t>(static_cast<uint16_t>(low | (high << 8)));
    if (digit < 0 || digit >= kNbase) ThrowCorrupt();
    result.digits_[i] = digit;
  }
  // Only the canonical (stripped) form is ever written.
  if (!result.digits_.empty() && (result.digits_.front() == 0 || result.digits_.back() == 0)) {
    ThrowCorrupt();
  }
  if (result.digits_.empty() && (weight != 0 || kind == Kind::kNegative)) ThrowCorrupt();
  return result;
}

}  // namespace granary::types
