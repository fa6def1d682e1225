// A statement parameter is a constant of an equivalence class (planner/optimize/
// equivalence_classes.hpp): the generic plan of a prepared join restricts both tables by
// `= $1` and keeps no join condition between them. The SQL suite
// (tests/sql/planner/equivalence_classes.test) checks custom plans and results against
// PostgreSQL's; it cannot show a generic plan.
#include <catch2/catch.hpp>

#include <string>

#include "granary/granary.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Session;

TEST_CASE("a parameter equal to a join column restricts every member of its class", "[engine][planner]") {
  granary::testing::TempDataDirectory directory;
  granary::OpenOptions options;
  options.create_if_missing = true;
  Database db = Database::Open(directory.path(), options);
  Session session = db.Connect();
  session.Execute("CREATE TABLE categories (id int PRIMARY KEY, name text)");
  session.Execute("CREATE TABLE articles (id int PRIMARY KEY, category_id int, title text)");
  session.Execute("INSERT INTO categories SELECT g, 'c' || g FROM generate_series(1, 50) g");
  session.Execute("INSERT INTO articles SELECT g, 1 + g % 50, 't' || g FROM generate_series(1, 2000) g");
  session.Execute("ANALYZE categories, articles");

  const std::string query =
      "SELECT a.id, c.name FROM articles a JOIN categories c ON c.id = a.category_id WHERE a.category_id = $1";
  granary::PreparedStatement explain = session.Prepare("EXPLAIN (COSTS OFF) " + query, {23});
  std::string plan;
  for (const auto& row : explain(7)) plan += row.GetString(0) + "\n";
  // Scan conditions name their columns bare, as PostgreSQL's do.
  CHECK(plan.find("(category_id = $1)") != std::string::npos);
  CHECK(plan.find("(id = $1)") != std::string::npos);
  CHECK(plan.find("c.id = a.category_id") == std::string::npos);

  granary::PreparedStatement select = session.Prepare(query);
  auto count = [](granary::Result result) {
    int rows = 0;
    for (const auto& row : result) {
      CHECK(row.GetString(1) == "c7");
      ++rows;
    }
    return rows;
  };
  CHECK(count(select(7)) == 40);
  CHECK(count(select(nullptr)) == 0);
}
