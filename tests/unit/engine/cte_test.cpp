// WITH queries through the embedded API: EXPLAIN's CTE Scan / Recursive Union / WorkTable
// Scan nodes, prepared statements with parameters inside WITH items (kept plans reused),
// a materialised item computed once per execution, data-modifying items run per execution.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "granary/granary.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::PreparedStatement;
using granary::Session;

namespace {

struct Fixture {
  granary::testing::TempDataDirectory directory;
  Database db;
  Session session;
  Fixture() : db((Database::Create(directory.path()), Database::Open(directory.path()))), session(db.Connect()) {
    session.Execute("CREATE TABLE node (id int PRIMARY KEY, parent int, name text)");
    session.Execute("INSERT INTO node VALUES (1, NULL, 'a'), (2, 1, 'b'), (3, 1, 'c'), (4, 3, 'd')");
  }

  std::vector<std::string> Explain(const std::string& sql) {
    std::vector<std::string> lines;
    for (const auto& row : session.Execute("EXPLAIN (COSTS OFF) " + sql)) lines.push_back(row.GetString(0));
    return lines;
  }
};

bool HasLine(const std::vector<std::string>& lines, const std::string& wanted) {
  for (const std::string& line : lines) {
    if (line.find(wanted) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("EXPLAIN shows CTE scans and the item's plan once", "[engine][cte]") {
  Fixture f;
  const std::vector<std::string> lines =
      f.Explain("WITH c AS (SELECT id FROM node) SELECT * FROM c a JOIN c b ON a.id = b.id");
  CHECK(HasLine(lines, "CTE Scan on c a"));
  CHECK(HasLine(lines, "CTE Scan on c b"));
  int items = 0;
  for (const std::string& line : lines) items += line.find("CTE c") != std::string::npos ? 1 : 0;
  CHECK(items == 1);
  CHECK(HasLine(lines, "Seq Scan on node"));
}

TEST_CASE("EXPLAIN shows a recursive union over a work table", "[engine][cte]") {
  Fixture f;
  const std::vector<std::string> lines = f.Explain(
      "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 10) SELECT n FROM t");
  REQUIRE(lines.size() >= 4);
  CHECK(lines[0] == "CTE Scan on t");
  CHECK(lines[1] == "  CTE t");
  CHECK(lines[2] == "    ->  Recursive Union");
  CHECK(HasLine(lines, "WorkTable Scan on t"));
}

TEST_CASE("a single reference is planned in place unless MATERIALIZED", "[engine][cte]") {
  Fixture f;
  // Inlined: planned as a subquery in FROM would be.
  std::vector<std::string> lines = f.Explain("WITH c AS (SELECT id FROM node) SELECT * FROM c WHERE id = 2");
  CHECK_FALSE(HasLine(lines, "CTE Scan"));
  CHECK(HasLine(lines, "Seq Scan on node"));
  lines = f.Explain("WITH c AS NOT MATERIALIZED (SELECT id FROM node) SELECT * FROM c a, c b WHERE a.id = b.id");
  CHECK_FALSE(HasLine(lines, "CTE Scan"));
  lines = f.Explain("WITH c AS MATERIALIZED (SELECT id FROM node) SELECT * FROM c WHERE id = 2");
  CHECK(HasLine(lines, "CTE Scan on c"));
  CHECK(HasLine(lines, "Filter"));
  // nextval makes the item volatile: it runs once, so it is never inlined.
  f.session.Execute("CREATE SEQUENCE s");
  lines = f.Explain("WITH c AS (SELECT nextval('s') AS v) SELECT v FROM c");
  CHECK(HasLine(lines, "CTE Scan on c"));
}

TEST_CASE("prepared statements with WITH items", "[engine][cte]") {
  Fixture f;
  PreparedStatement below = f.session.Prepare(
      "WITH RECURSIVE sub(id) AS (SELECT id FROM node WHERE id = $1 "
      "UNION ALL SELECT n.id FROM node n JOIN sub s ON n.parent = s.id) SELECT count(*) FROM sub");
  // The kept plan runs again with fresh rows for each execution.
  for (int round = 0; round < 2; ++round) {
    CHECK(below(1).row(0).GetInt64(0) == 4);
    CHECK(below(3).row(0).GetInt64(0) == 2);
    CHECK(below(4).row(0).GetInt64(0) == 1);
    CHECK(below(9).row(0).GetInt64(0) == 0);
  }
  PreparedStatement twice = f.session.Prepare(
      "WITH c AS (SELECT id FROM node WHERE id <= $1) SELECT (SELECT count(*) FROM c), count(*) FROM c");
  const granary::Result result = twice(3);
  CHECK(result.row(0).GetInt64(0) == 3);
  CHECK(result.row(0).GetInt64(1) == 3);
}

TEST_CASE("an item read by several subqueries is computed once", "[engine][cte]") {
  Fixture f;
  f.session.Execute("CREATE SEQUENCE s");
  const granary::Result result = f.session.Execute(
      "WITH v AS (SELECT nextval('s') AS x) "
      "SELECT (SELECT x FROM v), (SELECT x FROM v), x FROM v");
  CHECK(result.row(0).GetInt64(0) == 1);
  CHECK(result.row(0).GetInt64(1) == 1);
  CHECK(result.row(0).GetInt64(2) == 1);
  CHECK(f.session.Execute("SELECT nextval('s')").row(0).GetInt64(0) == 2);
}

TEST_CASE("a prepared statement runs its data-modifying item at every execution", "[engine][cte]") {
  Fixture f;
  f.session.Execute("CREATE TABLE log (id int)");
  PreparedStatement move = f.session.Prepare(
      "WITH gone AS (DELETE FROM node WHERE id = $1 RETURNING id) INSERT INTO log SELECT id FROM gone");
  move(4);
  move(3);
  move(9);
  CHECK(f.session.Execute("SELECT count(*) FROM log").row(0).GetInt64(0) == 2);
  CHECK(f.session.Execute("SELECT count(*) FROM node").row(0).GetInt64(0) == 2);
  // Unread, the item still runs; the statement's own count is its own rows.
  const granary::Result result = f.session.Execute("WITH d AS (DELETE FROM node RETURNING id) SELECT 7");
  CHECK(result.row_count() == 1);
  CHECK(f.session.Execute("SELECT count(*) FROM node").row(0).GetInt64(0) == 0);
}

TEST_CASE("an item reading columns of an enclosing query is not supported yet", "[engine][cte]") {
  Fixture f;
  std::string sqlstate;
  try {
    f.session.Execute("SELECT (WITH c AS (SELECT node.id) SELECT * FROM c) FROM node");
  } catch (const granary::Error& error) {
    sqlstate = error.sqlstate();
  }
  CHECK(sqlstate == "0A000");
  // The query after the WITH may read them, as any subquery.
  const granary::Result result = f.session.Execute(
      "SELECT (WITH c AS (SELECT 10 AS x) SELECT x + node.id FROM c) FROM node ORDER BY 1 LIMIT 1");
  CHECK(result.row(0).GetInt64(0) == 11);
}
