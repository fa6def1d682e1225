// Sessions on several threads at once: row-lock waits, READ COMMITTED re-evaluation,
// REPEATABLE READ serialization failures and write skew, deadlock detection, lock and
// statement timeouts, unique-key waits, DDL waiting for readers, and a bank-transfer
// invariant under many threads. Expectations follow PostgreSQL 15's behaviour for the same
// interleavings (its isolation tests: eval-plan-qual, deadlock-simple, write-skew).
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <random>
#include <thread>

#include "concurrency_helpers.hpp"
#include "granary/granary.hpp"

using granary::Database;
using granary::Error;
using granary::Session;
using namespace std::chrono_literals;

using granary::testing::Scalar;
using granary::testing::SqlState;
using granary::testing::StillWaiting;
using Fixture = granary::testing::AccountsFixture;

TEST_CASE("a second writer waits for the first and then sees its update", "[engine][concurrency]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("UPDATE accounts SET balance = balance + 1 WHERE id = 1");
  auto waiting = std::async(std::launch::async, [&] {
    return b.Execute("UPDATE accounts SET balance = balance + 1 WHERE id = 1").affected_rows();
  });
  REQUIRE(StillWaiting(waiting));
  a.Execute("COMMIT");
  CHECK(waiting.get() == 1);
  // No lost update: both increments are there.
  CHECK(Scalar(a, "SELECT balance FROM accounts WHERE id = 1") == 102);
}

TEST_CASE("READ COMMITTED re-evaluates the WHERE clause on the newer row version", "[engine][concurrency]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("UPDATE accounts SET balance = 500 WHERE id = 2");
  auto waiting = std::async(std::launch::async, [&] {
    return b.Execute("UPDATE accounts SET balance = balance * 2 WHERE balance = 100 AND id <= 3")
        .affected_rows();
  });
  REQUIRE(StillWaiting(waiting));
  a.Execute("COMMIT");
  // Row 2 no longer has balance 100: only rows 1 and 3 are doubled.
  CHECK(waiting.get() == 2);
  CHECK(Scalar(a, "SELECT balance FROM accounts WHERE id = 2") == 500);
  CHECK(Scalar(a, "SELECT sum(balance) FROM accounts WHERE id IN (1, 3)") == 400);
}

TEST_CASE("a waiter proceeds on the old version when the holder rolls back", "[engine][concurrency]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("DELETE FROM accounts WHERE id = 4");
  auto waiting = std::async(std::launch::async, [&] {
    return b.Execute("UPDATE accounts SET balance = 7 WHERE id = 4").affected_rows();
  });
  REQUIRE(StillWaiting(waiting));
  a.Execute("ROLLBACK");
  CHECK(waiting.get() == 1);
  CHECK(Scalar(a, "SELECT balance FROM accounts WHERE id = 4") == 7);
}

TEST_CASE("REPEATABLE READ fails with 40001 on a concurrent update and keeps its snapshot",
          "[engine][concurrency]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  b.Execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
  CHECK(Scalar(b, "SELECT balance FROM accounts WHERE id = 5") == 100);
  a.Execute("UPDATE accounts SET balance = 1 WHERE id = 5");
  // Still the snapshot of the first statement.
  CHECK(Scalar(b, "SELECT balance FROM accounts WHERE id = 5") == 100);
  CHECK(SqlState([&] { b.Execute("UPDATE accounts SET balance = 2 WHERE id = 5"); }) == "40001");
  CHECK(SqlState([&] { b.Execute("SELECT 1"); }) == "25P02");
  b.Execute("ROLLBACK");
  CHECK(Scalar(b, "SELECT balance FROM accounts WHERE id = 5") == 1);
}

TEST_CASE("REPEATABLE READ allows write skew, as PostgreSQL's snapshot isolation does",
          "[engine][concurrency]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
  b.Execute("BEGIN ISOLATION LEVEL SERIALIZABLE");  // runs as REPEATABLE READ
  CHECK(b.Execute("SHOW transaction_isolation").row(0).GetString(0) == "serializable");
  // Each reads both rows, sees a total of 200, and takes 150 from a different one.
  CHECK(Scalar(a, "SELECT sum(balance) FROM accounts WHERE id IN (6, 7)") == 200);
  CHECK(Scalar(b, "SELECT sum(balance) FROM accounts WHERE id IN (6, 7)") == 200);
  a.Execute("UPDATE accounts SET balance = balance - 150 WHERE id = 6");
  b.Execute("UPDATE accounts SET balance = balance - 150 WHERE id = 7");
  a.Execute("COMMIT");
  b.Execute("COMMIT");
  CHECK(Scalar(a, "SELECT sum(balance) FROM accounts WHERE id IN (6, 7)") == -100);
}

TEST_CASE("a deadlock is detected and one transaction is chosen", "[engine][concurrency]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("SET deadlock_timeout = '100ms'");
  b.Execute("SET deadlock_timeout = '100ms'");
  a.Execute("BEGIN");
  b.Execute("BEGIN");
  a.Execute("UPDATE accounts SET balance = 0 WHERE id = 8");
  b.Execute("UPDATE accounts SET balance = 0 WHERE id = 9");
  auto first = std::async(std::launch::async, [&] {
    return SqlState([&] { a.Execute("UPDATE accounts SET balance = 1 WHERE id = 9"); });
  });
  std::this_thread::sleep_for(50ms);
  auto second = std::async(std::launch::async, [&] {
    return SqlState([&] { b.Execute("UPDATE accounts SET balance = 1 WHERE id = 8"); });
  });
  // Exactly one is the victim (whichever looked for a cycle first); the other goes on once
  // the victim rolls back.
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

TEST_CASE("lock_timeout and statement_timeout end a wait", "[engine][concurrency]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("UPDATE accounts SET balance = 0 WHERE id = 10");
  b.Execute("SET lock_timeout = '100ms'");
  CHECK(SqlState([&] { b.Execute("UPDATE accounts SET balance = 1 WHERE id = 10"); }) == "55P03");
  b.Execute("RESET lock_timeout");
  b.Execute("SET statement_timeout = '150ms'");
  CHECK(SqlState([&] { b.Execute("DELETE FROM accounts WHERE id = 10"); }) == "57014");
  a.Execute("ROLLBACK");
  CHECK(b.Execute("DELETE FROM accounts WHERE id = 10").affected_rows() == 1);
}

TEST_CASE("an insert of a key another transaction is inserting waits for its outcome",
          "[engine][concurrency]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("INSERT INTO accounts VALUES (11, 1)");
  auto rolled_back = std::async(std::launch::async, [&] {
    return SqlState([&] { b.Execute("INSERT INTO accounts VALUES (11, 2)"); });
  });
  REQUIRE(StillWaiting(rolled_back));
  a.Execute("ROLLBACK");
  CHECK(rolled_back.get() == "none");

  a.Execute("BEGIN");
  a.Execute("INSERT INTO accounts VALUES (12, 1)");
  auto committed = std::async(std::launch::async, [&] {
    return SqlState([&] { b.Execute("INSERT INTO accounts VALUES (12, 2)"); });
  });
  REQUIRE(StillWaiting(committed));
  a.Execute("COMMIT");
  CHECK(committed.get() == "23505");
}

TEST_CASE("DROP TABLE waits for a reader's transaction, which then finds the table gone",
          "[engine][concurrency]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  Session c = fixture.db.Connect();
  a.Execute("BEGIN");
  CHECK(Scalar(a, "SELECT count(*) FROM accounts") == 10);
  auto drop = std::async(std::launch::async, [&] { b.Execute("DROP TABLE accounts"); });
  REQUIRE(StillWaiting(drop));
  // A third session queues behind the DROP's AccessExclusiveLock.
  auto reader = std::async(std::launch::async, [&] {
    return SqlState([&] { c.Execute("SELECT count(*) FROM accounts"); });
  });
  REQUIRE(StillWaiting(reader));
  a.Execute("COMMIT");
  drop.get();
  CHECK(reader.get() == "42P01");
}

TEST_CASE("concurrent CREATE TABLE of one name: the second waits, then fails", "[engine][concurrency]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("CREATE TABLE twice (x int)");
  auto second = std::async(std::launch::async, [&] {
    return SqlState([&] { b.Execute("CREATE TABLE twice (y int)"); });
  });
  REQUIRE(StillWaiting(second));
  a.Execute("COMMIT");
  CHECK(second.get() == "42P07");
}

TEST_CASE("savepoint rollback releases the row a waiter wants", "[engine][concurrency]") {
  Fixture fixture;
  Session a = fixture.db.Connect();
  Session b = fixture.db.Connect();
  a.Execute("BEGIN");
  a.Execute("SAVEPOINT s");
  a.Execute("UPDATE accounts SET balance = 0 WHERE id = 3");
  auto waiting = std::async(std::launch::async, [&] {
    return b.Execute("UPDATE accounts SET balance = balance + 5 WHERE id = 3").affected_rows();
  });
  REQUIRE(StillWaiting(waiting));
  a.Execute("ROLLBACK TO SAVEPOINT s");
  CHECK(waiting.get() == 1);
  a.Execute("COMMIT");
  CHECK(Scalar(a, "SELECT balance FROM accounts WHERE id = 3") == 105);
}

namespace {

// Transfers between random accounts from many threads; each transaction either updates the
// two rows directly or first locks both with SELECT ... FOR UPDATE (in id order, so that
// those transactions never deadlock). The total balance must stay 1000.
void RunBankTransfers(bool lock_rows_first) {
  const char* threads_env = std::getenv("GRANARY_CONCURRENCY_THREADS");
  const char* transactions_env = std::getenv("GRANARY_CONCURRENCY_TRANSACTIONS");
  const int threads = threads_env ? std::atoi(threads_env) : 16;
  const int transactions = transactions_env ? std::atoi(transactions_env) : 200;
  Fixture fixture;
  std::atomic<int64_t> committed{0};
  std::atomic<int64_t> retried{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      Session session = fixture.db.Connect();
      session.Execute("SET synchronous_commit = off");
      session.Execute("SET deadlock_timeout = '1ms'");
      std::mt19937 random(static_cast<unsigned>(t) * 7919u + 1u);
      for (int i = 0; i < transactions; ++i) {
        const int from = static_cast<int>(random() % 10) + 1;
        const int to = static_cast<int>(random() % 10) + 1;
        const int amount = static_cast<int>(random() % 20);
        try {
          session.Execute("BEGIN");
          if (lock_rows_first) {
            session.Execute("SELECT balance FROM accounts WHERE id IN ($1, $2) ORDER BY id FOR UPDATE",
                            from, to);
          }
          session.Execute("UPDATE accounts SET balance = balance - $1 WHERE id = $2", amount, from);
          session.Execute("UPDATE accounts SET balance = balance + $1 WHERE id = $2", amount, to);
          session.Execute("COMMIT");
          ++committed;
        } catch (const Error& error) {
          // Deadlocks between opposite transfers are expected; nothing else is.
          if (error.sqlstate() != "40P01") throw;
          session.Execute("ROLLBACK");
          ++retried;
        }
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  Session check = fixture.db.Connect();
  CHECK(Scalar(check, "SELECT sum(balance) FROM accounts") == 1000);
  CHECK(Scalar(check, "SELECT count(*) FROM accounts") == 10);
  CHECK(committed.load() + retried.load() == static_cast<int64_t>(threads) * transactions);
  WARN("committed " << committed.load() << ", deadlocks " << retried.load());
}

}  // namespace

// The 64 threads x 10,000 transactions runs as `make concurrency-long`
// (GRANARY_CONCURRENCY_THREADS / GRANARY_CONCURRENCY_TRANSACTIONS); ctest runs short ones.
TEST_CASE("bank transfers from many threads keep the total", "[engine][concurrency][bank]") {
  RunBankTransfers(false);
}

TEST_CASE("bank transfers that lock their rows with FOR UPDATE keep the total",
          "[engine][concurrency][bank]") {
  RunBankTransfers(true);
}
