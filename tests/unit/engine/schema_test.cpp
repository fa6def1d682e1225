// Schemas through the embedding API: what survives a restart, prepared statements under a
// changing search_path, "$user", and three-part names of the session's own database (the SQL
// suite cannot check these: PostgreSQL's oracle runs under another user and database name).
#include <catch2/catch.hpp>

#include <functional>
#include <sstream>
#include <string>

#include "granary/granary.hpp"
#include "engine_test_support.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Error;
using granary::PreparedStatement;
using granary::Session;

using granary::testing::SqlState;
using granary::testing::One;

TEST_CASE("schemas and their relations survive a restart", "[engine][schemas]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    session.Execute("CREATE SCHEMA kept");
    session.Execute("CREATE TABLE kept.t (id serial PRIMARY KEY, v text)");
    session.Execute("INSERT INTO kept.t (v) VALUES ('before')");
    session.Execute("CREATE SCHEMA renamed_from");
    session.Execute("ALTER SCHEMA renamed_from RENAME TO renamed_to");
    session.Execute("CREATE SCHEMA dropped");
    session.Execute("DROP SCHEMA dropped");
    session.Begin();
    session.Execute("CREATE SCHEMA never");  // open at close: must not survive
  }
  {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    granary::Result names = session.Execute(
        "SELECT nspname FROM pg_namespace WHERE nspname IN "
        "('kept', 'renamed_from', 'renamed_to', 'dropped', 'never') ORDER BY nspname");
    REQUIRE(names.row_count() == 2);
    CHECK(names.row(0).GetString(0) == "kept");
    CHECK(names.row(1).GetString(0) == "renamed_to");
    session.Execute("INSERT INTO kept.t (v) VALUES ('after')");
    granary::Result rows = session.Execute("SELECT id || v FROM kept.t ORDER BY id");
    REQUIRE(rows.row_count() == 2);
    CHECK(rows.row(0).GetString(0) == "1before");
    CHECK(rows.row(1).GetString(0) == "2after");
    session.Execute("SET search_path TO kept");
    CHECK(One(session, "SELECT count(*) FROM t") == "2");
  }
}

TEST_CASE("a prepared statement plans again when search_path changes", "[engine][schemas][plan-cache]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  session.Execute("CREATE SCHEMA a");
  session.Execute("CREATE SCHEMA b");
  session.Execute("CREATE TABLE a.t (v text)");
  session.Execute("CREATE TABLE b.t (v text)");
  session.Execute("INSERT INTO a.t VALUES ('from a')");
  session.Execute("INSERT INTO b.t VALUES ('from b')");

  session.Execute("SET search_path TO a");
  PreparedStatement read = session.Prepare("SELECT v FROM t");
  CHECK(read().row(0).GetString(0) == "from a");
  CHECK(read().row(0).GetString(0) == "from a");
  session.Execute("SET search_path TO b, a");
  CHECK(read().row(0).GetString(0) == "from b");
  PreparedStatement insert = session.Prepare("INSERT INTO t VALUES ($1)");
  insert("second b");
  CHECK(One(session, "SELECT count(*) FROM b.t") == "2");
  session.Execute("SET search_path TO a");
  insert("second a");
  CHECK(One(session, "SELECT count(*) FROM a.t") == "2");
  CHECK(read().row_count() == 2);
  session.Execute("SET search_path TO nowhere");
  CHECK(SqlState([&] { read(); }) == "42P01");
}

TEST_CASE("\"$user\" is the session user's schema when it exists", "[engine][schemas]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  Database db = Database::Open(directory.path());
  Session admin = db.Connect();
  admin.Execute("CREATE ROLE alice LOGIN");
  granary::SessionOptions options;
  options.user = "alice";
  Session session = db.Connect(options);
  CHECK(One(session, "SELECT current_schema()") == "public");
  session.Execute("CREATE SCHEMA AUTHORIZATION alice");
  CHECK(One(session, "SELECT current_schema()") == "alice");
  CHECK(One(session, "SELECT current_schemas(false)") == "{alice,public}");
  session.Execute("CREATE TABLE mine (a int)");
  CHECK(One(session, "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                     "WHERE c.relname = 'mine'") == "alice");
  CHECK(One(session, "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'alice'") ==
        "alice");
  // Another session's "$user" is another schema.
  CHECK(SqlState([&] { admin.Execute("SELECT * FROM mine"); }) == "42P01");
  CHECK(One(admin, "SELECT count(*) FROM alice.mine") == "0");
}

TEST_CASE("three-part names may name the session's database", "[engine][schemas]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  Database db = Database::Open(directory.path());
  granary::SessionOptions options;
  options.database = "postgres";
  Session session = db.Connect(options);
  session.Execute("CREATE SCHEMA s");
  session.Execute("CREATE TABLE postgres.s.t (a int)");
  session.Execute("INSERT INTO postgres.s.t VALUES (1)");
  CHECK(One(session, "SELECT postgres.s.t.a FROM postgres.s.t") == "1");
  session.Execute("CREATE SEQUENCE postgres.s.q");
  CHECK(One(session, "SELECT nextval('postgres.s.q')") == "1");
  CHECK(One(session, "SELECT 'postgres.s.t'::regclass = 's.t'::regclass") == "t");
  CHECK(SqlState([&] { session.Execute("SELECT * FROM granary.s.t"); }) == "0A000");
  CHECK(SqlState([&] { session.Execute("SELECT nextval('granary.s.q')"); }) == "0A000");
  CHECK(SqlState([&] { session.Execute("DROP TABLE granary.s.t"); }) == "0A000");
  session.Execute("DROP SEQUENCE postgres.s.q");
  session.Execute("DROP TABLE postgres.s.t");
  CHECK(One(session, "SELECT count(*) FROM pg_class WHERE relname IN ('t', 'q')") == "0");
}

TEST_CASE("COPY names tables by schema and along the search path", "[engine][schemas]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  session.Execute("CREATE SCHEMA s");
  session.Execute("CREATE TABLE s.t (id serial, v text)");
  session.Execute("CREATE TABLE t (v text)");
  REQUIRE(session.CopyFrom("COPY s.t (v) FROM STDIN", "one\ntwo\n").command_tag() == "COPY 2");
  std::ostringstream output;
  session.CopyTo("COPY s.t TO STDOUT", output);
  CHECK(output.str() == "1\tone\n2\ttwo\n");
  session.Execute("SET search_path TO s, public");
  REQUIRE(session.CopyFrom("COPY t (v) FROM STDIN", "three\n").command_tag() == "COPY 1");
  CHECK(One(session, "SELECT count(*) FROM s.t") == "3");
  CHECK(One(session, "SELECT count(*) FROM public.t") == "0");
  CHECK(SqlState([&] { session.CopyFrom("COPY nowhere.t FROM STDIN", "x\n"); }) == "3F000");
}
