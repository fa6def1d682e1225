// psql's aligned and CSV formats; every expected string was produced by psql 15.
#include <catch2/catch.hpp>

#include <string>

#include "tools/print/table.hpp"

namespace {

using granary::tools::FormatAligned;
using granary::tools::FormatCsv;
using granary::tools::Table;

}  // namespace

TEST_CASE("aligned: centered headers, rule, right-aligned numbers, footer", "[tools][print]") {
  Table table;
  table.columns = {{"a", true}, {"b", false}};
  table.rows = {{"1", "x"}, {"2", std::nullopt}};
  REQUIRE(FormatAligned(table) ==
          " a | b \n"
          "---+---\n"
          " 1 | x\n"
          " 2 | \n"
          "(2 rows)\n\n");
}

TEST_CASE("aligned: wide values, one row, right-aligned last column", "[tools][print]") {
  Table table;
  table.columns = {{"long header name", true}, {"?column?", true}};
  table.rows = {{"2", "3"}};
  REQUIRE(FormatAligned(table) ==
          " long header name | ?column? \n"
          "------------------+----------\n"
          "                2 |        3\n"
          "(1 row)\n\n");
}

TEST_CASE("aligned: newlines, tabs and control characters", "[tools][print]") {
  Table table;
  table.columns = {{"a", true}, {"b", false}, {"m", false}, {"tb", false}, {"n", true}};
  table.rows = {{"1", "x", "multi\nline", "tab\tx", "1.50"}};
  REQUIRE(FormatAligned(table) ==
          " a | b |   m   |    tb     |  n   \n"
          "---+---+-------+-----------+------\n"
          " 1 | x | multi+| tab     x | 1.50\n"
          "   |   | line  |           | \n"
          "(1 row)\n\n");

  Table escapes;
  escapes.columns = {{"x", false}, {"h\nx", false}};
  escapes.rows = {{"a\x01" "b\rc", "ab"}};
  REQUIRE(FormatAligned(escapes) ==
          "     x     | h +\n"
          "           | x  \n"
          "-----------+----\n"
          " a\\x01b\\rc | ab\n"
          "(1 row)\n\n");
}

TEST_CASE("aligned: multi-byte and wide characters", "[tools][print]") {
  Table table;
  table.columns = {{"a", true}, {"w", false}};
  table.rows = {{"1", "\xC3\xA9\xE4\xB8\xAD"}};  // "é中": 3 columns
  REQUIRE(FormatAligned(table) ==
          " a |  w  \n"
          "---+-----\n"
          " 1 | \xC3\xA9\xE4\xB8\xAD\n"
          "(1 row)\n\n");
}

TEST_CASE("aligned: no rows and no columns", "[tools][print]") {
  Table empty;
  empty.columns = {{"?column?", true}};
  REQUIRE(FormatAligned(empty) == " ?column? \n----------\n(0 rows)\n\n");

  Table no_columns;
  no_columns.rows = {{}};
  REQUIRE(FormatAligned(no_columns) == "--\n(1 row)\n\n");
}

TEST_CASE("csv: header, quoting only when needed, NULL empty", "[tools][print]") {
  Table table;
  table.columns = {{"a", true}, {"b", false}, {"c", false}, {"d", false}, {"e", false}};
  table.rows = {{"1", std::nullopt, "x,y", "q\"r", ""}, {"2", "line\nbreak", "\\.", "-", "x"}};
  REQUIRE(FormatCsv(table) ==
          "a,b,c,d,e\n"
          "1,,\"x,y\",\"q\"\"r\",\n"
          "2,\"line\nbreak\",\"\\.\",-,x\n");
}
