// Arithmetic on values: integer overflow per type, float8 overflow/underflow, numeric
// delegation and date arithmetic, with PostgreSQL 15's errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "common/sqlstate.hpp"
#include "tests/unit/types/expect_error.hpp"
#include "types/datetime.hpp"
#include "types/value_ops.hpp"

using namespace granary::types;
using granary::sqlstate::kDatetimeFieldOverflow;
using granary::sqlstate::kDivisionByZero;
using granary::sqlstate::kNumericValueOutOfRange;
using granary::sqlstate::kUndefinedFunction;

TEST_CASE("integer arithmetic keeps each type's range", "[types][arithmetic]") {
  CHECK(Arithmetic(ArithmeticOp::kAdd, Value::Int4(2), Value::Int4(3)).AsInt() == 5);
  CHECK(Arithmetic(ArithmeticOp::kAdd, Value::Int4(2), Value::Int4(3)).type() == TypeId::kInt4);
  CHECK(Arithmetic(ArithmeticOp::kMultiply, Value::Int2(-200), Value::Int2(100)).AsInt() == -20000);
  REQUIRE_ERROR(Arithmetic(ArithmeticOp::kAdd, Value::Int4(2147483647), Value::Int4(1)),
                kNumericValueOutOfRange, "integer out of range");
  REQUIRE_ERROR(Arithmetic(ArithmeticOp::kSubtract, Value::Int4(-2147483648LL), Value::Int4(1)),
                kNumericValueOutOfRange, "integer out of range");
  REQUIRE_ERROR(Arithmetic(ArithmeticOp::kMultiply, Value::Int2(200), Value::Int2(200)),
                kNumericValueOutOfRange, "smallint out of range");
  REQUIRE_ERROR(Arithmetic(ArithmeticOp::kAdd, Value::Int8(INT64_MAX), Value::Int8(1)),
                kNumericValueOutOfRange, "bigint out of range");
  REQUIRE_ERROR(Arithmetic(ArithmeticOp::kMultiply, Value::Int8(INT64_MIN), Value::Int8(-1)),
                kNumericValueOutOfRange, "bigint out of range");
}

TEST_CASE("integer division truncates and modulo follows the dividend", "[types][arithmetic]") {
  CHECK(Arithmetic(ArithmeticOp::kDivide, Value::Int4(-7), Value::Int4(2)).AsInt() == -3);
  CHECK(Arithmetic(ArithmeticOp::kModulo, Value::Int4(-7), Value::Int4(3)).AsInt() == -1);
  CHECK(Arithmetic(ArithmeticOp::kModulo, Value::Int4(7), Value::Int4(-3)).AsInt() == 1);
  CHECK(Arithmetic(ArithmeticOp::kModulo, Value::Int8(INT64_MIN), Value::Int8(-1)).AsInt() == 0);
  REQUIRE_ERROR(Arithmetic(ArithmeticOp::kDivide, Value::Int4(5), Value::Int4(0)), kDivisionByZero,
                "division by zero");
  REQUIRE_ERROR(Arithmetic(ArithmeticOp::kModulo, Value::Int2(5), Value::Int2(0)), kDivisionByZero,
                "division by zero");
  REQUIRE_ERROR(Arithmetic(ArithmeticOp::kDivide, Value::Int4(-2147483648LL), Value::Int4(-1)),
                kNumericValueOutOfRange, "integer out of range");
  REQUIRE_ERROR(Arithmetic(ArithmeticOp::kDivide, Value::Int8(INT64_MIN), Value::Int8(-1)),
                kNumericValueOutOfRange, "bigint out of range");
}

TEST_CASE("integer negation overflows at the minimum", "[types][arithmetic]") {
  CHECK(Negate(Value::Int4(5)).AsInt() == -5);
  REQUIRE_ERROR(Negate(Value::Int2(-32768)), kNumericValueOutOfRange, "smallint out of range");
  REQUIRE_ERROR(Negate(Value::Int4(-2147483648LL)), kNumericValueOutOfRange,
                "integer out of range");
  REQUIRE_ERROR(Negate(Value::Int8(INT64_MIN)), kNumericValueOutOfRange, "bigint out of range");
}

TEST_CASE("float8 arithmetic reports overflow, underflow and division by zero",
          "[types][arithmetic]") {
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(Arithmetic(ArithmeticOp::kDivide, Value::Float8(1), Value::Float8(4)).AsDouble() == 0.25);
  CHECK(std::isnan(
      Arithmetic(ArithmeticOp::kSubtract, Value::Float8(inf), Value::Float8(inf)).AsDouble()));
  CHECK(Arithmetic(ArithmeticOp::kAdd, Value::Float8(inf), Value::Float8(1)).AsDouble() == inf);
  CHECK(Arithmetic(ArithmeticOp::kDivide, Value::Float8(0), Value::Float8(inf)).AsDouble() == 0);
  REQUIRE_ERROR(Arithmetic(ArithmeticOp::kMultiply, Value::Float8(1.5e300), Value::Float8(1e10)),
                kNumericValueOutOfRange, "value out of range: overflow");
  REQUIRE_ERROR(Arithmetic(ArithmeticOp::kAdd, Value::Float8(1e308), Value::Float8(1e308)),
                kNumericValueOutOfRange, "value out of range: overflow");
  REQUIRE_ERROR(Arithmetic(ArithmeticOp::kMultiply, Value::Float8(1e-300), Value::Float8(1e-300)),
                kNumericValueOutOfRange, "value out of range: underflow");
  REQUIRE_ERROR(Arithmetic(ArithmeticOp::kDivide, Value::Float8(1e-320), Value::Float8(1e10)),
                kNumericValueOutOfRange, "value out of range: underflow");
  REQUIRE_ERROR(Arithmetic(ArithmeticOp::kDivide, Value::Float8(1), Value::Float8(0)),
                kDivisionByZero, "division by zero");
  REQUIRE_ERROR(Arithmetic(ArithmeticOp::kModulo, Value::Float8(5.5), Value::Float8(2)),
                kUndefinedFunction, "operator does not exist: double precision % double precision");
  CHECK(std::signbit(Negate(Value::Float8(0)).AsDouble()));
}

TEST_CASE("numeric arithmetic through values", "[types][arithmetic]") {
  const Value third = Arithmetic(ArithmeticOp::kDivide, Value::OfNumeric(Numeric::Parse("1")),
                                 Value::OfNumeric(Numeric::Parse("3")));
  CHECK(third.type() == TypeId::kNumeric);
  CHECK(ToText(third) == "0.33333333333333333333");
  CHECK(ToText(Negate(Value::OfNumeric(Numeric::Parse("1.50")))) == "-1.50");
  REQUIRE_ERROR(Arithmetic(ArithmeticOp::kModulo, Value::OfNumeric(Numeric::Parse("1")),
                           Value::OfNumeric(Numeric::Parse("0.0"))),
                kDivisionByZero, "division by zero");
}

TEST_CASE("date arithmetic", "[types][arithmetic]") {
  const Value leap_day = Value::Date(ParseDate("2020-02-29"));
  CHECK(ToText(DatePlusDays(leap_day, Value::Int4(366))) == "2021-03-01");
  CHECK(ToText(DateMinusDays(leap_day, Value::Int4(365))) == "2019-03-01");
  CHECK(DateMinusDate(Value::Date(ParseDate("2020-01-01")), Value::Date(ParseDate("2019-01-01")))
            .AsInt() == 365);
  CHECK(DateMinusDate(Value::Date(ParseDate("2020-01-01")), Value::Date(ParseDate("2019-01-01")))
            .type() == TypeId::kInt4);
  CHECK(DatePlusDays(Value::Date(kDateInfinity), Value::Int4(1)).AsInt() == kDateInfinity);
  REQUIRE_ERROR(DatePlusDays(Value::Date(ParseDate("5874897-12-31")), Value::Int4(1)),
                kDatetimeFieldOverflow, "date out of range");
  REQUIRE_ERROR(DateMinusDays(Value::Date(ParseDate("2020-01-01")), Value::Int4(2147483647)),
                kDatetimeFieldOverflow, "date out of range");
  REQUIRE_ERROR(DateMinusDate(Value::Date(kDateInfinity), Value::Date(0)), kDatetimeFieldOverflow,
                "cannot subtract infinite dates");
}
