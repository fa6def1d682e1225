// Row locking clauses (FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE [OF ...] [NOWAIT |
// SKIP LOCKED], FOR READ ONLY) and LOCK [TABLE] ... [IN mode MODE] [NOWAIT], with
// PostgreSQL 15's grammar (gram.y: for_locking_clause, LockStmt).
#include <catch2/catch.hpp>

#include "parse_helpers.hpp"

namespace granary::parser::testing {
namespace {

TEST_CASE("locking clause strengths and wait policies", "[parser][select][locking]") {
  CHECK(Dump("SELECT * FROM t FOR UPDATE") == "(select :targets (*) :from (t) (for update))");
  CHECK(Dump("SELECT * FROM t FOR NO KEY UPDATE") ==
        "(select :targets (*) :from (t) (for no-key-update))");
  CHECK(Dump("SELECT * FROM t FOR SHARE NOWAIT") ==
        "(select :targets (*) :from (t) (for share :nowait))");
  CHECK(Dump("SELECT * FROM t FOR KEY SHARE SKIP LOCKED") ==
        "(select :targets (*) :from (t) (for key-share :skip-locked))");
  CHECK(Dump("SELECT * FROM t, u FOR UPDATE OF t, s.u NOWAIT FOR SHARE OF u") ==
        "(select :targets (*) :from (t u) (for update t s.u :nowait) (for share u))");
  // FOR READ ONLY is no lock at all.
  CHECK(Dump("SELECT * FROM t FOR READ ONLY") == "(select :targets (*) :from (t))");
}

TEST_CASE("locking clauses with ORDER BY and LIMIT on either side", "[parser][select][locking]") {
  CHECK(Dump("SELECT a FROM t ORDER BY a LIMIT 1 FOR UPDATE") ==
        "(select :targets (a) :from (t) :order-by (a) :limit 1 (for update))");
  CHECK(Dump("SELECT a FROM t ORDER BY a FOR UPDATE LIMIT 1 OFFSET 2") ==
        "(select :targets (a) :from (t) :order-by (a) :limit 1 :offset 2 (for update))");
  CHECK(Dump("SELECT a FROM t FOR UPDATE OFFSET 2") ==
        "(select :targets (a) :from (t) :offset 2 (for update))");
  // In parentheses, and several clauses from inner and outer levels together.
  CHECK(Dump("(SELECT a FROM t FOR SHARE) FOR UPDATE") ==
        "(select :targets (a) :from (t) (for share) (for update))");
  CHECK(Dump("SELECT * FROM (SELECT a FROM t FOR KEY SHARE) s") ==
        "(select :targets (*) :from ((subquery (select :targets (a) :from (t) (for key-share)) :alias s)))");
}

TEST_CASE("malformed locking clauses are syntax errors", "[parser][select][locking]") {
  CHECK(ParseError("SELECT * FROM t FOR").message == "syntax error at end of input");
  CHECK(ParseError("SELECT * FROM t FOR UPDATE OF").message == "syntax error at end of input");
  const ParseFailure both = ParseError("SELECT * FROM t FOR UPDATE NOWAIT SKIP LOCKED");
  CHECK(both.sqlstate == "42601");
  CHECK(both.message == "syntax error at or near \"SKIP\"");
  CHECK(both.position == 35);
  CHECK(ParseError("SELECT * FROM t FOR UPDATE ORDER BY a").message ==
        "syntax error at or near \"ORDER\"");
  CHECK(ParseError("SELECT * FROM t FOR KEY UPDATE").message == "syntax error at or near \"UPDATE\"");
  CHECK(ParseError("SELECT * FROM t FOR UPDATE LIMIT 1 FOR SHARE").message ==
        "syntax error at or near \"FOR\"");
  CHECK(ParseError("SELECT * FROM t FOR UPDATE OF (t)").message == "syntax error at or near \"(\"");
}

TEST_CASE("LOCK TABLE in each mode", "[parser][lock]") {
  CHECK(Dump("LOCK t") == "(lock access-exclusive t)");
  CHECK(Dump("LOCK TABLE a, s.b NOWAIT") == "(lock access-exclusive :nowait a s.b)");
  CHECK(Dump("LOCK t IN ACCESS SHARE MODE") == "(lock access-share t)");
  CHECK(Dump("LOCK t IN ROW SHARE MODE") == "(lock row-share t)");
  CHECK(Dump("LOCK t IN ROW EXCLUSIVE MODE") == "(lock row-exclusive t)");
  CHECK(Dump("LOCK t IN SHARE UPDATE EXCLUSIVE MODE") == "(lock share-update-exclusive t)");
  CHECK(Dump("LOCK t IN SHARE MODE") == "(lock share t)");
  CHECK(Dump("LOCK t IN SHARE ROW EXCLUSIVE MODE") == "(lock share-row-exclusive t)");
  CHECK(Dump("LOCK t IN EXCLUSIVE MODE NOWAIT") == "(lock exclusive :nowait t)");
  CHECK(Dump("lock table t in access exclusive mode") == "(lock access-exclusive t)");
  // LOCK is unreserved: still a column and table name.
  CHECK(Dump("SELECT lock FROM lock") == "(select :targets (lock) :from (lock))");
}

TEST_CASE("malformed LOCK statements are syntax errors", "[parser][lock]") {
  CHECK(ParseError("LOCK").message == "syntax error at end of input");
  CHECK(ParseError("LOCK TABLE t IN foo MODE").message == "syntax error at or near \"foo\"");
  CHECK(ParseError("LOCK TABLE t IN SHARE").message == "syntax error at end of input");
  CHECK(ParseError("LOCK TABLE t IN ROW MODE").message == "syntax error at or near \"MODE\"");
  CHECK(ParseError("LOCK TABLE t NOWAIT IN SHARE MODE").message == "syntax error at or near \"IN\"");
}

}  // namespace
}  // namespace granary::parser::testing
