// Parallel aggregation through the embedding API: the plan's workers raise their errors as
// the statement's, a cancel or statement_timeout stops the leader and every worker, and the
// session goes on (no worker outlives its statement).
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "granary/granary.hpp"
#include "engine_test_support.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Session;
using granary::testing::One;
using granary::testing::SqlState;

namespace {

using Clock = std::chrono::steady_clock;

// A table of 20,000 rows and a session that plans parallel aggregation over it whatever its
// size (PostgreSQL's regression-test settings).
struct Fixture {
  granary::testing::TempDataDirectory directory;
  Database db;
  Session session;
  Fixture() : db((Database::Create(directory.path()), Database::Open(directory.path()))), session(db.Connect()) {
    session.Execute("CREATE TABLE pa (id int, v int)");
    session.Execute("INSERT INTO pa SELECT i, i % 100 FROM generate_series(1, 20000) i");
    session.Execute("ANALYZE pa");
    session.Execute("SET parallel_setup_cost = 0");
    session.Execute("SET parallel_tuple_cost = 0");
    session.Execute("SET min_parallel_table_scan_size = 0");
  }
  std::string Plan(const std::string& sql) {
    const granary::Result result = session.Execute("EXPLAIN (COSTS OFF) " + sql);
    std::string text;
    for (size_t i = 0; i < result.row_count(); ++i) text += result.row(i).GetString(0) + "\n";
    return text;
  }
};

double SecondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace

TEST_CASE("a parallel aggregate equals the serial one", "[engine][parallel]") {
  Fixture f;
  const std::string sql = "SELECT count(*), sum(v), min(id), max(id), avg(v) FROM pa WHERE id % 3 <> 0";
  REQUIRE(f.Plan(sql).find("Gather") != std::string::npos);
  const std::string parallel_count = One(f.session, "SELECT count(*) FROM pa WHERE id % 3 <> 0");
  const std::string parallel_sum = One(f.session, "SELECT sum(v) FROM pa WHERE id % 3 <> 0");
  f.session.Execute("SET max_parallel_workers_per_gather = 0");
  REQUIRE(f.Plan(sql).find("Gather") == std::string::npos);
  CHECK(One(f.session, "SELECT count(*) FROM pa WHERE id % 3 <> 0") == parallel_count);
  CHECK(One(f.session, "SELECT sum(v) FROM pa WHERE id % 3 <> 0") == parallel_sum);
}

TEST_CASE("an error in a parallel worker is the statement's, and the session goes on", "[engine][parallel]") {
  Fixture f;
  REQUIRE(f.Plan("SELECT sum(100 / (id - 15000)) FROM pa").find("Gather") != std::string::npos);
  for (int i = 0; i < 20; ++i) {
    CHECK(SqlState([&] { f.session.Execute("SELECT sum(100 / (id - 15000)) FROM pa"); }) == "22012");
    CHECK(SqlState([&] { f.session.Execute("SELECT sum(id * 1000000000) FROM pa"); }) == "22003");
  }
  CHECK(One(f.session, "SELECT count(*) FROM pa") == "20000");
  // Inside a transaction block, the error aborts it as any error does.
  f.session.Execute("BEGIN");
  CHECK(SqlState([&] { f.session.Execute("SELECT sum(100 / (id - 15000)) FROM pa"); }) == "22012");
  CHECK(SqlState([&] { f.session.Execute("SELECT 1"); }) == "25P02");
  f.session.Execute("ROLLBACK");
  CHECK(One(f.session, "SELECT sum(v) FROM pa") == "990000");
}

TEST_CASE("statement_timeout and a cancel stop a parallel aggregate", "[engine][parallel]") {
  Fixture f;
  // pg_sleep per row: every participant is still busy when the time is up.
  const std::string slow = "SELECT count(pg_sleep(0.001)) FROM pa";
  REQUIRE(f.Plan(slow).find("Gather") != std::string::npos);
  f.session.Execute("SET statement_timeout = '200ms'");
  Clock::time_point start = Clock::now();
  CHECK(SqlState([&] { f.session.Execute(slow); }) == "57014");
  CHECK(SecondsSince(start) < 10);
  f.session.Execute("SET statement_timeout = 0");
  CHECK(One(f.session, "SELECT count(*) FROM pa") == "20000");

  std::atomic<bool> done{false};
  std::string sqlstate;
  start = Clock::now();
  std::thread runner([&] {
    sqlstate = SqlState([&] { f.session.Execute(slow); });
    done = true;
  });
  while (!done && SecondsSince(start) < 30) {
    f.session.Cancel();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  runner.join();
  CHECK(sqlstate == "57014");
  CHECK(SecondsSince(start) < 10);
  CHECK(One(f.session, "SELECT count(*) FROM pa") == "20000");
}
