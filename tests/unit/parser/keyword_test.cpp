// Keywords: the table built from keywords.def, and PostgreSQL's rules for using keywords
// as names (unreserved anywhere; column-name keywords not as functions or types;
// type/function-name keywords not as columns; reserved keywords only as labels after AS).
#include <catch2/catch.hpp>

#include <string>

#include "parse_helpers.hpp"
#include "parser/keywords.hpp"

namespace granary::parser::testing {
namespace {

TEST_CASE("the keyword table is PostgreSQL 15's", "[parser][keywords]") {
  const auto keywords = AllKeywords();
  CHECK(keywords.size() == 460);
  for (std::size_t i = 1; i < keywords.size(); ++i) {
    CHECK(keywords[i - 1].text < keywords[i].text);
  }
  const Keyword* select = LookupKeyword("SeLeCt");
  REQUIRE(select != nullptr);
  CHECK(select->text == "select");
  CHECK(select->category == KeywordCategory::kReserved);
  CHECK(LookupKeyword("name")->category == KeywordCategory::kUnreserved);
  CHECK(LookupKeyword("between")->category == KeywordCategory::kColumnName);
  CHECK(LookupKeyword("left")->category == KeywordCategory::kTypeFunctionName);
  CHECK(LookupKeyword("year")->bare_label == false);
  CHECK(LookupKeyword("value")->bare_label == true);
  CHECK(LookupKeyword("selectx") == nullptr);
  CHECK(LookupKeyword("date") == nullptr);
  CHECK(LookupKeyword("") == nullptr);
  CHECK(LookupKeyword("sélect") == nullptr);
}

TEST_CASE("unreserved keywords are ordinary names", "[parser][keywords]") {
  CHECK(Dump("CREATE TABLE name (name text, text text, value int, key int, year int, "
             "type int, data int, level int, filter int, over int)") ==
        "(create-table name (column name text) (column text text) (column value int4) "
        "(column key int4) (column year int4) (column type int4) (column data int4) "
        "(column level int4) (column filter int4) (column over int4))");
  CHECK(Dump("SELECT name, text, date, value, key, year FROM name AS value") ==
        "(select :targets (name text date value key year) :from ((rel name :alias value)))");
  CHECK(Dump("SELECT t.name, value.key FROM t, value") ==
        "(select :targets (t.name value.key) :from (t value))");
  CHECK(Dump("INSERT INTO key (key, value) VALUES (1, 2)") ==
        "(insert key :columns (key value) (values (1 2)))");
  CHECK(Dump("UPDATE name SET value = 1, text = 'x' WHERE year = 2000") ==
        "(update name :set ((= value 1) (= text 'x')) :where (= year 2000))");
  CHECK(Dump("SELECT * FROM name JOIN text ON name.key = text.key") ==
        "(select :targets (*) :from ((join inner name text :on (= name.key text.key))))");
  CHECK(Dump("SELECT abort, begin, commit, set, show, reset, explain FROM t") ==
        "(select :targets (abort begin commit set show reset explain) :from (t))");
  CHECK(DumpSelectExpr("name(1)") == "(call name 1)");
  CHECK(DumpSelectExpr("x::name") == "(cast x name)");
}

TEST_CASE("column-name keywords are names but not functions or types", "[parser][keywords]") {
  CHECK(Dump("SELECT position, time, timestamp, int, character, values FROM t") ==
        "(select :targets (position time timestamp int character values) :from (t))");
  CHECK(Dump("CREATE TABLE t (position int, national int)") ==
        "(create-table t (column position int4) (column national int4))");
  CHECK(ParseError("SELECT between(1)").message == "syntax error at or near \"(\"");
}

TEST_CASE("type/function-name keywords are functions but not columns", "[parser][keywords]") {
  CHECK(DumpSelectExpr("left('abc', 1)") == "(call left 'abc' 1)");
  CHECK(DumpSelectExpr("similar(1)") == "(call similar 1)");
  CHECK(ParseError("SELECT left FROM t").message == "syntax error at or near \"FROM\"");
  CHECK(ParseError("CREATE TABLE t (left int)").message == "syntax error at or near \"left\"");
  // ...and may be labels after AS or after a dot.
  CHECK(Dump("SELECT 1 AS left, t.left FROM t") ==
        "(select :targets ((as 1 left) t.left) :from (t))");
}

TEST_CASE("reserved keywords need quotes except as labels", "[parser][keywords]") {
  CHECK(ParseError("SELECT select FROM t").message == "syntax error at or near \"select\"");
  CHECK(ParseError("CREATE TABLE table (a int)").message == "syntax error at or near \"table\"");
  CHECK(ParseError("SELECT * FROM t AS from").message == "syntax error at or near \"from\"");
  CHECK(Dump("SELECT \"select\" FROM \"table\"") == "(select :targets (select) :from (table))");
  CHECK(Dump("SELECT 1 AS from, 2 AS where") ==
        "(select :targets ((as 1 from) (as 2 where)))");
  CHECK(Dump("SELECT t.from, t.order FROM t") == "(select :targets (t.from t.order) :from (t))");
}

TEST_CASE("bare labels follow PostgreSQL's AS_LABEL / BARE_LABEL list", "[parser][keywords]") {
  CHECK(Dump("SELECT 1 value, 2 name, 3 end, 4 all") ==
        "(select :targets ((as 1 value) (as 2 name) (as 3 end) (as 4 all)))");
  CHECK(ParseError("SELECT 1 year").message == "syntax error at or near \"year\"");
  CHECK(ParseError("SELECT 1 over").message == "syntax error at or near \"over\"");
}

TEST_CASE("keywords are case-insensitive and report their source text", "[parser][keywords]") {
  CHECK(Dump("sElEcT 1 FrOm T") == "(select :targets (1) :from (t))");
  CHECK(ParseError("SELECT 1 FROM WHERE").message == "syntax error at or near \"WHERE\"");
}

}  // namespace
}  // namespace granary::parser::testing
