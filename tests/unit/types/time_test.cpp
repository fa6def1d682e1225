// time and timetz (types/time.hpp): the packed timetz form keeps both fields and orders as
// PostgreSQL's timetz_cmp_internal, and the binary forms are time_send's and timetz_send's.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/unit/types/expect_error.hpp"
#include "types/time.hpp"
#include "types/value_ops.hpp"

using namespace granary::types;

namespace {

// timetz_cmp_internal: the UTC instant (time + zone), then the zone.
int ReferenceCompare(const TimeTz& a, const TimeTz& b) {
  const int64_t ua = a.time + static_cast<int64_t>(a.zone) * 1000000;
  const int64_t ub = b.time + static_cast<int64_t>(b.zone) * 1000000;
  if (ua != ub) return ua < ub ? -1 : 1;
  if (a.zone != b.zone) return a.zone < b.zone ? -1 : 1;
  return 0;
}

}  // namespace

TEST_CASE("a packed timetz keeps its time and zone and orders as timetz_cmp", "[types][time]") {
  std::vector<TimeTz> values;
  for (int64_t time : {int64_t{0}, int64_t{1}, int64_t{43200000000}, int64_t{86399999999}, int64_t{86400000000}}) {
    for (int32_t zone : {-57599, -19800, -3600, 0, 1, 3600, 28800, 57599}) values.push_back({time, zone});
  }
  for (const TimeTz& value : values) {
    const TimeTz back = UnpackTimeTz(PackTimeTz(value));
    CHECK(back.time == value.time);
    CHECK(back.zone == value.zone);
  }
  for (const TimeTz& a : values) {
    for (const TimeTz& b : values) {
      const int64_t pa = PackTimeTz(a);
      const int64_t pb = PackTimeTz(b);
      CHECK((pa < pb ? -1 : pa > pb ? 1 : 0) == ReferenceCompare(a, b));
    }
  }
  REQUIRE_ERROR(PackTimeTz(TimeTz{0, 57600}), "22009", "time zone displacement out of range");
}

TEST_CASE("time and timetz text and binary forms are PostgreSQL's", "[types][time]") {
  CHECK(ToText(FromText("13:45:07.25+05:30", Type{TypeId::kTimeTz, -1})) == "13:45:07.25+05:30");
  CHECK(ToText(FromText("1:2:3.000001 pm", Type{TypeId::kTime, -1})) == "13:02:03.000001");
  CHECK(ToText(FromText("23:59:59.5", Type{TypeId::kTime, 0})) == "24:00:00");
  std::string out;
  AppendBinary(FromText("13:45:07.25", Type{TypeId::kTime, -1}), out);
  AppendBinary(FromText("13:45:07.25+05:30", Type{TypeId::kTimeTz, -1}), out);
  // time_send and timetz_send of the same values in PostgreSQL 15.
  CHECK(out == std::string("\x00\x00\x00\x0b\x86\xdc\xaf\x50", 8) +
                   std::string("\x00\x00\x00\x0b\x86\xdc\xaf\x50\xff\xff\xb2\xa8", 12));
  CHECK(ToText(FromBinary(out.substr(8), Type{TypeId::kTimeTz, -1})) == "13:45:07.25+05:30");
  CHECK(ToText(FromBinary(out.substr(0, 8), Type{TypeId::kTime, 1})) == "13:45:07.3");
  REQUIRE_ERROR(FromBinary(std::string("\x00\x00\x00\x14\x1d\xd7\x60\x01", 8), Type{TypeId::kTime, -1}),
                "22003", "time out of range");
}
