// Deferred foreign keys through the embedding API: a violation is found by Commit(), which
// then rolls the whole transaction back; SET CONSTRAINTS ... IMMEDIATE checks at once.
#include <catch2/catch.hpp>

#include <functional>
#include <string>

#include "granary/granary.hpp"
#include "engine_test_support.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Error;
using granary::Session;

using granary::testing::SqlState;

namespace {

int64_t Count(Session& session, const std::string& sql) { return session.Execute(sql).row(0).GetInt64(0); }

}  // namespace

TEST_CASE("a deferred foreign key violation fails Commit and rolls back", "[engine][foreign_keys][deferred]") {
  granary::testing::TempDataDirectory directory;
  Database db = Database::Open(directory.path(), {.create_if_missing = true});
  Session session = db.Connect();
  session.Execute("CREATE TABLE parent (id int PRIMARY KEY)");
  session.Execute("CREATE TABLE child (p int REFERENCES parent DEFERRABLE INITIALLY DEFERRED)");

  session.Begin();
  session.Execute("INSERT INTO parent VALUES (1)");
  session.Execute("INSERT INTO child VALUES (1), (2)");  // 2 has no parent: not checked yet
  CHECK(Count(session, "SELECT count(*) FROM child") == 2);
  std::string message;
  try {
    session.Commit();
  } catch (const Error& error) {
    CHECK(error.sqlstate() == "23503");
    message = error.message();
  }
  CHECK(message == "insert or update on table \"child\" violates foreign key constraint \"child_p_fkey\"");
  // Everything the transaction did is gone, and the session is out of it.
  CHECK(Count(session, "SELECT count(*) FROM parent") == 0);
  CHECK(Count(session, "SELECT count(*) FROM child") == 0);
  Session other = db.Connect();
  CHECK(Count(other, "SELECT count(*) FROM child") == 0);

  // Repaired before the commit: it goes through.
  session.Begin();
  session.Execute("INSERT INTO child VALUES (3)");
  session.Execute("INSERT INTO parent VALUES (3)");
  session.Commit();
  CHECK(Count(other, "SELECT count(*) FROM child") == 1);

  // SET CONSTRAINTS ... IMMEDIATE checks what is pending now; the block is then failed.
  session.Begin();
  session.Execute("INSERT INTO child VALUES (4)");
  CHECK(SqlState([&] { session.Execute("SET CONSTRAINTS child_p_fkey IMMEDIATE"); }) == "23503");
  CHECK(SqlState([&] { session.Execute("SELECT 1"); }) == "25P02");
  session.Rollback();

  // A parent another session deletes (and commits) meanwhile is found missing at commit: a
  // deferred check locks no parent row before it runs.
  session.Begin();
  session.Execute("INSERT INTO parent VALUES (5)");
  session.Commit();
  session.Begin();
  session.Execute("INSERT INTO child VALUES (5)");
  other.Execute("DELETE FROM parent WHERE id = 5");  // no committed child refers to it
  CHECK(SqlState([&] { session.Commit(); }) == "23503");
  CHECK(Count(other, "SELECT count(*) FROM child WHERE p = 5") == 0);
}
