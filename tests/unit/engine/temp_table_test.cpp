// Temporary tables across sessions, which the SQL suite (one session per file) cannot show:
// each session sees only its own, they go when the session ends, ON COMMIT through the
// API's transactions, and what a crash or a close with open sessions leaves is dropped by the
// next open.
#include <catch2/catch.hpp>

#include <functional>
#include <string>

#include "granary/granary.hpp"
#include "crash_helpers.hpp"
#include "engine_test_support.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Error;
using granary::Session;

using granary::testing::SqlState;
using granary::testing::One;

namespace {

// The number of relations and of temporary schemas in the catalog.
std::string TempRelations(Session& session) {
  return One(session,
             "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
             "WHERE n.nspname LIKE 'pg\\_temp\\_%'");
}
std::string TempSchemas(Session& session) {
  return One(session, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pg\\_temp\\_%'");
}

}  // namespace

TEST_CASE("a temporary table is its session's alone", "[engine][temp]") {
  granary::testing::TempDataDirectory directory;
  Database db = Database::Open(directory.path(), {.create_if_missing = true});
  Session a = db.Connect();
  Session b = db.Connect();
  a.Execute("CREATE TEMP TABLE t (v text)");
  a.Execute("INSERT INTO t VALUES ('a')");
  CHECK(SqlState([&] { b.Execute("SELECT * FROM t"); }) == "42P01");
  CHECK(SqlState([&] { b.Execute("SELECT * FROM pg_temp.t"); }) == "42P01");

  // The other session's schema can be named, but its table not read.
  const std::string a_schema = One(a, "SELECT current_schemas(true)::text");
  const std::string schema = a_schema.substr(1, a_schema.find(',') - 1);
  CHECK(schema.starts_with("pg_temp_"));
  CHECK(SqlState([&] { b.Execute("SELECT * FROM " + schema + ".t"); }) == "0A000");
  CHECK(SqlState([&] { b.Execute("INSERT INTO " + schema + ".t VALUES ('b')"); }) == "0A000");

  // Each session has its own table of the same name, and a permanent one may exist beside.
  b.Execute("CREATE TEMP TABLE t (v text)");
  b.Execute("INSERT INTO t VALUES ('b')");
  CHECK(One(a, "SELECT v FROM t") == "a");
  CHECK(One(b, "SELECT v FROM t") == "b");
  b.Execute("CREATE TABLE public.t (v text)");
  b.Execute("INSERT INTO public.t VALUES ('permanent')");
  CHECK(One(a, "SELECT v FROM t") == "a");
  CHECK(One(b, "SELECT v FROM t") == "b");
  Session c = db.Connect();
  CHECK(One(c, "SELECT v FROM t") == "permanent");
  CHECK(One(c, "SELECT count(*) FROM pg_class WHERE relname = 't' AND relpersistence = 't'") == "2");

  // A prepared statement keeps reading its own session's table.
  granary::PreparedStatement read_a = a.Prepare("SELECT v FROM t");
  CHECK(read_a.Execute().row(0).GetString(0) == "a");
  CHECK(read_a.Execute().row(0).GetString(0) == "a");

  // A temporary table made in another session's uncommitted transaction is invisible too.
  a.Begin();
  a.Execute("CREATE TEMP TABLE pending (x int)");
  CHECK(One(b, "SELECT count(*) FROM pg_class WHERE relname = 'pending'") == "0");
  a.Commit();
  CHECK(One(b, "SELECT count(*) FROM pg_class WHERE relname = 'pending'") == "1");
}

TEST_CASE("temporary tables go when their session ends", "[engine][temp]") {
  granary::testing::TempDataDirectory directory;
  Database db = Database::Open(directory.path(), {.create_if_missing = true});
  Session observer = db.Connect();
  {
    Session owner = db.Connect();
    owner.Execute("CREATE TEMP TABLE gone (id serial PRIMARY KEY, v text)");
    owner.Execute("CREATE INDEX gone_v ON gone (v)");
    owner.Execute("CREATE TEMP VIEW gone_view AS SELECT * FROM gone");
    owner.Execute("CREATE TEMP SEQUENCE gone_seq");
    owner.Execute("INSERT INTO gone (v) VALUES ('x')");
    CHECK(TempRelations(observer) == "6");
    CHECK(TempSchemas(observer) == "1");
    // Ending inside an open transaction rolls it back and still drops what committed.
    owner.Begin();
    owner.Execute("INSERT INTO gone (v) VALUES ('y')");
  }
  CHECK(TempRelations(observer) == "0");
  CHECK(TempSchemas(observer) == "0");

  // The next session may get the same schema name; it starts empty.
  Session next = db.Connect();
  CHECK(SqlState([&] { next.Execute("SELECT * FROM gone"); }) == "42P01");
  next.Execute("CREATE TEMP TABLE gone (x int)");
  CHECK(One(next, "SELECT count(*) FROM gone") == "0");
}

TEST_CASE("ON COMMIT DELETE ROWS and DROP act at each commit", "[engine][temp]") {
  granary::testing::TempDataDirectory directory;
  Database db = Database::Open(directory.path(), {.create_if_missing = true});
  Session session = db.Connect();
  session.Execute("CREATE TEMP TABLE emptied (x int) ON COMMIT DELETE ROWS");
  session.Execute("CREATE TEMP TABLE kept (x int) ON COMMIT PRESERVE ROWS");
  session.Begin();
  session.Execute("INSERT INTO emptied VALUES (1), (2)");
  session.Execute("INSERT INTO kept VALUES (1), (2)");
  CHECK(One(session, "SELECT count(*) FROM emptied") == "2");
  session.Commit();
  CHECK(One(session, "SELECT count(*) FROM emptied") == "0");
  CHECK(One(session, "SELECT count(*) FROM kept") == "2");

  session.Begin();
  session.Execute("CREATE TEMP TABLE dropped (x int) ON COMMIT DROP");
  session.Execute("INSERT INTO dropped VALUES (1)");
  CHECK(One(session, "SELECT count(*) FROM dropped") == "1");
  session.Commit();
  CHECK(SqlState([&] { session.Execute("SELECT * FROM dropped"); }) == "42P01");

  // Rolled back: the table never existed, and nothing is left to drop at the next commit.
  session.Begin();
  session.Execute("CREATE TEMP TABLE dropped (x int) ON COMMIT DROP");
  session.Rollback();
  session.Execute("INSERT INTO kept VALUES (3)");
  CHECK(One(session, "SELECT count(*) FROM kept") == "3");

  // A failed transaction commits nothing: its rows go with it, the table stays.
  session.Begin();
  session.Execute("INSERT INTO kept VALUES (4)");
  CHECK(SqlState([&] { session.Execute("SELECT 1 / 0"); }) == "22012");
  session.Commit();
  CHECK(One(session, "SELECT count(*) FROM kept") == "3");
}

TEST_CASE("the next open drops temporary tables a crash left", "[engine][temp][crash]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  REQUIRE(granary::testing::CrashAfter([&] {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    session.Execute("CREATE TABLE permanent (x int)");
    session.Execute("CREATE TEMP TABLE leftover (id serial PRIMARY KEY, v text)");
    session.Execute("INSERT INTO leftover (v) SELECT 'row' FROM generate_series(1, 100)");
    granary::testing::Crash();
  }));

  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  CHECK(TempRelations(session) == "0");
  CHECK(TempSchemas(session) == "0");
  CHECK(One(session, "SELECT count(*) FROM permanent") == "0");
  session.Execute("CREATE TEMP TABLE leftover (x int)");
  CHECK(One(session, "SELECT count(*) FROM leftover") == "0");
}

TEST_CASE("closing the database under an open session leaves its tables to the next open",
          "[engine][temp]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    session.Execute("CREATE TEMP TABLE leftover (x int)");
    db.Close();  // the session ends after the database closed: it cannot drop its schema
  }
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  CHECK(TempRelations(session) == "0");
  CHECK(TempSchemas(session) == "0");
}
