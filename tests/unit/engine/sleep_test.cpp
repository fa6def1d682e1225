// pg_sleep through the embedding API: it returns the void value, waits inside a blocking
// region (so a worker pool runs other sessions meanwhile), and ends promptly with 57014 when
// the session is cancelled or statement_timeout passes.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "common/blocking_region.hpp"
#include "granary/granary.hpp"
#include "engine_test_support.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Result;
using granary::Session;
using granary::testing::SqlState;

namespace {

using Clock = std::chrono::steady_clock;

struct Fixture {
  granary::testing::TempDataDirectory directory;
  Database db;
  Session session;
  Fixture() : db((Database::Create(directory.path()), Database::Open(directory.path()))), session(db.Connect()) {}
};

struct CountingListener final : granary::BlockingListener {
  void OnBlockingBegin() noexcept override { ++begins; }
  void OnBlockingEnd() noexcept override { ++ends; }
  int begins = 0;
  int ends = 0;
};

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

TEST_CASE("pg_sleep returns void after waiting in a blocking region", "[engine][sleep]") {
  Fixture f;
  CountingListener listener;
  granary::SetBlockingListener(&listener);
  const Clock::time_point start = Clock::now();
  const Result result = f.session.Execute("SELECT pg_sleep(0.05)");
  const double elapsed = SecondsSince(start);
  granary::SetBlockingListener(nullptr);
  CHECK(elapsed >= 0.05);
  REQUIRE(result.columns().size() == 1);
  CHECK(result.columns()[0].type_oid == 2278);
  CHECK(result.columns()[0].type_name == "void");
  REQUIRE(result.row_count() == 1);
  CHECK_FALSE(result.row(0).IsNull(0));
  CHECK(result.row(0).GetString(0).empty());
  std::string binary;
  result.row(0).AppendBinary(0, binary);
  CHECK(binary.empty());
  CHECK(listener.begins >= 1);
  CHECK(listener.begins == listener.ends);
}

TEST_CASE("a cancel ends pg_sleep promptly", "[engine][sleep]") {
  Fixture f;
  std::atomic<bool> done{false};
  std::string sqlstate;
  const Clock::time_point start = Clock::now();
  std::thread sleeper([&] {
    sqlstate = SqlState([&] { f.session.Execute("SELECT pg_sleep(60)"); });
    done = true;
  });
  // A cancel before the statement starts does nothing: ask until it has ended.
  while (!done && SecondsSince(start) < 30) {
    f.session.Cancel();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  sleeper.join();
  CHECK(sqlstate == "57014");
  CHECK(SecondsSince(start) < 5);
  // The session goes on.
  CHECK(f.session.Execute("SELECT 1").row(0).GetInt64(0) == 1);
}

TEST_CASE("statement_timeout ends pg_sleep", "[engine][sleep]") {
  Fixture f;
  f.session.Execute("SET statement_timeout = '100ms'");
  for (const char* sql : {"SELECT pg_sleep(60)", "SELECT pg_sleep('infinity')", "SELECT pg_sleep_for('1 hour')",
                          "SELECT pg_sleep_until(now() + interval '1 day')"}) {
    const Clock::time_point start = Clock::now();
    CHECK(SqlState([&] { f.session.Execute(sql); }) == "57014");
    const double elapsed = SecondsSince(start);
    CHECK(elapsed >= 0.09);
    CHECK(elapsed < 5);
  }
}
