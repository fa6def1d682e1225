// The relation cache shared by sessions (planner/analyze/relation_cache.hpp): what one session
// planned from must never hide another session's committed DDL, nor expose uncommitted DDL.
#include <catch2/catch.hpp>

#include <string>

#include "granary/granary.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Error;
using granary::Session;

namespace {

std::string SqlState(Session& session, std::string_view sql) {
  try {
    session.Execute(sql);
  } catch (const Error& error) {
    return error.sqlstate();
  }
  return "none";
}

std::string Plan(Session& session, std::string_view sql) {
  granary::Result result = session.Execute(sql);
  std::string text;
  for (granary::Row row : result) text += row.GetString(0) + "\n";
  return text;
}

}  // namespace

TEST_CASE("committed DDL of another session is seen at once", "[engine][relation-cache]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  Database db = Database::Open(directory.path());
  Session reader = db.Connect();
  Session writer = db.Connect();

  writer.Execute("CREATE TABLE t (a int)");
  writer.Execute("INSERT INTO t SELECT g FROM generate_series(1, 2000) g");
  REQUIRE(reader.Execute("SELECT * FROM t WHERE a = 7").columns().size() == 1);

  writer.Execute("ALTER TABLE t ADD COLUMN b text DEFAULT 'x'");
  granary::Result widened = reader.Execute("SELECT * FROM t WHERE a = 7");
  REQUIRE(widened.columns().size() == 2);
  REQUIRE(widened.row(0).GetString(1) == "x");

  REQUIRE(Plan(reader, "EXPLAIN SELECT * FROM t WHERE a = 7").find("Index") == std::string::npos);
  writer.Execute("CREATE INDEX t_a ON t (a)");
  REQUIRE(Plan(reader, "EXPLAIN SELECT * FROM t WHERE a = 7").find("Index") != std::string::npos);
  writer.Execute("DROP INDEX t_a");
  REQUIRE(Plan(reader, "EXPLAIN SELECT * FROM t WHERE a = 7").find("Index") == std::string::npos);

  writer.Execute("ALTER TABLE t RENAME TO renamed");
  REQUIRE(SqlState(reader, "SELECT * FROM t") == "42P01");
  REQUIRE(reader.Execute("SELECT count(*) FROM renamed").row(0).GetInt64(0) == 2000);

  writer.Execute("DROP TABLE renamed");
  REQUIRE(SqlState(reader, "SELECT * FROM renamed") == "42P01");
}

TEST_CASE("uncommitted DDL stays private to its transaction", "[engine][relation-cache]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  Database db = Database::Open(directory.path());
  Session reader = db.Connect();
  Session writer = db.Connect();
  writer.Execute("CREATE TABLE t (a int)");
  writer.Execute("INSERT INTO t VALUES (1)");
  REQUIRE(reader.Execute("SELECT * FROM t").columns().size() == 1);

  // The writer's own statements see its new table and column; nobody else's do, before or
  // after the writer looked them up.
  writer.Execute("BEGIN");
  writer.Execute("CREATE TABLE fresh (x int)");
  writer.Execute("INSERT INTO fresh VALUES (1)");
  REQUIRE(writer.Execute("SELECT * FROM fresh").row_count() == 1);
  REQUIRE(SqlState(reader, "SELECT * FROM fresh") == "42P01");
  writer.Execute("ROLLBACK");
  REQUIRE(SqlState(reader, "SELECT * FROM fresh") == "42P01");
  REQUIRE(SqlState(writer, "SELECT * FROM fresh") == "42P01");

  writer.Execute("BEGIN");
  writer.Execute("ALTER TABLE t ADD COLUMN b int");
  REQUIRE(writer.Execute("SELECT * FROM t").columns().size() == 2);
  writer.Execute("ROLLBACK");
  REQUIRE(reader.Execute("SELECT * FROM t").columns().size() == 1);
  REQUIRE(writer.Execute("SELECT * FROM t").columns().size() == 1);
}
