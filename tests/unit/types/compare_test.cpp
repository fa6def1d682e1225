// Comparison and hashing of values: PostgreSQL's btree order (NaN last, -0 = 0, numeric
// by value) and hashes that agree with it.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "types/value_ops.hpp"

using namespace granary::types;

namespace {

Value Num(const char* text) { return Value::OfNumeric(Numeric::Parse(text)); }

}  // namespace

TEST_CASE("scalar comparison", "[types][compare]") {
  CHECK(Compare(Value::Bool(false), Value::Bool(true)) < 0);
  CHECK(Compare(Value::Int4(3), Value::Int4(3)) == 0);
  CHECK(Compare(Value::Int8(-1), Value::Int8(1)) < 0);
  CHECK(Compare(Value::Date(10), Value::Date(-10)) > 0);
  CHECK(Compare(Value::Timestamp(INT64_MIN), Value::Timestamp(0)) < 0);
  CHECK(Compare(Num("1.0"), Num("1.000")) == 0);
  CHECK(Compare(Num("NaN"), Num("Infinity")) > 0);
}

TEST_CASE("float8 comparison puts NaN above everything", "[types][compare]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(Compare(Value::Float8(nan), Value::Float8(nan)) == 0);
  CHECK(Compare(Value::Float8(nan), Value::Float8(inf)) > 0);
  CHECK(Compare(Value::Float8(inf), Value::Float8(nan)) < 0);
  CHECK(Compare(Value::Float8(-0.0), Value::Float8(0.0)) == 0);
  CHECK(Compare(Value::Float8(-inf), Value::Float8(-1e308)) < 0);
}

TEST_CASE("strings compare bytewise like the C collation", "[types][compare]") {
  CHECK(Compare(Value::Text("a"), Value::Text("b")) < 0);
  CHECK(Compare(Value::Text("B"), Value::Text("a")) < 0);
  CHECK(Compare(Value::Text("ab"), Value::Text("a")) > 0);
  CHECK(Compare(Value::Text(""), Value::Text("")) == 0);
  CHECK(Compare(Value::Text("\xc3\xa9"), Value::Text("z")) > 0);  // é after z: unsigned bytes
  CHECK(Compare(Value::Varchar("abc"), Value::Text("abc")) == 0);
}

TEST_CASE("bpchar ignores trailing spaces in comparison and hashing", "[types][compare]") {
  CHECK(Compare(Value::Bpchar("ab  "), Value::Bpchar("ab")) == 0);
  CHECK(Compare(Value::Bpchar("a"), Value::Bpchar("a!")) < 0);  // not "a " vs "a!"
  CHECK(Compare(Value::Bpchar("a\x01"), Value::Bpchar("a ")) > 0);
  CHECK(Compare(Value::Bpchar(" a"), Value::Bpchar("a")) < 0);  // leading spaces count
  CHECK(Hash(Value::Bpchar("ab  ")) == Hash(Value::Bpchar("ab")));
  CHECK(Hash(Value::Bpchar("ab")) != Hash(Value::Bpchar("ba")));
}

TEST_CASE("equal values hash equally", "[types][compare]") {
  CHECK(Hash(Num("1.0")) == Hash(Num("1.00")));
  CHECK(Hash(Num("-0")) == Hash(Num("0.000")));
  CHECK(Hash(Value::Float8(-0.0)) == Hash(Value::Float8(0.0)));
  CHECK(Hash(Value::Float8(std::nan("1"))) == Hash(Value::Float8(-std::nan("2"))));
  CHECK(Hash(Value::Text("abc")) == Hash(Value::Varchar("abc")));
  CHECK(Hash(Value::Int4(7)) == Hash(Value::Int8(7)));
  CHECK(Hash(Value::Int4(7)) != Hash(Value::Int4(8)));
  CHECK(Hash(Value::Text("abc")) != Hash(Value::Text("abd")));
}
