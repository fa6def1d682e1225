// date and timestamp input, output, calendar and arithmetic, compared with PostgreSQL 15
// (DateStyle = ISO, MDY).
#include <catch2/catch.hpp>

#include <string>

#include "common/sqlstate.hpp"
#include "tests/unit/types/expect_error.hpp"
#include "types/datetime.hpp"

using namespace granary::types;

namespace {

std::string Date(const std::string& text) { return FormatDate(ParseDate(text)); }
std::string Timestamp(const std::string& text) { return FormatTimestamp(ParseTimestamp(text)); }

}  // namespace

TEST_CASE("date storage counts days from 2000-01-01", "[types][datetime]") {
  CHECK(ParseDate("2000-01-01") == 0);
  CHECK(ParseDate("1999-12-31") == -1);
  CHECK(ParseDate("1970-01-01") == -10957);
  CHECK(DateFromYmd(2000, 3, 1) == 60);
  int year = 0;
  int month = 0;
  int day = 0;
  YmdFromDate(-10957, year, month, day);
  CHECK((year == 1970 && month == 1 && day == 1));
  YmdFromDate(DateFromYmd(0, 2, 29), year, month, day);  // year 0 = 1 BC, a leap year
  CHECK((year == 0 && month == 2 && day == 29));
  CHECK(ParseTimestamp("2000-01-01 00:00:01") == 1'000'000);
  CHECK(ParseTimestamp("1999-12-31 23:59:59.999999") == -1);
}

TEST_CASE("date input in ISO, MDY and textual forms", "[types][datetime]") {
  CHECK(Date("2024-02-29") == "2024-02-29");
  CHECK(Date("2000-02-29") == "2000-02-29");
  CHECK(Date("  2024-01-05  ") == "2024-01-05");
  CHECK(Date("20240105") == "2024-01-05");
  CHECK(Date("1/5/2024") == "2024-01-05");
  CHECK(Date("01/05/24") == "2024-01-05");
  CHECK(Date("1/5/70") == "1970-01-05");
  CHECK(Date("Jan 5 2024") == "2024-01-05");
  CHECK(Date("January 5, 2024") == "2024-01-05");
  CHECK(Date("5 Jan 2024") == "2024-01-05");
  CHECK(Date("2024-Jan-05") == "2024-01-05");
  CHECK(Date("J2451545") == "2000-01-01");
  CHECK(Date("2024-366") == "2024-12-31");
  CHECK(Date("2024-01-05 10:00:00") == "2024-01-05");
}

TEST_CASE("date input of special values and BC years", "[types][datetime]") {
  CHECK(Date("epoch") == "1970-01-01");
  CHECK(ParseDate("infinity") == kDateInfinity);
  CHECK(ParseDate("-infinity") == kDateNegativeInfinity);
  CHECK(Date("infinity") == "infinity");
  CHECK(Date("-infinity") == "-infinity");
  CHECK(Date("0044-03-15 BC") == "0044-03-15 BC");
  CHECK(Date("0001-01-01 BC") == "0001-01-01 BC");
  CHECK(Date("4714-11-24 BC") == "4714-11-24 BC");
  CHECK(Date("5874897-12-31") == "5874897-12-31");
  CHECK(ParseDate("0001-01-01 BC") == DateFromYmd(0, 1, 1));
}

TEST_CASE("date input errors", "[types][datetime]") {
  using granary::sqlstate::kDatetimeFieldOverflow;
  using granary::sqlstate::kInvalidDatetimeFormat;
  REQUIRE_ERROR(ParseDate("abc"), kInvalidDatetimeFormat,
                "invalid input syntax for type date: \"abc\"");
  REQUIRE_ERROR(ParseDate(""), kInvalidDatetimeFormat, "invalid input syntax for type date: \"\"");
  REQUIRE_ERROR(ParseDate("10:00"), kInvalidDatetimeFormat,
                "invalid input syntax for type date: \"10:00\"");
  REQUIRE_ERROR(ParseDate("2023-02-29"), kDatetimeFieldOverflow,
                "date/time field value out of range: \"2023-02-29\"");
  REQUIRE_ERROR(ParseDate("1900-02-29"), kDatetimeFieldOverflow,
                "date/time field value out of range: \"1900-02-29\"");
  REQUIRE_ERROR(ParseDate("0000-01-01"), kDatetimeFieldOverflow,
                "date/time field value out of range: \"0000-01-01\"");
  REQUIRE_ERROR(ParseDate("2024-01-32"), kDatetimeFieldOverflow,
                "date/time field value out of range: \"2024-01-32\"");
  REQUIRE_ERROR(ParseDate("4714-11-23 BC"), kDatetimeFieldOverflow,
                "date out of range: \"4714-11-23 BC\"");
  REQUIRE_ERROR(ParseDate("5874898-01-01"), kDatetimeFieldOverflow,
                "date out of range: \"5874898-01-01\"");

  // A month out of range hints at the DateStyle.
  const granary::Error month =
      granary::types::testing::ExpectError([] { (void)ParseDate("2024-13-01"); });
  CHECK(month.sqlstate() == kDatetimeFieldOverflow);
  CHECK(month.message() == "date/time field value out of range: \"2024-13-01\"");
  CHECK(month.hint() == "Perhaps you need a different \"datestyle\" setting.");
}

TEST_CASE("timestamp input and output", "[types][datetime]") {
  CHECK(Timestamp("2024-01-05") == "2024-01-05 00:00:00");
  CHECK(Timestamp("2024-01-05 10:00") == "2024-01-05 10:00:00");
  CHECK(Timestamp("2024-01-05T10:00:00") == "2024-01-05 10:00:00");
  CHECK(Timestamp("2024-01-05 10:00:00.5") == "2024-01-05 10:00:00.5");
  CHECK(Timestamp("2024-01-05 10:00:00.000001") == "2024-01-05 10:00:00.000001");
  CHECK(Timestamp("2024-01-05 10:00:00.123456789") == "2024-01-05 10:00:00.123457");
  CHECK(Timestamp("2024-01-05 10:00:00.9999995") == "2024-01-05 10:00:01");
  CHECK(Timestamp("2024-01-05 24:00") == "2024-01-06 00:00:00");
  CHECK(Timestamp("2024-01-05 23:59:60") == "2024-01-06 00:00:00");
  CHECK(Timestamp("2024-01-05 12:00 am") == "2024-01-05 00:00:00");
  CHECK(Timestamp("2024-01-05 1:30 pm") == "2024-01-05 13:30:00");
  CHECK(Timestamp("20240105T103000") == "2024-01-05 10:30:00");
  CHECK(Timestamp("Fri Jan 05 10:00:00 2024") == "2024-01-05 10:00:00");
  CHECK(Timestamp("0044-03-15 12:00 BC") == "0044-03-15 12:00:00 BC");
  CHECK(Timestamp("4714-11-24 00:00 BC") == "4714-11-24 00:00:00 BC");
  CHECK(Timestamp("294276-12-31 23:59:59.999999") == "294276-12-31 23:59:59.999999");
  CHECK(Timestamp("epoch") == "1970-01-01 00:00:00");
  CHECK(ParseTimestamp("infinity") == kTimestampInfinity);
  CHECK(Timestamp("-infinity") == "-infinity");
}

TEST_CASE("timestamp input ignores time zones", "[types][datetime]") {
  CHECK(Timestamp("2024-01-05 10:00:00+02") == "2024-01-05 10:00:00");
  CHECK(Timestamp("2024-01-05 10:00:00-08:00") == "2024-01-05 10:00:00");
  CHECK(Timestamp("2024-01-05T10:00:00Z") == "2024-01-05 10:00:00");
  CHECK(Timestamp("2024-01-05 10:00:00 PST") == "2024-01-05 10:00:00");
  CHECK(Timestamp("2024-01-05 10:00:00 America/New_York") == "2024-01-05 10:00:00");
  CHECK(Timestamp("2024-01-05 10:00 EST5EDT") == "2024-01-05 10:00:00");
  REQUIRE_ERROR(ParseTimestamp("2024-01-05 10:00 foo/bar"),
                granary::sqlstate::kInvalidParameterValue, "time zone \"foo/bar\" not recognized");
}

TEST_CASE("julian day input", "[types][datetime]") {
  CHECK(Date("J2451545") == "2000-01-01");
  CHECK(Timestamp("J2451545.5") == "2000-01-01 12:00:00");
  CHECK(Timestamp("julian 2451545") == "2000-01-01 00:00:00");
}

TEST_CASE("timestamp input errors", "[types][datetime]") {
  using granary::sqlstate::kDatetimeFieldOverflow;
  using granary::sqlstate::kInvalidDatetimeFormat;
  using granary::sqlstate::kInvalidTimeZoneDisplacementValue;
  REQUIRE_ERROR(ParseTimestamp("abc"), kInvalidDatetimeFormat,
                "invalid input syntax for type timestamp: \"abc\"");
  REQUIRE_ERROR(ParseTimestamp("2024-01-05 foo"), kInvalidDatetimeFormat,
                "invalid input syntax for type timestamp: \"2024-01-05 foo\"");
  REQUIRE_ERROR(ParseTimestamp("2024-01-05T"), kInvalidDatetimeFormat,
                "invalid input syntax for type timestamp: \"2024-01-05T\"");
  REQUIRE_ERROR(ParseTimestamp("2024-01-05 25:00"), kDatetimeFieldOverflow,
                "date/time field value out of range: \"2024-01-05 25:00\"");
  REQUIRE_ERROR(ParseTimestamp("2024-01-05 24:00:01"), kDatetimeFieldOverflow,
                "date/time field value out of range: \"2024-01-05 24:00:01\"");
  REQUIRE_ERROR(ParseTimestamp("2024-01-05 10:61"), kDatetimeFieldOverflow,
                "date/time field value out of range: \"2024-01-05 10:61\"");
  REQUIRE_ERROR(ParseTimestamp("2024-01-05 13:00 pm"), kDatetimeFieldOverflow,
                "date/time field value out of range: \"2024-01-05 13:00 pm\"");
  REQUIRE_ERROR(ParseTimestamp("294277-01-01"), kDatetimeFieldOverflow,
                "timestamp out of range: \"294277-01-01\"");
  REQUIRE_ERROR(ParseTimestamp("2024-01-05 10:00:00+25"), kInvalidTimeZoneDisplacementValue,
                "time zone displacement out of range: \"2024-01-05 10:00:00+25\"");
}

TEST_CASE("leap years follow the proleptic Gregorian calendar", "[types][datetime]") {
  CHECK(Date("2000-02-29") == "2000-02-29");
  CHECK(Date("1600-02-29") == "1600-02-29");
  CHECK(Date("0001-02-29 BC") == "0001-02-29 BC");  // year 0
  CHECK(Date("0005-02-29 BC") == "0005-02-29 BC");  // year -4
  REQUIRE_ERROR(ParseDate("0002-02-29 BC"), granary::sqlstate::kDatetimeFieldOverflow,
                "date/time field value out of range: \"0002-02-29 BC\"");
  CHECK(ParseDate("2024-03-01") - ParseDate("2024-02-28") == 2);
  CHECK(ParseDate("2023-03-01") - ParseDate("2023-02-28") == 1);
}

TEST_CASE("date arithmetic checks the range", "[types][datetime]") {
  CHECK(FormatDate(AddDays(ParseDate("2020-02-29"), -365)) == "2019-03-01");
  CHECK(FormatDate(AddDays(ParseDate("2020-01-01"), -1)) == "2019-12-31");
  CHECK(AddDays(kDateInfinity, 1) == kDateInfinity);
  CHECK(AddDays(kDateNegativeInfinity, -1) == kDateNegativeInfinity);
  REQUIRE_ERROR(AddDays(ParseDate("5874897-12-31"), 1), granary::sqlstate::kDatetimeFieldOverflow,
                "date out of range");
  REQUIRE_ERROR(AddDays(ParseDate("2020-01-01"), -2147483647LL),
                granary::sqlstate::kDatetimeFieldOverflow, "date out of range");
}
