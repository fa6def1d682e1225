// float8/float4 text output and input, compared with PostgreSQL 15's float8out/float4out
// (extra_float_digits = 1) and float8in/float4in.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

#include "common/sqlstate.hpp"
#include "tests/unit/types/expect_error.hpp"
#include "types/float_format.hpp"

using granary::types::FormatFloat4;
using granary::types::FormatFloat8;
using granary::types::ParseFloat4;
using granary::types::ParseFloat8;

TEST_CASE("float8 output switches to exponents outside [1e-4, 1e15)", "[types][float]") {
  CHECK(FormatFloat8(1e15) == "1e+15");
  CHECK(FormatFloat8(1e16) == "1e+16");
  CHECK(FormatFloat8(123456789012345.0) == "123456789012345");
  CHECK(FormatFloat8(1e14) == "100000000000000");
  CHECK(FormatFloat8(0.0001) == "0.0001");
  CHECK(FormatFloat8(0.00001) == "1e-05");
  CHECK(FormatFloat8(1.5e-7) == "1.5e-07");
  CHECK(FormatFloat8(1e100) == "1e+100");
  CHECK(FormatFloat8(1.0 / 3) == "0.3333333333333333");
  CHECK(FormatFloat8(2.5) == "2.5");
  CHECK(FormatFloat8(-1234.5) == "-1234.5");
  CHECK(FormatFloat8(0.1) == "0.1");
  CHECK(FormatFloat8(100) == "100");
  CHECK(FormatFloat8(5e-324) == "5e-324");
  CHECK(FormatFloat8(1.7976931348623157e308) == "1.7976931348623157e+308");
  CHECK(FormatFloat8(9007199254740993.0) == "9.007199254740992e+15");
}

TEST_CASE("float8 output never picks a decimal halfway to the neighbour", "[types][float]") {
  // PostgreSQL's Ryu is built without STRICTLY_SHORTEST: these are one digit longer than
  // the shortest string that would round-trip under round-half-even.
  CHECK(FormatFloat8(1e23) == "9.999999999999999e+22");
  CHECK(FormatFloat8(ParseFloat8("26207412424977910")) == "2.6207412424977912e+16");
  CHECK(FormatFloat8(1e22) == "1e+22");
}

TEST_CASE("float8 special values and signed zero", "[types][float]") {
  CHECK(FormatFloat8(-0.0) == "-0");
  CHECK(FormatFloat8(0.0) == "0");
  CHECK(FormatFloat8(std::numeric_limits<double>::quiet_NaN()) == "NaN");
  CHECK(FormatFloat8(std::numeric_limits<double>::infinity()) == "Infinity");
  CHECK(FormatFloat8(-std::numeric_limits<double>::infinity()) == "-Infinity");
}

TEST_CASE("float4 output uses six digits before exponents", "[types][float]") {
  CHECK(FormatFloat4(1e6f) == "1e+06");
  CHECK(FormatFloat4(123456.0f) == "123456");
  CHECK(FormatFloat4(1234567.0f) == "1.234567e+06");
  CHECK(FormatFloat4(0.0001f) == "0.0001");
  CHECK(FormatFloat4(1e-5f) == "1e-05");
  CHECK(FormatFloat4(0.1f) == "0.1");
  CHECK(FormatFloat4(16777217.0f) == "1.6777216e+07");
  CHECK(FormatFloat4(-0.0f) == "-0");
}

TEST_CASE("float8 input accepts what float8in accepts", "[types][float]") {
  CHECK(ParseFloat8("  1.5  ") == 1.5);
  CHECK(ParseFloat8("-2e3") == -2000);
  CHECK(ParseFloat8("0x10") == 16);  // glibc's strtod reads hexadecimal, so PostgreSQL does
  CHECK(ParseFloat8(".5") == 0.5);
  CHECK(std::isnan(ParseFloat8("  nan")));
  CHECK(std::isnan(ParseFloat8("+NaN")));
  CHECK(ParseFloat8(" inf ") == std::numeric_limits<double>::infinity());
  CHECK(ParseFloat8("-INFINITY") == -std::numeric_limits<double>::infinity());
  CHECK(ParseFloat8("1e-310") > 0);  // denormals are not an underflow
  CHECK(std::signbit(ParseFloat8("-0")));
}

TEST_CASE("float8 input errors", "[types][float]") {
  using granary::sqlstate::kInvalidTextRepresentation;
  using granary::sqlstate::kNumericValueOutOfRange;
  REQUIRE_ERROR(ParseFloat8("x"), kInvalidTextRepresentation,
                "invalid input syntax for type double precision: \"x\"");
  REQUIRE_ERROR(ParseFloat8(""), kInvalidTextRepresentation,
                "invalid input syntax for type double precision: \"\"");
  REQUIRE_ERROR(ParseFloat8("1e"), kInvalidTextRepresentation,
                "invalid input syntax for type double precision: \"1e\"");
  REQUIRE_ERROR(ParseFloat8("infinityx"), kInvalidTextRepresentation,
                "invalid input syntax for type double precision: \"infinityx\"");
  REQUIRE_ERROR(ParseFloat8("1.5 2"), kInvalidTextRepresentation,
                "invalid input syntax for type double precision: \"1.5 2\"");
  // Only the number itself is quoted in the range error.
  REQUIRE_ERROR(ParseFloat8("1e400"), kNumericValueOutOfRange,
                "\"1e400\" is out of range for type double precision");
  REQUIRE_ERROR(ParseFloat8(" 1e-400 "), kNumericValueOutOfRange,
                "\"1e-400\" is out of range for type double precision");
}

TEST_CASE("float4 input errors quote the whole input", "[types][float]") {
  using granary::sqlstate::kInvalidTextRepresentation;
  using granary::sqlstate::kNumericValueOutOfRange;
  CHECK(ParseFloat4(" 1.5 ") == 1.5f);
  REQUIRE_ERROR(ParseFloat4(" 1e39 "), kNumericValueOutOfRange,
                "\" 1e39 \" is out of range for type real");
  REQUIRE_ERROR(ParseFloat4("1e-46"), kNumericValueOutOfRange,
                "\"1e-46\" is out of range for type real");
  REQUIRE_ERROR(ParseFloat4("abc"), kInvalidTextRepresentation,
                "invalid input syntax for type real: \"abc\"");
}

TEST_CASE("float8 output reads back to the same value", "[types][float]") {
  // A deterministic sweep over magnitudes and mantissas.
  uint64_t state = 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < 20000; ++i) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    double value = 0;
    static_assert(sizeof(value) == sizeof(state));
    std::memcpy(&value, &state, sizeof(value));
    if (!std::isfinite(value)) continue;
    INFO(FormatFloat8(value));
    REQUIRE(ParseFloat8(FormatFloat8(value)) == value);
  }
}
