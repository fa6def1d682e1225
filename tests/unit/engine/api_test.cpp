// The C++ embedding API: statements, parameters, prepared statements, transactions, errors.
#include <catch2/catch.hpp>

#include "granary/granary.hpp"
#include "engine_test_support.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Error;
using granary::Session;

using granary::testing::SqlState;

TEST_CASE("statements run and rows come back typed", "[engine][api]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  Database db = Database::Open(directory.path());
  Session session = db.Connect();

  REQUIRE(session.Execute("CREATE TABLE people (id int NOT NULL, name text, score numeric(6,2), "
                          "born date, active boolean DEFAULT true)")
              .command_tag() == "CREATE TABLE");
  granary::Result insert = session.Execute(
      "INSERT INTO people (id, name, score, born) VALUES (1, 'ada', 97.5, '1815-12-10'), "
      "(2, 'alan', NULL, '1912-06-23')");
  REQUIRE(insert.command_tag() == "INSERT 0 2");
  REQUIRE(insert.affected_rows() == 2);

  granary::Result rows = session.Execute("SELECT id, name, score, born, active FROM people ORDER BY id");
  REQUIRE(rows.returns_rows());
  REQUIRE(rows.command_tag() == "SELECT 2");
  REQUIRE(rows.columns().size() == 5);
  CHECK(rows.columns()[0].name == "id");
  CHECK(rows.columns()[0].type_oid == 23);
  CHECK(rows.columns()[2].type_name == "numeric(6,2)");
  CHECK(rows.row(0).GetInt64(0) == 1);
  CHECK(rows.row(0).GetString(1) == "ada");
  CHECK(rows.row(0).GetString(2) == "97.50");
  CHECK(rows.row(0).GetDouble(2) == Approx(97.5));
  CHECK(rows.row(0).GetString(3) == "1815-12-10");
  CHECK(rows.row(0).GetBool(4));
  CHECK(rows.row(1).IsNull(2));
  CHECK_FALSE(rows.row(1).GetOptionalDouble(2).has_value());
  CHECK(SqlState([&] { rows.row(1).GetDouble(2); }) == "22004");

  size_t seen = 0;
  for (const granary::Row& row : rows) seen += row.size();
  CHECK(seen == 10);
}

TEST_CASE("parameters take the type the statement needs", "[engine][api]") {
  granary::testing::TempDataDirectory directory;
  Database db = Database::Open(directory.path(), {.create_if_missing = true});
  Session session = db.Connect();
  session.Execute("CREATE TABLE t (id int8, label varchar(5), price numeric)");
  session.Execute("INSERT INTO t VALUES ($1, $2, $3)", 7, "seven", "1.25");
  session.Execute("INSERT INTO t VALUES ($1, $2, $3)", 8, nullptr, 2.5);

  granary::Result result = session.Execute("SELECT label, price FROM t WHERE id = $1", 7);
  REQUIRE(result.row_count() == 1);
  CHECK(result.row(0).GetString(0) == "seven");
  CHECK(result.row(0).GetString(1) == "1.25");
  CHECK(session.Execute("SELECT count(*) FROM t WHERE label IS NULL").row(0).GetInt64(0) == 1);
  CHECK(SqlState([&] { session.Execute("INSERT INTO t VALUES ($1, $2, $3)", 9, "too long", 1); }) ==
        "22001");
  CHECK(SqlState([&] { session.Execute("SELECT * FROM t WHERE id = $1", "x"); }) == "22P02");
}

TEST_CASE("prepared statements run many times", "[engine][api]") {
  granary::testing::TempDataDirectory directory;
  Database db = Database::Open(directory.path(), {.create_if_missing = true});
  Session session = db.Connect();
  session.Execute("CREATE TABLE kv (k int, v text)");
  granary::PreparedStatement insert = session.Prepare("INSERT INTO kv VALUES ($1, $2)");
  REQUIRE(insert.parameter_count() == 2);
  CHECK(insert.parameter_types() == std::vector<uint32_t>{23, 25});
  for (int i = 0; i < 100; ++i) insert(i, "v" + std::to_string(i));
  granary::PreparedStatement lookup = session.Prepare("SELECT v FROM kv WHERE k = $1");
  CHECK(lookup(42).row(0).GetString(0) == "v42");
  CHECK(session.Execute("SELECT sum(k) FROM kv").row(0).GetInt64(0) == 4950);
  CHECK(SqlState([&] { insert.Execute({1}); }) == "08P01");
  CHECK(SqlState([&] { session.Prepare("SELECT 1; SELECT 2"); }) == "42601");
}

TEST_CASE("transactions commit, roll back and fail like PostgreSQL", "[engine][api]") {
  granary::testing::TempDataDirectory directory;
  Database db = Database::Open(directory.path(), {.create_if_missing = true});
  Session session = db.Connect();
  Session other = db.Connect();
  session.Execute("CREATE TABLE account (id int, balance int)");
  session.Execute("INSERT INTO account VALUES (1, 100)");

  session.Begin();
  CHECK(session.transaction_status() == 'T');
  session.Execute("UPDATE account SET balance = balance - 30 WHERE id = 1");
  // Uncommitted changes are invisible to other sessions.
  CHECK(other.Execute("SELECT balance FROM account").row(0).GetInt64(0) == 100);
  CHECK(session.Execute("SELECT balance FROM account").row(0).GetInt64(0) == 70);
  session.Rollback();
  CHECK(other.Execute("SELECT balance FROM account").row(0).GetInt64(0) == 100);

  session.Begin();
  CHECK(SqlState([&] { session.Execute("SELECT 1 / 0"); }) == "22012");
  CHECK(session.transaction_status() == 'E');
  CHECK(SqlState([&] { session.Execute("SELECT 1"); }) == "25P02");
  CHECK(session.Execute("COMMIT").command_tag() == "ROLLBACK");
  CHECK(session.transaction_status() == 'I');

  session.Begin();
  session.Execute("CREATE TABLE scratch (x int)");
  session.Execute("INSERT INTO scratch VALUES (1)");
  session.Rollback();
  CHECK(SqlState([&] { session.Execute("SELECT * FROM scratch"); }) == "42P01");

  // A multi-statement script is one implicit transaction.
  CHECK(SqlState([&] {
          session.ExecuteScript("INSERT INTO account VALUES (2, 5); SELECT 1 / 0");
        }) == "22012");
  CHECK(session.Execute("SELECT count(*) FROM account").row(0).GetInt64(0) == 1);
  CHECK(session.ExecuteScript("INSERT INTO account VALUES (2, 5); UPDATE account SET balance = 6")
            .size() == 2);
  CHECK(other.Execute("SELECT sum(balance) FROM account").row(0).GetInt64(0) == 12);
}

TEST_CASE("errors carry SQLSTATE, message and position", "[engine][api]") {
  granary::testing::TempDataDirectory directory;
  Database db = Database::Open(directory.path(), {.create_if_missing = true});
  Session session = db.Connect();
  session.Execute("CREATE TABLE t (a int NOT NULL, v varchar(3))");
  try {
    session.Execute("SELECT nope FROM t");
    FAIL("expected an error");
  } catch (const Error& error) {
    CHECK(error.sqlstate() == "42703");
    CHECK(error.message() == "column \"nope\" does not exist");
    CHECK(error.position() == 8);
  }
  try {
    // GROUP BY and ORDER BY both name an ambiguous column: PostgreSQL reports the ORDER BY one.
    session.Execute("SELECT count(*) FROM t x, t y GROUP BY a ORDER BY a");
    FAIL("expected an error");
  } catch (const Error& error) {
    CHECK(error.sqlstate() == "42702");
    CHECK(error.message() == "column reference \"a\" is ambiguous");
    CHECK(error.position() == 51);
  }
  try {
    session.Execute("INSERT INTO t VALUES (NULL, 'x')");
    FAIL("expected an error");
  } catch (const Error& error) {
    CHECK(error.sqlstate() == "23502");
    CHECK(error.message() == "null value in column \"a\" of relation \"t\" violates not-null constraint");
    CHECK(error.detail() == "Failing row contains (null, x).");
  }
  CHECK(SqlState([&] { session.Execute("SELEC 1"); }) == "42601");
  CHECK(SqlState([&] { session.Execute("SELECT * FROM missing"); }) == "42P01");
  CHECK(SqlState([&] { session.Execute("SELECT 2147483647 + 1"); }) == "22003");
  CHECK(SqlState([&] { session.Execute("SELECT 'abc'::int"); }) == "22P02");
  CHECK(SqlState([&] { session.Execute("INSERT INTO t VALUES (1, 'long')"); }) == "22001");
  // The session is still usable after every error.
  CHECK(session.Execute("SELECT count(*) FROM t").row(0).GetInt64(0) == 0);
}

TEST_CASE("RESET returns to the value the session connected with", "[engine][api][settings]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  Database db = Database::Open(directory.path());
  granary::SessionOptions options;
  options.user = "granary";
  options.settings = {{"TimeZone", "Asia/Tokyo"}, {"lock_timeout", "3s"}};
  Session session = db.Connect(options);

  session.Execute("SET TimeZone = 'UTC'");
  session.Execute("SET lock_timeout = '5s'");
  session.Execute("RESET TimeZone");
  CHECK(session.Setting("TimeZone") == "Asia/Tokyo");
  CHECK(session.Setting("lock_timeout") == "5s");
  session.Execute("SET TimeZone = 'UTC'");
  session.Execute("RESET ALL");
  CHECK(session.Setting("TimeZone") == "Asia/Tokyo");
  CHECK(session.Setting("lock_timeout") == "3s");
  // timestamptz follows the restored zone, not just SHOW.
  CHECK(session.Execute("SELECT '2026-01-01 00:00:00+00'::timestamptz::text").row(0).GetString(0) ==
        "2026-01-01 09:00:00+09");

  // A rolled-back RESET is undone; a connect-time value survives ROLLBACK.
  session.Execute("SET TimeZone = 'Europe/Paris'");
  session.Execute("BEGIN");
  session.Execute("RESET TimeZone");
  session.Execute("ROLLBACK");
  CHECK(session.Setting("TimeZone") == "Europe/Paris");
  session.Execute("BEGIN");
  session.Execute("SET LOCAL TimeZone TO DEFAULT");
  CHECK(session.Setting("TimeZone") == "Asia/Tokyo");
  session.Execute("COMMIT");
  CHECK(session.Setting("TimeZone") == "Europe/Paris");
}
