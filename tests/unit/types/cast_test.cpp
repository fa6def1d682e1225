// Casts between types: PostgreSQL 15's pg_cast rules, rounding of float8 and numeric to
// integers, varchar(n) semantics per context, and the errors of each conversion.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "common/sqlstate.hpp"
#include "tests/unit/types/expect_error.hpp"
#include "types/datetime.hpp"
#include "types/value_ops.hpp"

using namespace granary::types;
using granary::sqlstate::kCannotCoerce;
using granary::sqlstate::kDatetimeFieldOverflow;
using granary::sqlstate::kFeatureNotSupported;
using granary::sqlstate::kInvalidTextRepresentation;
using granary::sqlstate::kNumericValueOutOfRange;
using granary::sqlstate::kStringDataRightTruncation;

namespace {

Value Explicit(const Value& value, TypeId target) {
  return Cast(value, Type{target, -1}, CastContext::kExplicit);
}
Value Num(const char* text) { return Value::OfNumeric(Numeric::Parse(text)); }

}  // namespace

TEST_CASE("float8 to integer rounds half to even", "[types][cast]") {
  CHECK(Explicit(Value::Float8(2.5), TypeId::kInt4).AsInt() == 2);
  CHECK(Explicit(Value::Float8(3.5), TypeId::kInt4).AsInt() == 4);
  CHECK(Explicit(Value::Float8(-2.5), TypeId::kInt4).AsInt() == -2);
  CHECK(Explicit(Value::Float8(2147483646.5), TypeId::kInt4).AsInt() == 2147483646);
  CHECK(Explicit(Value::Float8(-2147483648.5), TypeId::kInt4).AsInt() == -2147483648LL);
  CHECK(Explicit(Value::Float8(32766.5), TypeId::kInt2).AsInt() == 32766);
  REQUIRE_ERROR(Explicit(Value::Float8(2147483647.5), TypeId::kInt4), kNumericValueOutOfRange,
                "integer out of range");
  REQUIRE_ERROR(Explicit(Value::Float8(32767.5), TypeId::kInt2), kNumericValueOutOfRange,
                "smallint out of range");
  REQUIRE_ERROR(Explicit(Value::Float8(9.2233720368547758e18), TypeId::kInt8),
                kNumericValueOutOfRange, "bigint out of range");
  REQUIRE_ERROR(Explicit(Value::Float8(std::nan("")), TypeId::kInt4), kNumericValueOutOfRange,
                "integer out of range");
}

TEST_CASE("numeric to integer rounds half away from zero", "[types][cast]") {
  CHECK(Explicit(Num("2.5"), TypeId::kInt4).AsInt() == 3);
  CHECK(Explicit(Num("-2.5"), TypeId::kInt4).AsInt() == -3);
  CHECK(Explicit(Num("2147483647.49"), TypeId::kInt4).AsInt() == 2147483647);
  CHECK(Explicit(Num("-32768.4"), TypeId::kInt2).AsInt() == -32768);
  REQUIRE_ERROR(Explicit(Num("2147483647.5"), TypeId::kInt4), kNumericValueOutOfRange,
                "integer out of range");
  REQUIRE_ERROR(Explicit(Num("1e20"), TypeId::kInt8), kNumericValueOutOfRange,
                "bigint out of range");
  REQUIRE_ERROR(Explicit(Num("NaN"), TypeId::kInt4), kFeatureNotSupported,
                "cannot convert NaN to integer");
  REQUIRE_ERROR(Explicit(Num("NaN"), TypeId::kInt8), kFeatureNotSupported,
                "cannot convert NaN to bigint");
  REQUIRE_ERROR(Explicit(Num("-Infinity"), TypeId::kInt2), kFeatureNotSupported,
                "cannot convert infinity to smallint");
}

TEST_CASE("integer narrowing checks the range", "[types][cast]") {
  CHECK(Explicit(Value::Int8(-2147483648LL), TypeId::kInt4).AsInt() == -2147483648LL);
  CHECK(Explicit(Value::Int4(7), TypeId::kInt8).type() == TypeId::kInt8);
  REQUIRE_ERROR(Explicit(Value::Int8(3000000000LL), TypeId::kInt4), kNumericValueOutOfRange,
                "integer out of range");
  REQUIRE_ERROR(Explicit(Value::Int4(70000), TypeId::kInt2), kNumericValueOutOfRange,
                "smallint out of range");
}

TEST_CASE("numeric and float8 convert both ways", "[types][cast]") {
  CHECK(ToText(Explicit(Value::Float8(0.1), TypeId::kNumeric)) == "0.1");
  CHECK(ToText(Explicit(Value::Float8(1.0 / 3), TypeId::kNumeric)) == "0.333333333333333");
  CHECK(ToText(Explicit(Value::Float8(std::numeric_limits<double>::infinity()),
                        TypeId::kNumeric)) == "Infinity");
  CHECK(Explicit(Num("123456789.123456789123456789"), TypeId::kFloat8).AsDouble() ==
        123456789.12345679);
  CHECK(std::isnan(Explicit(Num("NaN"), TypeId::kFloat8).AsDouble()));
  REQUIRE_ERROR(Explicit(Num("1e-400"), TypeId::kFloat8), kNumericValueOutOfRange,
                "\"0." + std::string(399, '0') + "1\" is out of range for type double precision");
  CHECK(ToText(Explicit(Value::Int8(INT64_MAX), TypeId::kNumeric)) == "9223372036854775807");
  CHECK(Explicit(Value::Int8(INT64_MAX), TypeId::kFloat8).AsDouble() == 9223372036854775807.0);
}

TEST_CASE("boolean casts exist only to and from integer", "[types][cast]") {
  CHECK(Explicit(Value::Bool(true), TypeId::kInt4).AsInt() == 1);
  CHECK(Explicit(Value::Int4(5), TypeId::kBool).AsBool());
  CHECK_FALSE(Explicit(Value::Int4(0), TypeId::kBool).AsBool());
  CHECK(Explicit(Value::Bool(true), TypeId::kText).AsString() == "true");
  CHECK(Explicit(Value::Bool(false), TypeId::kVarchar).AsString() == "false");
  REQUIRE_ERROR(Explicit(Value::Int8(1), TypeId::kBool), kCannotCoerce,
                "cannot cast type bigint to boolean");
  REQUIRE_ERROR(Explicit(Value::Bool(true), TypeId::kInt2), kCannotCoerce,
                "cannot cast type boolean to smallint");
  REQUIRE_ERROR(Explicit(Value::Float8(1), TypeId::kBool), kCannotCoerce,
                "cannot cast type double precision to boolean");
}

TEST_CASE("casts PostgreSQL does not have", "[types][cast]") {
  REQUIRE_ERROR(Explicit(Value::Int4(1), TypeId::kDate), kCannotCoerce,
                "cannot cast type integer to date");
  REQUIRE_ERROR(Explicit(Value::Date(0), TypeId::kInt4), kCannotCoerce,
                "cannot cast type date to integer");
  REQUIRE_ERROR(Explicit(Value::Timestamp(0), TypeId::kNumeric), kCannotCoerce,
                "cannot cast type timestamp without time zone to numeric");
  CHECK_FALSE(CanCast(TypeId::kInt8, TypeId::kBool));
  CHECK_FALSE(CanCast(TypeId::kDate, TypeId::kFloat8));
  CHECK(CanCast(TypeId::kInt4, TypeId::kBool));
  CHECK(CanCast(TypeId::kDate, TypeId::kText));
  CHECK(CanCast(TypeId::kText, TypeId::kTimestamp));
  CHECK(CanCast(TypeId::kNumeric, TypeId::kInt2));
}

TEST_CASE("strings convert through the input and output functions", "[types][cast]") {
  CHECK(Explicit(Value::Text(" 42 "), TypeId::kInt4).AsInt() == 42);
  CHECK(Explicit(Value::Unknown("yes"), TypeId::kBool).AsBool());
  CHECK(ToText(Explicit(Value::Varchar("2024-02-29"), TypeId::kDate)) == "2024-02-29");
  CHECK(Explicit(Value::Int4(-12), TypeId::kText).AsString() == "-12");
  CHECK(Explicit(Value::Float8(1e20), TypeId::kText).AsString() == "1e+20");
  CHECK(Explicit(Num("12.50"), TypeId::kVarchar).AsString() == "12.50");
  CHECK(Explicit(Value::Text("abc"), TypeId::kVarchar).type() == TypeId::kVarchar);
  REQUIRE_ERROR(Explicit(Value::Text("abc"), TypeId::kInt4), kInvalidTextRepresentation,
                "invalid input syntax for type integer: \"abc\"");
  REQUIRE_ERROR(Explicit(Value::Text("99999999999"), TypeId::kInt4), kNumericValueOutOfRange,
                "value \"99999999999\" is out of range for type integer");
  REQUIRE_ERROR(Explicit(Value::Text("x"), TypeId::kBool), kInvalidTextRepresentation,
                "invalid input syntax for type boolean: \"x\"");
}

TEST_CASE("varchar(n) truncates on explicit casts only", "[types][cast]") {
  const Type varchar3 = Type::Varchar(3);
  CHECK(Cast(Value::Text("abcdef"), varchar3, CastContext::kExplicit).AsString() == "abc");
  CHECK(Cast(Value::Text("日本語テキスト"), varchar3, CastContext::kExplicit).AsString() ==
        "日本語");
  CHECK(Cast(Value::Int4(1234), Type::Varchar(2), CastContext::kExplicit).AsString() == "12");
  CHECK(Cast(Value::Bool(true), Type::Varchar(2), CastContext::kExplicit).AsString() == "tr");
  CHECK(Cast(Value::Text("abc   "), varchar3, CastContext::kAssignment).AsString() == "abc");
  CHECK(Cast(Value::Text("日本語 "), varchar3, CastContext::kAssignment).AsString() == "日本語");
  CHECK(Cast(Value::Text("ab"), varchar3, CastContext::kAssignment).AsString() == "ab");
  REQUIRE_ERROR(Cast(Value::Text("abcd"), varchar3, CastContext::kAssignment),
                kStringDataRightTruncation, "value too long for type character varying(3)");
  REQUIRE_ERROR(Cast(Value::Int4(12345), varchar3, CastContext::kAssignment),
                kStringDataRightTruncation, "value too long for type character varying(3)");
  REQUIRE_ERROR(Cast(Value::Bool(true), varchar3, CastContext::kImplicit),
                kStringDataRightTruncation, "value too long for type character varying(3)");
}

TEST_CASE("numeric(p, s) targets round and check", "[types][cast]") {
  const Type money = Type::NumericOf(5, 2);
  CHECK(ToText(Cast(Value::Int4(12), money, CastContext::kAssignment)) == "12.00");
  CHECK(ToText(Cast(Value::Float8(1.005), money, CastContext::kAssignment)) == "1.01");
  CHECK(ToText(Cast(Num("-999.994"), money, CastContext::kExplicit)) == "-999.99");
  const granary::Error error = granary::types::testing::ExpectError(
      [&] { (void)Cast(Num("1234.567"), money, CastContext::kAssignment); });
  CHECK(error.sqlstate() == kNumericValueOutOfRange);
  CHECK(error.message() == "numeric field overflow");
  CHECK(error.detail() ==
        "A field with precision 5, scale 2 must round to an absolute value less than 10^3.");
}

TEST_CASE("date and timestamp convert to each other", "[types][cast]") {
  const Value date = Value::Date(ParseDate("2024-01-01"));
  CHECK(ToText(Explicit(date, TypeId::kTimestamp)) == "2024-01-01 00:00:00");
  CHECK(ToText(Explicit(Value::Timestamp(ParseTimestamp("1999-12-31 23:59:59.5")),
                        TypeId::kDate)) == "1999-12-31");
  CHECK(ToText(Explicit(Value::Timestamp(ParseTimestamp("0001-01-01 10:00 BC")), TypeId::kDate)) ==
        "0001-01-01 BC");
  CHECK(Explicit(Value::Date(kDateNegativeInfinity), TypeId::kTimestamp).AsInt() ==
        kTimestampNegativeInfinity);
  CHECK(Explicit(Value::Timestamp(kTimestampInfinity), TypeId::kDate).AsInt() == kDateInfinity);
  REQUIRE_ERROR(Explicit(Value::Date(ParseDate("294277-01-01")), TypeId::kTimestamp),
                kDatetimeFieldOverflow, "date out of range for timestamp");
}

TEST_CASE("NULL casts to a NULL of the target type", "[types][cast]") {
  const Value cast = Cast(Value::Null(), Type::Varchar(3), CastContext::kAssignment);
  CHECK(cast.is_null());
  CHECK(cast.type() == TypeId::kVarchar);
}
