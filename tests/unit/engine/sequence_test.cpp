// Sequences through the engine: nextval never hands out a value twice — not across threads,
// not across a crash (values are logged 32 ahead, PostgreSQL's SEQ_LOG_VALS), not across a
// crash right after a checkpoint — and it is not rolled back with the transaction.
#include <catch2/catch.hpp>

#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "granary/granary.hpp"
#include "crash_helpers.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Session;
using granary::testing::Crash;
using granary::testing::CrashAfter;

namespace {

int64_t Scalar(Session& session, std::string_view sql) {
  return session.Execute(sql).row(0).GetInt64(0);
}

}  // namespace

TEST_CASE("nextval after a crash continues beyond every value handed out", "[engine][sequence]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    session.Execute("CREATE SEQUENCE s");
  }
  for (int round = 0; round < 3; ++round) {
    int64_t last = 0;
    {
      Database db = Database::Open(directory.path());
      Session session = db.Connect();
      last = Scalar(session, "SELECT nextval('s')");
    }
    // The child takes 40 more values (more than one log-ahead batch) and crashes; it cannot
    // report them, but they are last+1 .. last+40.
    REQUIRE(CrashAfter([&] {
      Database db = Database::Open(directory.path());
      Session session = db.Connect();
      session.Execute("SET synchronous_commit = off");
      for (int i = 0; i < 40; ++i) session.Execute("SELECT nextval('s')");
      Crash();
    }));
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    CHECK(Scalar(session, "SELECT nextval('s')") > last + 40);
  }
}

TEST_CASE("nextval after a checkpoint and a crash does not repeat values", "[engine][sequence]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    session.Execute("CREATE SEQUENCE s");
    session.Execute("SELECT nextval('s')");
  }
  // Values taken after a checkpoint must be covered by a record after its redo point.
  REQUIRE(CrashAfter([&] {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    session.Execute("SELECT nextval('s')");  // 2: the batch logged before the checkpoint
    session.Execute("CHECKPOINT");
    for (int i = 0; i < 5; ++i) session.Execute("SELECT nextval('s')");  // 3..7
    Crash();
  }));
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  CHECK(Scalar(session, "SELECT nextval('s')") > 7);
}

TEST_CASE("nextval is not rolled back and currval is per session", "[engine][sequence]") {
  granary::testing::TempDataDirectory directory;
  Database db = (Database::Create(directory.path()), Database::Open(directory.path()));
  Session a = db.Connect();
  Session b = db.Connect();
  a.Execute("CREATE SEQUENCE s");
  a.Execute("BEGIN");
  CHECK(Scalar(a, "SELECT nextval('s')") == 1);
  a.Execute("ROLLBACK");
  CHECK(Scalar(b, "SELECT nextval('s')") == 2);
  CHECK(Scalar(a, "SELECT currval('s')") == 1);
  CHECK(Scalar(b, "SELECT currval('s')") == 2);
  CHECK(Scalar(a, "SELECT last_value FROM s") == 2);
}

TEST_CASE("nextval from many threads hands out distinct values", "[engine][sequence]") {
  granary::testing::TempDataDirectory directory;
  Database db = (Database::Create(directory.path()), Database::Open(directory.path()));
  {
    Session setup = db.Connect();
    setup.Execute("CREATE SEQUENCE s");
    setup.Execute("CREATE TABLE t (id bigserial PRIMARY KEY, who int)");
  }
  constexpr int kThreads = 4;
  constexpr int kCalls = 200;
  std::mutex mutex;
  std::set<int64_t> values;
  size_t total = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Session session = db.Connect();
      session.Execute("SET synchronous_commit = off");
      std::vector<int64_t> mine;
      for (int i = 0; i < kCalls; ++i) {
        mine.push_back(Scalar(session, "SELECT nextval('s')"));
        session.Execute("INSERT INTO t (who) VALUES (" + std::to_string(t) + ")");
      }
      std::lock_guard lock(mutex);
      values.insert(mine.begin(), mine.end());
      total += mine.size();
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(total == kThreads * kCalls);
  CHECK(values.size() == total);
  CHECK(*values.begin() == 1);
  CHECK(*values.rbegin() == kThreads * kCalls);
  Session check = db.Connect();
  CHECK(Scalar(check, "SELECT count(DISTINCT id) FROM t") == kThreads * kCalls);
  CHECK(Scalar(check, "SELECT max(id) FROM t") == kThreads * kCalls);
}

TEST_CASE("COPY FROM fills SERIAL and identity columns and writes given identity values",
          "[engine][sequence]") {
  granary::testing::TempDataDirectory directory;
  Database db = (Database::Create(directory.path()), Database::Open(directory.path()));
  Session session = db.Connect();
  session.Execute("CREATE TABLE c (id serial, g int GENERATED ALWAYS AS IDENTITY, x text)");
  CHECK(session.CopyFrom("COPY c (x) FROM STDIN", std::string("a\nb\n")).command_tag() == "COPY 2");
  // As in PostgreSQL, COPY writes a GENERATED ALWAYS column it is given (no 428C9).
  CHECK(session.CopyFrom("COPY c (g, x) FROM STDIN", std::string("50\tc\n")).command_tag() == "COPY 1");
  CHECK(Scalar(session, "SELECT max(id) FROM c") == 3);
  CHECK(Scalar(session, "SELECT sum(g) FROM c") == 53);
  CHECK(Scalar(session, "SELECT currval('c_id_seq')") == 3);
}
