// Text input and output of values: PostgreSQL's int2in/int4in/int8in, boolin, varchar
// input with its typmod, numeric typmods, and the output functions.
#include <catch2/catch.hpp>

#include <string>

#include "common/sqlstate.hpp"
#include "tests/unit/types/expect_error.hpp"
#include "types/value_ops.hpp"

using namespace granary::types;
using granary::sqlstate::kInvalidTextRepresentation;
using granary::sqlstate::kNumericValueOutOfRange;
using granary::sqlstate::kStringDataRightTruncation;

namespace {

Value In(const std::string& text, TypeId type) { return FromText(text, Type{type, -1}); }

}  // namespace

TEST_CASE("integer input allows spaces and a sign", "[types][text_io]") {
  CHECK(In("42", TypeId::kInt4).AsInt() == 42);
  CHECK(In("  42  ", TypeId::kInt4).AsInt() == 42);
  CHECK(In("+7", TypeId::kInt4).AsInt() == 7);
  CHECK(In("-0", TypeId::kInt4).AsInt() == 0);
  CHECK(In("-2147483648", TypeId::kInt4).AsInt() == -2147483648LL);
  CHECK(In("-32768", TypeId::kInt2).AsInt() == -32768);
  CHECK(In("-9223372036854775808", TypeId::kInt8).AsInt() == INT64_MIN);
  CHECK(In("9223372036854775807", TypeId::kInt8).AsInt() == INT64_MAX);
  CHECK(In("7", TypeId::kInt2).type() == TypeId::kInt2);
}

TEST_CASE("integer input errors name the type", "[types][text_io]") {
  REQUIRE_ERROR(In("abc", TypeId::kInt4), kInvalidTextRepresentation,
                "invalid input syntax for type integer: \"abc\"");
  REQUIRE_ERROR(In("", TypeId::kInt4), kInvalidTextRepresentation,
                "invalid input syntax for type integer: \"\"");
  REQUIRE_ERROR(In("1.5", TypeId::kInt4), kInvalidTextRepresentation,
                "invalid input syntax for type integer: \"1.5\"");
  REQUIRE_ERROR(In("12 3", TypeId::kInt4), kInvalidTextRepresentation,
                "invalid input syntax for type integer: \"12 3\"");
  REQUIRE_ERROR(In("- 5", TypeId::kInt4), kInvalidTextRepresentation,
                "invalid input syntax for type integer: \"- 5\"");
  REQUIRE_ERROR(In("x", TypeId::kInt2), kInvalidTextRepresentation,
                "invalid input syntax for type smallint: \"x\"");
  REQUIRE_ERROR(In("x", TypeId::kInt8), kInvalidTextRepresentation,
                "invalid input syntax for type bigint: \"x\"");
  REQUIRE_ERROR(In("99999999999", TypeId::kInt4), kNumericValueOutOfRange,
                "value \"99999999999\" is out of range for type integer");
  REQUIRE_ERROR(In("2147483648", TypeId::kInt4), kNumericValueOutOfRange,
                "value \"2147483648\" is out of range for type integer");
  REQUIRE_ERROR(In("-2147483649", TypeId::kInt4), kNumericValueOutOfRange,
                "value \"-2147483649\" is out of range for type integer");
  REQUIRE_ERROR(In("32768", TypeId::kInt2), kNumericValueOutOfRange,
                "value \"32768\" is out of range for type smallint");
  REQUIRE_ERROR(In("9223372036854775808", TypeId::kInt8), kNumericValueOutOfRange,
                "value \"9223372036854775808\" is out of range for type bigint");
  // Overflow is detected before trailing garbage is seen.
  REQUIRE_ERROR(In("99999999999x", TypeId::kInt4), kNumericValueOutOfRange,
                "value \"99999999999x\" is out of range for type integer");
}

TEST_CASE("boolean input accepts words, prefixes and digits", "[types][text_io]") {
  for (const char* truthy : {"t", "true", "TRUE", " yes ", "y", "on", "ON", "1", "tr"}) {
    INFO(truthy);
    CHECK(In(truthy, TypeId::kBool).AsBool());
  }
  for (const char* falsy : {"f", "false ", "FA", "no", "n", "off", "of", "Of", "0"}) {
    INFO(falsy);
    CHECK_FALSE(In(falsy, TypeId::kBool).AsBool());
  }
  for (const char* bad : {"x", "o", "truex", "", "10", "yess", "2"}) {
    INFO(bad);
    REQUIRE_ERROR(In(bad, TypeId::kBool), kInvalidTextRepresentation,
                  std::string("invalid input syntax for type boolean: \"") + bad + "\"");
  }
}

TEST_CASE("varchar input enforces its length in characters", "[types][text_io]") {
  CHECK(FromText("abc", Type::Varchar(3)).AsString() == "abc");
  CHECK(FromText("abc   ", Type::Varchar(3)).AsString() == "abc");     // only spaces cut off
  CHECK(FromText("日本語", Type::Varchar(3)).AsString() == "日本語");  // 9 bytes, 3 characters
  CHECK(FromText("abcd", Type{TypeId::kVarchar, -1}).AsString() == "abcd");
  REQUIRE_ERROR(FromText("abcd", Type::Varchar(3)), kStringDataRightTruncation,
                "value too long for type character varying(3)");
  REQUIRE_ERROR(FromText("日本語テ", Type::Varchar(3)), kStringDataRightTruncation,
                "value too long for type character varying(3)");
  REQUIRE_ERROR(FromText("ab  c", Type::Varchar(3)), kStringDataRightTruncation,
                "value too long for type character varying(3)");
}

TEST_CASE("character(n) input pads to n and enforces its length", "[types][text_io]") {
  CHECK(FromText("ab", Type::Bpchar(4)).AsString() == "ab  ");
  CHECK(FromText("", Type::Bpchar(2)).AsString() == "  ");
  CHECK(FromText("abc   ", Type::Bpchar(3)).AsString() == "abc");   // only spaces cut off
  CHECK(FromText("日本", Type::Bpchar(3)).AsString() == "日本 ");    // padded in characters
  CHECK(FromText("ab  ", Type{TypeId::kBpchar, -1}).AsString() == "ab  ");  // bare bpchar
  CHECK(ToText(FromText("x", Type::Bpchar(3))) == "x  ");
  REQUIRE_ERROR(FromText("abcd", Type::Bpchar(3)), kStringDataRightTruncation,
                "value too long for type character(3)");
  REQUIRE_ERROR(FromText("ab  c", Type::Bpchar(3)), kStringDataRightTruncation,
                "value too long for type character(3)");
}

TEST_CASE("numeric input applies its typmod", "[types][text_io]") {
  CHECK(ToText(FromText("1.005", Type::NumericOf(5, 2))) == "1.01");
  CHECK(ToText(FromText("12", Type::NumericOf(10, 4))) == "12.0000");
  const granary::Error error =
      granary::types::testing::ExpectError([] { (void)FromText("1234.5", Type::NumericOf(5, 2)); });
  CHECK(error.sqlstate() == kNumericValueOutOfRange);
  CHECK(error.message() == "numeric field overflow");
  CHECK(error.detail() ==
        "A field with precision 5, scale 2 must round to an absolute value less than 10^3.");
}

TEST_CASE("output functions", "[types][text_io]") {
  CHECK(ToText(Value::Bool(true)) == "t");
  CHECK(ToText(Value::Bool(false)) == "f");
  CHECK(ToText(Value::Int2(-32768)) == "-32768");
  CHECK(ToText(Value::Int8(INT64_MIN)) == "-9223372036854775808");
  CHECK(ToText(Value::Float8(1e15)) == "1e+15");
  CHECK(ToText(Value::Float8(-0.0)) == "-0");
  CHECK(ToText(Value::OfNumeric(Numeric::Parse("1.50"))) == "1.50");
  CHECK(ToText(Value::Text("héllo")) == "héllo");
  CHECK(ToText(Value::Date(0)) == "2000-01-01");
  CHECK(ToText(Value::Timestamp(1'500'000)) == "2000-01-01 00:00:01.5");
  CHECK(ToText(In("2024-02-29", TypeId::kDate)) == "2024-02-29");
  CHECK(ToText(In("2024-02-29 13:45", TypeId::kTimestamp)) == "2024-02-29 13:45:00");
  CHECK(ToText(In(" 1e-5 ", TypeId::kFloat8)) == "1e-05");
  CHECK(In("x", TypeId::kUnknown).type() == TypeId::kUnknown);
}
