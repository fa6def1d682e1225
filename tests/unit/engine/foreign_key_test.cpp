// FOREIGN KEY constraints between sessions on several threads (PostgreSQL 15's behaviour in
// its isolation tests fk-contention, fk-deadlock, fk-partitioned-*: a child insert locks the
// parent FOR KEY SHARE), the exact texts of their errors, and their survival of a reopen.
#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <string>

#include "concurrency_helpers.hpp"
#include "granary/granary.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Error;
using granary::Session;
using granary::testing::Scalar;
using granary::testing::SqlState;
using granary::testing::StillWaiting;
using namespace std::chrono_literals;

namespace {

// A database with parent(id int PRIMARY KEY) holding 1..3 and child(p int REFERENCES parent).
struct ParentChildFixture {
  granary::testing::TempDataDirectory directory;
  Database db;
  ParentChildFixture() : db((Database::Create(directory.path()), Database::Open(directory.path()))) {
    Session setup = db.Connect();
    setup.Execute("SET synchronous_commit = off");
    setup.Execute("CREATE TABLE parent (id int PRIMARY KEY, note text)");
    setup.Execute("CREATE TABLE child (c int, p int REFERENCES parent)");
    setup.Execute("INSERT INTO parent VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  }
};

Error CaughtError(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error;
  }
  FAIL("no error raised");
  return Error("00000", "");
}

}  // namespace

TEST_CASE("a child insert makes a concurrent delete of its parent wait, then fail",
          "[engine][foreign_keys]") {
  ParentChildFixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("INSERT INTO child VALUES (10, 1)");
  auto del = std::async(std::launch::async, [&] {
    return SqlState([&] { b.Execute("DELETE FROM parent WHERE id = 1"); });
  });
  REQUIRE(StillWaiting(del));
  // A non-key update of the parent does not conflict with the KEY SHARE lock.
  Session c = fixture.db.Connect();
  auto note = std::async(std::launch::async, [&] {
    return c.Execute("UPDATE parent SET note = 'z' WHERE id = 2").affected_rows();
  });
  CHECK(note.wait_for(5s) == std::future_status::ready);
  a.Execute("COMMIT");
  CHECK(del.get() == "23503");
  CHECK(Scalar(a, "SELECT count(*) FROM parent WHERE id = 1") == 1);
}

TEST_CASE("a delete of the parent proceeds once the child insert rolls back",
          "[engine][foreign_keys]") {
  ParentChildFixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("INSERT INTO child VALUES (10, 2)");
  auto del = std::async(std::launch::async, [&] {
    return b.Execute("DELETE FROM parent WHERE id = 2").affected_rows();
  });
  REQUIRE(StillWaiting(del));
  a.Execute("ROLLBACK");
  CHECK(del.get() == 1);
}

TEST_CASE("a child insert waits for an uncommitted delete of its parent",
          "[engine][foreign_keys]") {
  ParentChildFixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();

  SECTION("the delete commits: the insert fails") {
    a.Execute("BEGIN");
    a.Execute("DELETE FROM parent WHERE id = 3");
    auto insert = std::async(std::launch::async, [&] {
      return SqlState([&] { b.Execute("INSERT INTO child VALUES (20, 3)"); });
    });
    REQUIRE(StillWaiting(insert));
    a.Execute("COMMIT");
    CHECK(insert.get() == "23503");
  }
  SECTION("the delete rolls back: the insert succeeds") {
    a.Execute("BEGIN");
    a.Execute("DELETE FROM parent WHERE id = 3");
    auto insert = std::async(std::launch::async, [&] {
      return SqlState([&] { b.Execute("INSERT INTO child VALUES (20, 3)"); });
    });
    REQUIRE(StillWaiting(insert));
    a.Execute("ROLLBACK");
    CHECK(insert.get() == "none");
    CHECK(Scalar(b, "SELECT count(*) FROM child WHERE p = 3") == 1);
  }
}

TEST_CASE("a child insert waits for a parent inserted by a running transaction",
          "[engine][foreign_keys]") {
  ParentChildFixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("INSERT INTO parent VALUES (4, 'd')");
  // The uncommitted parent is not visible to b: the insert fails at once, as in PostgreSQL.
  CHECK(SqlState([&] { b.Execute("INSERT INTO child VALUES (30, 4)"); }) == "23503");
  a.Execute("COMMIT");
  CHECK(SqlState([&] { b.Execute("INSERT INTO child VALUES (30, 4)"); }) == "none");
}

TEST_CASE("concurrent child inserts and parent deletes never leave an orphan",
          "[engine][foreign_keys]") {
  ParentChildFixture fixture;
  {
    Session setup = fixture.db.Connect();
    setup.Execute("INSERT INTO parent SELECT g, 'x' FROM generate_series(4, 60) g");
  }
  auto inserter = std::async(std::launch::async, [&] {
    Session session = fixture.db.Connect();
    for (int id = 1; id <= 60; ++id) {
      SqlState([&] { session.Execute("INSERT INTO child VALUES (" + std::to_string(id) + ", " + std::to_string(id) + ")"); });
    }
  });
  auto deleter = std::async(std::launch::async, [&] {
    Session session = fixture.db.Connect();
    for (int id = 60; id >= 1; --id) {
      SqlState([&] { session.Execute("DELETE FROM parent WHERE id = " + std::to_string(id)); });
    }
  });
  inserter.get();
  deleter.get();
  Session check = fixture.db.Connect();
  CHECK(Scalar(check, "SELECT count(*) FROM child WHERE p NOT IN (SELECT id FROM parent)") == 0);
  // For every id either the child insert won (the delete then failed: both rows stay) or the
  // delete won (the insert then failed: neither stays); which one depends on timing. So every
  // surviving parent was kept by its child.
  CHECK(Scalar(check, "SELECT count(*) FROM parent p WHERE NOT EXISTS (SELECT FROM child c WHERE c.p = p.id)") == 0);
  CHECK(Scalar(check, "SELECT count(*) FROM child") == Scalar(check, "SELECT count(*) FROM parent"));
}

TEST_CASE("foreign key errors carry PostgreSQL's message, detail and fields",
          "[engine][foreign_keys]") {
  ParentChildFixture fixture;
  Session session = fixture.db.Connect();
  Error insert = CaughtError([&] { session.Execute("INSERT INTO child VALUES (1, 5)"); });
  CHECK(insert.sqlstate() == "23503");
  CHECK(insert.message() == "insert or update on table \"child\" violates foreign key constraint \"child_p_fkey\"");
  CHECK(insert.detail() == "Key (p)=(5) is not present in table \"parent\".");
  CHECK(insert.table_name() == "child");
  CHECK(insert.constraint_name() == "child_p_fkey");

  session.Execute("INSERT INTO child VALUES (1, 1)");
  Error del = CaughtError([&] { session.Execute("DELETE FROM parent WHERE id = 1"); });
  CHECK(del.sqlstate() == "23503");
  CHECK(del.message() ==
        "update or delete on table \"parent\" violates foreign key constraint \"child_p_fkey\" on table \"child\"");
  CHECK(del.detail() == "Key (id)=(1) is still referenced from table \"child\".");

  session.Execute("CREATE TABLE pair (a int, b text, PRIMARY KEY (a, b))");
  session.Execute("CREATE TABLE full_ref (a int, b text, FOREIGN KEY (a, b) REFERENCES pair MATCH FULL)");
  Error mixed = CaughtError([&] { session.Execute("INSERT INTO full_ref VALUES (1, NULL)"); });
  CHECK(mixed.detail() == "MATCH FULL does not allow mixing of null and nonnull key values.");
  Error missing = CaughtError([&] { session.Execute("INSERT INTO full_ref VALUES (1, 'x y')"); });
  CHECK(missing.detail() == "Key (a, b)=(1, x y) is not present in table \"pair\".");

  Error types = CaughtError([&] { session.Execute("CREATE TABLE bad (p text REFERENCES parent)"); });
  CHECK(types.sqlstate() == "42804");
  CHECK(types.detail() == "Key columns \"p\" and \"id\" are of incompatible types: text and integer.");

  Error drop = CaughtError([&] { session.Execute("DROP TABLE parent"); });
  CHECK(drop.sqlstate() == "2BP01");
  CHECK(drop.message() == "cannot drop table parent because other objects depend on it");
  CHECK(drop.detail() == "constraint child_p_fkey on table child depends on table parent");
  CHECK(drop.hint() == "Use DROP ... CASCADE to drop the dependent objects too.");

  Error truncate = CaughtError([&] { session.Execute("TRUNCATE parent"); });
  CHECK(truncate.sqlstate() == "0A000");
  CHECK(truncate.detail() == "Table \"child\" references \"parent\".");
  CHECK(truncate.hint() == "Truncate table \"child\" at the same time, or use TRUNCATE ... CASCADE.");

  session.Execute("CREATE TABLE child2 (p int REFERENCES parent)");
  granary::Result dropped = session.Execute("DROP TABLE parent CASCADE");
  REQUIRE(dropped.notices().size() == 1);
  CHECK(dropped.notices()[0].message() == "drop cascades to 2 other objects");
  CHECK(dropped.notices()[0].detail() ==
        "drop cascades to constraint child_p_fkey on table child\n"
        "drop cascades to constraint child2_p_fkey on table child2");
  CHECK(Scalar(session, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'") == 1);
}

TEST_CASE("foreign keys survive a close and reopen", "[engine][foreign_keys][persistence]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    session.Execute("CREATE TABLE parent (id int PRIMARY KEY)");
    session.Execute(
        "CREATE TABLE child (p int, CONSTRAINT kept FOREIGN KEY (p) REFERENCES parent "
        "ON DELETE CASCADE ON UPDATE SET NULL)");
    session.Execute("INSERT INTO parent VALUES (1), (2)");
    session.Execute("INSERT INTO child VALUES (1), (2)");
  }
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  CHECK(session.Execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'kept'")
            .row(0)
            .GetString(0) == "FOREIGN KEY (p) REFERENCES parent(id) ON UPDATE SET NULL ON DELETE CASCADE");
  CHECK(SqlState([&] { session.Execute("INSERT INTO child VALUES (3)"); }) == "23503");
  session.Execute("DELETE FROM parent WHERE id = 1");
  session.Execute("UPDATE parent SET id = 20 WHERE id = 2");
  CHECK(Scalar(session, "SELECT count(*) FROM child") == 1);
  CHECK(Scalar(session, "SELECT count(*) FROM child WHERE p IS NULL") == 1);
}

TEST_CASE("COPY FROM checks foreign keys when its data ends", "[engine][foreign_keys]") {
  ParentChildFixture fixture;
  Session session = fixture.db.Connect();
  CHECK(session.CopyFrom("COPY child FROM STDIN", "1\t1\n2\t\\N\n3\t3\n").command_tag() == "COPY 3");
  CHECK(SqlState([&] { session.CopyFrom("COPY child FROM STDIN", "4\t1\n5\t9\n"); }) == "23503");
  CHECK(Scalar(session, "SELECT count(*) FROM child") == 3);
  // In a block, statements after the COPY see its rows and get later command ids.
  session.Execute("BEGIN");
  session.CopyFrom("COPY child FROM STDIN", "6\t2\n");
  session.Execute("DELETE FROM child WHERE c = 6");
  session.Execute("DELETE FROM parent WHERE id = 2");
  session.Execute("COMMIT");
  CHECK(Scalar(session, "SELECT count(*) FROM parent") == 2);
}

TEST_CASE("under REPEATABLE READ a referencing row is checked with the transaction's snapshot",
          "[engine][foreign_keys]") {
  ParentChildFixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  // The parent was deleted by a transaction that committed after a's snapshot: 40001.
  a.Execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
  a.Execute("SELECT 1");
  b.Execute("DELETE FROM parent WHERE id = 1");
  CHECK(SqlState([&] { a.Execute("INSERT INTO child VALUES (1, 1)"); }) == "40001");
  a.Execute("ROLLBACK");
  // A parent inserted after the snapshot is not there for it: 23503.
  a.Execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
  a.Execute("SELECT 1");
  b.Execute("INSERT INTO parent VALUES (7, 'g')");
  CHECK(SqlState([&] { a.Execute("INSERT INTO child VALUES (7, 7)"); }) == "23503");
  a.Execute("ROLLBACK");
  // A child committed after the snapshot still blocks the parent's deletion: 23503.
  a.Execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
  a.Execute("SELECT 1");
  b.Execute("INSERT INTO child VALUES (2, 2)");
  CHECK(SqlState([&] { a.Execute("DELETE FROM parent WHERE id = 2"); }) == "23503");
  a.Execute("ROLLBACK");
}
