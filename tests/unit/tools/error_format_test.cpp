// Error reports in libpq's layout; expected strings were produced by psql 15.
#include <catch2/catch.hpp>

#include <string>

#include "granary/error.hpp"
#include "tools/print/error_format.hpp"

namespace {

using granary::Error;
using granary::tools::FormatError;
using granary::tools::Verbosity;

}  // namespace

TEST_CASE("primary message, position caret, detail", "[tools][print]") {
  REQUIRE(FormatError(Error("22012", "division by zero"), "select 1/0", Verbosity::kDefault) ==
          "ERROR:  division by zero\n");
  REQUIRE(FormatError(Error("42703", "column \"nosuch\" does not exist").WithPosition(8),
                      "select nosuch\n  from t;", Verbosity::kDefault) ==
          "ERROR:  column \"nosuch\" does not exist\n"
          "LINE 1: select nosuch\n"
          "               ^\n");
  REQUIRE(FormatError(Error("42601", "syntax error at or near \";\"").WithPosition(11),
                      "select (1\n;\n  -- c\nselect 2 ", Verbosity::kDefault) ==
          "ERROR:  syntax error at or near \";\"\n"
          "LINE 2: ;\n"
          "        ^\n");
  REQUIRE(FormatError(Error("23502", "null value in column \"a\" of relation \"t\" violates "
                                     "not-null constraint")
                          .WithDetail("Failing row contains (null, y)."),
                      "insert into t values (null, 'y');", Verbosity::kDefault) ==
          "ERROR:  null value in column \"a\" of relation \"t\" violates not-null constraint\n"
          "DETAIL:  Failing row contains (null, y).\n");
}

TEST_CASE("long statement lines are cut around the position", "[tools][print]") {
  const std::string sql =
      "select 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, "
      "23, zzz from tt;";
  REQUIRE(FormatError(Error("42703", "column \"zzz\" does not exist").WithPosition(91), sql,
                      Verbosity::kDefault) ==
          "ERROR:  column \"zzz\" does not exist\n"
          "LINE 1: ..., 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, zzz from t...\n"
          "                                                             ^\n");
  const std::string wide =
      "select aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb, "
      "ccccccccccccccccccccccccccc, ddddddddddddddd from tt;";
  REQUIRE(FormatError(Error("42703", "column does not exist").WithPosition(8), wide,
                      Verbosity::kDefault) ==
          "ERROR:  column does not exist\n"
          "LINE 1: select aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbb...\n"
          "               ^\n");
}

TEST_CASE("verbosity levels", "[tools][print]") {
  const Error error = Error("23502", "null value in column \"a\"")
                          .WithDetail("Failing row contains (null).")
                          .WithPosition(1);
  REQUIRE(FormatError(error, "x", Verbosity::kTerse) == "ERROR:  null value in column \"a\"\n");
  REQUIRE(FormatError(error, "x", Verbosity::kSqlstate) == "ERROR:  23502\n");
  Error named = Error("23502", "null value in column \"a\"")
                    .WithDetail("Failing row contains (null).")
                    .WithTable("public", "r")
                    .WithColumn("a");
  REQUIRE(FormatError(named, "insert", Verbosity::kVerbose) ==
          "ERROR:  23502: null value in column \"a\"\n"
          "DETAIL:  Failing row contains (null).\n"
          "SCHEMA NAME:  public\n"
          "TABLE NAME:  r\n"
          "COLUMN NAME:  a\n");
}
