// Enum types through the embedded API. They survive a crash: the types, their labels (with
// the sort orders ADD VALUE BEFORE/AFTER gave), the columns and indexes of them are
// replayed from the log; the parent process never registered the types itself (the child
// made them), so what it prints and how it orders come from the recovered pg_type and
// pg_enum rows alone. Parameters of an enum's place (text and binary) are read as that
// enum, whose oid the statement reports as the parameter's type.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "crash_helpers.hpp"
#include "engine_test_support.hpp"
#include "granary/granary.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Session;
using granary::testing::Crash;
using granary::testing::CrashAfter;
using granary::testing::One;
using granary::testing::SqlState;

namespace {

std::vector<std::string> Column(Session& session, const std::string& sql) {
  granary::Result result = session.Execute(sql);
  std::vector<std::string> values;
  for (size_t i = 0; i < result.row_count(); ++i) values.push_back(result.row(i).GetString(0));
  return values;
}

}  // namespace

TEST_CASE("enum types, labels and enum columns are replayed from the log after a crash",
          "[engine][persistence][enum]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  REQUIRE(CrashAfter([&] {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    session.Execute("CREATE TYPE crash_mood AS ENUM ('sad', 'ok', 'happy')");
    session.Execute("ALTER TYPE crash_mood ADD VALUE 'meh' BEFORE 'ok'");
    session.Execute("ALTER TYPE crash_mood RENAME VALUE 'happy' TO 'glad'");
    session.Execute("CREATE TABLE crash_person (name text, m crash_mood)");
    session.Execute("CREATE INDEX crash_person_m ON crash_person (m)");
    session.Execute("INSERT INTO crash_person VALUES ('a', 'glad'), ('b', 'sad'), ('c', 'meh'), ('d', 'ok')");
    Session other = db.Connect();
    other.Execute("BEGIN");
    other.Execute("CREATE TYPE crash_uncommitted AS ENUM ('x')");
    other.Execute("ALTER TYPE crash_mood ADD VALUE 'never'");
    Crash();
  }));
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  CHECK(Column(session, "SELECT m FROM crash_person ORDER BY m") ==
        std::vector<std::string>{"sad", "meh", "ok", "glad"});
  CHECK(Column(session, "SELECT name FROM crash_person WHERE m > 'meh' ORDER BY m") ==
        std::vector<std::string>{"d", "a"});
  CHECK(One(session, "SELECT enum_range(NULL::crash_mood)::text") == "{sad,meh,ok,glad}");
  CHECK(One(session, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                     "WHERE attrelid = 'crash_person'::regclass AND attname = 'm'") == "crash_mood");
  CHECK(SqlState([&] { session.Execute("SELECT 'never'::crash_mood"); }) == "22P02");
  CHECK(SqlState([&] { session.Execute("SELECT 'x'::crash_uncommitted"); }) == "42704");
  session.Execute("INSERT INTO crash_person VALUES ('e', 'ok')");
  CHECK(One(session, "SELECT count(*) FROM crash_person WHERE m = 'ok'") == "2");
}

TEST_CASE("enum parameters take the enum of their place, in text and binary form", "[engine][enum]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  session.Execute("CREATE TYPE param_mood AS ENUM ('sad', 'ok')");
  session.Execute("CREATE TABLE param_person (name text, m param_mood)");
  session.Execute("INSERT INTO param_person VALUES ($1, $2)", {granary::Param("a"), granary::Param("ok")});
  session.Execute("INSERT INTO param_person VALUES ($1, $2)",
                  {granary::Param("b"), granary::Param::Binary(std::string("sad"))});
  CHECK(Column(session, "SELECT name FROM param_person ORDER BY m") == std::vector<std::string>{"b", "a"});
  CHECK(session.Execute("SELECT name FROM param_person WHERE m = $1", {granary::Param("ok")}).row(0).GetString(0) ==
        "a");
  CHECK(session.Execute("SELECT $1::param_mood", {granary::Param::Binary(std::string("ok"))}).row(0).GetString(0) ==
        "ok");
  CHECK(SqlState([&] { session.Execute("SELECT $1::param_mood", {granary::Param("nope")}); }) == "22P02");
  granary::PreparedStatement insert = session.Prepare("INSERT INTO param_person VALUES ('c', $1)");
  CHECK(insert.parameter_types().size() == 1);
  CHECK(One(session, "SELECT 'param_mood'::regtype::oid::text") == std::to_string(insert.parameter_types()[0]));
}
