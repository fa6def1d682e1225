// COPY through the C++ embedding API: CopyFrom/CopyTo with streams and strings, the
// CopyData/CopyDone/CopyFail pieces, scripts paused at COPY FROM STDIN, and the
// transactions around them.
#include <catch2/catch.hpp>

#include <sstream>

#include "granary/granary.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Error;
using granary::Result;
using granary::Session;

namespace {

int64_t Count(Session& session, const std::string& table) {
  return session.Execute("SELECT count(*) FROM " + table).row(0).GetInt64(0);
}

}  // namespace

TEST_CASE("COPY from a stream and a string, and to a stream", "[engine][copy]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  session.Execute("CREATE TABLE t (a int PRIMARY KEY, b text)");

  std::istringstream input("1\tone\n2\t\\N\n");
  Result loaded = session.CopyFrom("COPY t FROM STDIN", input);
  REQUIRE(loaded.command_tag() == "COPY 2");
  REQUIRE(loaded.affected_rows() == 2);
  REQUIRE(session.CopyFrom("COPY t FROM STDIN (FORMAT csv)", "3,\"x,y\"\n").command_tag() == "COPY 1");

  std::ostringstream output;
  Result copied = session.CopyTo("COPY t TO STDOUT (FORMAT csv, HEADER)", output);
  REQUIRE(copied.command_tag() == "COPY 3");
  REQUIRE(output.str() == "a,b\n1,one\n2,\n3,\"x,y\"\n");

  Result direct = session.Execute("COPY (SELECT a FROM t ORDER BY a DESC) TO STDOUT");
  REQUIRE(direct.copy_direction() == Result::CopyDirection::kOut);
  REQUIRE(direct.copy_column_count() == 1);
  REQUIRE(direct.copy_row_count() == 3);
  REQUIRE(direct.copy_row(0) == "3\n");
}

TEST_CASE("COPY FROM STDIN fed in pieces; errors end it like a statement", "[engine][copy]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  session.Execute("CREATE TABLE t (a int PRIMARY KEY, b text)");

  Result started = session.Execute("COPY t FROM STDIN");
  REQUIRE(started.copy_direction() == Result::CopyDirection::kIn);
  REQUIRE(started.copy_column_count() == 2);
  REQUIRE(session.copy_in_progress());
  REQUIRE_THROWS_AS(session.Execute("SELECT 1"), Error);  // 08P01 while the COPY waits
  session.CopyData("1\tsp");
  session.CopyData("lit\n2\tb\n");
  REQUIRE(session.CopyDone().command_tag() == "COPY 2");
  REQUIRE_FALSE(session.copy_in_progress());
  REQUIRE(session.Execute("SELECT b FROM t WHERE a = 1").row(0).GetString(0) == "split");

  // A bad value: 22P02 with PostgreSQL's context; the COPY's rows are rolled back.
  session.Execute("COPY t FROM STDIN");
  try {
    session.CopyData("3\tc\nx\td\n");
    FAIL("no error");
  } catch (const Error& error) {
    REQUIRE(error.sqlstate() == "22P02");
    REQUIRE(error.context() == "COPY t, line 2, column a: \"x\"");
  }
  REQUIRE_FALSE(session.copy_in_progress());
  REQUIRE(Count(session, "t") == 2);

  // A cancel while the COPY waits for data fails it at the next piece of data.
  session.Execute("COPY t FROM STDIN");
  session.CopyData("5\te\n");
  session.Cancel();
  try {
    session.CopyData("6\tf\n");
    FAIL("no error");
  } catch (const Error& error) {
    REQUIRE(error.sqlstate() == "57014");
    REQUIRE(error.message() == "canceling statement due to user request");
    REQUIRE(error.context() == "COPY t, line 2");
  }
  REQUIRE(Count(session, "t") == 2);

  // CopyFail inside a block fails the block.
  session.Begin();
  session.Execute("COPY t FROM STDIN");
  session.CopyData("4\td\n");
  try {
    session.CopyFail("changed my mind");
    FAIL("no error");
  } catch (const Error& error) {
    REQUIRE(error.sqlstate() == "57014");
    REQUIRE(error.message() == "COPY from stdin failed: changed my mind");
  }
  REQUIRE(session.transaction_status() == 'E');
  session.Rollback();
  REQUIRE(Count(session, "t") == 2);
}

TEST_CASE("a script pauses at COPY FROM STDIN and resumes after it", "[engine][copy]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  session.Execute("CREATE TABLE t (a int)");

  std::vector<std::string> tags;
  auto on_result = [&](Result& result) { tags.push_back(result.command_tag()); };
  session.ExecuteScript("INSERT INTO t VALUES (1); COPY t FROM STDIN; SELECT count(*) FROM t", on_result);
  REQUIRE(session.copy_in_progress());
  REQUIRE(tags == std::vector<std::string>{"INSERT 0 1", ""});
  session.CopyData("2\n3\n");
  tags.push_back(session.CopyDone().command_tag());
  session.ResumeScript(on_result);
  REQUIRE(tags == std::vector<std::string>{"INSERT 0 1", "", "COPY 2", "SELECT 1"});
  REQUIRE(Count(session, "t") == 3);  // the script's implicit transaction committed
}

TEST_CASE("TRUNCATE is transactional and survives a reopen", "[engine][truncate]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    session.Execute("CREATE TABLE t (a int PRIMARY KEY)");
    session.CopyFrom("COPY t FROM STDIN", "1\n2\n3\n");
    session.Begin();
    session.Execute("TRUNCATE t");
    REQUIRE(Count(session, "t") == 0);
    session.Rollback();
    REQUIRE(Count(session, "t") == 3);
    session.Execute("TRUNCATE t");
    session.CopyFrom("COPY t FROM STDIN", "7\n");
  }
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  REQUIRE(Count(session, "t") == 1);
  REQUIRE_THROWS_AS(session.Execute("INSERT INTO t VALUES (7)"), Error);
  REQUIRE(db.VerifyStorage().ok());
}

TEST_CASE("COPY to and from a server file and program", "[engine][copy]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  session.Execute("CREATE TABLE t (a int PRIMARY KEY, b text)");
  session.Execute("INSERT INTO t VALUES (1, 'one'), (2, NULL), (3, 'tab\there')");

  const std::string file = directory.path() + "/t.data";
  REQUIRE(session.Execute("COPY t TO '" + file + "'").command_tag() == "COPY 3");
  // Written by the server, nothing for the client: the result carries only the tag.
  REQUIRE(session.Execute("COPY t TO '" + file + ".csv' (FORMAT csv, HEADER)").copy_direction() ==
          Result::CopyDirection::kNone);

  session.Execute("CREATE TABLE u (a int PRIMARY KEY, b text)");
  REQUIRE(session.Execute("COPY u FROM '" + file + "'").command_tag() == "COPY 3");
  // A relative name is read from the data directory.
  REQUIRE(session.Execute("COPY u (a, b) FROM 't.data.csv' (FORMAT csv, HEADER) WHERE a > 10").command_tag() ==
          "COPY 0");
  REQUIRE(session.Execute("SELECT count(*) FROM t NATURAL JOIN u").row(0).GetInt64(0) == 2);  // NULL b
  REQUIRE(session.Execute("SELECT b FROM u WHERE a = 3").row(0).GetString(0) == "tab\there");

  // A duplicate key in the file: nothing of it stays, inside a block the block fails.
  REQUIRE_THROWS_AS(session.Execute("COPY u FROM '" + file + "'"), Error);
  REQUIRE(Count(session, "u") == 3);
  session.Execute("BEGIN");
  REQUIRE_THROWS_AS(session.Execute("COPY u FROM '" + file + "'"), Error);
  REQUIRE_THROWS_AS(session.Execute("SELECT 1"), Error);  // 25P02
  session.Execute("ROLLBACK");

  // Through a program, both ways; a large table crosses the pieces the file is read in.
  session.Execute("CREATE TABLE big AS SELECT g AS a, repeat('x', 100) AS b FROM generate_series(1, 20000) g");
  REQUIRE(session.Execute("COPY big TO PROGRAM 'cat > " + file + ".big'").command_tag() == "COPY 20000");
  session.Execute("CREATE TABLE big2 (a int, b text)");
  REQUIRE(session.Execute("COPY big2 FROM PROGRAM 'cat " + file + ".big'").command_tag() == "COPY 20000");
  REQUIRE(session.Execute("SELECT sum(a) FROM big2").row(0).GetInt64(0) == 20000LL * 20001 / 2);

  // Only superusers reach the server's files.
  granary::SessionOptions options;
  options.user = "alice";
  options.superuser = false;
  Session alice = db.Connect(options);
  try {
    alice.Execute("COPY t FROM '" + file + "'");
    FAIL("a non-superuser read a server file");
  } catch (const Error& error) {
    REQUIRE(error.sqlstate() == "42501");
  }
  try {
    alice.Execute("COPY t TO PROGRAM 'cat'");
    FAIL("a non-superuser ran a program");
  } catch (const Error& error) {
    REQUIRE(error.sqlstate() == "42501");
  }
}
