// SQL functions are catalog rows (pg_proc): a committed CREATE FUNCTION survives a clean
// close and reopen and a crash (replayed from the log), while a rolled-back one and one
// whose transaction never committed are gone; OR REPLACE and DROP persist the same way.
#include <catch2/catch.hpp>

#include <string>

#include "granary/granary.hpp"
#include "crash_helpers.hpp"
#include "engine_test_support.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Session;
using granary::testing::Crash;
using granary::testing::CrashAfter;
using granary::testing::One;
using granary::testing::SqlState;

TEST_CASE("SQL functions survive a close and reopen", "[engine][persistence][functions]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    session.Execute("CREATE TABLE fn_item (id int, name text)");
    session.Execute("INSERT INTO fn_item VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    session.Execute("CREATE FUNCTION fn_double(x int) RETURNS int LANGUAGE sql IMMUTABLE STRICT AS 'SELECT x * 2'");
    session.Execute("CREATE FUNCTION fn_items(lo int DEFAULT 2) RETURNS TABLE (id int, name text) "
                    "LANGUAGE sql STABLE AS $$SELECT id, name FROM fn_item WHERE id >= lo ORDER BY id$$");
    session.Execute("CREATE FUNCTION fn_answer() RETURNS int LANGUAGE sql RETURN 42");
    session.Execute("BEGIN");
    session.Execute("CREATE FUNCTION fn_rolled_back() RETURNS int LANGUAGE sql AS 'SELECT 1'");
    session.Execute("ROLLBACK");
    CHECK(One(session, "SELECT fn_double(21)") == "42");
  }
  {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    CHECK(One(session, "SELECT fn_double(21)") == "42");
    CHECK(One(session, "SELECT fn_double(NULL)") == "NULL");
    CHECK(One(session, "SELECT string_agg(name, ',') FROM fn_items()") == "two,three");
    CHECK(One(session, "SELECT count(*) FROM fn_items(1)") == "3");
    CHECK(One(session, "SELECT fn_answer()") == "42");
    CHECK(SqlState([&] { session.Execute("SELECT fn_rolled_back()"); }) == "42883");
    CHECK(One(session, "SELECT provolatile || proisstrict::text FROM pg_proc WHERE proname = 'fn_double'") ==
          "itrue");
    session.Execute("CREATE OR REPLACE FUNCTION fn_double(x int) RETURNS int LANGUAGE sql AS 'SELECT x * 3'");
    session.Execute("DROP FUNCTION fn_answer()");
  }
  {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    CHECK(One(session, "SELECT fn_double(2)") == "6");
    CHECK(SqlState([&] { session.Execute("SELECT fn_answer()"); }) == "42883");
  }
}

TEST_CASE("SQL functions are replayed from the log after a crash", "[engine][persistence][functions]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  REQUIRE(CrashAfter([&] {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    session.Execute("CREATE FUNCTION fn_committed(a int, b int) RETURNS int LANGUAGE sql AS 'SELECT a + b'");
    Session other = db.Connect();
    other.Execute("BEGIN");
    other.Execute("CREATE FUNCTION fn_uncommitted() RETURNS int LANGUAGE sql AS 'SELECT 1'");
    Crash();
  }));
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  CHECK(One(session, "SELECT fn_committed(40, 2)") == "42");
  CHECK(SqlState([&] { session.Execute("SELECT fn_uncommitted()"); }) == "42883");
  CHECK(One(session, "SELECT count(*) FROM pg_proc WHERE proname LIKE 'fn_%'") == "1");
}
