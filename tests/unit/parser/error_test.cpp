// Syntax and scanner errors: PostgreSQL's SQLSTATE, message and cursor position. Every
// expectation in the table below was produced by a PostgreSQL 15 server for the same text.
#include <catch2/catch.hpp>

#include <string>

#include "common/sqlstate.hpp"
#include "parse_helpers.hpp"

namespace granary::parser::testing {
namespace {

struct Expected {
  const char* sql;
  const char* sqlstate;
  const char* message;
  int position;  // 1-based characters; 0 = none
};

// Verified against PostgreSQL 15.18 (psycopg2: diag.sqlstate, message_primary,
// statement_position).
const Expected kPostgresErrors[] = {
    {"selec 1", "42601", "syntax error at or near \"selec\"", 1},
    {"select 1 2", "42601", "syntax error at or near \"2\"", 10},
    {"select from where", "42601", "syntax error at or near \"where\"", 13},
    {"select * from", "42601", "syntax error at end of input", 14},
    {"select * from t where", "42601", "syntax error at end of input", 22},
    {"select (1", "42601", "syntax error at end of input", 10},
    {"select 1)", "42601", "syntax error at or near \")\"", 9},
    {"select 'abc", "42601", "unterminated quoted string at or near \"'abc\"", 8},
    {"select \"abc", "42601", "unterminated quoted identifier at or near \"\"abc\"", 8},
    {"select E'abc", "42601", "unterminated quoted string at or near \"E'abc\"", 8},
    {"select $$abc", "42601", "unterminated dollar-quoted string at or near \"$$abc\"", 8},
    {"select /* abc", "42601", "unterminated /* comment at or near \"/* abc\"", 8},
    {"select \"\"", "42601", "zero-length delimited identifier at or near \"\"\"\"", 8},
    {"select 123abc", "42601", "trailing junk after numeric literal at or near \"123abc\"", 8},
    {"select 0x1F", "42601", "trailing junk after numeric literal at or near \"0x1F\"", 8},
    {"select 1.2.3", "42601", "syntax error at or near \".3\"", 11},
    {"select * from a.b.c.d", "42601", "improper qualified name (too many dotted names): a.b.c.d", 15},
    {"insert into t values", "42601", "syntax error at end of input", 21},
    {"insert into t (a,) values (1)", "42601", "syntax error at or near \")\"", 18},
    {"update t set", "42601", "syntax error at end of input", 13},
    {"update t set a", "42601", "syntax error at end of input", 15},
    {"delete t", "42601", "syntax error at or near \"t\"", 8},
    {"delete from", "42601", "syntax error at end of input", 12},
    {"create table t (a int,)", "42601", "syntax error at or near \")\"", 23},
    {"create table (a int)", "42601", "syntax error at or near \"(\"", 14},
    {"create table t (a int) extra", "42601", "syntax error at or near \"extra\"", 24},
    {"drop table", "42601", "syntax error at end of input", 11},
    {"drop t", "42601", "syntax error at or near \"t\"", 6},
    {"begin foo", "42601", "syntax error at or near \"foo\"", 7},
    {"commit bar", "42601", "syntax error at or near \"bar\"", 8},
    {"rollback to", "42601", "syntax error at end of input", 12},
    {"savepoint", "42601", "syntax error at end of input", 10},
    {"explain", "42601", "syntax error at end of input", 8},
    {"explain (foo) select 1", "42601", "unrecognized EXPLAIN option \"foo\"", 10},
    {"explain (analyze 'maybe') select 1", "42601", "analyze requires a Boolean value", 0},
    {"set", "42601", "syntax error at end of input", 4},
    {"set x", "42601", "syntax error at end of input", 6},
    {"set x to", "42601", "syntax error at end of input", 9},
    {"show", "42601", "syntax error at end of input", 5},
    {"reset", "42601", "syntax error at end of input", 6},
    {"select 1 limit 1, 2", "42601", "LIMIT #,# syntax is not supported", 10},
    {"select 1 fetch first 1 rows", "42601", "syntax error at end of input", 28},
    {"select * from (select 1)", "42601", "subquery in FROM must have an alias", 15},
    {"select * from (values (1))", "42601", "VALUES in FROM must have an alias", 15},
    {"select * from lateral (select 1)", "42601", "subquery in FROM must have an alias", 23},
    {"select 1 = 1 = 1", "42601", "syntax error at or near \"=\"", 14},
    {"select 1 < 2 > 3", "42601", "syntax error at or near \">\"", 14},
    {"select a between 1 and 2 between 3 and 4", "42601", "syntax error at or near \"between\"", 26},
    {"select case end", "42601", "syntax error at or near \"end\"", 13},
    {"select case when 1 end", "42601", "syntax error at or near \"end\"", 20},
    {"select cast(1 as)", "42601", "syntax error at or near \")\"", 17},
    {"select cast(1)", "42601", "syntax error at or near \")\"", 14},
    {"select extract(from x)", "42601", "syntax error at or near \"from\"", 16},
    {"select count(*", "42601", "syntax error at end of input", 15},
    {"select f(,)", "42601", "syntax error at or near \",\"", 10},
    {"select trim(both from)", "42601", "syntax error at or near \")\"", 22},
    {"select 1 +", "42601", "syntax error at end of input", 11},
    {"select 1 /* x */ +", "42601", "syntax error at end of input", 19},
    {"select a::", "42601", "syntax error at end of input", 11},
    {"select a::int(", "42601", "syntax error at or near \"(\"", 14},
    {"select varchar(1+1) 'x'", "42601", "syntax error at or near \"+\"", 17},
    {"select float(0) 'x'", "22023", "precision for type float must be at least 1 bit", 14},
    {"select float(60) 'x'", "22023", "precision for type float must be less than 54 bits", 14},
    {"select interval(2) 'x' year", "42601", "syntax error at or near \"year\"", 24},
    {"select t.*.a from t", "42601", "improper use of \"*\" at or near \"from\"", 14},
    {"select a.* .b from t", "42601", "improper use of \"*\" at or near \"from\"", 15},
    {"select count(*) filter (where) from t", "42601", "syntax error at or near \")\"", 30},
    {"select 1 order by", "42601", "syntax error at end of input", 18},
    {"select 1 order by 1 order by 2", "42601", "syntax error at or near \"order\"", 21},
    {"select 1 union", "42601", "syntax error at end of input", 15},
    {"select 1 union all all select 2", "42601", "syntax error at or near \"all\"", 20},
    {"values", "42601", "syntax error at end of input", 7},
    {"values ()", "42601", "syntax error at or near \")\"", 9},
    {"values (1),", "42601", "syntax error at end of input", 12},
    {"select $1abc", "42601", "trailing junk after parameter at or near \"$1abc\"", 8},
    {"select 1e", "42601", "trailing junk after numeric literal at or near \"1e\"", 8},
    {"select U&'\\00' ", "42601", "invalid Unicode escape", 11},
    {"select U&'\\DBFF\\0041'", "42601", "invalid Unicode surrogate pair", 16},
    {"select U&'x' UESCAPE ''", "42601", "invalid Unicode escape character at or near \"''\"", 22},
    {"select E'\\uDBFF'", "42601", "invalid Unicode surrogate pair at or near \"'\"", 16},
    {"select E'\\xa0'", "22021", "invalid byte sequence for encoding \"UTF8\": 0xa0", 0},
    {"select 'é' as \"é\"  +", "42601", "syntax error at or near \"+\"", 20},
    {"select 'ab' 'cd'", "42601", "syntax error at or near \"'cd'\"", 13},
    {"select 'ab'\n\n'cd' 'ef'", "42601", "syntax error at or near \"'ef'\"", 19},
    {"create table t (a int default 1 + )", "42601", "syntax error at or near \")\"", 35},
    {"insert into t default", "42601", "syntax error at end of input", 22},
    {"select not", "42601", "syntax error at end of input", 11},
    {"select not not", "42601", "syntax error at end of input", 15},
    {"select * from a join b", "42601", "syntax error at end of input", 23},
    {"select * from a join b using ()", "42601", "syntax error at or near \")\"", 31},
    {"select * from a natural join b on true", "42601", "syntax error at or near \"on\"", 32},
    {"select * from a cross join b on true", "42601", "syntax error at or near \"on\"", 30},
    {"table", "42601", "syntax error at end of input", 6},
    {"select 1; selec 2", "42601", "syntax error at or near \"selec\"", 11},
    {"select 1;\nselect 2 3;", "42601", "syntax error at or near \"3\"", 20},
    {"select @", "42601", "syntax error at end of input", 9},
    {"select 1 !", "42601", "syntax error at end of input", 11},
    {"select U&'\\0000'", "42601", "invalid Unicode escape value", 11},
    {"select U&'ab\\D800x'", "42601", "invalid Unicode surrogate pair", 18},
    {"select U&'ab\\D800'", "42601", "invalid Unicode surrogate pair", 18},
    {"select U&'a' UESCAPE 1", "42601", "UESCAPE must be followed by a simple string literal at or near \"1\"", 22},
    {"select U&'a' UESCAPE 'ab'", "42601", "invalid Unicode escape character at or near \"'ab'\"", 22},
    {"select U&'a' UESCAPE '+'", "42601", "invalid Unicode escape character at or near \"'+'\"", 22},
    {"select U&'a'    'b'", "42601", "syntax error at or near \"'b'\"", 17},
    {"select U&'a' uescape", "42601", "UESCAPE must be followed by a simple string literal at end of input", 21},
    {"select E'\\uDC00'", "42601", "invalid Unicode surrogate pair at or near \"\\uDC00\"", 10},
    {"select E'\\uD800\\u0041'", "42601", "invalid Unicode surrogate pair at or near \"\\u0041\"", 16},
    {"select E'\\xff'", "22021", "invalid byte sequence for encoding \"UTF8\": 0xff", 0},
    {"select 'é' + ", "42601", "syntax error at end of input", 14},
    {"select x from t where", "42601", "syntax error at end of input", 22},
    {"select 1 + * 2", "42601", "syntax error at or near \"*\"", 12},
    {"select $1a", "42601", "trailing junk after parameter at or near \"$1a\"", 8},
    {"select 1 @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 2", "42601", "operator too long at or near \"@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\"", 10},
    {"select E'\\u12'", "22025", "invalid Unicode escape", 10},
    {"select E'\\u0000'", "42601", "invalid Unicode escape value at or near \"\\u0000\"", 10},
    {"select E'\\uD800'", "42601", "invalid Unicode surrogate pair at or near \"'\"", 16},
    {"select E'\\000'", "22021", "invalid byte sequence for encoding \"UTF8\": 0x00", 0},
    {"select 'abc' 'def'", "42601", "syntax error at or near \"'def'\"", 14},
    {"select 1 /* a /* b */ c  + 1", "42601", "unterminated /* comment at or near \"/* a /* b */ c  + 1\"", 10},
    {"select a.*.b from pg_class a", "42601", "improper use of \"*\" at or near \"from\"", 14},
    {"(select 1 order by 1) order by 1", "42601", "multiple ORDER BY clauses not allowed", 32},
    {"(select 1 limit 1) limit 2", "42601", "multiple LIMIT clauses not allowed", 26},
    {"(select 1 offset 1) offset 2", "42601", "multiple OFFSET clauses not allowed", 28},
    {"select 1 limit 1,2", "42601", "LIMIT #,# syntax is not supported", 10},
    {"explain (costs2 off) select 1", "42601", "unrecognized EXPLAIN option \"costs2\"", 10},
    {"explain (analyze 'x') select 1", "42601", "analyze requires a Boolean value", 0},
};

TEST_CASE("errors match PostgreSQL 15 in code, message and position", "[parser][errors]") {
  for (const Expected& expected : kPostgresErrors) {
    INFO("SQL: " << expected.sql);
    const ParseFailure failure = ParseError(expected.sql);
    CHECK(failure.sqlstate == expected.sqlstate);
    CHECK(failure.message == expected.message);
    CHECK(failure.position == expected.position);
  }
}

TEST_CASE("errors carry PostgreSQL's hints", "[parser][errors]") {
  CHECK(ParseError("select 1 limit 1, 2").hint == "Use separate LIMIT and OFFSET clauses.");
  CHECK(ParseError("select * from (select 1)").hint ==
        "For example, FROM (SELECT ...) [AS] foo.");
  CHECK(ParseError("select * from (values (1))").hint ==
        "For example, FROM (VALUES ...) [AS] foo.");
  CHECK(ParseError("select E'\\u12'").hint == "Unicode escapes must be \\uXXXX or \\UXXXXXXXX.");
  CHECK(ParseError("select U&'\\00'").hint == "Unicode escapes must be \\XXXX or \\+XXXXXX.");
}

TEST_CASE("positions count characters, not bytes", "[parser][errors]") {
  // 'é' is two bytes; PostgreSQL reports character positions.
  const ParseFailure failure = ParseError("select 'é' + ");
  CHECK(failure.message == "syntax error at end of input");
  CHECK(failure.position == 14);
  CHECK(ParseError("select 'ééé', x y z").position == 19);
}

TEST_CASE("errors in later statements are positioned in the whole string",
          "[parser][errors]") {
  const ParseFailure failure = ParseError("select 1; select 2; selec 3");
  CHECK(failure.message == "syntax error at or near \"selec\"");
  CHECK(failure.position == 21);
}

TEST_CASE("invalid UTF-8 and NUL bytes are rejected before scanning", "[parser][errors]") {
  const ParseFailure bad_byte = ParseError(std::string("select '\xff'"));
  CHECK(bad_byte.sqlstate == "22021");
  CHECK(bad_byte.message == "invalid byte sequence for encoding \"UTF8\": 0xff");
  const ParseFailure truncated = ParseError(std::string("select '\xc3"));
  CHECK(truncated.message == "invalid byte sequence for encoding \"UTF8\": 0xc3");
  const ParseFailure nul = ParseError(std::string("select 1\0", 9));
  CHECK(nul.sqlstate == "22021");
  CHECK(nul.message == "invalid byte sequence for encoding \"UTF8\": 0x00");
}

TEST_CASE("deep nesting raises 54001 instead of exhausting the stack", "[parser][errors]") {
  const auto nested = [](int depth, const std::string& open, const std::string& inner,
                         const std::string& close) {
    std::string sql = "select ";
    for (int i = 0; i < depth; ++i) sql += open;
    sql += inner;
    for (int i = 0; i < depth; ++i) sql += close;
    return sql;
  };
  SECTION("100000 parentheses") {
    const ParseFailure failure = ParseError(nested(100000, "(", "1", ")"));
    CHECK(failure.sqlstate == std::string(sqlstate::kStatementTooComplex));
    CHECK(failure.message == "stack depth limit exceeded");
  }
  SECTION("unbalanced parentheses") {
    CHECK(ParseError(nested(100000, "(", "", "")).sqlstate == "54001");
  }
  SECTION("a long left-deep operator chain") {
    std::string sql = "select 1";
    for (int i = 0; i < 100000; ++i) sql += "+1";
    CHECK(ParseError(sql).sqlstate == "54001");
  }
  SECTION("prefix operators") {
    std::string sql = "select ";
    for (int i = 0; i < 100000; ++i) sql += "not ";
    sql += "true";
    CHECK(ParseError(sql).sqlstate == "54001");
  }
  SECTION("nested subqueries") {
    CHECK(ParseError(nested(5000, "(select ", "1", ")")).sqlstate == "54001");
  }
  SECTION("nested function calls") {
    CHECK(ParseError(nested(20000, "f(", "1", ")")).sqlstate == "54001");
  }
  SECTION("a long join chain") {
    std::string sql = "select * from t0";
    for (int i = 0; i < 5000; ++i) sql += " join t on true";
    CHECK(ParseError(sql).sqlstate == "54001");
  }
  SECTION("a long UNION chain") {
    std::string sql = "select 1";
    for (int i = 0; i < 5000; ++i) sql += " union select 1";
    CHECK(ParseError(sql).sqlstate == "54001");
  }
  SECTION("moderate nesting still parses, as in PostgreSQL") {
    CHECK_NOTHROW(Parse(nested(5000, "(", "1", ")")));
    CHECK_NOTHROW(Parse(nested(1000, "(select ", "1", ")")));
    std::string sql = "select 1";
    for (int i = 0; i < 1000; ++i) sql += "+1";
    CHECK_NOTHROW(Parse(sql));
  }
}

TEST_CASE("parse-time semantic errors", "[parser][errors]") {
  // database.schema.name parses; the analyzer checks the database (tests/sql/schemas/).
  CHECK(ParseError("select * from a.b.c.d").sqlstate == "42601");
  CHECK(ParseError("select $99999999999").message ==
        "parameter number too large at or near \"$99999999999\"");
  CHECK(ParseError("explain (format yaml) select 1").sqlstate == "0A000");
  CHECK(ParseError("select 'x'::numeric(1.5)").sqlstate == "0A000");
  CHECK(ParseError("select numeric(a) '1'").message ==
        "type modifiers other than integers are not supported");
  CHECK(ParseError("select numeric(99999999999) '1'").sqlstate == "22003");
  CHECK(ParseError("select numeric(1 + 1) '1'").message ==
        "type modifiers must be simple constants or identifiers");
  const ParseFailure order_in_typmod = ParseError("select foo(1 order by 1) 'x'");
  CHECK(order_in_typmod.message == "type modifier cannot have ORDER BY");
  CHECK(order_in_typmod.position == 14);
  CHECK(ParseError("select f(a.*.b)").message == "improper use of \"*\" at or near \")\"");
  CHECK(ParseError("select a.*(1)").message == "syntax error at or near \"(\"");
  CHECK(ParseError("select * from a.*").message == "syntax error at end of input");
}

}  // namespace
}  // namespace granary::parser::testing
