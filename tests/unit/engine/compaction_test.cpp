// VACUUM FULL and CLUSTER copy a table's row versions into new files with their own xmin and
// xmax: a snapshot taken before the compaction still sees the rows it saw (including rows
// deleted and updated since), the files shrink, and the result survives a crash, while an
// uncommitted compaction leaves the old files in place. tests/sql/vacuum/vacuum_full.test
// covers the statements' rows and errors against PostgreSQL.
#include <catch2/catch.hpp>

#include <string>

#include "crash_helpers.hpp"
#include "engine_test_support.hpp"
#include "granary/granary.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Session;
using granary::testing::One;

namespace {

void Fill(Session& session) {
  session.Execute("CREATE TABLE items (id int PRIMARY KEY, v text)");
  session.Execute("CREATE TABLE other (x int)");
  session.Execute("INSERT INTO items SELECT g, 'v' || g FROM generate_series(1, 2000) g");
}

int64_t TableBytes(Session& session) { return std::stoll(One(session, "SELECT pg_relation_size('items')")); }

}  // namespace

TEST_CASE("a snapshot older than VACUUM FULL or CLUSTER sees the table as before", "[engine][vacuum]") {
  const char* statement = GENERATE("VACUUM FULL items", "CLUSTER items USING items_pkey");
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  Database db = Database::Open(directory.path());
  Session writer = db.Connect();
  Session reader = db.Connect();
  Fill(writer);

  // The reader's snapshot is taken before the changes and the compaction, on another table,
  // so it holds no lock on items.
  reader.Execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
  CHECK(One(reader, "SELECT count(*) FROM other") == "0");

  writer.Execute("DELETE FROM items WHERE id <= 1000");
  writer.Execute("UPDATE items SET v = 'new' WHERE id = 1500");
  const int64_t before = TableBytes(writer);
  writer.Execute(statement);

  // The deleted rows and the old version are still there for the reader, through a
  // sequential scan and through the rebuilt index.
  CHECK(One(reader, "SELECT count(*) FROM items") == "2000");
  CHECK(One(reader, "SELECT v FROM items WHERE id = 1500") == "v1500");
  reader.Execute("SET enable_seqscan = off");
  CHECK(One(reader, "SELECT v FROM items WHERE id = 10") == "v10");
  CHECK(One(reader, "SELECT count(*) FROM items WHERE id BETWEEN 1 AND 2000") == "2000");
  reader.Execute("COMMIT");

  CHECK(One(reader, "SELECT count(*) FROM items") == "1000");
  CHECK(One(reader, "SELECT v FROM items WHERE id = 1500") == "new");
  CHECK(One(reader, "SELECT count(*) FROM items WHERE id = 10") == "0");

  // Nothing holds the deleted versions any more: the next compaction leaves them behind.
  writer.Execute(statement);
  CHECK(TableBytes(writer) < before);
  CHECK(One(writer, "SELECT count(*) FROM items") == "1000");
  CHECK(One(writer, "SELECT v FROM items WHERE id = 1500") == "new");
}

TEST_CASE("a committed VACUUM FULL survives a crash; an open CLUSTER leaves the old files",
          "[engine][vacuum][crash]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  REQUIRE(granary::testing::CrashAfter([&] {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    Fill(session);
    session.Execute("DELETE FROM items WHERE id % 2 = 0");
    session.Execute("VACUUM FULL items");
    session.Execute("INSERT INTO items VALUES (5000, 'after')");
    session.Execute("BEGIN");
    session.Execute("DELETE FROM items WHERE id < 100");
    session.Execute("CLUSTER items USING items_pkey");
    granary::testing::Crash();
  }));

  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  CHECK(One(session, "SELECT count(*) FROM items") == "1001");
  CHECK(One(session, "SELECT v FROM items WHERE id = 5000") == "after");
  CHECK(One(session, "SELECT count(*) FROM items WHERE id < 100") == "50");
  CHECK(One(session, "SELECT count(*) FROM pg_index WHERE indisclustered") == "0");
  session.Execute("SET enable_seqscan = off");
  CHECK(One(session, "SELECT v FROM items WHERE id = 99") == "v99");
  CHECK(granary::testing::SqlState([&] { session.Execute("INSERT INTO items VALUES (99, 'x')"); }) ==
        "23505");
}

TEST_CASE("VACUUM FULL of the whole database compacts every table and vacuums the catalogs",
          "[engine][vacuum]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  Session other = db.Connect();
  Fill(session);
  other.Execute("CREATE TEMP TABLE theirs (x int)");
  other.Execute("INSERT INTO theirs VALUES (1)");
  session.Execute("DELETE FROM items WHERE id > 100");
  const std::string items_file = One(session, "SELECT relfilenode FROM pg_class WHERE relname = 'items'");
  const std::string theirs_file = One(session, "SELECT relfilenode FROM pg_class WHERE relname = 'theirs'");
  const int64_t before = TableBytes(session);

  CHECK(session.Execute("VACUUM FULL").command_tag() == "VACUUM");
  CHECK(session.Execute("VACUUM FULL pg_class").command_tag() == "VACUUM");

  CHECK(One(session, "SELECT relfilenode FROM pg_class WHERE relname = 'items'") != items_file);
  // Another session's temporary table is left to it.
  CHECK(One(session, "SELECT relfilenode FROM pg_class WHERE relname = 'theirs'") == theirs_file);
  CHECK(TableBytes(session) < before);
  CHECK(One(session, "SELECT count(*) FROM items") == "100");
  CHECK(One(other, "SELECT count(*) FROM theirs") == "1");
  CHECK(One(session, "SELECT count(*) FROM pg_class WHERE relname IN ('items', 'other')") == "2");
}
