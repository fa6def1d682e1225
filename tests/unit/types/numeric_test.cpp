// Numeric: parsing, output, arithmetic and its scale rules, rounding, comparison, hashing,
// conversions, typmods and serialization. Expected values come from PostgreSQL 15.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "common/sqlstate.hpp"
#include "tests/unit/types/expect_error.hpp"
#include "types/numeric.hpp"

namespace {

using granary::types::Numeric;

Numeric N(const std::string& text) { return Numeric::Parse(text); }

std::string Add(const std::string& a, const std::string& b) { return N(a).Add(N(b)).ToString(); }
std::string Sub(const std::string& a, const std::string& b) {
  return N(a).Subtract(N(b)).ToString();
}
std::string Mul(const std::string& a, const std::string& b) {
  return N(a).Multiply(N(b)).ToString();
}
std::string Div(const std::string& a, const std::string& b) { return N(a).Divide(N(b)).ToString(); }
std::string Mod(const std::string& a, const std::string& b) { return N(a).Modulo(N(b)).ToString(); }

}  // namespace

TEST_CASE("numeric input accepts PostgreSQL's syntax", "[types][numeric]") {
  CHECK(N("0").ToString() == "0");
  CHECK(N("  1.5  ").ToString() == "1.5");
  CHECK(N("+.5").ToString() == "0.5");
  CHECK(N("5.").ToString() == "5");
  CHECK(N("-5.").ToString() == "-5");
  CHECK(N("1e3").ToString() == "1000");
  CHECK(N("1.5e-3").ToString() == "0.0015");
  CHECK(N("12e-1").ToString() == "1.2");
  CHECK(N(".5e2").ToString() == "50");
  CHECK(N("1e 5").ToString() == "100000");  // strtol skips spaces in the exponent
  CHECK(N("000123.4500").ToString() == "123.4500");
  CHECK(N("0.000").ToString() == "0.000");
  CHECK(N("  NaN ").ToString() == "NaN");
  CHECK(N("nan").ToString() == "NaN");
  CHECK(N("infinity").ToString() == "Infinity");
  CHECK(N("+Inf").ToString() == "Infinity");
  CHECK(N("-inf").ToString() == "-Infinity");
  CHECK(N("1e-16383").ToString().size() == 16385);
}

TEST_CASE("numeric input rejects malformed text", "[types][numeric]") {
  using granary::sqlstate::kInvalidTextRepresentation;
  for (const char* bad : {"", " ", ".", "1e", "1 2", "5..", "1.2.3", "abc", "infinityx", "Infinit",
                          "1e+", "--1", "+-1", "-NaN"}) {
    INFO(bad);
    REQUIRE_ERROR(N(bad), kInvalidTextRepresentation,
                  std::string("invalid input syntax for type numeric: \"") + bad + "\"");
  }
}

TEST_CASE("numeric input reports values the format cannot hold", "[types][numeric]") {
  using granary::sqlstate::kNumericValueOutOfRange;
  REQUIRE_ERROR(N("1e131072"), kNumericValueOutOfRange, "value overflows numeric format");
  REQUIRE_ERROR(N("1e-16384"), kNumericValueOutOfRange, "value overflows numeric format");
  REQUIRE_ERROR(N("1e2147483647"), kNumericValueOutOfRange, "value overflows numeric format");
  CHECK_FALSE(N("1e131071").IsZero());
}

TEST_CASE("numeric has no negative zero", "[types][numeric]") {
  CHECK(N("-0").ToString() == "0");
  CHECK(N("-0.00").ToString() == "0.00");
  CHECK(N("0.00").Multiply(N("-1")).ToString() == "0.00");
  CHECK_FALSE(N("-0.0").IsNegative());
  CHECK(N("0").Negate().ToString() == "0");
  CHECK(Sub("1.5", "1.50") == "0.00");
}

TEST_CASE("numeric addition and subtraction carry, borrow and keep the larger scale",
          "[types][numeric]") {
  CHECK(Add("9999.9999", "0.0001") == "10000.0000");
  CHECK(Add("99999999", "1") == "100000000");
  CHECK(Add("0.1", "0.22") == "0.32");
  CHECK(Add("-5", "3.000") == "-2.000");
  CHECK(Add("1e20", "1e-20") == "100000000000000000000.00000000000000000001");
  CHECK(Sub("10000", "0.0001") == "9999.9999");
  CHECK(Sub("100000000", "1") == "99999999");
  CHECK(Sub("1", "2") == "-1");
  CHECK(Sub("-1.5", "-1.5") == "0.0");
  const std::string nines(300, '9');
  CHECK(Add(nines, "1") == "1" + std::string(300, '0'));
  CHECK(Sub("1" + std::string(300, '0'), "1") == nines);
}

TEST_CASE("numeric multiplication keeps the sum of scales", "[types][numeric]") {
  CHECK(Mul("1.5", "1.5") == "2.25");
  CHECK(Mul("0.10", "0.20") == "0.0200");
  CHECK(Mul("-3", "7.000") == "-21.000");
  CHECK(Mul("9999", "9999") == "99980001");
  CHECK(Mul("123456789012345678901234567890", "987654321098765432109876543210") ==
        "121932631137021795226185032733622923332237463801111263526900");
  // The exact product would need scale 20000: rounded to the storable 16383 digits.
  CHECK(Mul("1e-10000", "1e-10000").size() == 16385);
  REQUIRE_ERROR(N("1e70000").Multiply(N("1e70000")), granary::sqlstate::kNumericValueOutOfRange,
                "value overflows numeric format");
}

TEST_CASE("numeric division picks PostgreSQL's result scale", "[types][numeric]") {
  CHECK(Div("1", "3") == "0.33333333333333333333");
  CHECK(Div("10", "4") == "2.5000000000000000");
  CHECK(Div("2", "3.0") == "0.66666666666666666667");
  CHECK(Div("100000", "3.0") == "33333.333333333333");
  CHECK(Div("1", "300000.0") == "0.000003333333333333333333");
  CHECK(Div("1.0000", "3") == "0.33333333333333333333");
  CHECK(Div("0.000001", "7") == "0.000000142857142857142857");
  CHECK(Div("99999", "1.0") == "99999.000000000000");
  CHECK(Div("12345678", "0.01") == "1234567800.00000000");
  CHECK(Div("10000", "9999.0") == "1.0001000100010001");
  CHECK(Div("0", "5") == "0.00000000000000000000");
  CHECK(Div("-7", "2") == "-3.5000000000000000");
  // Scale is capped at 1000 digits.
  CHECK(Div("1", "1e-16000").size() == 16001 + 1001);
}

TEST_CASE("numeric division and modulo by zero", "[types][numeric]") {
  using granary::sqlstate::kDivisionByZero;
  REQUIRE_ERROR(N("5.0").Divide(N("0.0")), kDivisionByZero, "division by zero");
  REQUIRE_ERROR(N("1").Modulo(N("0")), kDivisionByZero, "division by zero");
  REQUIRE_ERROR(N("Infinity").Divide(N("0")), kDivisionByZero, "division by zero");
  REQUIRE_ERROR(N("Infinity").Modulo(N("0")), kDivisionByZero, "division by zero");
  CHECK(Div("NaN", "0") == "NaN");
  CHECK(Mod("NaN", "0") == "NaN");
}

TEST_CASE("numeric modulo takes the dividend's sign", "[types][numeric]") {
  CHECK(Mod("7.5", "2") == "1.5");
  CHECK(Mod("-7.5", "2") == "-1.5");
  CHECK(Mod("7", "-2.25") == "0.25");
  CHECK(Mod("-7", "7") == "0");
  CHECK(Mod("7.000", "-0.3") == "0.100");
  CHECK(Mod("Infinity", "2") == "NaN");
  CHECK(Mod("2", "Infinity") == "2");
}

TEST_CASE("numeric special values follow PostgreSQL 15", "[types][numeric]") {
  CHECK(Add("Infinity", "-Infinity") == "NaN");
  CHECK(Add("Infinity", "5") == "Infinity");
  CHECK(Sub("5", "Infinity") == "-Infinity");
  CHECK(Sub("Infinity", "Infinity") == "NaN");
  CHECK(Sub("-Infinity", "Infinity") == "-Infinity");
  CHECK(Mul("Infinity", "0") == "NaN");
  CHECK(Mul("-Infinity", "-2") == "Infinity");
  CHECK(Div("Infinity", "Infinity") == "NaN");
  CHECK(Div("-Infinity", "-3") == "Infinity");
  CHECK(Div("1", "-Infinity") == "0");
  CHECK(Add("NaN", "Infinity") == "NaN");
  CHECK(N("-Infinity").IsNegative());
  CHECK(N("NaN").Abs().IsNaN());
  CHECK(N("-Infinity").Abs().ToString() == "Infinity");
}

TEST_CASE("numeric round is half away from zero, trunc toward zero", "[types][numeric]") {
  CHECK(N("0.5").Round(0).ToString() == "1");
  CHECK(N("-0.5").Round(0).ToString() == "-1");
  CHECK(N("2.5").Round(0).ToString() == "3");
  CHECK(N("-0.4").Round(0).ToString() == "0");
  CHECK(N("-0.4").Round(2).ToString() == "-0.40");
  CHECK(N("1.5").Round(3).ToString() == "1.500");
  CHECK(N("1234.5678").Round(-2).ToString() == "1200");
  CHECK(N("5").Round(-1).ToString() == "10");
  CHECK(N("4.9").Round(-1).ToString() == "0");
  CHECK(N("-0.001").Round(2).ToString() == "0.00");
  CHECK(N("99.99").Round(1).ToString() == "100.0");
  CHECK(N("999.5").Round(0).ToString() == "1000");
  CHECK(N("9999.99995").Round(4).ToString() == "10000.0000");
  CHECK(N("123.456").Round(-5).ToString() == "0");
  CHECK(N("123.456").Round(100000).Scale() == 16383);
  CHECK(N("NaN").Round(2).ToString() == "NaN");
  CHECK(N("-Infinity").Round(2).ToString() == "-Infinity");
  CHECK(N("9.99").Truncate(1).ToString() == "9.9");
  CHECK(N("-1234.5678").Truncate(-2).ToString() == "-1200");
  CHECK(N("-0.9").Truncate(0).ToString() == "0");
  CHECK(N("99999").Truncate(-4).ToString() == "90000");
}

TEST_CASE("numeric comparison orders NaN last and ignores scale", "[types][numeric]") {
  CHECK(N("1.0").Compare(N("1.00000")) == 0);
  CHECK(N("1.0") == N("1"));
  CHECK(N("-0.0").Compare(N("0")) == 0);
  CHECK(N("-1").Compare(N("0.5")) < 0);
  CHECK(N("-2").Compare(N("-1")) < 0);
  CHECK(N("0.0001").Compare(N("0.00009999")) > 0);
  CHECK(N("NaN").Compare(N("NaN")) == 0);
  CHECK(N("NaN").Compare(N("Infinity")) > 0);
  CHECK(N("Infinity").Compare(N("1e131071")) > 0);
  CHECK(N("Infinity").Compare(N("Infinity")) == 0);
  CHECK(N("-Infinity").Compare(N("-1e100000")) < 0);
  CHECK(N("-Infinity").Compare(N("-Infinity")) == 0);
}

TEST_CASE("numeric hash is equal for equal values of any scale", "[types][numeric]") {
  CHECK(N("1.0").Hash() == N("1.000").Hash());
  CHECK(N("0").Hash() == N("-0.00").Hash());
  CHECK(N("10000").Hash() == N("1e4").Hash());
  CHECK(N("NaN").Hash() == Numeric::NaN().Hash());
  CHECK(N("1").Hash() != N("2").Hash());
}

TEST_CASE("numeric converts to and from integers", "[types][numeric]") {
  CHECK(Numeric::FromInt64(0).ToString() == "0");
  CHECK(Numeric::FromInt64(-12345678).ToString() == "-12345678");
  CHECK(Numeric::FromInt64(INT64_MIN).ToString() == "-9223372036854775808");
  CHECK(Numeric::FromInt64(INT64_MAX).ToString() == "9223372036854775807");
  CHECK(N("2.5").ToInt64() == 3);
  CHECK(N("-2.5").ToInt64() == -3);
  CHECK(N("2.4999").ToInt64() == 2);
  CHECK(N("-9223372036854775808").ToInt64() == INT64_MIN);
  CHECK(N("9223372036854775807.4").ToInt64() == INT64_MAX);
  CHECK_FALSE(N("9223372036854775807.5").ToInt64().has_value());
  CHECK_FALSE(N("-9223372036854775808.5").ToInt64().has_value());
  CHECK_FALSE(N("NaN").ToInt64().has_value());
  CHECK_FALSE(N("Infinity").ToInt64().has_value());
}

TEST_CASE("numeric converts to and from double as PostgreSQL does", "[types][numeric]") {
  // float8 -> numeric prints with 15 significant digits (DBL_DIG), as float8_numeric does.
  CHECK(Numeric::FromDouble(0.1).ToString() == "0.1");
  CHECK(Numeric::FromDouble(1.0 / 3).ToString() == "0.333333333333333");
  CHECK(Numeric::FromDouble(1e20).ToString() == "100000000000000000000");
  CHECK(Numeric::FromDouble(1.5e-10).ToString() == "0.00000000015");
  CHECK(Numeric::FromDouble(123456789.123456789).ToString() == "123456789.123457");
  CHECK(Numeric::FromDouble(-0.0).ToString() == "0");
  CHECK(Numeric::FromDouble(std::nan("")).IsNaN());
  CHECK(Numeric::FromDouble(-std::numeric_limits<double>::infinity()).ToString() == "-Infinity");
  CHECK(N("0.1").ToDouble() == 0.1);
  CHECK(N("123456789.123456789123456789").ToDouble() == 123456789.12345679);
  CHECK(std::isinf(N("1e400").ToDouble()));
  CHECK(N("-1e-400").ToDouble() == 0.0);
  CHECK(std::isnan(N("NaN").ToDouble()));
}

TEST_CASE("numeric typmods round and check the integral digits", "[types][numeric]") {
  using granary::sqlstate::kNumericValueOutOfRange;
  CHECK(N("1.005").ApplyPrecisionScale(5, 2).ToString() == "1.01");
  CHECK(N("-1.005").ApplyPrecisionScale(5, 2).ToString() == "-1.01");
  CHECK(N("999.994").ApplyPrecisionScale(5, 2).ToString() == "999.99");
  CHECK(N("0.9").ApplyPrecisionScale(1, 1).ToString() == "0.9");
  CHECK(N("0.0001").ApplyPrecisionScale(1, 0).ToString() == "0");
  CHECK(N("12").ApplyPrecisionScale(10, 4).ToString() == "12.0000");
  CHECK(N("NaN").ApplyPrecisionScale(5, 2).IsNaN());

  const granary::Error overflow =
      granary::types::testing::ExpectError([] { (void)N("1234.5").ApplyPrecisionScale(5, 2); });
  CHECK(overflow.sqlstate() == kNumericValueOutOfRange);
  CHECK(overflow.message() == "numeric field overflow");
  CHECK(overflow.detail() ==
        "A field with precision 5, scale 2 must round to an absolute value less than 10^3.");

  const granary::Error rounds_up =
      granary::types::testing::ExpectError([] { (void)N("999.995").ApplyPrecisionScale(5, 2); });
  CHECK(rounds_up.detail() ==
        "A field with precision 5, scale 2 must round to an absolute value less than 10^3.");

  const granary::Error no_integral =
      granary::types::testing::ExpectError([] { (void)N("0.95").ApplyPrecisionScale(1, 1); });
  CHECK(no_integral.detail() ==
        "A field with precision 1, scale 1 must round to an absolute value less than 1.");

  const granary::Error infinite =
      granary::types::testing::ExpectError([] { (void)N("Infinity").ApplyPrecisionScale(5, 2); });
  CHECK(infinite.message() == "numeric field overflow");
  CHECK(infinite.detail() == "A field with precision 5, scale 2 cannot hold an infinite value.");
}

TEST_CASE("numeric serialization round-trips value and scale", "[types][numeric]") {
  for (const char* text : {"0", "0.000", "1", "-1", "12345.67890", "1e-16383", "-1e131071", "NaN",
                           "Infinity", "-Infinity", "0.0001", "99999999.99990000"}) {
    INFO(text);
    const Numeric original = N(text);
    std::string bytes;
    original.AppendSerialized(bytes);
    const Numeric copy = Numeric::Deserialize(bytes);
    CHECK(copy.ToString() == original.ToString());
    CHECK(copy.Scale() == original.Scale());
  }
}

TEST_CASE("numeric deserialization rejects corrupt bytes", "[types][numeric]") {
  using granary::sqlstate::kDataCorrupted;
  std::string bytes;
  N("12345.678").AppendSerialized(bytes);
  REQUIRE_ERROR(Numeric::Deserialize(bytes.substr(0, bytes.size() - 1)), kDataCorrupted,
                "invalid numeric value in stored data");
  REQUIRE_ERROR(Numeric::Deserialize(std::string_view()), kDataCorrupted,
                "invalid numeric value in stored data");
  REQUIRE_ERROR(Numeric::Deserialize(std::string(1, '\x09')), kDataCorrupted,
                "invalid numeric value in stored data");
}

TEST_CASE("numeric arithmetic on hundreds of digits is exact", "[types][numeric]") {
  // (10^200 + 1) * (10^200 - 1) = 10^400 - 1, and back again by division.
  const std::string big_plus = "1" + std::string(199, '0') + "1";
  const std::string big_minus(200, '9');
  const std::string product = Mul(big_plus, big_minus);
  CHECK(product == std::string(400, '9'));
  CHECK(N(product).Divide(N(big_minus)).Truncate(0).ToString() == big_plus);
  CHECK(Mod(product, big_plus) == "0");
  CHECK(Div("4100000000000000000000", "5000000000001") == "819999999.99983600");
  // A long division whose trial quotient digit is one too large (the add-back step, D6, of
  // Knuth's algorithm D).
  const std::string dividend = "100009999999949999998500064639997916000004382";
  CHECK(Div(dividend, "500000009999") == "200019995999900119990997529700027");
  CHECK(Mod(dividend, "500000009999") == "116529434409");
}
