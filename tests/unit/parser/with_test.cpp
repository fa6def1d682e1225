// WITH clauses: items, column lists, [NOT] MATERIALIZED, RECURSIVE, WITH before INSERT /
// UPDATE / DELETE, and the syntax errors PostgreSQL gives.
#include <catch2/catch.hpp>

#include "parse_helpers.hpp"

namespace granary::parser::testing {
namespace {

TEST_CASE("WITH items in front of a SELECT", "[parser][with]") {
  CHECK(Dump("WITH a AS (SELECT 1) SELECT * FROM a") ==
        "(select :targets (*) :from (a) :with ((a (select :targets (1)))))");
  CHECK(Dump("WITH a (x, y) AS MATERIALIZED (SELECT 1, 2), b AS NOT MATERIALIZED (SELECT 3) SELECT 1") ==
        "(select :targets (1) :with ((a (x y) :materialized (select :targets (1 2))) "
        "(b :not-materialized (select :targets (3)))))");
  CHECK(Dump("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r") ==
        "(select :targets (n) :from (r) :with recursive ((r (n) (union all (select :targets (1)) "
        "(select :targets ((+ n 1)) :from (r))))))");
  // The clause belongs to the whole set operation, ORDER BY and LIMIT included.
  CHECK(Dump("WITH a AS (SELECT 1) SELECT 1 UNION SELECT 2 ORDER BY 1 LIMIT 1") ==
        "(union (select :targets (1)) (select :targets (2)) :order-by (1) :limit 1 "
        ":with ((a (select :targets (1)))))");
  // WITH_LA: "time" after WITH is a name here.
  CHECK(Dump("WITH time AS (SELECT 1) SELECT 1") == "(select :targets (1) :with ((time (select :targets (1)))))");
}

TEST_CASE("WITH in front of INSERT, UPDATE and DELETE", "[parser][with]") {
  CHECK(Dump("WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a").find(":with ((a") != std::string::npos);
  CHECK(Dump("WITH a AS (SELECT 1) UPDATE t SET x = 1").find(":with ((a") != std::string::npos);
  CHECK(Dump("WITH a AS (SELECT 1) DELETE FROM t").find(":with ((a") != std::string::npos);
  // A data-modifying item parses (the analyzer rejects it for now).
  StmtPtr stmt = ParseOne("WITH a AS (DELETE FROM t RETURNING *) SELECT * FROM a");
  CHECK(stmt->As<SelectStmt>().with->ctes[0].query->kind == StmtKind::kDelete);
}

TEST_CASE("WITH spans and positions", "[parser][with]") {
  StmtPtr stmt = ParseOne("WITH abc AS (SELECT 1) SELECT 2");
  const auto& select = stmt->As<SelectStmt>();
  CHECK(select.location == 0);
  CHECK(select.length == 31);
  CHECK(select.with->location == 0);
  CHECK(select.with->ctes[0].location == 5);
}

TEST_CASE("SEARCH and CYCLE clauses of a WITH item", "[parser][with]") {
  StmtPtr stmt = ParseOne(
      "WITH RECURSIVE t(a, b) AS (SELECT 1, 2 UNION ALL SELECT a, b FROM t) "
      "SEARCH BREADTH FIRST BY a, b SET seq CYCLE b SET mark TO 'y' DEFAULT 'n' USING path SELECT 1");
  const CommonTableExpr& item = stmt->As<SelectStmt>().with->ctes[0];
  REQUIRE(item.search != nullptr);
  CHECK(item.search->breadth_first);
  CHECK(item.search->columns == std::vector<std::string>{"a", "b"});
  CHECK(item.search->sequence_column == "seq");
  CHECK(item.search->location == 69);
  REQUIRE(item.cycle != nullptr);
  CHECK(item.cycle->columns == std::vector<std::string>{"b"});
  CHECK(item.cycle->mark_column == "mark");
  CHECK(item.cycle->path_column == "path");
  CHECK(item.cycle->mark_value->kind == ExprKind::kConstant);
  // Without TO ... DEFAULT the mark is boolean.
  StmtPtr plain = ParseOne("WITH RECURSIVE t AS (SELECT 1) SEARCH DEPTH FIRST BY x SET s CYCLE x SET c USING p SELECT 1");
  const CommonTableExpr& second = plain->As<SelectStmt>().with->ctes[0];
  CHECK_FALSE(second.search->breadth_first);
  CHECK(second.cycle->mark_value->kind == ExprKind::kConstant);
  CHECK(second.cycle->mark_default->kind == ExprKind::kConstant);
  CHECK(ParseError("WITH RECURSIVE t AS (SELECT 1) CYCLE x SET c TO true USING p SELECT 1").message ==
        "syntax error at or near \"USING\"");
}

TEST_CASE("WITH syntax errors", "[parser][with]") {
  ParseFailure twice = ParseError("WITH x AS (SELECT 1) (WITH y AS (SELECT 2) SELECT * FROM y)");
  CHECK(twice.sqlstate == "42601");
  CHECK(twice.message == "multiple WITH clauses not allowed");
  CHECK(ParseError("WITH t AS SELECT 1 SELECT 1").message == "syntax error at or near \"SELECT\"");
  CHECK(ParseError("WITH t AS (SELECT 1)").message == "syntax error at end of input");
}

}  // namespace
}  // namespace granary::parser::testing
