// Binary send/receive of values: the bytes PostgreSQL 15's *send functions produce (taken
// from a PostgreSQL 15 server: `SELECT numeric_send(-1.5)` and so on) and their receive
// functions' checks.
#include <catch2/catch.hpp>

#include <string>

#include "tests/unit/types/expect_error.hpp"
#include "types/value_ops.hpp"

using namespace granary::types;

namespace {

std::string Hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 0xF]);
  }
  return out;
}

std::string Unhex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::string Send(const std::string& text, TypeId type) {
  std::string out;
  AppendBinary(FromText(text, Type{type, -1}), out);
  return Hex(out);
}

std::string RoundTrip(const std::string& text, TypeId type) {
  std::string out;
  AppendBinary(FromText(text, Type{type, -1}), out);
  return ToText(FromBinary(out, Type{type, -1}));
}

}  // namespace

TEST_CASE("binary output matches PostgreSQL's send functions", "[types][binary_io]") {
  CHECK(Send("-1.5", TypeId::kNumeric) == "000200004000000100011388");
  CHECK(Send("10000", TypeId::kNumeric) == "00010001000000000001");
  CHECK(Send("0.00", TypeId::kNumeric) == "0000000000000002");
  CHECK(Send("NaN", TypeId::kNumeric) == "00000000c0000000");
  CHECK(Send("-Infinity", TypeId::kNumeric) == "00000000f0000020");
  CHECK(Send("123456789.000123", TypeId::kNumeric) == "0005000200000006000109291a85000108fc");
  CHECK(Send("2000-01-02", TypeId::kDate) == "00000001");
  CHECK(Send("2000-01-01 00:00:01", TypeId::kTimestamp) == "00000000000f4240");
  CHECK(Send("2000-01-01 00:00:01+00", TypeId::kTimestampTz) == "00000000000f4240");
  CHECK(Send("1 year 2 mons 3 days 00:00:01", TypeId::kInterval) == "00000000000f4240000000030000000e");
  CHECK(Send("1.5", TypeId::kFloat8) == "3ff8000000000000");
  CHECK(Send("-2", TypeId::kInt4) == "fffffffe");
  CHECK(Send("258", TypeId::kInt2) == "0102");
  CHECK(Send("1", TypeId::kInt8) == "0000000000000001");
  CHECK(Send("t", TypeId::kBool) == "01");
  CHECK(Send("1.5", TypeId::kFloat4) == "3fc00000");
  CHECK(Send("(1,2)", TypeId::kTid) == "000000010002");
  CHECK(Send("héllo", TypeId::kText) == "68c3a96c6c6f");
}

TEST_CASE("binary values round-trip", "[types][binary_io]") {
  for (const char* number : {"0", "-0.001", "1e-20", "99999999999999999999.123456789", "NaN",
                             "Infinity", "-Infinity", "12345.6789"}) {
    CHECK(RoundTrip(number, TypeId::kNumeric) == ToText(FromText(number, Type{TypeId::kNumeric, -1})));
  }
  CHECK(RoundTrip("0.1", TypeId::kFloat8) == "0.1");
  CHECK(RoundTrip("-Infinity", TypeId::kFloat8) == "-Infinity");
  CHECK(RoundTrip("1815-12-10", TypeId::kDate) == "1815-12-10");
  CHECK(RoundTrip("0044-03-15 BC", TypeId::kDate) == "0044-03-15 BC");
  CHECK(RoundTrip("infinity", TypeId::kDate) == "infinity");
  CHECK(RoundTrip("2024-02-29 23:59:59.999999", TypeId::kTimestamp) == "2024-02-29 23:59:59.999999");
  CHECK(RoundTrip("2024-02-29 23:59:59.999999+05:30", TypeId::kTimestampTz) == "2024-02-29 18:29:59.999999+00");
  CHECK(RoundTrip("-1 years -2 mons +3 days -04:05:06.5", TypeId::kInterval) == "-1 years -2 mons +3 days -04:05:06.5");
  CHECK(RoundTrip("-9223372036854775808", TypeId::kInt8) == "-9223372036854775808");
  CHECK(RoundTrip("f", TypeId::kBool) == "f");
  CHECK(RoundTrip("-0.125", TypeId::kFloat4) == "-0.125");
}

TEST_CASE("binary input is checked as PostgreSQL's receive functions check it",
          "[types][binary_io]") {
  const Type int4{TypeId::kInt4, -1};
  REQUIRE_ERROR(FromBinary(Unhex("000001"), int4), "08P01", "insufficient data left in message");
  REQUIRE_ERROR(FromBinary(Unhex("0000000100"), int4), "22P03", "incorrect binary data format");
  const Type numeric{TypeId::kNumeric, -1};
  REQUIRE_ERROR(FromBinary(Unhex("0001000000200000270f"), numeric), "22P03",
                "invalid sign in external \"numeric\" value");
  REQUIRE_ERROR(FromBinary(Unhex("00010000000000002710"), numeric), "22P03",
                "invalid digit in external \"numeric\" value");
  REQUIRE_ERROR(FromBinary(Unhex("ffff000000000000"), numeric), "22P03",
                "invalid length in external \"numeric\" value");
  // Digits beyond the display scale are truncated away (numeric_recv's trunc_var).
  CHECK(ToText(FromBinary(Unhex("000200000000000100011388"), numeric)) == "1.5");
  CHECK(ToText(FromBinary(Unhex("000200000000000000011388"), numeric)) == "1");
  // A typmod applies as an assignment would.
  REQUIRE_ERROR(FromBinary(Unhex("00010001000000000001"), Type::NumericOf(3, 0)), "22003",
                "numeric field overflow");
  REQUIRE_ERROR(FromBinary(Unhex("7fffffff00"), Type{TypeId::kDate, -1}), "22P03",
                "incorrect binary data format");
  REQUIRE_ERROR(FromBinary(Unhex("7ffffff0"), Type{TypeId::kDate, -1}), "22008", "date out of range");
  REQUIRE_ERROR(FromBinary(Unhex("61ff62"), Type{TypeId::kText, -1}), "22021",
                "invalid byte sequence for encoding \"UTF8\": 0xff");
  REQUIRE_ERROR(FromBinary("abcd", Type::Varchar(3)), "22001",
                "value too long for type character varying(3)");
  // bpcharrecv pads as bpcharin does; bpcharsend sends the padded text.
  CHECK(FromBinary("ab", Type::Bpchar(4)).AsString() == "ab  ");
  CHECK(FromBinary("ab ", Type{TypeId::kBpchar, -1}).AsString() == "ab ");
  REQUIRE_ERROR(FromBinary("abcde", Type::Bpchar(4)), "22001", "value too long for type character(4)");
  std::string sent;
  AppendBinary(Value::Bpchar("x  "), sent);
  CHECK(sent == "x  ");
}
