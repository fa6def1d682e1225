// Numeric — exact decimal arithmetic of arbitrary precision, with PostgreSQL's semantics.
//
// Representation follows PostgreSQL's NUMERIC: base-10000 digits, a weight (the power of
// 10000 of the first digit), a sign, and a display scale (digits after the decimal point that
// are printed). Special values NaN, +Infinity and -Infinity exist as in PostgreSQL 14+.
// Result scales follow PostgreSQL exactly (add/sub: max of scales; mul: sum of scales; div:
// select_div_scale's rule; round/trunc: the requested scale), so printed results match.
//
// Errors: parsing raises 22P02 (invalid_text_representation), overflow 22003
// (numeric_value_out_of_range), division by zero 22012 (division_by_zero).
// Thread-safety: a value type; distinct objects may be used from different threads.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace granary::types {

namespace numeric_internal {
struct NumericAccess;  // numeric_var.hpp: the implementation's view of the representation
}

class Numeric {
 public:
  Numeric();  // zero, scale 0

  // Parses PostgreSQL's input syntax: [+-]digits[.digits][e[+-]digits], leading/trailing
  // spaces, 'NaN', 'Infinity', '-Infinity' (case-insensitive). Raises 22P02 on bad input,
  // with message `invalid input syntax for type numeric: "<text>"`.
  static Numeric Parse(std::string_view text);
  static Numeric FromInt64(int64_t value);
  // As PostgreSQL's float8 -> numeric cast: `value` printed with 15 significant digits
  // (DBL_DIG, "%.15g"), so 0.1 gives 0.1 and 1.0/3 gives 0.333333333333333; NaN and the
  // infinities map to the special values.
  static Numeric FromDouble(double value);
  static Numeric NaN();
  static Numeric Infinity(bool negative);

  // PostgreSQL's output: no exponent, exactly Scale() digits after the point.
  std::string ToString() const;

  bool IsNaN() const;
  bool IsInfinite() const;
  bool IsNegative() const;  // true for values < 0 and -Infinity
  bool IsZero() const;
  int Scale() const { return display_scale_; }

  Numeric Add(const Numeric& other) const;
  Numeric Subtract(const Numeric& other) const;
  Numeric Multiply(const Numeric& other) const;
  Numeric Divide(const Numeric& other) const;  // 22012 on zero divisor
  Numeric Modulo(const Numeric& other) const;  // 22012 on zero divisor
  Numeric Negate() const;
  Numeric Abs() const;
  // Rounds half away from zero to `scale` digits after the point (negative scales round to
  // tens, hundreds, ...); the result's display scale is max(scale, 0).
  Numeric Round(int scale) const;
  Numeric Truncate(int scale) const;
  // The square root of a value >= 0 rounded half away from zero to `scale` (>= 0) digits, as
  // PostgreSQL's sqrt_var; NaN and +Infinity give themselves. The caller rejects negatives.
  Numeric SquareRoot(int scale) const;

  // The functions of numeric.c computed in NUMERIC with PostgreSQL's result scales
  // (numeric_transcendental.cpp). Sqrt: 2201F for negatives. Ln and Log: 2201E for zero and
  // negatives; Log(base) is the logarithm of *this to `base` (22012 when base is 1). Exp and
  // Power: 22003 when the result overflows; Power: 2201F for zero to a negative power and a
  // negative number to a non-integer power.
  Numeric Sqrt() const;
  Numeric Ln() const;
  Numeric Log(const Numeric& base) const;
  Numeric Exp() const;
  Numeric Power(const Numeric& exponent) const;

  // Total order used for sorting and comparison: -Infinity < finite values < +Infinity < NaN,
  // and NaN equals NaN (PostgreSQL's btree semantics). Values equal in value but different in
  // scale compare equal (1.0 = 1.00).
  int Compare(const Numeric& other) const;
  bool operator==(const Numeric& other) const { return Compare(other) == 0; }

  // Rounds half away from zero; nullopt when out of range or NaN/Infinity.
  std::optional<int64_t> ToInt64() const;
  double ToDouble() const;

  // Coerces to NUMERIC(precision, scale): rounds to `scale` and raises 22003
  // ("numeric field overflow", detail as PostgreSQL words it) when the integral part needs
  // more than precision - scale digits.
  Numeric ApplyPrecisionScale(int precision, int scale) const;

  // The 128-bit fast path (numeric_scaled.cpp). A finite value whose digits fit is an
  // integer count of 10^-scale units; arithmetic on such counts is exact and gives the very
  // digits and display scales the digit algorithms give, without allocating.
  //
  // TryScaled: value * 10^scale when the value is finite, `scale` is in [0, kMaxFastScale],
  // no nonzero digit lies beyond `scale`, and |value * 10^scale| < 10^kMaxFastDigits;
  // nullopt otherwise (the caller takes the general path).
  static constexpr int kMaxFastScale = 32;
  static constexpr int kMaxFastDigits = 37;
  std::optional<__int128> TryScaled(int scale) const;
  // units * 10^-scale with display scale `scale`; requires |units| < 10^38 and `scale` in
  // [0, kMaxFastScale]. Zero comes out positive (NUMERIC has no negative zero).
  static Numeric FromScaled(__int128 units, int scale);

  // Hash that is equal for equal values whatever their display scale.
  size_t Hash() const;

  // Compact, self-delimiting binary form for tuples on disk; Deserialize(Serialize(x)) == x
  // including the display scale. Deserialize reads only the bytes its value needs (trailing
  // bytes are ignored) and raises XX001 (data_corrupted) on malformed input.
  void AppendSerialized(std::string& out) const;
  static Numeric Deserialize(std::string_view bytes);

 private:
  friend struct numeric_internal::NumericAccess;

  enum class Kind : uint8_t { kPositive, kNegative, kNaN, kPositiveInfinity, kNegativeInfinity };

  // The base-10000 digits: up to kInlineDigits (32 decimal digits, every NUMERIC(p, s) with
  // p <= 28 and most sums of them) inside the object, so that copying, decoding and the
  // arithmetic of such values allocate nothing; more on the heap.
  // The base-10000 digits: up to kInlineDigits (32 decimal digits: every NUMERIC(p, s) with
  // p <= 28 and most sums and products of them) inside the object, so that copying, decoding
  // and the arithmetic of such values allocate nothing; more on the heap. The heap pointer
  // shares its bytes with the inline digits (a union, owned by hand) so that a Numeric stays
  // 40 bytes, as it was with a std::vector, and a Value does not grow.
  class DigitBuffer {
   public:
    static constexpr uint32_t kInlineDigits = 8;
    DigitBuffer() = default;
    DigitBuffer(const DigitBuffer& other) { assign(other.begin(), other.end()); }
    DigitBuffer(DigitBuffer&& other) noexcept { TakeFrom(other); }
    DigitBuffer& operator=(const DigitBuffer& other) {
      if (this != &other) assign(other.begin(), other.end());
      return *this;
    }
    DigitBuffer& operator=(DigitBuffer&& other) noexcept {
      if (this != &other) {
        Release();
        TakeFrom(other);
      }
      return *this;
    }
    ~DigitBuffer() { Release(); }

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    int16_t* data() { return OnHeap() ? storage_.heap : storage_.inline_digits; }
    const int16_t* data() const { return OnHeap() ? storage_.heap : storage_.inline_digits; }
    int16_t* begin() { return data(); }
    int16_t* end() { return data() + size_; }
    const int16_t* begin() const { return data(); }
    const int16_t* end() const { return data() + size_; }
    int16_t& operator[](size_t i) { return data()[i]; }
    int16_t operator[](size_t i) const { return data()[i]; }
    int16_t front() const { return data()[0]; }
    int16_t back() const { return data()[size_ - 1]; }
    // New digits are left unset.
    void resize(size_t count) {
      Reserve(count);
      size_ = static_cast<uint32_t>(count);
    }
    template <typename Iterator>
    void assign(Iterator first, Iterator last) {
      const auto count = static_cast<size_t>(last - first);
      Reserve(count);
      int16_t* out = data();
      for (size_t i = 0; i < count; ++i) out[i] = static_cast<int16_t>(first[i]);
      size_ = static_cast<uint32_t>(count);
    }

   private:
    bool OnHeap() const { return capacity_ > kInlineDigits; }
    void Reserve(size_t count) {
      if (count <= capacity_) return;
      auto* grown = new int16_t[count];  // NOLINT(cppcoreguidelines-owning-memory): see above
      if (size_ > 0) std::memcpy(grown, data(), size_ * sizeof(int16_t));
      Release();
      storage_.heap = grown;
      capacity_ = static_cast<uint32_t>(count);
    }
    void Release() {
      if (OnHeap()) delete[] storage_.heap;  // NOLINT(cppcoreguidelines-owning-memory)
      capacity_ = kInlineDigits;
    }
    // Takes `other`'s digits (its heap block, or a copy of its inline ones) and empties it.
    void TakeFrom(DigitBuffer& other) {
      storage_ = other.storage_;
      size_ = other.size_;
      capacity_ = other.capacity_;
      other.size_ = 0;
      other.capacity_ = kInlineDigits;
    }

    uint32_t size_ = 0;
    uint32_t capacity_ = kInlineDigits;  // more than kInlineDigits: the digits are on the heap
    union Storage {
      int16_t inline_digits[kInlineDigits];
      int16_t* heap;
    } storage_ = {};
  };

  Kind kind_ = Kind::kPositive;
  int32_t weight_ = 0;          // power of 10000 of digits_[0]
  int32_t display_scale_ = 0;   // digits after the decimal point to print
  DigitBuffer digits_;          // base-10000 digits, most significant first, no leading or
                                // trailing zero digits; empty means zero
};

}  // namespace granary::types
