// timestamptz and interval input and output, in the session zone a ScopedDatetimeSession
// installs (PostgreSQL 15's results).
#include <catch2/catch.hpp>

#include <string>

#include "common/sqlstate.hpp"
#include "tests/unit/types/expect_error.hpp"
#include "types/datetime_session.hpp"
#include "types/interval.hpp"
#include "types/timestamptz.hpp"

using namespace granary::types;

namespace {

std::string RoundTrip(const std::string& text) { return FormatTimestampTz(ParseTimestampTz(text)); }
std::string IntervalText(const std::string& text) { return FormatInterval(ParseInterval(text)); }

ScopedDatetimeSession InZone(const char* name) {
  return ScopedDatetimeSession(DatetimeSession{FindTimeZone(name), 0, 0});
}

}  // namespace

TEST_CASE("timestamptz input and output in UTC", "[types][timestamptz]") {
  CHECK(ParseTimestampTz("2000-01-01 00:00+00") == 0);
  CHECK(RoundTrip("2026-12-06 04:19:20.123+00") == "2026-12-06 04:19:20.123+00");
  CHECK(RoundTrip("2026-12-06 04:19:20+05:30") == "2026-12-05 22:49:20+00");
  CHECK(RoundTrip("2026-07-01 12:00 PST") == "2026-07-01 20:00:00+00");
  CHECK(RoundTrip("2026-07-01 12:00 Europe/Paris") == "2026-07-01 10:00:00+00");
  CHECK(RoundTrip("epoch") == "1970-01-01 00:00:00+00");
  CHECK(RoundTrip("infinity") == "infinity");
  CHECK(RoundTrip("0044-03-15 12:00+00 BC") == "0044-03-15 12:00:00+00 BC");
  REQUIRE_ERROR(ParseTimestampTz("nonsense"), "22007",
                "invalid input syntax for type timestamp with time zone: \"nonsense\"");
  REQUIRE_ERROR(ParseTimestampTz("2026-01-01 Mars/Base"), "22023",
                "time zone \"mars/base\" not recognized");
}

TEST_CASE("timestamptz in the session zone", "[types][timestamptz]") {
  {
    const ScopedDatetimeSession zone = InZone("Asia/Kolkata");
    CHECK(RoundTrip("2026-12-06 04:19:20") == "2026-12-06 04:19:20+05:30");
    CHECK(RoundTrip("1900-01-01") == "1900-01-01 00:00:00+05:21:10");
  }
  {
    const ScopedDatetimeSession zone = InZone("America/New_York");
    CHECK(RoundTrip("2026-03-08 02:30") == "2026-03-08 03:30:00-04");
    CHECK(RoundTrip("2026-11-01 01:30") == "2026-11-01 01:30:00-05");
    CHECK(LocalFromTimestampTz(ParseTimestampTz("2026-01-01 05:00+00"), SessionTimeZone()) ==
          ParseTimestampTz("2026-01-01 00:00+00"));
  }
  // The scope ends: UTC again.
  CHECK(RoundTrip("2026-12-06 04:19:20") == "2026-12-06 04:19:20+00");
}

TEST_CASE("the TimeZone setting's values", "[types][timestamptz]") {
  CHECK(TimeZoneForSetting("+08")->name() == "<+08>-08");
  CHECK(TimeZoneForSetting("5.5")->AtUtc(0).utc_offset == 19800);
  CHECK(TimeZoneForSetting("-7")->name() == "<-07>+07");
  CHECK(TimeZoneForSetting("UTC+3")->AtUtc(0).utc_offset == -10800);
  CHECK(TimeZoneForSetting("asia/shanghai")->name() == "Asia/Shanghai");
  CHECK_FALSE(TimeZoneForSetting("Mars/Base"));
}

TEST_CASE("interval input and output (IntervalStyle postgres)", "[types][interval]") {
  CHECK(IntervalText("1 day 2 hours") == "1 day 02:00:00");
  CHECK(IntervalText("3 mons") == "3 mons");
  CHECK(IntervalText("P1Y2M") == "1 year 2 mons");
  CHECK(IntervalText("P1Y2M3DT4H5M6.5S") == "1 year 2 mons 3 days 04:05:06.5");
  CHECK(IntervalText("1:30:00") == "01:30:00");
  CHECK(IntervalText("-1 week") == "-7 days");
  CHECK(IntervalText("1.5 mons") == "1 mon 15 days");
  CHECK(IntervalText("-1 year -2 mons +3 days -04:05:06") == "-1 years -2 mons +3 days -04:05:06");
  CHECK(IntervalText("@ 1 hour ago") == "-01:00:00");
  CHECK(IntervalText("-1 2:03") == "-1 days +02:03:00");
  CHECK(IntervalText("0") == "00:00:00");
  REQUIRE_ERROR(ParseInterval("1 foo"), "22007", "invalid input syntax for type interval: \"1 foo\"");
  REQUIRE_ERROR(ParseInterval("1 day 1 day"), "22007",
                "invalid input syntax for type interval: \"1 day 1 day\"");
  REQUIRE_ERROR(ParseInterval("2147483648 days"), "22015",
                "interval field value out of range: \"2147483648 days\"");
}

TEST_CASE("interval arithmetic", "[types][interval]") {
  const auto day = ParseInterval("1 day");
  CHECK(FormatInterval(MultiplyInterval(day, 2.5)) == "2 days 12:00:00");
  CHECK(FormatInterval(DivideInterval(ParseInterval("1 mon"), 4)) == "7 days 12:00:00");
  CHECK(CompareIntervals(ParseInterval("1 mon"), ParseInterval("30 days")) == 0);
  CHECK(CompareIntervals(ParseInterval("1 day"), ParseInterval("23 hours")) > 0);
  CHECK(FormatInterval(JustifyHours(ParseInterval("50 hours"))) == "2 days 02:00:00");
  CHECK(FormatInterval(JustifyDays(ParseInterval("65 days"))) == "2 mons 5 days");
  CHECK(FormatInterval(TimestampDifference(ParseTimestampTz("2020-01-03 00:00+00"),
                                           ParseTimestampTz("2020-01-01 10:00+00"))) ==
        "1 day 14:00:00");
  REQUIRE_ERROR(DivideInterval(day, 0), "22012", "division by zero");
  REQUIRE_ERROR(NegateInterval(granary::types::Interval{INT64_MIN, 0, 0}), "22008",
                "interval out of range");
}
