// Portals that stream (PreparedStatement::OpenPortal, Session::FetchPortal / ClosePortal):
// the plan runs only as far as the rows fetched, under the snapshot of the opening, inside
// its transaction; the errors of each call.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "granary/granary.hpp"
#include "engine_test_support.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::PreparedStatement;
using granary::Result;
using granary::Session;

using granary::testing::One;
using granary::testing::SqlState;

namespace {

struct Fixture {
  granary::testing::TempDataDirectory directory;
  Database db;
  Session session;
  Session other;
  Fixture()
      : db((Database::Create(directory.path()), Database::Open(directory.path()))),
        session(db.Connect()),
        other(db.Connect()) {}
};

}  // namespace

TEST_CASE("a portal streams a huge series a page at a time", "[engine][portal]") {
  Fixture f;
  // 10^9 rows: materialising them would not end before the statement_timeout.
  f.session.Execute("SET statement_timeout = '5s'");
  PreparedStatement series = f.session.Prepare("SELECT g FROM generate_series(1, 1000000000) g");
  REQUIRE(series.streams());
  f.session.StartImplicitTransaction();
  series.OpenPortal("p", {});
  REQUIRE(f.session.PortalOpen("p"));
  Result first = f.session.FetchPortal("p", 3);
  REQUIRE(first.command_tag() == "SELECT 3");
  REQUIRE(first.row_count() == 3);
  REQUIRE(first.row(2).GetInt64(0) == 3);
  Result next = f.session.FetchPortal("p", 1000);
  REQUIRE(next.row_count() == 1000);
  REQUIRE(next.row(0).GetInt64(0) == 4);
  REQUIRE(next.row(999).GetInt64(0) == 1003);
  REQUIRE(One(f.session, "SELECT count(*) FROM pg_cursors WHERE name = 'p'") == "1");
  f.session.ClosePortal("p");
  REQUIRE_FALSE(f.session.PortalOpen("p"));
  REQUIRE(SqlState([&] { f.session.FetchPortal("p", 1); }) == "34000");
  f.session.EndImplicitTransaction();
}

TEST_CASE("a portal completes, then returns no rows", "[engine][portal]") {
  Fixture f;
  PreparedStatement small = f.session.Prepare("SELECT g FROM generate_series(1, $1::int) g");
  f.session.Begin();
  small.OpenPortal("", {5});
  REQUIRE(f.session.FetchPortal("", 5).row_count() == 5);
  Result rest = f.session.FetchPortal("", 0);
  REQUIRE(rest.row_count() == 0);
  REQUIRE(rest.command_tag() == "SELECT 0");
  // The portal ends with its transaction.
  f.session.Commit();
  REQUIRE_FALSE(f.session.PortalOpen(""));
  REQUIRE(SqlState([&] { f.session.FetchPortal("", 1); }) == "34000");
}

TEST_CASE("a portal keeps the snapshot it was opened with", "[engine][portal]") {
  Fixture f;
  f.other.Execute("CREATE TABLE items (n int)");
  f.other.Execute("INSERT INTO items SELECT generate_series(1, 3000)");
  PreparedStatement all = f.session.Prepare("SELECT n FROM items");
  f.session.Begin();
  all.OpenPortal("items", {});
  REQUIRE(f.session.FetchPortal("items", 10).row_count() == 10);
  f.other.Execute("INSERT INTO items SELECT generate_series(1, 3000)");
  REQUIRE(f.session.FetchPortal("items", 0).row_count() == 2990);
  f.session.Commit();
}

TEST_CASE("a Bind takes the relation locks of the statement's current plan", "[engine][portal]") {
  Fixture f;
  f.other.Execute("CREATE TABLE items (n int)");
  f.other.Execute("INSERT INTO items SELECT generate_series(1, 10)");
  f.other.Execute("SET lock_timeout = 100");
  PreparedStatement count = f.session.Prepare("SELECT count(*) FROM items");
  REQUIRE(count.Execute().row(0).GetString(0) == "10");  // the plan is kept from here on

  // In the implicit transaction of the extended protocol: between Bind and Execute the
  // table is locked, so a TRUNCATE waits (and here gives up); the Execute counts the rows.
  f.session.StartImplicitTransaction();
  granary::BoundStatement bound = count.Bind({});
  CHECK(SqlState([&] { f.other.Execute("TRUNCATE items"); }) == "55P03");
  CHECK(bound.Execute().row(0).GetString(0) == "10");
  f.session.EndImplicitTransaction();
  f.other.Execute("TRUNCATE items");
  CHECK(count.Execute().row(0).GetString(0) == "0");  // planned again after the TRUNCATE

  // Inside a block, the Bind's lock waits for a session holding the table and fails with
  // the lock's error.
  f.session.Execute("SET lock_timeout = 100");
  f.other.Execute("BEGIN");
  f.other.Execute("LOCK TABLE items IN ACCESS EXCLUSIVE MODE");
  f.session.Begin();
  CHECK(SqlState([&] { count.Bind({}); }) == "55P03");
  f.session.Rollback();
  f.other.Execute("COMMIT");
}

TEST_CASE("a statement's first Bind plans it and takes its locks", "[engine][portal]") {
  Fixture f;
  f.other.Execute("CREATE TABLE items (n int)");
  f.other.Execute("INSERT INTO items SELECT generate_series(1, 10)");
  f.other.Execute("SET lock_timeout = 100");
  PreparedStatement count = f.session.Prepare("SELECT count(*) FROM items");

  // Never executed: the Bind plans it, so the table is locked from the Bind on.
  f.session.StartImplicitTransaction();
  granary::BoundStatement bound = count.Bind({});
  CHECK(SqlState([&] { f.other.Execute("DROP TABLE items"); }) == "55P03");
  CHECK(SqlState([&] { f.other.Execute("TRUNCATE items"); }) == "55P03");
  CHECK(bound.Execute().row(0).GetString(0) == "10");
  f.session.EndImplicitTransaction();

  // The same holds for a portal that streams.
  f.session.StartImplicitTransaction();
  PreparedStatement rows = f.session.Prepare("SELECT n FROM items ORDER BY n");
  granary::BoundStatement portal = rows.Bind({});
  CHECK(SqlState([&] { f.other.Execute("TRUNCATE items"); }) == "55P03");
  portal.OpenPortal("p");
  CHECK(f.session.FetchPortal("p", 3).row_count() == 3);
  f.session.ClosePortal("p");
  f.session.EndImplicitTransaction();

  // Planning errors are the Bind's: the table went away after the Parse.
  f.other.Execute("DROP TABLE items");
  f.session.StartImplicitTransaction();
  CHECK(SqlState([&] { count.Bind({}); }) == "42P01");
  f.session.EndImplicitTransaction();

  // A table of that name made again is planned afresh at the next Bind.
  f.other.Execute("CREATE TABLE items (n int)");
  f.other.Execute("INSERT INTO items VALUES (1), (2)");
  f.session.StartImplicitTransaction();
  granary::BoundStatement again = count.Bind({});
  CHECK(SqlState([&] { f.other.Execute("TRUNCATE items"); }) == "55P03");
  CHECK(again.Execute().row(0).GetString(0) == "2");
  f.session.EndImplicitTransaction();
}

TEST_CASE("a Bind that waits behind a catalog change plans again under the new catalog", "[engine][portal]") {
  Fixture f;
  f.other.Execute("CREATE TABLE items (n int)");
  f.other.Execute("INSERT INTO items SELECT generate_series(1, 10)");
  PreparedStatement count = f.session.Prepare("SELECT count(*) FROM items");
  REQUIRE(count.Execute().row(0).GetString(0) == "10");  // a cached plan of the old catalog

  // The other session changes the table under an exclusive lock; the Bind waits for it, and
  // once it commits finds its plan stale and plans again.
  f.other.Execute("BEGIN");
  f.other.Execute("ALTER TABLE items ADD COLUMN m int");
  f.other.Execute("DELETE FROM items WHERE n > 4");
  std::thread committer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    f.other.Execute("COMMIT");
  });
  f.session.StartImplicitTransaction();
  granary::BoundStatement bound = count.Bind({});
  committer.join();
  // The Bind's snapshot was taken after the wait: it sees the commit.
  CHECK(bound.Execute().row(0).GetString(0) == "4");
  f.session.EndImplicitTransaction();
  CHECK(f.session.Execute("SELECT count(m) FROM items").row(0).GetString(0) == "0");
}

TEST_CASE("portal errors", "[engine][portal]") {
  Fixture f;
  f.session.Execute("CREATE TABLE written (n int)");
  PreparedStatement series = f.session.Prepare("SELECT g FROM generate_series(1, 10) g");
  // Outside a transaction block or the implicit transaction there is nothing to keep it in.
  REQUIRE(SqlState([&] { series.OpenPortal("p", {}); }) == "25P01");
  // Only a SELECT streams: DML ... RETURNING, a WITH that writes and SELECT INTO do not.
  for (const char* sql : {"INSERT INTO written VALUES (1) RETURNING n",
                          "WITH w AS (INSERT INTO written VALUES (1) RETURNING n) SELECT n FROM w",
                          "SELECT 1 AS n INTO copied", "SHOW search_path"}) {
    PreparedStatement statement = f.session.Prepare(sql);
    REQUIRE_FALSE(statement.streams());
    f.session.Begin();
    REQUIRE(SqlState([&] { statement.OpenPortal("p", {}); }) == "0A000");
    f.session.Rollback();
  }
  f.session.Begin();
  series.OpenPortal("p", {});
  REQUIRE(SqlState([&] { series.OpenPortal("p", {}); }) == "42P03");
  f.session.Rollback();
  f.session.Begin();
  f.session.Execute("DECLARE c CURSOR FOR SELECT 1");
  REQUIRE(SqlState([&] { series.OpenPortal("c", {}); }) == "42P03");
  f.session.Rollback();
  REQUIRE(SqlState([&] { f.session.FetchPortal("nothing", 1); }) == "34000");
  // An error while fetching fails the block; the portal goes with the ROLLBACK.
  PreparedStatement failing = f.session.Prepare("SELECT 10 / (g - 3000) FROM generate_series(1, 5000) g");
  f.session.Begin();
  failing.OpenPortal("d", {});
  REQUIRE(f.session.FetchPortal("d", 1).row_count() == 1);
  REQUIRE(SqlState([&] { f.session.FetchPortal("d", 0); }) == "22012");
  REQUIRE(f.session.transaction_status() == 'E');
  REQUIRE(SqlState([&] { f.session.FetchPortal("d", 1); }) == "25P02");
  f.session.Rollback();
  REQUIRE_FALSE(f.session.PortalOpen("d"));
  // In a read-only transaction a portal that locks rows is refused.
  f.session.Execute("BEGIN READ ONLY");
  PreparedStatement locking = f.session.Prepare("SELECT n FROM written FOR UPDATE");
  REQUIRE(SqlState([&] { locking.OpenPortal("l", {}); }) == "25006");
  f.session.Rollback();
}

TEST_CASE("a cursor declared in SQL is read as a portal", "[engine][portal]") {
  Fixture f;
  REQUIRE(SqlState([&] { f.session.PortalColumns("c"); }) == "34000");
  f.session.Begin();
  f.session.Execute("DECLARE c CURSOR FOR SELECT g, 'x' || g AS label FROM generate_series(1, 10) g");
  const std::vector<granary::ColumnInfo> columns = f.session.PortalColumns("c");
  REQUIRE(columns.size() == 2);
  REQUIRE(columns[0].name == "g");
  REQUIRE(columns[0].type_oid == 23);
  REQUIRE(columns[1].name == "label");
  REQUIRE(columns[1].type_oid == 25);
  // FetchPortal and FETCH continue from each other's position.
  Result first = f.session.FetchPortal("c", 3);
  REQUIRE(first.row_count() == 3);
  REQUIRE(first.command_tag() == "SELECT 3");
  REQUIRE(f.session.Execute("FETCH 1 FROM c").row(0).GetInt64(0) == 4);
  Result rest = f.session.FetchPortal("c", 0);
  REQUIRE(rest.row_count() == 6);
  REQUIRE(rest.row(0).GetInt64(0) == 5);
  f.session.ClosePortal("c");
  REQUIRE_FALSE(f.session.PortalOpen("c"));
  REQUIRE(SqlState([&] { f.session.PortalColumns("c"); }) == "34000");
  f.session.Rollback();
}
