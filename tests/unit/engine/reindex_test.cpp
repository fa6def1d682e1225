// REINDEX DATABASE names the session's own database, which the SQL suite cannot spell the
// same way for PostgreSQL (its oracle connects to "postgres"): every user table's indexes get
// new files, answer the same lookups, enforce uniqueness, and survive a reopen.
// tests/sql/ddl/reindex.test covers INDEX, TABLE, SCHEMA and the errors against PostgreSQL.
#include <catch2/catch.hpp>

#include <string>

#include "granary/granary.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Session;

namespace {

std::string IndexFile(Session& session, const std::string& index) {
  for (const auto& row : session.Execute("SELECT relfilenode FROM pg_class WHERE relname = '" + index + "'")) {
    return row.GetString(0);
  }
  return "";
}

std::string Lookup(Session& session, int id) {
  session.Execute("SET enable_seqscan = off");
  std::string found;
  for (const auto& row : session.Execute("SELECT code FROM items WHERE id = " + std::to_string(id))) {
    found = row.GetString(0);
  }
  session.Execute("RESET enable_seqscan");
  return found;
}

}  // namespace

TEST_CASE("REINDEX DATABASE rebuilds every table's indexes in new files", "[engine][ddl]") {
  granary::testing::TempDataDirectory directory;
  granary::OpenOptions options;
  options.create_if_missing = true;
  std::string old_file;
  {
    Database db = Database::Open(directory.path(), options);
    Session session = db.Connect();
    session.Execute("CREATE SCHEMA other");
    session.Execute("CREATE TABLE items (id int PRIMARY KEY, code text UNIQUE)");
    session.Execute("CREATE TABLE other.notes (id int PRIMARY KEY)");
    session.Execute("INSERT INTO items SELECT g, 'c' || g FROM generate_series(1, 300) g");
    session.Execute("INSERT INTO other.notes SELECT g FROM generate_series(1, 10) g");
    old_file = IndexFile(session, "items_pkey");
    const std::string old_notes_file = IndexFile(session, "notes_pkey");

    CHECK_THROWS_WITH(session.Execute("REINDEX DATABASE postgres_elsewhere"),
                      Catch::Contains("can only reindex the currently open database"));
    session.Execute("REINDEX DATABASE granary");

    CHECK(IndexFile(session, "items_pkey") != old_file);
    CHECK(IndexFile(session, "items_code_key") != "");
    CHECK(IndexFile(session, "notes_pkey") != old_notes_file);
    CHECK(Lookup(session, 123) == "c123");
    CHECK_THROWS_WITH(session.Execute("INSERT INTO items VALUES (7, 'new')"), Catch::Contains("items_pkey"));
    session.Execute("REINDEX SYSTEM granary");  // no catalog indexes: nothing to do
  }
  Database db = Database::Open(directory.path(), options);
  Session session = db.Connect();
  CHECK(IndexFile(session, "items_pkey") != old_file);
  CHECK(Lookup(session, 300) == "c300");
  CHECK_THROWS_WITH(session.Execute("INSERT INTO items VALUES (301, 'c1')"), Catch::Contains("items_code_key"));
}
