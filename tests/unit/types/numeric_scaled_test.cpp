// Numeric's 128-bit fast path (types/numeric_scaled.cpp): add, subtract, multiply and
// compare of values that fit 10^37 units must give the very digits, display scale, hash and
// stored bytes that the digit algorithms (numeric_var.cpp) give, and fall back to them when
// an operand or the result does not fit. Expected texts come from PostgreSQL 15.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "types/numeric.hpp"
#include "types/numeric_var.hpp"

namespace {

using granary::types::Numeric;
namespace internal = granary::types::numeric_internal;

Numeric N(const std::string& text) { return Numeric::Parse(text); }

// The general path, bypassing the fast one.
Numeric SlowAdd(const Numeric& a, const Numeric& b) {
  return internal::NumericAccess::FromVar(
      internal::AddVar(internal::NumericAccess::ToVar(a), internal::NumericAccess::ToVar(b)));
}
Numeric SlowSub(const Numeric& a, const Numeric& b) {
  return internal::NumericAccess::FromVar(
      internal::SubVar(internal::NumericAccess::ToVar(a), internal::NumericAccess::ToVar(b)));
}
Numeric SlowMul(const Numeric& a, const Numeric& b) {
  const internal::DecimalVar left = internal::NumericAccess::ToVar(a);
  const internal::DecimalVar right = internal::NumericAccess::ToVar(b);
  return internal::NumericAccess::FromVar(internal::MulVar(left, right, left.dscale + right.dscale));
}
int SlowCompare(const Numeric& a, const Numeric& b) {
  return internal::CompareVar(internal::NumericAccess::ToVar(a), internal::NumericAccess::ToVar(b));
}

std::string Stored(const Numeric& value) {
  std::string bytes;
  value.AppendSerialized(bytes);
  return bytes;
}

void RequireSame(const Numeric& fast, const Numeric& slow) {
  REQUIRE(fast.ToString() == slow.ToString());
  REQUIRE(fast.Scale() == slow.Scale());
  REQUIRE(fast.Hash() == slow.Hash());
  REQUIRE(Stored(fast) == Stored(slow));
  REQUIRE(fast.IsNegative() == slow.IsNegative());
}

// A random decimal text with up to `max_integral` digits before the point and `scale` after.
std::string RandomDecimal(std::mt19937_64& random, int max_integral, int scale) {
  std::uniform_int_distribution<int> digit(0, 9);
  std::uniform_int_distribution<int> length(0, max_integral);
  std::string text = random() % 2 == 0 ? "-" : "";
  const int integral = length(random);
  for (int i = 0; i < integral; ++i) text.push_back(static_cast<char>('0' + digit(random)));
  if (integral == 0) text.push_back('0');
  if (scale > 0) {
    text.push_back('.');
    // Often trailing zeros, so that stripped digits and display scale differ.
    const int significant = static_cast<int>(random() % static_cast<uint64_t>(scale + 1));
    for (int i = 0; i < scale; ++i) {
      text.push_back(i < significant ? static_cast<char>('0' + digit(random)) : '0');
    }
  }
  return text;
}

}  // namespace

TEST_CASE("numeric fast path agrees with the digit algorithms", "[types][numeric][fast]") {
  std::mt19937_64 random(20261206);
  for (int i = 0; i < 20000; ++i) {
    const int left_digits = static_cast<int>(random() % 24);
    const int right_digits = static_cast<int>(random() % 24);
    const Numeric a = N(RandomDecimal(random, left_digits, static_cast<int>(random() % 12)));
    const Numeric b = N(RandomDecimal(random, right_digits, static_cast<int>(random() % 12)));
    INFO(a.ToString() << " and " << b.ToString());
    RequireSame(a.Add(b), SlowAdd(a, b));
    RequireSame(a.Subtract(b), SlowSub(a, b));
    RequireSame(a.Multiply(b), SlowMul(a, b));
    REQUIRE(a.Compare(b) == SlowCompare(a, b));
    REQUIRE(b.Compare(a) == SlowCompare(b, a));
  }
}

TEST_CASE("numeric fast path keeps PostgreSQL's result scales", "[types][numeric][fast]") {
  CHECK(N("1.10").Multiply(N("2.000")).ToString() == "2.20000");
  CHECK(N("1.10").Add(N("2.000")).ToString() == "3.100");
  CHECK(N("12345.67").Multiply(N("0.94")).Multiply(N("1.08")).ToString() == "12533.324184");
  CHECK(N("0.0001").Subtract(N("0.00010")).ToString() == "0.00000");
  CHECK(N("100").Multiply(N("100")).ToString() == "10000");
  CHECK(N("0.5").Multiply(N("0.2")).ToString() == "0.10");
  CHECK(N("-0.001").Multiply(N("1000")).ToString() == "-1.000");
}

TEST_CASE("numeric fast path has no negative zero", "[types][numeric][fast]") {
  const Numeric zero = N("-1.50").Add(N("1.5"));
  CHECK(zero.ToString() == "0.00");
  CHECK_FALSE(zero.IsNegative());
  CHECK(zero.IsZero());
  CHECK(zero.Hash() == Numeric().Hash());
  const Numeric product = N("-2.5").Multiply(N("0"));
  CHECK(product.ToString() == "0.0");
  CHECK_FALSE(product.IsNegative());
  CHECK(N("-0.00").Compare(N("0")) == 0);
}

TEST_CASE("numeric fast path falls back past 128 bits", "[types][numeric][fast]") {
  // 37 and 38 digits: the first fits the fast path, the sum and the product do not.
  const std::string nines37(37, '9');
  CHECK(N(nines37).Add(N("1")).ToString() == "1" + std::string(37, '0'));
  CHECK(N(nines37).Add(N(nines37)).ToString() == "1" + std::string(36, '9') + "8");
  CHECK(N("99999999999999999999").Multiply(N("99999999999999999999")).ToString() ==
        "9999999999999999999800000000000000000001");
  CHECK(N("-9999999999999999999").Multiply(N("9999999999999999999")).ToString() ==
        "-99999999999999999980000000000000000001");
  // Scales past the fast path's 32 digits.
  const Numeric tiny = N("0." + std::string(39, '0') + "1");
  CHECK(tiny.Add(N("1")).ToString() == "1." + std::string(39, '0') + "1");
  CHECK(tiny.Compare(N("0")) == 1);
  CHECK(N("0.0000000000000000001").Multiply(N("0.0000000000000000001")).ToString() ==
        "0." + std::string(37, '0') + "1");
  CHECK(N("1e40").Compare(N("1e39")) == 1);
  CHECK(N("-1e40").Compare(N("1")) == -1);
}

TEST_CASE("numeric fast path leaves NaN and infinities to PostgreSQL's rules", "[types][numeric][fast]") {
  CHECK(N("NaN").Add(N("1.5")).ToString() == "NaN");
  CHECK(N("1.5").Multiply(N("NaN")).ToString() == "NaN");
  CHECK(N("Infinity").Subtract(N("2")).ToString() == "Infinity");
  CHECK(N("-Infinity").Multiply(N("-2")).ToString() == "Infinity");
  CHECK(N("Infinity").Multiply(N("0")).ToString() == "NaN");
  CHECK(N("NaN").Compare(N("1")) == 1);
  CHECK(N("-Infinity").Compare(N("-1e30")) == -1);
  CHECK_FALSE(N("NaN").TryScaled(2).has_value());
  CHECK_FALSE(N("Infinity").TryScaled(0).has_value());
}

TEST_CASE("numeric scaled counts", "[types][numeric][fast]") {
  CHECK(*N("123.45").TryScaled(2) == 12345);
  CHECK(*N("123.45").TryScaled(4) == 1234500);
  CHECK(*N("-0.5").TryScaled(1) == -5);
  CHECK(*N("12000").TryScaled(0) == 12000);
  CHECK_FALSE(N("1.25").TryScaled(1).has_value());  // a digit beyond the scale
  CHECK_FALSE(N("1").TryScaled(-1).has_value());
  CHECK_FALSE(N("1").TryScaled(Numeric::kMaxFastScale + 1).has_value());
  CHECK(Numeric::FromScaled(-123456, 3).ToString() == "-123.456");
  CHECK(Numeric::FromScaled(5, 6).ToString() == "0.000005");
  CHECK(Numeric::FromScaled(0, 2).ToString() == "0.00");
  CHECK(Numeric::FromScaled(10000, 0).ToString() == "10000");
}

TEST_CASE("numeric digits beyond the inline buffer copy and move", "[types][numeric][fast]") {
  const std::string text = "1234567890123456789012345678901234567890.123456789";
  Numeric big = N(text);
  Numeric copy = big;
  CHECK(copy.ToString() == text);
  Numeric moved = std::move(copy);
  CHECK(moved.ToString() == text);
  Numeric small = N("1.5");
  small = big;
  CHECK(small.ToString() == text);
  big = N("2.25");
  CHECK(big.ToString() == "2.25");
  CHECK(small.Add(N("1")).ToString() == "1234567890123456789012345678901234567891.123456789");
}
