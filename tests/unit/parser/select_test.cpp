// SELECT: target lists, DISTINCT, FROM with joins and subqueries, WHERE, GROUP BY, HAVING,
// ORDER BY, LIMIT / OFFSET / FETCH, VALUES and set operations.
#include <catch2/catch.hpp>

#include "parse_helpers.hpp"

namespace granary::parser::testing {
namespace {

TEST_CASE("simple SELECT clauses", "[parser][select]") {
  CHECK(Dump("SELECT 1") == "(select :targets (1))");
  CHECK(Dump("SELECT") == "(select :targets ())");
  CHECK(Dump("SELECT FROM t") == "(select :targets () :from (t))");
  CHECK(Dump("SELECT * FROM t") == "(select :targets (*) :from (t))");
  CHECK(Dump("SELECT a, b AS c, d e FROM t WHERE a > 1 GROUP BY a, b HAVING count(*) > 2") ==
        "(select :targets (a (as b c) (as d e)) :from (t) :where (> a 1) :group-by (a b) "
        ":having (> (call count *) 2))");
  CHECK(Dump("SELECT ALL a FROM t") == "(select :targets (a) :from (t))");
  CHECK(Dump("SELECT DISTINCT a, b FROM t") == "(select :distinct :targets (a b) :from (t))");
  CHECK(Dump("SELECT DISTINCT ON (a, b) a, c FROM t") ==
        "(select :distinct-on (a b) :targets (a c) :from (t))");
  CHECK(Dump("TABLE s.t") == "(select :targets (*) :from (s.t))");

  StmtPtr stmt = ParseOne("SELECT DISTINCT ON (a) a FROM t");
  const auto& select = stmt->As<SelectStmt>();
  CHECK(select.distinct);
  CHECK(select.targets[0].location == 23);
}

TEST_CASE("target aliases", "[parser][select]") {
  CHECK(Dump("SELECT 1 AS \"Mixed Case\", 2 AS select, 3 value, 4 AS year") ==
        "(select :targets ((as 1 Mixed Case) (as 2 select) (as 3 value) (as 4 year)))");
  // YEAR and FILTER may be labels only after AS, as in PostgreSQL.
  CHECK(ParseError("SELECT 1 year").message == "syntax error at or near \"year\"");
  CHECK(ParseError("SELECT a filter FROM t").message == "syntax error at or near \"filter\"");
  CHECK(ParseError("SELECT 1 from").message == "syntax error at end of input");
}

TEST_CASE("FROM items and aliases", "[parser][select][from]") {
  CHECK(Dump("SELECT * FROM a, s.b") == "(select :targets (*) :from (a s.b))");
  CHECK(Dump("SELECT * FROM t AS x") == "(select :targets (*) :from ((rel t :alias x)))");
  CHECK(Dump("SELECT * FROM t x (a, b)") ==
        "(select :targets (*) :from ((rel t :alias x(a b))))");
  CHECK(Dump("SELECT * FROM (SELECT 1) AS s") ==
        "(select :targets (*) :from ((subquery (select :targets (1)) :alias s)))");
  CHECK(Dump("SELECT * FROM (VALUES (1, 2)) v (a, b)") ==
        "(select :targets (*) :from ((subquery (values (1 2)) :alias v(a b))))");
  CHECK(Dump("SELECT * FROM t, LATERAL (SELECT t.a) s") ==
        "(select :targets (*) :from (t (lateral (select :targets (t.a)) :alias s)))");
  CHECK(Dump("SELECT * FROM t *, s.u*") == "(select :targets (*) :from (t s.u))");
  CHECK(Dump("SELECT * FROM ((SELECT 1)) s") ==
        "(select :targets (*) :from ((subquery (select :targets (1)) :alias s)))");

  StmtPtr stmt = ParseOne("SELECT * FROM s.t AS x");
  const auto& range = stmt->As<SelectStmt>().from[0]->As<RangeVar>();
  CHECK(range.schema == "s");
  CHECK(range.name == "t");
  REQUIRE(range.alias);
  CHECK(range.alias->name == "x");
  CHECK(range.location == 14);
}

TEST_CASE("joins", "[parser][select][from]") {
  CHECK(Dump("SELECT * FROM a JOIN b ON a.x = b.x") ==
        "(select :targets (*) :from ((join inner a b :on (= a.x b.x))))");
  CHECK(Dump("SELECT * FROM a INNER JOIN b USING (x, y)") ==
        "(select :targets (*) :from ((join inner a b :using (x y))))");
  CHECK(Dump("SELECT * FROM a LEFT JOIN b ON true") ==
        "(select :targets (*) :from ((join left a b :on true)))");
  CHECK(Dump("SELECT * FROM a LEFT OUTER JOIN b ON true") ==
        "(select :targets (*) :from ((join left a b :on true)))");
  CHECK(Dump("SELECT * FROM a RIGHT JOIN b ON true") ==
        "(select :targets (*) :from ((join right a b :on true)))");
  CHECK(Dump("SELECT * FROM a FULL OUTER JOIN b ON true") ==
        "(select :targets (*) :from ((join full a b :on true)))");
  CHECK(Dump("SELECT * FROM a CROSS JOIN b") ==
        "(select :targets (*) :from ((join cross a b)))");
  CHECK(Dump("SELECT * FROM a NATURAL JOIN b") ==
        "(select :targets (*) :from ((join natural-inner a b)))");
  CHECK(Dump("SELECT * FROM a NATURAL FULL JOIN b") ==
        "(select :targets (*) :from ((join natural-full a b)))");
  // Joins associate to the left; parentheses regroup them.
  CHECK(Dump("SELECT * FROM a JOIN b ON p CROSS JOIN c LEFT JOIN d USING (k)") ==
        "(select :targets (*) :from ((join left (join cross (join inner a b :on p) c) d "
        ":using (k))))");
  CHECK(Dump("SELECT * FROM a JOIN (b JOIN c ON q) ON p") ==
        "(select :targets (*) :from ((join inner a (join inner b c :on q) :on p)))");
  CHECK(Dump("SELECT * FROM a JOIN b JOIN c ON q ON p") ==
        "(select :targets (*) :from ((join inner a (join inner b c :on q) :on p)))");
  CHECK(Dump("SELECT * FROM (a JOIN b ON p) AS j (x, y)") ==
        "(select :targets (*) :from ((join inner a b :on p :alias j(x y))))");
  CHECK(Dump("SELECT * FROM a AS x JOIN (SELECT 1) s ON true, c") ==
        "(select :targets (*) :from ((join inner (rel a :alias x) (subquery "
        "(select :targets (1)) :alias s) :on true) c))");

  StmtPtr stmt = ParseOne("SELECT * FROM a LEFT JOIN b ON true");
  const auto& join = stmt->As<SelectStmt>().from[0]->As<JoinRef>();
  CHECK(join.join_type == JoinType::kLeft);
  CHECK(join.location == 16);
  CHECK_FALSE(join.natural);
}

TEST_CASE("ORDER BY", "[parser][select]") {
  CHECK(Dump("SELECT a FROM t ORDER BY a, b ASC, c DESC, d NULLS FIRST, e DESC NULLS LAST") ==
        "(select :targets (a) :from (t) :order-by (a (sort b asc) (sort c desc) "
        "(sort d nulls-first) (sort e desc nulls-last)))");
  // NULLS is an ordinary name unless FIRST or LAST follows.
  CHECK(Dump("SELECT nulls FROM t ORDER BY nulls") ==
        "(select :targets (nulls) :from (t) :order-by (nulls))");
  StmtPtr stmt = ParseOne("SELECT a FROM t ORDER BY a + 1 DESC");
  const SortBy& sort = stmt->As<SelectStmt>().order_by[0];
  CHECK(sort.direction == SortDirection::kDescending);
  CHECK(sort.nulls == NullsOrder::kDefault);
  CHECK(sort.location == 25);
}

TEST_CASE("LIMIT, OFFSET and FETCH", "[parser][select]") {
  CHECK(Dump("SELECT a FROM t LIMIT 10") == "(select :targets (a) :from (t) :limit 10)");
  CHECK(Dump("SELECT a FROM t LIMIT 10 OFFSET 20") ==
        "(select :targets (a) :from (t) :limit 10 :offset 20)");
  CHECK(Dump("SELECT a FROM t OFFSET 20 LIMIT 10") ==
        "(select :targets (a) :from (t) :limit 10 :offset 20)");
  CHECK(Dump("SELECT a FROM t LIMIT ALL") == "(select :targets (a) :from (t))");
  CHECK(Dump("SELECT a FROM t LIMIT $1 OFFSET $2") ==
        "(select :targets (a) :from (t) :limit $1 :offset $2)");
  CHECK(Dump("SELECT a FROM t ORDER BY a FETCH FIRST 5 ROWS ONLY") ==
        "(select :targets (a) :from (t) :order-by (a) :limit 5)");
  CHECK(Dump("SELECT a FROM t FETCH NEXT ROW ONLY") == "(select :targets (a) :from (t) :limit 1)");
  CHECK(Dump("SELECT a FROM t OFFSET 2 ROWS FETCH FIRST (1 + 1) ROWS ONLY") ==
        "(select :targets (a) :from (t) :limit (+ 1 1) :offset 2)");
  CHECK(Dump("SELECT a FROM t FETCH FIRST -1 ROW ONLY") ==
        "(select :targets (a) :from (t) :limit -1)");
}

TEST_CASE("VALUES", "[parser][select]") {
  CHECK(Dump("VALUES (1, 'a'), (2, DEFAULT)") == "(values (1 'a') (2 default))");
  CHECK(Dump("VALUES (1) ORDER BY 1 LIMIT 1") == "(values (1) :order-by (1) :limit 1)");
  CHECK(Dump("(VALUES (1))") == "(values (1))");
}

TEST_CASE("set operations: precedence and associativity", "[parser][select][setop]") {
  CHECK(Dump("SELECT 1 UNION SELECT 2") ==
        "(union (select :targets (1)) (select :targets (2)))");
  CHECK(Dump("SELECT 1 UNION ALL SELECT 2") ==
        "(union all (select :targets (1)) (select :targets (2)))");
  CHECK(Dump("SELECT 1 UNION DISTINCT SELECT 2") ==
        "(union (select :targets (1)) (select :targets (2)))");
  // INTERSECT binds tighter than UNION and EXCEPT, which associate left to right.
  CHECK(Dump("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3") ==
        "(union (select :targets (1)) (intersect (select :targets (2)) (select :targets (3))))");
  CHECK(Dump("SELECT 1 EXCEPT SELECT 2 UNION SELECT 3") ==
        "(union (except (select :targets (1)) (select :targets (2))) (select :targets (3)))");
  CHECK(Dump("SELECT 1 INTERSECT ALL SELECT 2 INTERSECT SELECT 3") ==
        "(intersect (intersect all (select :targets (1)) (select :targets (2))) "
        "(select :targets (3)))");
  CHECK(Dump("SELECT 1 UNION (SELECT 2 UNION SELECT 3)") ==
        "(union (select :targets (1)) (union (select :targets (2)) (select :targets (3))))");
  // ORDER BY and LIMIT apply to the whole set operation...
  CHECK(Dump("SELECT 1 UNION SELECT 2 ORDER BY 1 LIMIT 1") ==
        "(union (select :targets (1)) (select :targets (2)) :order-by (1) :limit 1)");
  // ...unless parenthesised with one operand.
  CHECK(Dump("(SELECT 1 ORDER BY 1 LIMIT 1) UNION SELECT 2") ==
        "(union (select :targets (1) :order-by (1) :limit 1) (select :targets (2)))");
  CHECK(Dump("(SELECT 1) ORDER BY 1") == "(select :targets (1) :order-by (1))");
  CHECK(Dump("VALUES (1) UNION VALUES (2)") == "(union (values (1)) (values (2)))");
  CHECK(ParseError("SELECT 1 ORDER BY 1 UNION SELECT 2").message ==
        "syntax error at or near \"UNION\"");
}

TEST_CASE("each SELECT carries its own span", "[parser][select]") {
  StmtPtr stmt = ParseOne("SELECT 1 UNION (SELECT 22)");
  const auto& select = stmt->As<SelectStmt>();
  CHECK(select.location == 0);
  CHECK(select.length == 26);
  CHECK(select.left->location == 0);
  CHECK(select.left->length == 8);
  CHECK(select.right->location == 16);
  CHECK(select.right->length == 9);
}

}  // namespace
}  // namespace granary::parser::testing
