// `column IN (...)` over an indexed column is planned as an index scan that probes each
// distinct value once, in index order (PostgreSQL's ScalarArrayOpExpr index quals); the SQL
// suite (tests/sql/select/in_list_index.test) checks the results against PostgreSQL's.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "granary/granary.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Session;

namespace {

std::string Plan(Session& session, const std::string& query) {
  std::string plan;
  for (const auto& row : session.Execute("EXPLAIN " + query)) plan += row.GetString(0) + "\n";
  return plan;
}

std::vector<int64_t> Ids(Session& session, const std::string& query) {
  std::vector<int64_t> ids;
  for (const auto& row : session.Execute(query)) ids.push_back(row.GetInt64(0));
  return ids;
}

}  // namespace

TEST_CASE("IN lists over indexed columns probe the index in index order", "[engine][index]") {
  granary::testing::TempDataDirectory directory;
  granary::OpenOptions options;
  options.create_if_missing = true;
  Database db = Database::Open(directory.path(), options);
  Session session = db.Connect();
  // The index scan's probes (a bitmap scan, which PostgreSQL also chooses for a short list
  // on a large table, reads the rows in heap order instead: tests/sql/planner/bitmap_scans.test).
  session.Execute("SET enable_bitmapscan = off");
  session.Execute("CREATE TABLE accounts (id int PRIMARY KEY, region int, balance int)");
  session.Execute("CREATE INDEX accounts_region_id ON accounts (region, id DESC)");
  session.Execute("INSERT INTO accounts SELECT g, g % 10, 100 FROM generate_series(1, 10000) g");

  CHECK(Plan(session, "SELECT * FROM accounts WHERE id IN (5, 3)").find("Index Scan using accounts_pkey") !=
        std::string::npos);
  // Without ORDER BY the rows come in index order, each value once.
  CHECK(Ids(session, "SELECT id FROM accounts WHERE id IN (9000, 5, 3, 5, 20000)") ==
        std::vector<int64_t>{3, 5, 9000});
  // Equality on the first key, alternatives on the next (a DESC key: larger ids first).
  CHECK(Plan(session, "SELECT id FROM accounts WHERE region = 3 AND id IN (13, 23, 14)")
            .find("Index Scan using accounts_region_id") != std::string::npos);
  CHECK(Ids(session, "SELECT id FROM accounts WHERE region = 3 AND id IN (13, 23, 14)") ==
        std::vector<int64_t>{23, 13});
  // Parameters, as ORMs send them; the generic plan probes whatever values come.
  granary::PreparedStatement explain =
      session.Prepare("EXPLAIN SELECT id FROM accounts WHERE id IN ($1, $2)", {23, 23});
  CHECK(explain(1, 2).row(0).GetString(0).find("Index Scan using accounts_pkey") != std::string::npos);
  granary::PreparedStatement pick = session.Prepare("SELECT id FROM accounts WHERE id IN ($1, $2)");
  auto ids = [](granary::Result result) {
    std::vector<int64_t> out;
    for (const auto& row : result) out.push_back(row.GetInt64(0));
    return out;
  };
  CHECK(ids(pick(7, 6)) == std::vector<int64_t>{6, 7});
  CHECK(ids(pick(7, nullptr)) == std::vector<int64_t>{7});
  CHECK(ids(pick(nullptr, nullptr)).empty());
  // A list over two columns, or mixed with another column, stays a filter.
  CHECK(Plan(session, "SELECT id FROM accounts WHERE id = 1 OR region = 2").find("Seq Scan") !=
        std::string::npos);
}

TEST_CASE("= ANY (array) over an indexed column probes the index for each element",
          "[engine][index]") {
  granary::testing::TempDataDirectory directory;
  granary::OpenOptions options;
  options.create_if_missing = true;
  Database db = Database::Open(directory.path(), options);
  Session session = db.Connect();
  session.Execute("SET enable_bitmapscan = off");  // the index scan's probes, as above
  session.Execute("CREATE TABLE accounts (id int PRIMARY KEY, region int)");
  session.Execute("INSERT INTO accounts SELECT g, g % 10 FROM generate_series(1, 10000) g");

  CHECK(Plan(session, "SELECT * FROM accounts WHERE id = ANY ('{5,3}')").find("Index Scan using accounts_pkey") !=
        std::string::npos);
  CHECK(Ids(session, "SELECT id FROM accounts WHERE id = ANY (ARRAY[9000, 5, 3, NULL, 5, 20000])") ==
        std::vector<int64_t>{3, 5, 9000});
  CHECK(Ids(session, "SELECT id FROM accounts WHERE id = ANY ('{}'::int[])").empty());
  CHECK(Ids(session, "SELECT id FROM accounts WHERE id = ANY (NULL::int[])").empty());
  // A parameter array, as node-postgres and psycopg2 send lists: the plan is an index scan
  // whatever the array holds.
  granary::PreparedStatement explain = session.Prepare("EXPLAIN SELECT id FROM accounts WHERE id = ANY ($1)",
                                                       {1007});
  CHECK(explain("{1,2}").row(0).GetString(0).find("Index Scan using accounts_pkey") != std::string::npos);
  granary::PreparedStatement pick = session.Prepare("SELECT id FROM accounts WHERE id = ANY ($1::int[])");
  std::vector<int64_t> ids;
  for (const auto& row : pick("{7,4,7}")) ids.push_back(row.GetInt64(0));
  CHECK(ids == std::vector<int64_t>{4, 7});
  // <> ALL and ANY over another column's array stay sequential scans with the same answers.
  CHECK(Ids(session, "SELECT count(*) FROM accounts WHERE id <> ALL ('{1,2,3}')") == std::vector<int64_t>{9997});
}
