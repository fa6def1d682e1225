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
