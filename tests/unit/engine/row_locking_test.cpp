// SELECT ... FOR UPDATE / FOR SHARE / NOWAIT / SKIP LOCKED and LOCK TABLE between sessions on
// several threads. Expectations follow PostgreSQL 15 for the same interleavings (its
// isolation tests: skip-locked, nowait, eval-plan-qual, deadlock-simple, lock-update-*).
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "concurrency_helpers.hpp"
#include "granary/granary.hpp"

using granary::Error;
using granary::Session;
using granary::testing::Scalar;
using granary::testing::SqlState;
using granary::testing::StillWaiting;
using Fixture = granary::testing::AccountsFixture;
using namespace std::chrono_literals;

namespace {

std::string ErrorMessage(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.message();
  }
  return "";
}

std::vector<int64_t> Column(Session& session, std::string_view sql) {
  std::vector<int64_t> values;
  for (const auto& row : session.Execute(sql)) values.push_back(row.GetInt64(0));
  return values;
}

}  // namespace

TEST_CASE("FOR UPDATE blocks an UPDATE of the row until the locker commits", "[engine][rowlocks]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  CHECK(Scalar(a, "SELECT balance FROM accounts WHERE id = 1 FOR UPDATE") == 100);
  auto update = std::async(std::launch::async, [&] {
    return b.Execute("UPDATE accounts SET balance = balance + 1 WHERE id = 1").affected_rows();
  });
  REQUIRE(StillWaiting(update));
  // Other rows are not locked.
  Session c = fixture.db.Connect();
  CHECK(c.Execute("UPDATE accounts SET balance = 0 WHERE id = 2").affected_rows() == 1);
  a.Execute("UPDATE accounts SET balance = 50 WHERE id = 1");
  a.Execute("COMMIT");
  CHECK(update.get() == 1);
  CHECK(Scalar(a, "SELECT balance FROM accounts WHERE id = 1") == 51);
}

TEST_CASE("FOR UPDATE blocks a DELETE and a FOR UPDATE, and a rollback releases the row",
          "[engine][rowlocks]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  Session c = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("SELECT * FROM accounts WHERE id = 3 FOR NO KEY UPDATE");
  auto del = std::async(std::launch::async, [&] {
    return b.Execute("DELETE FROM accounts WHERE id = 3").affected_rows();
  });
  REQUIRE(StillWaiting(del));
  a.Execute("ROLLBACK");
  CHECK(del.get() == 1);
  CHECK(c.Execute("SELECT * FROM accounts WHERE id = 3 FOR UPDATE").row_count() == 0);
}

TEST_CASE("FOR SHARE locks of several transactions coexist", "[engine][rowlocks]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  Session c = fixture.db.Connect();
  a.Execute("BEGIN");
  b.Execute("BEGIN");
  CHECK(a.Execute("SELECT id FROM accounts WHERE id <= 5 FOR SHARE").row_count() == 5);
  auto second = std::async(std::launch::async, [&] {
    return b.Execute("SELECT id FROM accounts WHERE id <= 5 FOR SHARE NOWAIT").row_count();
  });
  CHECK(second.wait_for(5s) == std::future_status::ready);
  CHECK(second.get() == 5);
  // KEY SHARE goes with SHARE too; an UPDATE waits for both sharers.
  CHECK(c.Execute("SELECT id FROM accounts WHERE id = 1 FOR KEY SHARE NOWAIT").row_count() == 1);
  auto update = std::async(std::launch::async, [&] {
    return c.Execute("UPDATE accounts SET balance = 1 WHERE id = 1").affected_rows();
  });
  REQUIRE(StillWaiting(update));
  a.Execute("COMMIT");
  REQUIRE(StillWaiting(update));
  b.Execute("COMMIT");
  CHECK(update.get() == 1);
}

TEST_CASE("FOR SHARE blocks FOR UPDATE", "[engine][rowlocks]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("SELECT id FROM accounts WHERE id = 4 FOR SHARE");
  b.Execute("BEGIN");
  auto locker = std::async(std::launch::async, [&] {
    return Scalar(b, "SELECT balance FROM accounts WHERE id = 4 FOR UPDATE");
  });
  REQUIRE(StillWaiting(locker));
  a.Execute("COMMIT");
  CHECK(locker.get() == 100);
  b.Execute("COMMIT");
}

TEST_CASE("FOR KEY SHARE does not block FOR NO KEY UPDATE or a non-key UPDATE, but blocks FOR UPDATE",
          "[engine][rowlocks]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("SELECT id FROM accounts WHERE id = 6 FOR KEY SHARE");
  b.Execute("BEGIN");
  CHECK(b.Execute("SELECT id FROM accounts WHERE id = 6 FOR NO KEY UPDATE NOWAIT").row_count() == 1);
  CHECK(b.Execute("UPDATE accounts SET balance = 7 WHERE id = 6").affected_rows() == 1);
  b.Execute("COMMIT");
  Session c = fixture.db.Connect();
  c.Execute("BEGIN");
  CHECK(SqlState([&] { c.Execute("SELECT id FROM accounts WHERE id = 6 FOR UPDATE NOWAIT"); }) == "55P03");
  c.Execute("ROLLBACK");
  a.Execute("COMMIT");
}

TEST_CASE("NOWAIT raises 55P03 instead of waiting for a row", "[engine][rowlocks]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("UPDATE accounts SET balance = 0 WHERE id = 7");
  b.Execute("BEGIN");
  CHECK(ErrorMessage([&] { b.Execute("SELECT * FROM accounts WHERE id = 7 FOR UPDATE NOWAIT"); }) ==
        "could not obtain lock on row in relation \"accounts\"");
  b.Execute("ROLLBACK");
  CHECK(SqlState([&] { b.Execute("SELECT * FROM accounts WHERE id = 7 FOR SHARE NOWAIT"); }) == "55P03");
  // Unlocked rows are locked without complaint.
  CHECK(b.Execute("SELECT * FROM accounts WHERE id = 8 FOR SHARE NOWAIT").row_count() == 1);
  a.Execute("COMMIT");
}

TEST_CASE("lock_timeout ends a wait for a row lock", "[engine][rowlocks]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("SELECT * FROM accounts WHERE id = 9 FOR UPDATE");
  b.Execute("SET lock_timeout = '100ms'");
  CHECK(SqlState([&] { b.Execute("SELECT * FROM accounts WHERE id = 9 FOR SHARE"); }) == "55P03");
  b.Execute("RESET lock_timeout");
  b.Execute("SET statement_timeout = '150ms'");
  CHECK(SqlState([&] { b.Execute("SELECT * FROM accounts WHERE id = 9 FOR UPDATE"); }) == "57014");
  a.Execute("COMMIT");
}

TEST_CASE("SKIP LOCKED returns only the rows nobody has locked", "[engine][rowlocks]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("SELECT * FROM accounts WHERE id IN (1, 3, 5) FOR UPDATE");
  b.Execute("BEGIN");
  CHECK(Column(b, "SELECT id FROM accounts WHERE id <= 6 ORDER BY id FOR UPDATE SKIP LOCKED") ==
        std::vector<int64_t>{2, 4, 6});
  // LIMIT counts locked rows only.
  CHECK(Column(b, "SELECT id FROM accounts ORDER BY id LIMIT 2 FOR SHARE SKIP LOCKED") ==
        std::vector<int64_t>{2, 4});
  b.Execute("COMMIT");
  a.Execute("COMMIT");
}

TEST_CASE("queue workers with FOR UPDATE SKIP LOCKED each take distinct jobs", "[engine][rowlocks]") {
  Fixture fixture;
  Session setup = fixture.db.Connect();
  setup.Execute("CREATE TABLE jobs (id int PRIMARY KEY, taken_by int)");
  setup.Execute("INSERT INTO jobs SELECT g, NULL FROM generate_series(1, 60) g");
  constexpr int kWorkers = 4;
  std::mutex mutex;
  std::vector<int64_t> taken;
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&, w] {
      Session session = fixture.db.Connect();
      session.Execute("SET synchronous_commit = off");
      for (;;) {
        session.Execute("BEGIN");
        granary::Result job = session.Execute(
            "SELECT id FROM jobs WHERE taken_by IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED");
        if (job.row_count() == 0) {
          session.Execute("COMMIT");
          return;
        }
        const int64_t id = job.row(0).GetInt64(0);
        session.Execute("UPDATE jobs SET taken_by = $1 WHERE id = $2", w, id);
        std::this_thread::sleep_for(1ms);  // the job's work, while the row stays locked
        session.Execute("COMMIT");
        std::lock_guard lock(mutex);
        taken.push_back(id);
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  std::sort(taken.begin(), taken.end());
  CHECK(taken.size() == 60);
  CHECK(std::set<int64_t>(taken.begin(), taken.end()).size() == 60);
  CHECK(Scalar(setup, "SELECT count(*) FROM jobs WHERE taken_by IS NULL") == 0);
}

TEST_CASE("READ COMMITTED FOR UPDATE re-checks the newest version after waiting", "[engine][rowlocks]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("UPDATE accounts SET balance = 500 WHERE id = 2");
  a.Execute("UPDATE accounts SET balance = 101 WHERE id = 3");
  b.Execute("BEGIN");
  auto locker = std::async(std::launch::async, [&] {
    std::vector<std::pair<int64_t, int64_t>> rows;
    for (const auto& row : b.Execute("SELECT id, balance FROM accounts WHERE id <= 3 AND balance < 200 "
                                     "ORDER BY id FOR UPDATE")) {
      rows.emplace_back(row.GetInt64(0), row.GetInt64(1));
    }
    return rows;
  });
  REQUIRE(StillWaiting(locker));
  a.Execute("COMMIT");
  // Row 2 no longer qualifies and is dropped; row 3 comes back with its new balance.
  const std::vector<std::pair<int64_t, int64_t>> expected{{1, 100}, {3, 101}};
  CHECK(locker.get() == expected);
  // And b holds the lock on the new version of row 3.
  CHECK(SqlState([&] { a.Execute("SELECT * FROM accounts WHERE id = 3 FOR UPDATE NOWAIT"); }) == "55P03");
  b.Execute("COMMIT");
}

TEST_CASE("READ COMMITTED FOR UPDATE skips a row deleted while it waited", "[engine][rowlocks]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("DELETE FROM accounts WHERE id = 10");
  auto locker = std::async(std::launch::async, [&] {
    return b.Execute("SELECT id FROM accounts WHERE id >= 9 FOR UPDATE").row_count();
  });
  REQUIRE(StillWaiting(locker));
  a.Execute("COMMIT");
  CHECK(locker.get() == 1);
}

TEST_CASE("REPEATABLE READ FOR UPDATE of a concurrently updated row fails with 40001",
          "[engine][rowlocks]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  b.Execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
  CHECK(Scalar(b, "SELECT balance FROM accounts WHERE id = 5") == 100);
  a.Execute("UPDATE accounts SET balance = 1 WHERE id = 5");
  CHECK(SqlState([&] { b.Execute("SELECT * FROM accounts WHERE id = 5 FOR SHARE"); }) == "40001");
  b.Execute("ROLLBACK");

  // After waiting for the updater, too.
  b.Execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
  CHECK(Scalar(b, "SELECT balance FROM accounts WHERE id = 6") == 100);
  a.Execute("BEGIN");
  a.Execute("UPDATE accounts SET balance = 2 WHERE id = 6");
  auto locker = std::async(std::launch::async, [&] {
    return SqlState([&] { b.Execute("SELECT * FROM accounts WHERE id = 6 FOR UPDATE"); });
  });
  REQUIRE(StillWaiting(locker));
  a.Execute("COMMIT");
  CHECK(locker.get() == "40001");
  b.Execute("ROLLBACK");

  // A locker that only locked and committed leaves the row lockable.
  b.Execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
  CHECK(Scalar(b, "SELECT balance FROM accounts WHERE id = 7") == 100);
  a.Execute("BEGIN");
  a.Execute("SELECT * FROM accounts WHERE id = 7 FOR UPDATE");
  auto second = std::async(std::launch::async, [&] {
    return Scalar(b, "SELECT balance FROM accounts WHERE id = 7 FOR UPDATE");
  });
  REQUIRE(StillWaiting(second));
  a.Execute("COMMIT");
  CHECK(second.get() == 100);
  b.Execute("COMMIT");
}

TEST_CASE("two FOR UPDATE sessions locking in opposite order: one gets 40P01", "[engine][rowlocks]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("SET deadlock_timeout = '100ms'");
  b.Execute("SET deadlock_timeout = '100ms'");
  a.Execute("BEGIN");
  b.Execute("BEGIN");
  a.Execute("SELECT * FROM accounts WHERE id = 8 FOR UPDATE");
  b.Execute("SELECT * FROM accounts WHERE id = 9 FOR UPDATE");
  auto first = std::async(std::launch::async, [&] {
    return SqlState([&] { a.Execute("SELECT * FROM accounts WHERE id = 9 FOR UPDATE"); });
  });
  std::this_thread::sleep_for(50ms);
  auto second = std::async(std::launch::async, [&] {
    return SqlState([&] { b.Execute("SELECT * FROM accounts WHERE id = 8 FOR UPDATE"); });
  });
  for (;;) {
    if (first.wait_for(10ms) == std::future_status::ready) {
      CHECK(first.get() == "40P01");
      a.Execute("ROLLBACK");
      CHECK(second.get() == "none");
      b.Execute("COMMIT");
      break;
    }
    if (second.wait_for(10ms) == std::future_status::ready) {
      CHECK(second.get() == "40P01");
      b.Execute("ROLLBACK");
      CHECK(first.get() == "none");
      a.Execute("COMMIT");
      break;
    }
  }
}

TEST_CASE("a row lock taken after a savepoint ends with its rollback", "[engine][rowlocks]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("SAVEPOINT s");
  a.Execute("SELECT * FROM accounts WHERE id = 1 FOR UPDATE");
  CHECK(SqlState([&] { b.Execute("SELECT * FROM accounts WHERE id = 1 FOR UPDATE NOWAIT"); }) == "55P03");
  a.Execute("ROLLBACK TO SAVEPOINT s");
  CHECK(SqlState([&] { b.Execute("SELECT * FROM accounts WHERE id = 1 FOR UPDATE NOWAIT"); }) == "none");
  a.Execute("COMMIT");
}

TEST_CASE("LOCK TABLE modes conflict as PostgreSQL's table locks do", "[engine][rowlocks]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  Session c = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("LOCK TABLE accounts IN SHARE MODE");
  // SHARE goes with SHARE and with plain reads...
  b.Execute("BEGIN");
  b.Execute("LOCK accounts IN SHARE MODE NOWAIT");
  CHECK(Scalar(c, "SELECT count(*) FROM accounts") == 10);
  b.Execute("COMMIT");
  // ... but not with writers (ROW EXCLUSIVE), nor with NOWAIT requests that conflict.
  b.Execute("BEGIN");
  CHECK(ErrorMessage([&] { b.Execute("LOCK TABLE accounts IN ROW EXCLUSIVE MODE NOWAIT"); }) ==
        "could not obtain lock on relation \"accounts\"");
  b.Execute("ROLLBACK");
  auto update = std::async(std::launch::async, [&] {
    return c.Execute("UPDATE accounts SET balance = 0 WHERE id = 1").affected_rows();
  });
  REQUIRE(StillWaiting(update));
  a.Execute("COMMIT");
  CHECK(update.get() == 1);

  // EXCLUSIVE blocks FOR UPDATE (ROW SHARE) but not a plain SELECT (ACCESS SHARE).
  a.Execute("BEGIN");
  a.Execute("LOCK accounts IN EXCLUSIVE MODE");
  CHECK(Scalar(c, "SELECT count(*) FROM accounts") == 10);
  auto locker = std::async(std::launch::async, [&] {
    return b.Execute("SELECT * FROM accounts WHERE id = 2 FOR UPDATE").row_count();
  });
  REQUIRE(StillWaiting(locker));
  a.Execute("ROLLBACK");
  CHECK(locker.get() == 1);

  // ACCESS EXCLUSIVE (the default) blocks even readers; NOWAIT fails at once.
  a.Execute("BEGIN");
  a.Execute("LOCK accounts");
  c.Execute("BEGIN");
  CHECK(SqlState([&] { c.Execute("LOCK accounts IN ACCESS SHARE MODE NOWAIT"); }) == "55P03");
  c.Execute("ROLLBACK");
  auto reader = std::async(std::launch::async, [&] { return Scalar(c, "SELECT count(*) FROM accounts"); });
  REQUIRE(StillWaiting(reader));
  a.Execute("COMMIT");
  CHECK(reader.get() == 10);
}

TEST_CASE("reading through a view locks the tables the view reads", "[engine][rowlocks]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("CREATE VIEW rich AS SELECT id FROM accounts WHERE balance >= 100");
  a.Execute("CREATE VIEW richest AS SELECT id FROM rich ORDER BY id DESC LIMIT 1");
  a.Execute("BEGIN");
  CHECK(Scalar(a, "SELECT id FROM richest") == 10);
  // a holds ACCESS SHARE on accounts through both views, as in PostgreSQL.
  b.Execute("BEGIN");
  CHECK(SqlState([&] { b.Execute("LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE NOWAIT"); }) ==
        "55P03");
  b.Execute("ROLLBACK");
  auto truncate = std::async(std::launch::async, [&] { b.Execute("TRUNCATE accounts"); });
  REQUIRE(StillWaiting(truncate));
  a.Execute("COMMIT");
  truncate.get();
  CHECK(Scalar(a, "SELECT count(*) FROM rich") == 0);
}

TEST_CASE("LOCK TABLE outside a transaction block is 25P01", "[engine][rowlocks]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  CHECK(SqlState([&] { a.Execute("LOCK TABLE accounts"); }) == "25P01");
  CHECK(ErrorMessage([&] { a.Execute("LOCK TABLE accounts"); }) ==
        "LOCK TABLE can only be used in transaction blocks");
}

TEST_CASE("EXPLAIN shows LockRows above the sort and below LIMIT", "[engine][rowlocks]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  std::vector<std::string> lines;
  for (const auto& row : a.Execute("EXPLAIN (COSTS OFF) SELECT * FROM accounts ORDER BY id LIMIT 1 FOR UPDATE")) {
    lines.push_back(row.GetString(0));
  }
  REQUIRE(lines.size() >= 3);
  CHECK(lines[0] == "Limit");
  CHECK(lines[1] == "  ->  LockRows");
  CHECK(lines[2] == "        ->  Sort");
  lines.clear();
  for (const auto& row : a.Execute("EXPLAIN (COSTS OFF) SELECT * FROM accounts FOR SHARE SKIP LOCKED")) {
    lines.push_back(row.GetString(0));
  }
  REQUIRE(!lines.empty());
  CHECK(lines[0] == "LockRows");
}
