// Prepared statements keep their plans (engine/plan_cache.hpp): a cached plan must give the
// same answers as a fresh one after any committed DDL, must take its relation locks again
// before it runs, and fails like PostgreSQL when its result columns would change.
#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <string>

#include "granary/granary.hpp"
#include "engine_test_support.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Error;
using granary::PreparedStatement;
using granary::Session;
using namespace std::chrono_literals;

using granary::testing::SqlState;

namespace {

struct Fixture {
  granary::testing::TempDataDirectory directory;
  Database db;
  Session owner;
  Session other;
  Fixture()
      : db((Database::Create(directory.path()), Database::Open(directory.path()))),
        owner(db.Connect()),
        other(db.Connect()) {
    other.Execute("CREATE TABLE t (id int PRIMARY KEY, v text)");
    other.Execute("INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 100) g");
  }
};

}  // namespace

TEST_CASE("a cached plan follows committed DDL of other sessions", "[engine][plan-cache]") {
  Fixture f;
  PreparedStatement lookup = f.owner.Prepare("SELECT v FROM t WHERE id = $1");
  for (int i = 1; i <= 5; ++i) REQUIRE(lookup(i).row(0).GetString(0) == "v" + std::to_string(i));

  f.other.Execute("TRUNCATE t");  // new relation files: the old plan's would be stale
  REQUIRE(lookup(3).row_count() == 0);
  f.other.Execute("INSERT INTO t VALUES (3, 'after truncate')");
  REQUIRE(lookup(3).row(0).GetString(0) == "after truncate");

  f.other.Execute("DROP TABLE t");
  REQUIRE(SqlState([&] { lookup(3); }) == "42P01");
  f.other.Execute("CREATE TABLE t (id int, v text)");
  f.other.Execute("INSERT INTO t VALUES (3, 'new table')");
  REQUIRE(lookup(3).row(0).GetString(0) == "new table");

  PreparedStatement insert = f.owner.Prepare("INSERT INTO t VALUES ($1, $2)");
  insert(10, "ten");
  f.other.Execute("ALTER TABLE t ADD CONSTRAINT t_id_check CHECK (id < 100)");
  REQUIRE(SqlState([&] { insert(500, "too big"); }) == "23514");
  insert(11, "eleven");
  REQUIRE(f.other.Execute("SELECT count(*) FROM t").row(0).GetInt64(0) == 3);
}

TEST_CASE("a cached plan takes its locks again", "[engine][plan-cache]") {
  Fixture f;
  PreparedStatement lookup = f.owner.Prepare("SELECT v FROM t WHERE id = $1");
  REQUIRE(lookup(7).row(0).GetString(0) == "v7");

  // An uncommitted ALTER holds ACCESS EXCLUSIVE: the cached plan waits for it.
  f.other.Execute("BEGIN");
  f.other.Execute("ALTER TABLE t ALTER COLUMN v SET DEFAULT 'd'");
  auto waiting = std::async(std::launch::async, [&] { return lookup(7).row(0).GetString(0); });
  REQUIRE(waiting.wait_for(300ms) == std::future_status::timeout);
  f.other.Execute("ROLLBACK");
  REQUIRE(waiting.get() == "v7");

  // A plan held by an open transaction keeps ALTER out until it ends.
  f.owner.Execute("BEGIN");
  REQUIRE(lookup(8).row(0).GetString(0) == "v8");
  auto alter = std::async(std::launch::async, [&] { f.other.Execute("ALTER TABLE t ADD COLUMN w int"); });
  REQUIRE(alter.wait_for(300ms) == std::future_status::timeout);
  f.owner.Execute("COMMIT");
  alter.get();
}

TEST_CASE("a cached plan must not change its result type", "[engine][plan-cache]") {
  Fixture f;
  PreparedStatement star = f.owner.Prepare("SELECT * FROM t WHERE id = $1");
  PreparedStatement one = f.owner.Prepare("SELECT v FROM t WHERE id = $1");
  REQUIRE(star(1).columns().size() == 2);
  REQUIRE(one(1).row(0).GetString(0) == "v1");
  f.other.Execute("ALTER TABLE t ADD COLUMN w int");
  REQUIRE(SqlState([&] { star(1); }) == "0A000");
  REQUIRE(one(1).row(0).GetString(0) == "v1");
  f.other.Execute("ALTER TABLE t ALTER COLUMN v TYPE varchar(20)");
  REQUIRE(SqlState([&] { one(1); }) == "0A000");
}

TEST_CASE("a transaction that changed the catalog plans for itself", "[engine][plan-cache]") {
  Fixture f;
  PreparedStatement count = f.owner.Prepare("SELECT count(*) FROM t");
  REQUIRE(count().row(0).GetInt64(0) == 100);
  f.owner.Execute("BEGIN");
  f.owner.Execute("TRUNCATE t");
  REQUIRE(count().row(0).GetInt64(0) == 0);
  f.owner.Execute("ROLLBACK");
  REQUIRE(count().row(0).GetInt64(0) == 100);
  f.owner.Execute("SET bytea_output = escape");
  PreparedStatement bytes = f.owner.Prepare("SELECT '\\x41ff'::bytea::text");
  REQUIRE(bytes().row(0).GetString(0) == "A\\377");
  f.owner.Execute("SET bytea_output = hex");
  REQUIRE(bytes().row(0).GetString(0) == "\\x41ff");
}

TEST_CASE("a cached plan grouped through a primary key is refused once the key is dropped",
          "[engine][plan-cache]") {
  Fixture f;
  // v is usable ungrouped only because t's primary key is grouped (functional dependency).
  PreparedStatement grouped = f.owner.Prepare("SELECT v, count(*) FROM t WHERE id = $1 GROUP BY id");
  REQUIRE(grouped(4).row(0).GetString(0) == "v4");
  f.other.Execute("ALTER TABLE t DROP CONSTRAINT t_pkey");
  REQUIRE(SqlState([&] { grouped(4); }) == "42803");
  f.other.Execute("ALTER TABLE t ADD PRIMARY KEY (id)");
  REQUIRE(grouped(5).row(0).GetString(0) == "v5");
}

TEST_CASE("named statements are shared by the protocol's API and SQL's EXECUTE", "[engine][plan-cache]") {
  Fixture f;
  f.owner.PrepareNamed("by_id", "SELECT v FROM t WHERE id = $1");
  REQUIRE(SqlState([&] { f.owner.PrepareNamed("by_id", "SELECT 1"); }) == "42P05");
  REQUIRE(f.owner.Execute("EXECUTE by_id(7)").row(0).GetString(0) == "v7");
  REQUIRE(f.owner.FindPrepared("by_id")(8).row(0).GetString(0) == "v8");

  f.owner.Execute("PREPARE from_sql(int) AS SELECT v FROM t WHERE id = $1 + 1");
  REQUIRE(f.owner.FindPrepared("from_sql")(1).row(0).GetString(0) == "v2");
  granary::Result listed =
      f.owner.Execute("SELECT name, statement, parameter_types, from_sql FROM pg_prepared_statements ORDER BY name");
  REQUIRE(listed.row_count() == 2);
  CHECK(listed.row(0).GetString(0) == "by_id");
  CHECK(listed.row(0).GetString(1) == "SELECT v FROM t WHERE id = $1");
  CHECK(listed.row(0).GetString(2) == "{integer}");
  CHECK(listed.row(0).GetString(3) == "f");
  CHECK(listed.row(1).GetString(3) == "t");
  // Statements are the session's own.
  REQUIRE(SqlState([&] { f.other.Execute("EXECUTE by_id(1)"); }) == "26000");

  // Close forgets the name; a handle already taken stays usable.
  PreparedStatement held = f.owner.FindPrepared("by_id");
  f.owner.ClosePrepared("by_id");
  REQUIRE(SqlState([&] { f.owner.Execute("EXECUTE by_id(1)"); }) == "26000");
  REQUIRE(SqlState([&] { f.owner.FindPrepared("by_id"); }) == "26000");
  REQUIRE(held(9).row(0).GetString(0) == "v9");
  f.owner.Execute("DEALLOCATE from_sql");
  REQUIRE(f.owner.Execute("SELECT count(*) FROM pg_prepared_statements").row(0).GetString(0) == "0");
}
