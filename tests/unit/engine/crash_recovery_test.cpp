// Crashes of the engine in a child process (it _exits with no close, no flush) and what the
// next open finds: committed work back, uncommitted work invisible and its files gone, every
// page sound. Plus CHECKPOINT, WAL segment removal and synchronous_commit.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>

#include "granary/granary.hpp"
#include "crash_helpers.hpp"
#include "engine_test_support.hpp"
#include "temp_data_directory.hpp"

using granary::Database;
using granary::Error;
using granary::Session;

using granary::testing::Crash;
using granary::testing::CrashAfter;
using granary::testing::SqlState;

namespace {

std::set<std::string> RelationFiles(const std::string& directory) {
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory + "/base")) {
    files.insert(entry.path().filename().string());
  }
  return files;
}

std::set<std::string> SegmentFiles(const std::string& directory) {
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory + "/wal")) {
    files.insert(entry.path().filename().string());
  }
  return files;
}

int64_t Count(Session& session, const std::string& table) {
  return session.Execute("SELECT count(*) FROM " + table).row(0).GetInt64(0);
}

}  // namespace

TEST_CASE("committed rows survive a crash, uncommitted ones do not", "[engine][crash]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  granary::OpenOptions small_pool;
  small_pool.buffer_pool_bytes = 256 * 1024;  // evictions write pages of unfinished work too
  REQUIRE(CrashAfter([&] {
    Database db = Database::Open(directory.path(), small_pool);
    Session session = db.Connect();
    session.Execute("CREATE TABLE accounts (id int, balance int)");
    session.Execute("INSERT INTO accounts SELECT 1, 100");
    session.Execute("INSERT INTO accounts VALUES (2, 100), (3, 100)");
    session.Begin();
    session.Execute("UPDATE accounts SET balance = balance - 30 WHERE id = 1");
    session.Execute("UPDATE accounts SET balance = balance + 30 WHERE id = 2");
    session.Commit();
    Session open = db.Connect();
    open.Begin();
    open.Execute("UPDATE accounts SET balance = 0");
    open.Execute("CREATE TABLE seed (i int)");
    open.Execute("INSERT INTO seed VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10)");
    // 10^4 rows of uncommitted work: more than the pool holds, so some of it reaches disk.
    open.Execute("INSERT INTO accounts SELECT 100 + a.i, 5 FROM seed a, seed b, seed c, seed d");
    Crash();
  }));
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  granary::Result rows = session.Execute("SELECT id, balance FROM accounts ORDER BY id");
  REQUIRE(rows.row_count() == 3);
  CHECK(rows.row(0).GetInt64(1) == 70);
  CHECK(rows.row(1).GetInt64(1) == 130);
  CHECK(rows.row(2).GetInt64(1) == 100);
  // The crashed transaction's row versions do not block new changes.
  session.Execute("UPDATE accounts SET balance = balance + 1");
  CHECK(session.Execute("SELECT sum(balance) FROM accounts").row(0).GetInt64(0) == 303);
  CHECK(db.VerifyStorage().ok());
}

TEST_CASE("a table created by a transaction that never committed leaves no file",
          "[engine][crash]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  const std::set<std::string> before = RelationFiles(directory.path());
  granary::OpenOptions small_pool;
  small_pool.buffer_pool_bytes = 128 * 1024;
  REQUIRE(CrashAfter([&] {
    Database db = Database::Open(directory.path(), small_pool);
    Session session = db.Connect();
    session.Begin();
    session.Execute("CREATE TABLE scratch (id int, filler text)");
    for (int i = 0; i < 20; ++i) {
      session.Execute("INSERT INTO scratch VALUES ($1, $2)", i, std::string(500, 'x'));
    }
    session.Execute("INSERT INTO scratch SELECT a.id, a.filler FROM scratch a, scratch b");
    db.Checkpoint();  // the file and its pages reach disk
    Crash();
  }));
  CHECK(RelationFiles(directory.path()).size() > before.size());
  Database db = Database::Open(directory.path());
  CHECK(RelationFiles(directory.path()) == before);
  Session session = db.Connect();
  CHECK(SqlState([&] { session.Execute("SELECT * FROM scratch"); }) == "42P01");
  session.Execute("CREATE TABLE scratch (id int)");
  CHECK(Count(session, "scratch") == 0);
}

TEST_CASE("a committed DROP TABLE is redone when its file survived the crash", "[engine][crash]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  const std::string saved = directory.root() + "/saved";
  const std::string name_file = directory.root() + "/name";
  REQUIRE(CrashAfter([&] {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    const std::set<std::string> before = RelationFiles(directory.path());
    session.Execute("CREATE TABLE doomed (id int)");
    session.Execute("INSERT INTO doomed VALUES (1), (2)");
    db.Checkpoint();
    for (const std::string& name : RelationFiles(directory.path())) {
      if (before.contains(name)) continue;
      std::filesystem::copy_file(directory.path() + "/base/" + name, saved);
      std::ofstream(name_file) << name;
    }
    session.Execute("DROP TABLE doomed");
    Crash();
  }));
  std::string name;
  std::ifstream(name_file) >> name;
  REQUIRE_FALSE(name.empty());
  REQUIRE_FALSE(std::filesystem::exists(directory.path() + "/base/" + name));
  // Put the file back, as if the process had died between the commit and the unlink.
  std::filesystem::copy_file(saved, directory.path() + "/base/" + name);
  Database db = Database::Open(directory.path());
  CHECK_FALSE(std::filesystem::exists(directory.path() + "/base/" + name));
  Session session = db.Connect();
  CHECK(SqlState([&] { session.Execute("SELECT * FROM doomed"); }) == "42P01");
}

TEST_CASE("a crash right after a checkpoint, and again after recovery", "[engine][crash]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  REQUIRE(CrashAfter([&] {
    Database db = Database::Open(directory.path());
    Session session = db.Connect();
    session.Execute("CREATE TABLE t (id int)");
    session.Execute("INSERT INTO t VALUES (1)");
    session.Execute("CHECKPOINT");
    session.Execute("INSERT INTO t VALUES (2)");
    Crash();
  }));
  REQUIRE(CrashAfter([&] {
    Database db = Database::Open(directory.path());  // recovers, then dies at once
    Session session = db.Connect();
    session.Execute("INSERT INTO t VALUES (3)");
    Crash();
  }));
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  CHECK(session.Execute("SELECT sum(id) FROM t").row(0).GetInt64(0) == 6);
  CHECK(db.VerifyStorage().ok());
}

TEST_CASE("checkpoints let go of the WAL before their redo point", "[engine][checkpoint]") {
  granary::testing::TempDataDirectory directory;
  granary::OpenOptions options;
  options.create_if_missing = true;
  options.max_wal_size_bytes = uint64_t{64} << 20;
  Database db = Database::Open(directory.path(), options);
  Session session = db.Connect();
  session.Execute("CREATE TABLE filler (id int, body text)");
  session.Execute("INSERT INTO filler VALUES (1, $1)", std::string(1000, 'y'));
  for (int i = 0; i < 15; ++i) session.Execute("INSERT INTO filler SELECT id + 1, body FROM filler");
  // 32k rows of 1 KiB: more than two segments of WAL.
  const granary::WalStatistics stats = db.wal_statistics();
  CHECK(stats.bytes > uint64_t{32} << 20);
  CHECK(stats.commits == 17);
  const std::set<std::string> before = SegmentFiles(directory.path());
  CHECK(before.count("0000000000000001") == 1);
  CHECK(session.Execute("CHECKPOINT").command_tag() == "CHECKPOINT");
  const std::set<std::string> after = SegmentFiles(directory.path());
  CHECK(after.count("0000000000000001") == 0);
  CHECK(after.size() <= before.size() + 1);
  CHECK(db.wal_statistics().checkpoints >= 1);
  CHECK(Count(session, "filler") == 32768);
}

TEST_CASE("synchronous_commit is a session setting", "[engine][settings]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  CHECK(session.Execute("SHOW synchronous_commit").row(0).GetString(0) == "on");
  session.Execute("SET synchronous_commit = off");
  CHECK(session.Execute("SHOW synchronous_commit").row(0).GetString(0) == "off");
  session.Execute("SET synchronous_commit TO local");
  CHECK(session.Execute("SHOW synchronous_commit").row(0).GetString(0) == "local");
  session.Execute("SET synchronous_commit = false");
  CHECK(session.Execute("SHOW synchronous_commit").row(0).GetString(0) == "off");
  CHECK(SqlState([&] { session.Execute("SET synchronous_commit = sometimes"); }) == "22023");
  session.Execute("RESET synchronous_commit");
  CHECK(session.Execute("SHOW synchronous_commit").row(0).GetString(0) == "on");

  // Committing with it off still commits; the WAL writer makes it durable shortly after.
  session.Execute("SET synchronous_commit = off");
  session.Execute("CREATE TABLE t (id int)");
  session.Execute("INSERT INTO t VALUES (1)");
  CHECK(Count(session, "t") == 1);
  // Other sessions keep their own setting.
  Session other = db.Connect();
  CHECK(other.Execute("SHOW synchronous_commit").row(0).GetString(0) == "on");
}

TEST_CASE("read-only transactions write no WAL", "[engine][wal]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  session.Execute("CREATE TABLE t (id int)");
  session.Execute("INSERT INTO t VALUES (1)");
  const granary::WalStatistics before = db.wal_statistics();
  for (int i = 0; i < 20; ++i) session.Execute("SELECT * FROM t");
  session.Execute("UPDATE t SET id = 2 WHERE id = 99");  // matches nothing
  const granary::WalStatistics after = db.wal_statistics();
  CHECK(after.records == before.records);
  CHECK(after.syncs == before.syncs);
}

TEST_CASE("indexes come back with their table after a crash", "[engine][crash]") {
  granary::testing::TempDataDirectory directory;
  Database::Create(directory.path());
  granary::OpenOptions small_pool;
  small_pool.buffer_pool_bytes = 256 * 1024;
  REQUIRE(CrashAfter([&] {
    Database db = Database::Open(directory.path(), small_pool);
    Session session = db.Connect();
    session.Execute("CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL)");
    session.Execute("CREATE INDEX people_name ON people (name)");
    granary::PreparedStatement insert = session.Prepare("INSERT INTO people VALUES ($1, $2)");
    for (int i = 0; i < 3000; ++i) {
      if (i == 1500) session.Execute("CHECKPOINT");
      insert(i, "person number " + std::to_string(i) + std::string(static_cast<size_t>(i % 80), '.'));
    }
    Session open = db.Connect();
    open.Begin();
    open.Execute("INSERT INTO people VALUES (5000, 'never committed')");
    Crash();
  }));
  Database db = Database::Open(directory.path());
  Session session = db.Connect();
  CHECK(Count(session, "people") == 3000);
  granary::PreparedStatement by_id = session.Prepare("SELECT name FROM people WHERE id = $1");
  for (int i = 0; i < 3000; i += 7) {
    granary::Result row = by_id(i);
    REQUIRE(row.row_count() == 1);
    CHECK(row.row(0).GetString(0).rfind("person number " + std::to_string(i), 0) == 0);
  }
  CHECK(by_id(5000).row_count() == 0);
  CHECK(SqlState([&] { session.Execute("INSERT INTO people VALUES (42, 'again')"); }) == "23505");
  session.Execute("INSERT INTO people VALUES (5000, 'now committed')");  // the crashed one is gone
  CHECK(session.Execute("SELECT count(*) FROM people WHERE name = 'person number 7.......'").row(0).GetInt64(0) == 1);
  const granary::StorageCheck check = db.VerifyStorage();
  for (const std::string& problem : check.problems) INFO(problem);
  CHECK(check.ok());
}
