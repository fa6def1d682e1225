// Data survives close and reopen; bad data directories are refused with clear errors.
#include <catch2/catch.hpp>

#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

#include "granary/granary.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Error;

namespace {

std::string OpenError(const std::string& path, std::string* message = nullptr) {
  try {
    Database db = Database::Open(path);
  } catch (const Error& error) {
    if (message) *message = error.message();
    return error.sqlstate();
  }
  return "none";
}

}  // namespace

TEST_CASE("tables and rows survive a clean close and reopen", "[engine][persistence]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  {
    Database db = Database::Open(directory.path());
    granary::Session session = db.Connect();
    session.Execute("CREATE TABLE notes (id int, body text DEFAULT 'empty', at timestamp)");
    session.Execute("INSERT INTO notes (id, at) VALUES (1, '2024-02-29 12:30:00')");
    session.Execute("INSERT INTO notes VALUES (2, 'second', NULL)");
    session.Execute("CREATE TABLE dropped (x int)");
    session.Execute("DROP TABLE dropped");
    session.Begin();
    session.Execute("INSERT INTO notes VALUES (3, 'never committed', NULL)");
    // The database closes with this transaction still open: it must not survive.
  }
  {
    Database db = Database::Open(directory.path());
    granary::Session session = db.Connect();
    granary::Result rows = session.Execute("SELECT id, body, at FROM notes ORDER BY id");
    REQUIRE(rows.row_count() == 2);
    CHECK(rows.row(0).GetString(1) == "empty");
    CHECK(rows.row(0).GetString(2) == "2024-02-29 12:30:00");
    CHECK(rows.row(1).GetString(1) == "second");
    // Defaults are kept in the catalog across restarts.
    session.Execute("INSERT INTO notes (id) VALUES (4)");
    CHECK(session.Execute("SELECT body FROM notes WHERE id = 4").row(0).GetString(0) == "empty");
    CHECK_THROWS_AS(session.Execute("SELECT * FROM dropped"), Error);
  }
}

TEST_CASE("opening what is not a Granary directory fails clearly", "[engine][persistence]") {
  granary::testing::TempDataDirectory directory;
  std::string message;
  CHECK(OpenError(directory.path(), &message) == "58P01");
  CHECK(message.find("does not exist") != std::string::npos);

  CHECK(OpenError(directory.root(), &message) == "58P01");
  CHECK(message.find("is not a Granary data directory") != std::string::npos);
}

TEST_CASE("a second process cannot open an open data directory", "[engine][persistence]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  Database db = Database::Open(directory.path());
  const pid_t child = fork();
  if (child == 0) {
    std::string message;
    const std::string state = OpenError(directory.path(), &message);
    _exit(state == "55006" && message.find("in use") != std::string::npos ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("a page with a wrong checksum is reported, not trusted", "[engine][persistence]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  uint32_t relfile = 0;
  {
    Database db = Database::Open(directory.path());
    granary::Session session = db.Connect();
    session.Execute("CREATE TABLE t (x int, filler text)");
    session.Execute("INSERT INTO t VALUES (1, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), (2, 'bbbbbbbbbb')");
    // The first user relation file is the table's (its toast relation comes next).
    relfile = UINT32_MAX;
    for (const auto& entry : std::filesystem::directory_iterator(directory.path() + "/base")) {
      const auto number = static_cast<uint32_t>(std::stoul(entry.path().filename().string()));
      if (number >= 16384) relfile = std::min(relfile, number);
    }
  }
  {
    std::fstream file(directory.path() + "/base/" + std::to_string(relfile),
                      std::ios::in | std::ios::out | std::ios::binary);
    REQUIRE(file.good());
    file.seekp(8000);
    file.put('\x5A');
  }
  Database db = Database::Open(directory.path());
  granary::Session session = db.Connect();
  try {
    session.Execute("SELECT * FROM t");
    FAIL("a corrupt page was read without complaint");
  } catch (const Error& error) {
    CHECK(error.sqlstate() == "XX001");
    CHECK(error.message().find("invalid page in block 0") != std::string::npos);
  }
  // Other tables are unaffected.
  CHECK(session.Execute("SELECT 1 + 1").row(0).GetInt64(0) == 2);
}

TEST_CASE("comments and tables made by CREATE TABLE AS survive a restart", "[engine][persistence]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  {
    Database db = Database::Open(directory.path());
    granary::Session session = db.Connect();
    session.Execute("CREATE TABLE source (id int, name text)");
    session.Execute("INSERT INTO source VALUES (1, 'one'), (2, 'two')");
    session.Execute("CREATE TABLE copied (k, v) AS SELECT id, name FROM source");
    session.Execute("SELECT id * 10 AS tens INTO selected FROM source");
    session.Execute("CREATE ROLE commented");
    session.Execute("COMMENT ON TABLE copied IS 'a copy'");
    session.Execute("COMMENT ON COLUMN copied.v IS 'the name'");
    session.Execute("COMMENT ON ROLE commented IS 'a role'");
    session.Execute("COMMENT ON SCHEMA public IS 'the schema'");
    session.Begin();
    session.Execute("COMMENT ON TABLE source IS 'never committed'");
    session.Execute("CREATE TABLE uncommitted AS SELECT 1 AS x");
  }
  {
    Database db = Database::Open(directory.path());
    granary::Session session = db.Connect();
    granary::Result copied = session.Execute("SELECT k, v FROM copied ORDER BY k");
    REQUIRE(copied.row_count() == 2);
    CHECK(copied.row(1).GetString(1) == "two");
    CHECK(session.Execute("SELECT sum(tens) FROM selected").row(0).GetString(0) == "30");
    granary::Result comments = session.Execute(
        "SELECT obj_description('copied'::regclass, 'pg_class'), col_description('copied'::regclass, 2), "
        "obj_description('source'::regclass, 'pg_class'), "
        "(SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = 'commented'), "
        "(SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = 'public')");
    CHECK(comments.row(0).GetString(0) == "a copy");
    CHECK(comments.row(0).GetString(1) == "the name");
    CHECK(comments.row(0).IsNull(2));
    CHECK(comments.row(0).GetString(3) == "a role");
    CHECK(comments.row(0).GetString(4) == "the schema");
    CHECK_THROWS_AS(session.Execute("SELECT * FROM uncommitted"), Error);
  }
}
