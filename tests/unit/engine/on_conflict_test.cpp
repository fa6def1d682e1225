// INSERT ... ON CONFLICT from several sessions at once: no unique violation escapes, no
// update is lost (every increment of every counter is in the final sums), DO NOTHING inserts
// each key once, and REPEATABLE READ raises 40001 for a conflicting row its snapshot cannot
// see, as PostgreSQL 15 does.
#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "granary/granary.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Error;
using granary::Session;

namespace {

int64_t Scalar(Session& session, std::string_view sql) {
  return session.Execute(sql).row(0).GetInt64(0);
}

}  // namespace

TEST_CASE("concurrent upserts of the same keys lose no increment", "[engine][on_conflict]") {
  granary::testing::TempDataDirectory directory;
  Database db = (Database::Create(directory.path()), Database::Open(directory.path()));
  {
    Session setup = db.Connect();
    setup.Execute("CREATE TABLE counters (k int PRIMARY KEY, n int NOT NULL)");
  }
  constexpr int kThreads = 4;
  constexpr int kRounds = 100;
  constexpr int kKeys = 5;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Session session = db.Connect();
      session.Execute("SET synchronous_commit = off");
      for (int i = 0; i < kRounds; ++i) {
        const int key = (i + t) % kKeys;
        try {
          session.Execute("INSERT INTO counters VALUES (" + std::to_string(key) +
                          ", 1) ON CONFLICT (k) DO UPDATE SET n = counters.n + excluded.n");
        } catch (const Error&) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(failures == 0);
  Session check = db.Connect();
  CHECK(Scalar(check, "SELECT count(*) FROM counters") == kKeys);
  CHECK(Scalar(check, "SELECT sum(n) FROM counters") == kThreads * kRounds);
}

TEST_CASE("concurrent DO NOTHING inserts each key once", "[engine][on_conflict]") {
  granary::testing::TempDataDirectory directory;
  Database db = (Database::Create(directory.path()), Database::Open(directory.path()));
  {
    Session setup = db.Connect();
    setup.Execute("CREATE TABLE seen (k int PRIMARY KEY, who int)");
  }
  constexpr int kThreads = 4;
  constexpr int kKeys = 150;
  std::atomic<int> failures{0};
  std::atomic<int64_t> inserted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Session session = db.Connect();
      session.Execute("SET synchronous_commit = off");
      for (int key = 0; key < kKeys; ++key) {
        try {
          inserted += session
                          .Execute("INSERT INTO seen VALUES (" + std::to_string(key) + ", " +
                                   std::to_string(t) + ") ON CONFLICT DO NOTHING")
                          .affected_rows();
        } catch (const Error&) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(failures == 0);
  CHECK(inserted == kKeys);
  Session check = db.Connect();
  CHECK(Scalar(check, "SELECT count(*) FROM seen") == kKeys);
}

TEST_CASE("an upsert waits for an open inserter of the same key", "[engine][on_conflict]") {
  granary::testing::TempDataDirectory directory;
  Database db = (Database::Create(directory.path()), Database::Open(directory.path()));
  Session a = db.Connect();
  Session b = db.Connect();
  a.Execute("CREATE TABLE t (k int PRIMARY KEY, v text)");
  a.Execute("BEGIN");
  a.Execute("INSERT INTO t VALUES (1, 'a')");
  std::thread other([&] {
    b.Execute("INSERT INTO t VALUES (1, 'b') ON CONFLICT (k) DO UPDATE SET v = t.v || excluded.v");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  a.Execute("COMMIT");
  other.join();
  CHECK(a.Execute("SELECT v FROM t").row(0).GetString(0) == "ab");
}

TEST_CASE("REPEATABLE READ upsert of a row committed after the snapshot is 40001",
          "[engine][on_conflict]") {
  granary::testing::TempDataDirectory directory;
  Database db = (Database::Create(directory.path()), Database::Open(directory.path()));
  Session a = db.Connect();
  Session b = db.Connect();
  a.Execute("CREATE TABLE t (k int PRIMARY KEY, v int)");
  a.Execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
  a.Execute("SELECT count(*) FROM t");
  b.Execute("INSERT INTO t VALUES (1, 1)");
  std::string state;
  try {
    a.Execute("INSERT INTO t VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET v = 3");
  } catch (const Error& error) {
    state = error.sqlstate();
  }
  CHECK(state == "40001");
  a.Execute("ROLLBACK");
  a.Execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
  a.Execute("SELECT count(*) FROM t");
  b.Execute("INSERT INTO t VALUES (2, 1)");
  state.clear();
  try {
    a.Execute("INSERT INTO t VALUES (2, 2) ON CONFLICT DO NOTHING");
  } catch (const Error& error) {
    state = error.sqlstate();
  }
  CHECK(state == "40001");
  a.Execute("ROLLBACK");
}

TEST_CASE("DO UPDATE locks the conflicting row even when its WHERE rejects it",
          "[engine][on_conflict]") {
  granary::testing::TempDataDirectory directory;
  Database db = (Database::Create(directory.path()), Database::Open(directory.path()));
  Session a = db.Connect();
  Session b = db.Connect();
  a.Execute("CREATE TABLE t (k int PRIMARY KEY, v int)");
  a.Execute("INSERT INTO t VALUES (1, 1)");
  a.Execute("BEGIN");
  CHECK(a.Execute("INSERT INTO t VALUES (1, 2) ON CONFLICT (k) DO UPDATE SET v = 3 WHERE t.v = 0")
            .affected_rows() == 0);
  std::atomic<bool> done{false};
  std::thread other([&] {
    b.Execute("UPDATE t SET v = v + 10 WHERE k = 1");
    done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK_FALSE(done);  // PostgreSQL's LockTupleExclusive: b waits for a
  a.Execute("COMMIT");
  other.join();
  CHECK(a.Execute("SELECT v FROM t").row(0).GetInt64(0) == 11);
}

TEST_CASE("plain inserts racing upserts of the same keys leak no unique violation into the upserts",
          "[engine][on_conflict]") {
  granary::testing::TempDataDirectory directory;
  Database db = (Database::Create(directory.path()), Database::Open(directory.path()));
  {
    Session setup = db.Connect();
    setup.Execute("CREATE TABLE t (k int PRIMARY KEY, n int NOT NULL)");
  }
  constexpr int kKeys = 200;
  std::atomic<int> upsert_failures{0};
  std::atomic<int> plain_inserted{0};
  std::atomic<int> plain_other_errors{0};
  std::thread plain([&] {
    Session session = db.Connect();
    session.Execute("SET synchronous_commit = off");
    for (int key = 0; key < kKeys; ++key) {
      try {
        session.Execute("INSERT INTO t VALUES (" + std::to_string(key) + ", 1)");
        ++plain_inserted;
      } catch (const Error& error) {
        if (error.sqlstate() != "23505") ++plain_other_errors;  // 23505: the upsert was first
      }
    }
  });
  std::thread upsert([&] {
    Session session = db.Connect();
    session.Execute("SET synchronous_commit = off");
    for (int key = 0; key < kKeys; ++key) {
      try {
        session.Execute("INSERT INTO t VALUES (" + std::to_string(key) +
                        ", 1) ON CONFLICT (k) DO UPDATE SET n = t.n + 1");
      } catch (const Error&) {
        ++upsert_failures;
      }
    }
  });
  plain.join();
  upsert.join();
  CHECK(upsert_failures == 0);
  CHECK(plain_other_errors == 0);
  Session check = db.Connect();
  CHECK(check.Execute("SELECT count(*) FROM t").row(0).GetInt64(0) == kKeys);
  CHECK(check.Execute("SELECT sum(n) FROM t").row(0).GetInt64(0) == kKeys + plain_inserted);
}
