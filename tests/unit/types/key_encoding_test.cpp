// Order-preserving key encoding: memcmp of encodings must agree with types::Compare (and
// the NULL/ASC/DESC rules of the column) for random values of every type, for multi-column
// keys, and keys must decode back to equal values.
#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "expect_error.hpp"
#include "types/datetime.hpp"
#include "types/key_encoding.hpp"
#include "types/value_ops.hpp"

using namespace granary::types;

namespace {

int Sign(int x) { return (x > 0) - (x < 0); }

// memcmp order: unsigned bytes, a proper prefix first.
int CompareBytes(const std::string& left, const std::string& right) {
  const size_t common = std::min(left.size(), right.size());
  const int order = std::memcmp(left.data(), right.data(), common);
  if (order != 0) return Sign(order);
  return Sign(static_cast<int>(left.size() > right.size()) -
              static_cast<int>(left.size() < right.size()));
}

// The SQL order of two values of one column, NULLs included.
int ExpectedOrder(const Value& left, const Value& right, const KeyColumn& column) {
  if (left.is_null() || right.is_null()) {
    if (left.is_null() && right.is_null()) return 0;
    const int null_side = column.nulls_first ? -1 : 1;
    return left.is_null() ? null_side : -null_side;
  }
  const int order = Sign(Compare(left, right));
  return column.descending ? -order : order;
}

std::string Encode(const std::vector<Value>& values, const std::vector<KeyColumn>& columns) {
  std::string out;
  EncodeKey(values, columns, out);
  return out;
}

std::string EncodeOne(const Value& value, const KeyColumn& column) {
  return Encode({value}, {column});
}

// Text for messages; the raw payload for date/timestamp, whose random values may lie outside
// the range that ToText prints. Numeric prints normalised (1.50 as 1.5) and -0 as 0.
std::string Describe(const Value& value) {
  if (value.is_null()) return "NULL";
  switch (value.type()) {
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return std::to_string(value.AsInt());
    case TypeId::kNumeric: {
      std::string text = value.AsNumeric().ToString();
      if (text.find('.') != std::string::npos) {
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
      }
      return text;
    }
    case TypeId::kFloat8:
    case TypeId::kFloat4:
      return value.AsDouble() == 0.0 ? "0" : ToText(value);
    default:
      return ToText(value);
  }
}

Value Num(const std::string& text) { return Value::OfNumeric(Numeric::Parse(text)); }

class ValueGenerator {
 public:
  explicit ValueGenerator(uint32_t seed) : random_(seed) {}

  Value Make(TypeId type) {
    switch (type) {
      case TypeId::kBool:
        return Value::Bool(Pick(2) == 1);
      case TypeId::kInt2:
        return Value::Int2(Integer(INT16_MIN, INT16_MAX));
      case TypeId::kInt4:
        return Value::Int4(Integer(INT32_MIN, INT32_MAX));
      case TypeId::kInt8:
        return Value::Int8(Integer(INT64_MIN, INT64_MAX));
      case TypeId::kDate:
        return Value::Date(Integer(INT32_MIN, INT32_MAX));
      case TypeId::kTimestamp:
        return Value::Timestamp(Integer(INT64_MIN, INT64_MAX));
      case TypeId::kTimestampTz:
        return Value::TimestampTz(Integer(INT64_MIN, INT64_MAX));
      case TypeId::kInterval: {
        // Days and time only: they decode to themselves (a key holds the span).
        Interval interval;
        interval.day = static_cast<int32_t>(Integer(INT32_MIN, INT32_MAX));
        interval.time = Integer(-kMicrosecondsPerDay + 1, kMicrosecondsPerDay - 1);
        if (interval.day < 0 && interval.time > 0) interval.time = -interval.time;
        if (interval.day > 0 && interval.time < 0) interval.time = -interval.time;
        return Value::OfInterval(interval);
      }
      case TypeId::kFloat8:
        return Value::Float8(Float());
      case TypeId::kFloat4:
        return Value::Float4(Float());
      case TypeId::kTid:
        return Value::Tid(static_cast<uint32_t>(Integer(0, UINT32_MAX)),
                          static_cast<uint16_t>(Integer(0, UINT16_MAX)));
      case TypeId::kNumeric:
        return Value::OfNumeric(NumericValue());
      case TypeId::kText:
        return Value::Text(Bytes());
      case TypeId::kVarchar:
      case TypeId::kUnknown:
        return Value::Varchar(Bytes());
      case TypeId::kBytea:
        return Value::Bytea(Bytes());
    }
    return Value::Null();
  }

 private:
  uint64_t Pick(uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(random_); }

  // Edges, small numbers (many ties) and the whole range.
  int64_t Integer(int64_t low, int64_t high) {
    switch (Pick(4)) {
      case 0: {
        const int64_t edges[] = {low, low + 1, -1, 0, 1, high - 1, high};
        return edges[Pick(std::size(edges))];
      }
      case 1:
        return std::clamp<int64_t>(static_cast<int64_t>(Pick(21)) - 10, low, high);
      default:
        return std::uniform_int_distribution<int64_t>(low, high)(random_);
    }
  }

  double Float() {
    constexpr double kInf = std::numeric_limits<double>::infinity();
    switch (Pick(5)) {
      case 0: {
        const double specials[] = {0.0,
                                   -0.0,
                                   kInf,
                                   -kInf,
                                   std::nan(""),
                                   -std::nan("7"),
                                   std::numeric_limits<double>::denorm_min(),
                                   -std::numeric_limits<double>::denorm_min(),
                                   std::numeric_limits<double>::max(),
                                   std::numeric_limits<double>::lowest(),
                                   1.0,
                                   -1.0};
        return specials[Pick(std::size(specials))];
      }
      case 1:
        return static_cast<double>(static_cast<int>(Pick(9)) - 4) / 2;
      default:  // any bit pattern: subnormals, NaN payloads of either sign, everything
        return std::bit_cast<double>(static_cast<uint64_t>(Pick(UINT64_MAX)));
    }
  }

  std::string Digits(size_t count) {
    std::string digits;
    for (size_t i = 0; i < count; ++i) digits.push_back(static_cast<char>('0' + Pick(10)));
    return digits;
  }

  Numeric NumericValue() {
    switch (Pick(8)) {
      case 0: {
        const char* specials[] = {"NaN", "Infinity", "-Infinity", "0", "-0.000", "1", "-1"};
        return Numeric::Parse(specials[Pick(std::size(specials))]);
      }
      case 1: {  // a huge or tiny exponent
        std::string text = (Pick(2) == 0 ? "-" : "") + Digits(1 + Pick(6));
        const int exponent = static_cast<int>(Pick(1999)) - 999;
        return Numeric::Parse(text + "e" + std::to_string(exponent));
      }
      default: {  // few digits, so equal values with different scales and near-ties abound
        std::string text = (Pick(2) == 0 ? "-" : "") + Digits(1 + Pick(6));
        if (Pick(2) == 0) text += "." + Digits(Pick(8)) + std::string(Pick(3), '0');
        return Numeric::Parse(text);
      }
    }
  }

  // Short strings over an alphabet that provokes every edge: NUL, the escape's partner
  // bytes 0x01 and 0xFF, prefixes.
  std::string Bytes() {
    static constexpr char kAlphabet[] = {'\0', '\x01', '\xff', '\xfe', 'a', 'b'};
    std::string text;
    const size_t length = Pick(6);
    for (size_t i = 0; i < length; ++i) text.push_back(kAlphabet[Pick(std::size(kAlphabet))]);
    return text;
  }

  std::mt19937_64 random_;
};

constexpr TypeId kAllTypes[] = {TypeId::kBool,    TypeId::kInt2,      TypeId::kInt4,
                                TypeId::kInt8,    TypeId::kFloat8,    TypeId::kFloat4,
                                TypeId::kNumeric, TypeId::kText,      TypeId::kVarchar,
                                TypeId::kDate,    TypeId::kTimestamp, TypeId::kTid,
                                TypeId::kBytea,   TypeId::kTimestampTz, TypeId::kInterval};

std::vector<KeyColumn> AllOrderings(TypeId type) {
  const Type column_type{type};
  return {{column_type, false, false},
          {column_type, false, true},
          {column_type, true, false},
          {column_type, true, true}};
}

}  // namespace

TEST_CASE("memcmp order of single-column keys equals SQL order", "[types][key_encoding]") {
  ValueGenerator generator(20240611);
  for (const TypeId type : kAllTypes) {
    std::vector<Value> values;
    for (int i = 0; i < 250; ++i) values.push_back(generator.Make(type));
    values.push_back(Value::Null(type));
    values.push_back(Value::Null(type));
    for (const KeyColumn& column : AllOrderings(type)) {
      std::vector<std::string> keys;
      for (const Value& value : values) keys.push_back(EncodeOne(value, column));
      size_t mismatches = 0;
      for (size_t i = 0; i < values.size(); ++i) {
        for (size_t j = 0; j < values.size(); ++j) {
          if (CompareBytes(keys[i], keys[j]) != ExpectedOrder(values[i], values[j], column)) {
            if (++mismatches <= 3) {
              INFO("type " << InfoOf(type).name << " desc " << column.descending << " nulls_first "
                           << column.nulls_first << ": " << Describe(values[i]) << " vs "
                           << Describe(values[j]));
              CHECK(false);
            }
          }
        }
      }
      CHECK(mismatches == 0);
    }
  }
}

TEST_CASE("float8 keys: NaN greatest, -0 equals 0", "[types][key_encoding]") {
  const KeyColumn column = KeyColumn::Ascending(Type{TypeId::kFloat8});
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(EncodeOne(Value::Float8(-0.0), column) == EncodeOne(Value::Float8(0.0), column));
  CHECK(EncodeOne(Value::Float8(std::nan("1")), column) ==
        EncodeOne(Value::Float8(-std::nan("2")), column));
  CHECK(EncodeOne(Value::Float8(inf), column) < EncodeOne(Value::Float8(std::nan("")), column));
  CHECK(EncodeOne(Value::Float8(-inf), column) <
        EncodeOne(Value::Float8(std::numeric_limits<double>::lowest()), column));
  CHECK(EncodeOne(Value::Float8(-1e-300), column) < EncodeOne(Value::Float8(0.0), column));
  // A float8 bound on a float4 column compares exactly: 0.1::float4 > 0.1::float8.
  const KeyColumn real = KeyColumn::Ascending(Type{TypeId::kFloat4});
  CHECK(EncodeOne(Value::Float4(0.1), real) > EncodeOne(Value::Float8(0.1), real));
  CHECK(EncodeOne(Value::Float4(0.5), real) == EncodeOne(Value::Float8(0.5), real));
}

TEST_CASE("numeric keys ignore scale and handle extreme exponents", "[types][key_encoding]") {
  const KeyColumn column = KeyColumn::Ascending(Type{TypeId::kNumeric});
  CHECK(EncodeOne(Num("1.0"), column) == EncodeOne(Num("1.00"), column));
  CHECK(EncodeOne(Num("1"), column) == EncodeOne(Num("1.000000"), column));
  CHECK(EncodeOne(Num("-0.00"), column) == EncodeOne(Num("0"), column));
  CHECK(EncodeOne(Num("12345.6789000"), column) == EncodeOne(Num("12345.6789"), column));
  CHECK(EncodeOne(Num("1.5"), column) != EncodeOne(Num("1.05"), column));

  // From 10^-16383 to 10^131071 and their negatives, in order, with the specials around.
  const std::string tiny = "0." + std::string(16382, '0') + "1";
  const std::string huge = "9" + std::string(131071, '9');
  const std::vector<std::string> ascending = {
      "-Infinity", "-" + huge, "-1e1000", "-10000",  "-9999.9999", "-1", "-0.0001",
      "-" + tiny,  "0",        tiny,      "1e-1000", "0.0001",     "1",  "1.00000001",
      "9999",      "10000",    "1e1000",  huge,      "Infinity",   "NaN"};
  std::vector<std::string> keys;
  for (const std::string& text : ascending) keys.push_back(EncodeOne(Num(text), column));
  for (size_t i = 0; i + 1 < keys.size(); ++i) {
    INFO(ascending[i].substr(0, 20) << " < " << ascending[i + 1].substr(0, 20));
    CHECK(CompareBytes(keys[i], keys[i + 1]) < 0);
  }
  // Descending reverses the chain exactly.
  const KeyColumn descending = KeyColumn::Descending(Type{TypeId::kNumeric});
  for (size_t i = 0; i + 1 < ascending.size(); ++i) {
    CHECK(CompareBytes(EncodeOne(Num(ascending[i]), descending),
                       EncodeOne(Num(ascending[i + 1]), descending)) > 0);
  }
}

TEST_CASE("text keys: prefixes first, embedded NULs, bytes unsigned", "[types][key_encoding]") {
  const KeyColumn column = KeyColumn::Ascending(Type{TypeId::kText});
  const std::vector<std::string> ascending = {"",
                                              std::string("\0", 1),
                                              std::string("\0\0", 2),
                                              std::string("\0\x01", 2),
                                              "\x01",
                                              "a",
                                              std::string("a\0", 2),
                                              std::string("a\0b", 3),
                                              "a\x01",
                                              "ab",
                                              "b",
                                              "\xfe",
                                              "\xff",
                                              "\xff\xff"};
  for (size_t i = 0; i + 1 < ascending.size(); ++i) {
    CHECK(CompareBytes(EncodeOne(Value::Text(ascending[i]), column),
                       EncodeOne(Value::Text(ascending[i + 1]), column)) < 0);
  }
  // varchar encodes like text, so a text bound can scan a varchar index.
  CHECK(EncodeOne(Value::Varchar("abc"), column) == EncodeOne(Value::Text("abc"), column));
}

TEST_CASE("bpchar keys drop trailing spaces", "[types][key_encoding]") {
  const KeyColumn column = KeyColumn::Ascending(Type::Bpchar(4));
  CHECK(EncodeOne(Value::Bpchar("ab  "), column) == EncodeOne(Value::Bpchar("ab"), column));
  // "a" sorts before "a!" although "a   " would sort after it bytewise.
  CHECK(CompareBytes(EncodeOne(Value::Bpchar("a   "), column), EncodeOne(Value::Bpchar("a!  "), column)) < 0);
  std::string key;
  EncodeKey({Value::Bpchar("xy  ")}, {column}, key);
  CHECK(DecodeKey(key, {column})[0].AsString() == "xy");
}

TEST_CASE("multi-column keys order like tuples", "[types][key_encoding]") {
  ValueGenerator generator(77);
  std::mt19937 random(99);
  const std::vector<std::vector<KeyColumn>> layouts = {
      {KeyColumn::Ascending(Type{TypeId::kInt4}), KeyColumn::Ascending(Type{TypeId::kText})},
      {KeyColumn::Descending(Type{TypeId::kText}),
       KeyColumn::Ascending(Type{TypeId::kNumeric}),
       {Type{TypeId::kInt2}, true, false}},
      {{Type{TypeId::kBool}, false, true},
       KeyColumn::Descending(Type{TypeId::kFloat8}),
       {Type{TypeId::kVarchar}, true, false},
       KeyColumn::Ascending(Type{TypeId::kDate})},
  };
  for (const auto& columns : layouts) {
    std::vector<std::vector<Value>> tuples;
    for (int i = 0; i < 300; ++i) {
      std::vector<Value> tuple;
      for (const KeyColumn& column : columns) {
        // A small domain per column so that earlier columns tie often.
        tuple.push_back(random() % 6 == 0 ? Value::Null(column.type.id)
                                          : generator.Make(column.type.id));
      }
      tuples.push_back(std::move(tuple));
    }
    // Reuse earlier columns' values to force ties on the leading columns.
    for (size_t i = 1; i < tuples.size(); i += 2) tuples[i][0] = tuples[i - 1][0];
    for (size_t i = 2; i < tuples.size(); i += 3) tuples[i][1] = tuples[i - 2][1];

    std::vector<std::string> keys;
    for (const auto& tuple : tuples) keys.push_back(Encode(tuple, columns));
    size_t mismatches = 0;
    for (size_t i = 0; i < tuples.size(); ++i) {
      for (size_t j = 0; j < tuples.size(); ++j) {
        int expected = 0;
        for (size_t c = 0; c < columns.size() && expected == 0; ++c) {
          expected = ExpectedOrder(tuples[i][c], tuples[j][c], columns[c]);
        }
        if (CompareBytes(keys[i], keys[j]) != expected) ++mismatches;
      }
      // A key made from the leading columns is a prefix of the whole key.
      for (size_t k = 0; k <= columns.size(); ++k) {
        const std::vector<Value> leading(tuples[i].begin(), tuples[i].begin() + k);
        CHECK(keys[i].starts_with(Encode(leading, columns)));
      }
    }
    CHECK(mismatches == 0);
  }
}

TEST_CASE("keys decode back to equal values", "[types][key_encoding]") {
  ValueGenerator generator(4242);
  for (const TypeId type : kAllTypes) {
    for (const KeyColumn& column : AllOrderings(type)) {
      for (int i = 0; i < 200; ++i) {
        const Value value = i == 0 ? Value::Null(type) : generator.Make(type);
        const std::vector<Value> decoded = DecodeKey(EncodeOne(value, column), {column});
        REQUIRE(decoded.size() == 1);
        CHECK(decoded[0].type() == type);
        if (value.is_null()) {
          CHECK(decoded[0].is_null());
          continue;
        }
        REQUIRE_FALSE(decoded[0].is_null());
        CHECK(Compare(decoded[0], value) == 0);
        CHECK(Describe(decoded[0]) == Describe(value));  // exact, up to the documented cases
      }
    }
  }
}

TEST_CASE("numeric decodes to its normalised scale", "[types][key_encoding]") {
  const KeyColumn column = KeyColumn::Descending(Type{TypeId::kNumeric});
  auto round_trip = [&](const std::string& text) {
    return DecodeKey(EncodeOne(Num(text), column), {column})[0].AsNumeric().ToString();
  };
  CHECK(round_trip("1.50") == "1.5");
  CHECK(round_trip("100") == "100");
  CHECK(round_trip("100.000") == "100");
  CHECK(round_trip("-0.000") == "0");
  CHECK(round_trip("-12345678.000900") == "-12345678.0009");
  CHECK(round_trip("0.00001") == "0.00001");
  CHECK(round_trip("1e20") == "100000000000000000000");
  CHECK(round_trip("-Infinity") == "-Infinity");
  CHECK(round_trip("NaN") == "NaN");
}

TEST_CASE("a multi-column key decodes whole or as a prefix", "[types][key_encoding]") {
  const std::vector<KeyColumn> columns = {KeyColumn::Ascending(Type{TypeId::kInt8}),
                                          KeyColumn::Descending(Type{TypeId::kText}),
                                          KeyColumn::Ascending(Type{TypeId::kTimestamp})};
  const std::vector<Value> values = {Value::Int8(-5), Value::Text(std::string("x\0y", 3)),
                                     Value::Null(TypeId::kTimestamp)};
  const std::vector<Value> decoded = DecodeKey(Encode(values, columns), columns);
  REQUIRE(decoded.size() == 3);
  CHECK(decoded[0].AsInt() == -5);
  CHECK(decoded[1].AsString() == std::string("x\0y", 3));
  CHECK(decoded[2].is_null());
  CHECK(DecodeKey(Encode({Value::Int8(9)}, columns), columns).size() == 1);
}

TEST_CASE("key encoding errors", "[types][key_encoding]") {
  const KeyColumn int2 = KeyColumn::Ascending(Type{TypeId::kInt2});
  const KeyColumn int4 = KeyColumn::Ascending(Type{TypeId::kInt4});
  std::string out;
  REQUIRE_ERROR(EncodeKey({Value::Int8(70000)}, {int2}, out), "22003", "smallint out of range");
  REQUIRE_ERROR(EncodeKey({Value::Int8(int64_t{1} << 40)}, {int4}, out), "22003",
                "integer out of range");
  REQUIRE_ERROR(EncodeKey({Value::Text("1")}, {int4}, out), "XX000",
                "key value of type text does not match index column of type int4");
  REQUIRE_ERROR(EncodeKey({Value::Int4(1), Value::Int4(2)}, {int4}, out), "XX000",
                "index key has 2 values for 1 columns");
  // Cross-type integers in range are fine: an int8 bound on an int4 column.
  CHECK(EncodeOne(Value::Int8(7), int4) == EncodeOne(Value::Int4(7), int4));

  const KeyColumn text = KeyColumn::Ascending(Type{TypeId::kText});
  std::string key = EncodeOne(Value::Text("abc"), text);
  REQUIRE_ERROR(DecodeKey(key.substr(0, key.size() - 1), {text}), "XX002",
                "corrupted index key: unexpected end of key");
  REQUIRE_ERROR(DecodeKey(key + "z", {text}), "XX002", "corrupted index key: trailing bytes");
  REQUIRE_ERROR(DecodeKey(std::string("\x07", 1), {text}), "XX002",
                "corrupted index key: bad column marker");
  const KeyColumn number = KeyColumn::Ascending(Type{TypeId::kNumeric});
  REQUIRE_ERROR(DecodeKey(std::string("\x01\x09", 2), {number}), "XX002",
                "corrupted index key: bad numeric class");
}
