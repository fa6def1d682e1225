#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/heap/row_codec.hpp"

using granary::storage::DecodeRow;
using granary::storage::EncodeRow;
using granary::types::Numeric;
using granary::types::Type;
using granary::types::TypeId;
using granary::types::Value;

namespace {

std::span<const std::byte> Bytes(const std::string& text) { return std::as_bytes(std::span(text)); }

std::vector<Type> TypesOf(const std::vector<Value>& values) {
  std::vector<Type> types;
  for (const Value& value : values) types.push_back(Type{value.type(), -1});
  return types;
}

void RequireSame(const Value& actual, const Value& expected) {
  REQUIRE(actual.type() == expected.type());
  REQUIRE(actual.is_null() == expected.is_null());
  if (expected.is_null()) return;
  switch (expected.type()) {
    case TypeId::kBool:
      REQUIRE(actual.AsBool() == expected.AsBool());
      break;
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTid:
      REQUIRE(actual.AsInt() == expected.AsInt());
      break;
    case TypeId::kInterval:
      REQUIRE(actual.AsInterval() == expected.AsInterval());
      break;
    case TypeId::kFloat8:
    case TypeId::kFloat4:
      if (std::isnan(expected.AsDouble())) {
        REQUIRE(std::isnan(actual.AsDouble()));
      } else {
        REQUIRE(std::signbit(actual.AsDouble()) == std::signbit(expected.AsDouble()));
        REQUIRE(actual.AsDouble() == expected.AsDouble());
      }
      break;
    case TypeId::kNumeric:
      REQUIRE(actual.AsNumeric().ToString() == expected.AsNumeric().ToString());
      break;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kUnknown:
    case TypeId::kBytea:
      REQUIRE(actual.AsString() == expected.AsString());
      break;
  }
}

void RequireRoundTrip(const std::vector<Value>& values) {
  std::string bytes;
  EncodeRow(values, bytes);
  std::vector<Value> decoded;
  DecodeRow(Bytes(bytes), TypesOf(values), decoded);
  REQUIRE(decoded.size() == values.size());
  for (size_t i = 0; i < values.size(); ++i) RequireSame(decoded[i], values[i]);
}

std::string SqlStateOfDecode(const std::string& bytes, const std::vector<Type>& types) {
  std::vector<Value> out;
  try {
    DecodeRow(Bytes(bytes), types, out);
  } catch (const granary::Error& error) {
    return error.sqlstate();
  }
  return "none";
}

}  // namespace

TEST_CASE("every type round-trips through the row format", "[storage][codec]") {
  RequireRoundTrip({
      Value::Bool(true),
      Value::Bool(false),
      Value::Int2(-32768),
      Value::Int2(32767),
      Value::Int4(std::numeric_limits<int32_t>::min()),
      Value::Int4(123456789),
      Value::Int8(std::numeric_limits<int64_t>::min()),
      Value::Int8(std::numeric_limits<int64_t>::max()),
      Value::Float8(3.14159),
      Value::Float8(-0.0),
      Value::Float8(std::numeric_limits<double>::infinity()),
      Value::Float4(1.1),
      Value::Float4(-3.5e38),
      Value::Float8(std::numeric_limits<double>::quiet_NaN()),
      Value::OfNumeric(Numeric::Parse("-12345678901234567890.000123")),
      Value::OfNumeric(Numeric::Parse("0.00")),
      Value::OfNumeric(Numeric::NaN()),
      Value::OfNumeric(Numeric::Infinity(true)),
      Value::Text("hello, world"),
      Value::Text(""),
      Value::Text(std::string("nul\0inside", 10)),
      Value::Varchar("varchar"),
      Value::Unknown("literal"),
      Value::Date(-730120),
      Value::Date(8765),
      Value::Timestamp(-63082281600000000LL),
      Value::Timestamp(789012345678LL),
      Value::TimestampTz(-789012345678LL),
      Value::OfInterval(granary::types::Interval{-5, -3, 14}),
  });
}

TEST_CASE("NULLs of every type round-trip", "[storage][codec]") {
  std::vector<Value> values;
  for (TypeId type : {TypeId::kBool, TypeId::kInt2, TypeId::kInt4, TypeId::kInt8, TypeId::kFloat8, TypeId::kFloat4,
                      TypeId::kNumeric, TypeId::kText, TypeId::kVarchar, TypeId::kDate,
                      TypeId::kTimestamp, TypeId::kTimestampTz, TypeId::kInterval, TypeId::kUnknown}) {
    values.push_back(Value::Null(type));
    values.push_back(Value::Int4(static_cast<int64_t>(type)));
  }
  RequireRoundTrip(values);
  RequireRoundTrip({});
  RequireRoundTrip({Value::Null(TypeId::kInt4)});
  std::string bytes;
  EncodeRow({Value::Null(TypeId::kText), Value::Null(TypeId::kText)}, bytes);
  REQUIRE(bytes == std::string("\x03", 1));  // just the bitmap
}

TEST_CASE("the byte layout is as documented", "[storage][codec]") {
  std::string bytes;
  EncodeRow(
      {Value::Int4(0x01020304), Value::Null(TypeId::kText), Value::Int2(-2), Value::Text("ab")},
      bytes);
  REQUIRE(bytes == std::string("\x02"
                               "\x04\x03\x02\x01"
                               "\xfe\xff"
                               "\x02\x00\x00\x00"
                               "ab",
                               13));
}

TEST_CASE("a row stored before ADD COLUMN decodes the new columns as NULL", "[storage][codec]") {
  const std::vector<Value> old_row = {Value::Int4(7), Value::Text("seven")};
  std::string bytes;
  EncodeRow(old_row, bytes);
  std::vector<Type> types = {Type{TypeId::kInt4}, Type{TypeId::kText}};
  for (int i = 0; i < 10; ++i) types.push_back(Type{TypeId::kInt8});  // bitmap grows a byte
  std::vector<Value> decoded;
  DecodeRow(Bytes(bytes), types, decoded, old_row.size());
  REQUIRE(decoded.size() == 12);
  REQUIRE(decoded[0].AsInt() == 7);
  REQUIRE(decoded[1].AsString() == "seven");
  for (size_t i = 2; i < decoded.size(); ++i) {
    REQUIRE(decoded[i].is_null());
    REQUIRE(decoded[i].type() == TypeId::kInt8);
  }
}

TEST_CASE("malformed rows raise XX001", "[storage][codec]") {
  const std::vector<Type> int_text = {Type{TypeId::kInt4}, Type{TypeId::kText}};
  std::string good;
  EncodeRow({Value::Int4(1), Value::Text("abc")}, good);
  REQUIRE(SqlStateOfDecode(good, int_text) == "none");
  // Every truncation fails cleanly.
  for (size_t length = 0; length < good.size(); ++length) {
    REQUIRE(SqlStateOfDecode(good.substr(0, length), int_text) == "XX001");
  }
  REQUIRE(SqlStateOfDecode(good + "x", int_text) == "XX001");  // trailing garbage
  std::string huge_length = good;
  huge_length[5] = '\xff';  // text length 0xff000003... far beyond the row
  huge_length[8] = '\x7f';
  REQUIRE(SqlStateOfDecode(huge_length, int_text) == "XX001");
  REQUIRE(SqlStateOfDecode(std::string("\x00\x05", 2), {Type{TypeId::kBool}}) == "XX001");
  // A numeric whose serialized form is garbage.
  REQUIRE(SqlStateOfDecode(std::string("\x00\x01\x00\x00\x00\xee", 6), {Type{TypeId::kNumeric}}) ==
          "XX001");
  std::vector<Value> out;
  REQUIRE_THROWS_AS(DecodeRow(Bytes(good), int_text, out, 3), granary::Error);
}

namespace {

// AppendColumns through a ColumnSelection and through its flags: the same values, or the
// same SQLSTATE.
std::string AppendBothWays(std::span<const std::byte> bytes, const std::vector<Type>& types,
                           const std::vector<bool>& wanted, size_t stored_count) {
  using granary::storage::AppendColumns;
  using granary::storage::ColumnSelection;
  std::vector<std::vector<Value>> by_flags(types.size());
  std::vector<std::vector<Value>> by_selection(types.size());
  std::string flags_state = "none";
  std::string selection_state = "none";
  try {
    AppendColumns(bytes, types, wanted, std::span(by_flags), stored_count);
  } catch (const granary::Error& error) {
    flags_state = error.sqlstate();
  }
  try {
    AppendColumns(bytes, ColumnSelection(types, wanted), std::span(by_selection), stored_count);
  } catch (const granary::Error& error) {
    selection_state = error.sqlstate();
  }
  REQUIRE(flags_state == selection_state);
  if (flags_state != "none") return flags_state;
  for (size_t i = 0; i < types.size(); ++i) {
    REQUIRE(by_flags[i].size() == by_selection[i].size());
    for (size_t j = 0; j < by_flags[i].size(); ++j) RequireSame(by_selection[i][j], by_flags[i][j]);
  }
  return "none";
}

}  // namespace

TEST_CASE("a column selection decodes as the column-by-column path, NULLs, short rows and damage included",
          "[storage][codec]") {
  const std::vector<Value> full = {
      Value::Int8(42),
      Value::Int4(-7),
      Value::OfNumeric(Numeric::Parse("12345.67")),
      Value::Bpchar("N"),
      Value::Date(9000),
      Value::Bool(true),
      Value::Varchar("a comment"),
      Value::Float8(2.5),
      Value::OfNumeric(Numeric::Parse("0.06")),
      Value::Text("last"),
  };
  const std::vector<Type> types = TypesOf(full);
  const size_t count = types.size();
  for (uint32_t mask = 1; mask < (1u << count); mask = mask * 3 + 1) {
    std::vector<bool> wanted(count);
    for (size_t i = 0; i < count; ++i) wanted[i] = (mask >> i & 1u) != 0;
    for (size_t null_column = 0; null_column <= count; ++null_column) {
      std::vector<Value> values = full;
      if (null_column < count) values[null_column] = Value::Null(types[null_column].id);
      std::string row;
      EncodeRow(values, row);
      INFO("mask " << mask << " null column " << null_column);
      REQUIRE(AppendBothWays(Bytes(row), types, wanted, count) == "none");
      // Every truncation, and a byte too many, fail alike.
      for (size_t cut = 0; cut < row.size(); ++cut) {
        AppendBothWays(Bytes(row.substr(0, cut)), types, wanted, count);
      }
      AppendBothWays(Bytes(row + "x"), types, wanted, count);
    }
    // A row stored before ADD COLUMN (fewer values): the missing ones are NULL.
    std::vector<Value> shorter(full.begin(), full.begin() + 6);
    std::string row;
    EncodeRow(shorter, row);
    REQUIRE(AppendBothWays(Bytes(row), types, wanted, shorter.size()) == "none");
    REQUIRE(AppendBothWays(Bytes(row), types, wanted, count + 1) == "XX001");
  }
}

TEST_CASE("a fixed column probe reads what decoding gives, or says it cannot", "[storage][codec]") {
  using granary::storage::FixedColumnProbe;
  using Read = FixedColumnProbe::Read;
  const std::vector<Type> types = {Type{TypeId::kInt8, -1},  Type{TypeId::kInt2, -1},      Type{TypeId::kInt4, -1},
                                   Type{TypeId::kDate, -1},  Type{TypeId::kTimestampTz, -1}, Type{TypeId::kText, -1},
                                   Type{TypeId::kInt4, -1},  Type{TypeId::kInt4, -1},      Type{TypeId::kInt8, -1},
                                   Type{TypeId::kInt4, -1}};
  // Columns after a variable-width one (the text at 5) have no known offset; neither has text.
  for (size_t column = 0; column < 5; ++column) REQUIRE(FixedColumnProbe::Make(types, column).has_value());
  for (size_t column = 5; column < types.size(); ++column) REQUIRE_FALSE(FixedColumnProbe::Make(types, column));
  REQUIRE_FALSE(FixedColumnProbe::Make(types, types.size()));
  const std::vector<Type> wide = {Type{TypeId::kInt8, -1}, Type{TypeId::kInt8, -1}, Type{TypeId::kInt2, -1},
                                  Type{TypeId::kInt4, -1}, Type{TypeId::kInt4, -1}, Type{TypeId::kInt4, -1},
                                  Type{TypeId::kInt4, -1}, Type{TypeId::kInt4, -1}, Type{TypeId::kInt4, -1},
                                  Type{TypeId::kInt8, -1}};
  const std::vector<Value> values = {Value::Int8(-5000000000), Value::Int8(7),  Value::Int2(-3),
                                     Value::Int4(-2147483648), Value::Int4(42), Value::Int4(1),
                                     Value::Int4(2),           Value::Int4(3),  Value::Int4(4),
                                     Value::Int8(-1)};
  std::string row;
  EncodeRow(values, row);
  for (size_t column = 0; column < wide.size(); ++column) {
    const auto probe = FixedColumnProbe::Make(wide, column);
    REQUIRE(probe.has_value());
    int64_t value = 0;
    REQUIRE(probe->Probe(Bytes(row), wide.size(), value) == Read::kValue);
    REQUIRE(value == values[column].AsInt());  // sign-extended as decoding does
  }

  SECTION("a NULL in the column is NULL; one before it (on the same or an earlier bitmap byte) is unknown") {
    for (const size_t null_column : {0, 2, 8}) {
      std::vector<Value> with_null = values;
      with_null[null_column] = Value::Null(wide[null_column].id);
      std::string stored;
      EncodeRow(with_null, stored);
      for (size_t column = 0; column < wide.size(); ++column) {
        int64_t value = 0;
        const Read read = FixedColumnProbe::Make(wide, column)->Probe(Bytes(stored), wide.size(), value);
        if (column == null_column) {
          REQUIRE(read == Read::kNull);
        } else if (column > null_column) {
          REQUIRE(read == Read::kUnknown);
        } else {
          REQUIRE(read == Read::kValue);
          REQUIRE(value == values[column].AsInt());
        }
      }
    }
  }

  SECTION("a column the row does not store (added later) is NULL; short bytes are unknown") {
    std::string short_row;
    EncodeRow(std::vector<Value>(values.begin(), values.begin() + 3), short_row);
    int64_t value = 0;
    REQUIRE(FixedColumnProbe::Make(wide, 4)->Probe(Bytes(short_row), 3, value) == Read::kNull);
    REQUIRE(FixedColumnProbe::Make(wide, 2)->Probe(Bytes(short_row), 3, value) == Read::kValue);
    REQUIRE(value == -3);
    REQUIRE(FixedColumnProbe::Make(wide, 2)->Probe(Bytes(short_row).first(5), 3, value) == Read::kUnknown);
  }
}
