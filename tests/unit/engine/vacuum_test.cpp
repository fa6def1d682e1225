// VACUUM and autovacuum through the engine: the statement's rules, a table updated over and
// over that stays small, the index-scan recheck that makes reused tuple ids harmless, and
// autovacuum stopping cleanly when the database closes.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <cstdio>
#include <string>
#include <thread>

#include "common/sqlstate.hpp"
#include "engine/database_impl.hpp"
#include "granary/granary.hpp"
#include "storage/btree/btree.hpp"
#include "temp_data_directory.hpp"
#include "types/key_encoding.hpp"

namespace {

using granary::Database;
using granary::Session;

constexpr const char* kDigits = "(VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9))";

granary::OpenOptions Options(bool autovacuum = false) {
  granary::OpenOptions options;
  options.create_if_missing = true;
  options.autovacuum = autovacuum;
  return options;
}

granary::catalog::TableSchema TableNamed(Database& db, const std::string& name) {
  Database::Impl& impl = db.impl();
  const auto snapshot = impl.transactions->TakeSnapshot(granary::storage::kInvalidXid, 0);
  std::optional<granary::catalog::TableSchema> table = impl.catalog->FindTable("", name, granary::catalog::SearchPath{}, snapshot);
  REQUIRE(table);
  return *table;
}

granary::storage::BlockNumber Pages(Database& db, granary::storage::RelFileNumber rel) {
  return db.impl().storage->NumBlocks(rel);
}

std::string SqlState(const std::function<void()>& run) {
  try {
    run();
  } catch (const granary::Error& error) {
    return std::string(error.sqlstate());
  }
  return "none";
}

// The 100-row table updated `statements` times in all; VACUUM every `vacuum_every`
// statements (0: never, autovacuum's business). Returns the largest heap size seen.
struct UpdateLoop {
  granary::storage::BlockNumber initial_pages = 0;
  granary::storage::BlockNumber max_pages = 0;
  granary::storage::BlockNumber index_pages = 0;
  double seconds = 0;
};

UpdateLoop RunUpdateLoop(Database& db, int statements, int vacuum_every) {
  Session session = db.Connect();
  session.Execute("SET synchronous_commit = off");
  session.Execute("CREATE TABLE counters (id int PRIMARY KEY, v int)");
  session.Execute(std::string("INSERT INTO counters SELECT a * 10 + b, 0 FROM ") + kDigits +
                  " AS x(a), " + kDigits + " AS y(b)");
  const granary::catalog::TableSchema table = TableNamed(db, "counters");
  UpdateLoop loop;
  loop.initial_pages = Pages(db, table.relfile);
  const auto started = std::chrono::steady_clock::now();
  for (int i = 1; i <= statements; ++i) {
    REQUIRE(session.Execute("UPDATE counters SET v = v + 1").affected_rows() == 100);
    if (vacuum_every > 0 && i % vacuum_every == 0) session.Execute("VACUUM counters");
    if (i % 50 == 0) loop.max_pages = std::max(loop.max_pages, Pages(db, table.relfile));
  }
  loop.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  loop.max_pages = std::max(loop.max_pages, Pages(db, table.relfile));
  loop.index_pages = Pages(db, table.indexes.at(0).relfile);
  granary::Result check = session.Execute("SELECT count(*), min(v), max(v), sum(v) FROM counters");
  CHECK(check.row(0).GetInt64(0) == 100);
  CHECK(check.row(0).GetInt64(1) == statements);
  CHECK(check.row(0).GetInt64(2) == statements);
  granary::Result by_key = session.Execute("SELECT v FROM counters WHERE id = 42");
  REQUIRE(by_key.row_count() == 1);
  CHECK(by_key.row(0).GetInt64(0) == statements);
  return loop;
}

}  // namespace

TEST_CASE("VACUUM runs outside transaction blocks only and refuses what it cannot do",
          "[engine][vacuum]") {
  granary::testing::TempDataDirectory directory;
  Database db = Database::Open(directory.path(), Options());
  Session session = db.Connect();
  session.Execute("CREATE TABLE t (id int, v text)");
  session.Execute("CREATE VIEW tv AS SELECT * FROM t");
  CHECK(session.Execute("VACUUM").command_tag() == "VACUUM");
  CHECK(session.Execute("VACUUM t").command_tag() == "VACUUM");
  CHECK(session.Execute("VACUUM (VERBOSE, TRUNCATE false) t, t").command_tag() == "VACUUM");
  CHECK(session.Execute("VACUUM FREEZE t").command_tag() == "VACUUM");
  CHECK(SqlState([&] { session.Execute("VACUUM nosuch"); }) == "42P01");
  CHECK(session.Execute("VACUUM FULL t").command_tag() == "VACUUM");
  CHECK(session.Execute("VACUUM ANALYZE t").command_tag() == "VACUUM");
  CHECK(session.Execute("VACUUM (ANALYZE) t").command_tag() == "VACUUM");
  CHECK(SqlState([&] { session.Execute("VACUUM t (id)"); }) == "0A000");
  CHECK(SqlState([&] { session.Execute("VACUUM (SKIP_LOCKED) t"); }) == "0A000");
  CHECK(SqlState([&] { session.Execute("VACUUM (BOGUS) t"); }) == "42601");
  granary::Result view = session.Execute("VACUUM tv");
  REQUIRE(view.notices().size() == 1);
  CHECK(view.notices()[0].severity() == granary::Severity::kWarning);

  session.Execute("BEGIN");
  CHECK(SqlState([&] { session.Execute("VACUUM t"); }) == "25001");
  CHECK(SqlState([&] { session.Execute("SELECT 1"); }) == "25P02");
  session.Execute("ROLLBACK");
  CHECK(SqlState([&] { session.ExecuteScript("SELECT 1; VACUUM t"); }) == "25001");
  CHECK(SqlState([&] { session.ExecuteScript("VACUUM t; SELECT 1"); }) == "25001");
  CHECK(session.ExecuteScript("VACUUM t").at(0).command_tag() == "VACUUM");

  session.Execute("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  session.Execute("DELETE FROM t WHERE id = 2");
  granary::Result verbose = session.Execute("VACUUM (VERBOSE) t");
  REQUIRE(verbose.notices().size() >= 2);
  CHECK(verbose.notices()[0].severity() == granary::Severity::kInfo);
  CHECK(verbose.notices()[0].message() == "vacuuming \"public.t\"");
  CHECK(verbose.notices().back().message().find("tuples: 1 removed, 2 remain") != std::string::npos);
}

TEST_CASE("DML keeps per-table counts that vacuum resets", "[engine][vacuum]") {
  granary::testing::TempDataDirectory directory;
  Database db = Database::Open(directory.path(), Options());
  Session session = db.Connect();
  session.Execute("CREATE TABLE t (id int)");
  session.Execute("INSERT INTO t SELECT * FROM (VALUES (1),(2),(3),(4)) AS v(i)");
  session.Execute("UPDATE t SET id = id + 10 WHERE id <= 2");
  session.Execute("DELETE FROM t WHERE id = 3");
  session.Execute("BEGIN");
  session.Execute("INSERT INTO t VALUES (100)");
  session.Execute("ROLLBACK");
  const auto rel = TableNamed(db, "t").relfile;
  granary::storage::TableActivity activity = db.impl().statistics->Get(rel);
  CHECK(activity.tuples_inserted == 5);
  CHECK(activity.tuples_updated == 2);
  CHECK(activity.tuples_deleted == 1);
  CHECK(activity.live_tuples == 3);
  CHECK(activity.dead_tuples == 4);  // 2 old versions, 1 deleted, 1 aborted insert
  session.Execute("VACUUM t");
  activity = db.impl().statistics->Get(rel);
  CHECK(activity.live_tuples == 3);
  CHECK(activity.dead_tuples == 0);
  CHECK(activity.vacuum_count == 1);
}

namespace {

// Adds (key, tid) to the first index of `table`, an index on one int column, behind the
// executor's back: the entry a scan may still hold after vacuum removed it.
void InsertIndexEntry(Database& db, const std::string& table_name, int32_t key_value,
                      granary::storage::TupleId tid) {
  const granary::catalog::TableSchema table = TableNamed(db, table_name);
  const granary::catalog::IndexSchema& index_schema = table.indexes.at(0);
  granary::storage::BTree index(*db.impl().pool, index_schema.relfile, index_schema.name);
  std::string key;
  granary::types::EncodeKey({granary::types::Value::Int4(key_value)},
                            {granary::types::KeyColumn::Ascending(
                                granary::types::Type{granary::types::TypeId::kInt4})},
                            key);
  index.Insert(key, tid);
}

// t (id int, v text) with an index on id, in a new database.
struct TableWithIndex {
  granary::testing::TempDataDirectory directory;
  Database db = Database::Open(directory.path(), Options());
  Session session = db.Connect();
  TableWithIndex() {
    // Index scans, whose key recheck these tests are about (a bitmap scan rechecks the WHERE).
    session.Execute("SET enable_bitmapscan = off");
    session.Execute("CREATE TABLE t (id int, v text)");
    session.Execute("CREATE INDEX t_id ON t (id)");
  }
};

}  // namespace

TEST_CASE("an index scan never returns a row that reused the slot of a vacuumed entry",
          "[engine][vacuum]") {
  TableWithIndex f;
  Session& session = f.session;
  session.Execute("INSERT INTO t VALUES (1, 'one')");
  session.Execute("DELETE FROM t WHERE id = 1");
  session.Execute("VACUUM t");
  session.Execute("INSERT INTO t VALUES (2, 'two')");  // takes the freed slot (0,1)
  granary::Result tid = session.Execute("SELECT ctid FROM t WHERE id = 2");
  REQUIRE(tid.row(0).GetString(0) == "(0,1)");
  // Vacuum removed (1, (0,1)) before it freed the slot, so a scan that begins now meets only
  // row 2's entry. (An index scan does not evaluate its index conditions again per row: a
  // stale entry is dropped by the key comparison of a scan that began before the slot was
  // reused, which the next test exercises.)
  granary::Result plan = session.Execute("EXPLAIN SELECT v FROM t WHERE id = 1");
  REQUIRE(plan.row(0).GetString(0).find("Index Scan") != std::string::npos);
  CHECK(session.Execute("SELECT v FROM t WHERE id = 1").row_count() == 0);
  CHECK(session.Execute("SELECT v FROM t WHERE id = 2").row(0).GetString(0) == "two");
  CHECK(session.Execute("SELECT v FROM t WHERE id >= 1").row_count() == 1);
}

// The same stale entry, met by a scan that began before a vacuum reclaimed slots: the scan
// compares keys from then on. The cursor's first FETCH reads the first leaves and heap
// tuples; the stale entry goes into a later leaf, and VACUUM of another table moves the
// pool's slot reuse epoch, as a vacuum that freed this entry's slot would have. The key is
// compared whether or not the scan's rows carry the key column: read by the query, or not
// (then the recheck decodes it from the tuple), with the tuple copied (a filter on the text
// column) or decoded in place (a filter on an integer column).
TEST_CASE("an index scan compares keys once slots may have been reused during it",
          "[engine][vacuum]") {
  struct Scan {
    const char* query;
    size_t v_column;
  };
  const Scan scan = GENERATE(Scan{"SELECT id, v FROM t WHERE id > 0", 1},  // the key column read
                             Scan{"SELECT v FROM t WHERE id > 0 AND v LIKE 'row %'", 0},  // tuple copied
                             Scan{"SELECT v FROM t WHERE id > 0 AND w = 1", 0});          // in place
  const std::string query = scan.query;
  const size_t v_column = scan.v_column;
  INFO(query);
  TableWithIndex f;
  Database& db = f.db;
  Session& session = f.session;
  session.Execute("ALTER TABLE t ADD COLUMN w int NOT NULL DEFAULT 1");
  session.Execute("INSERT INTO t SELECT i, 'row ' || i, 1 FROM generate_series(1, 5000) AS s(i)");
  session.Execute("CREATE TABLE other (id int PRIMARY KEY)");
  session.Execute("INSERT INTO other SELECT generate_series(1, 10)");
  session.Execute("DELETE FROM other");
  granary::Result tid = session.Execute("SELECT ctid FROM t WHERE id = 7");
  const std::string ctid = tid.row(0).GetString(0);  // "(block,slot)"
  const auto comma = ctid.find(',');
  const granary::storage::TupleId row7{
      static_cast<granary::storage::BlockNumber>(std::stoul(ctid.substr(1, comma - 1))),
      static_cast<granary::storage::SlotNumber>(std::stoul(ctid.substr(comma + 1)))};

  session.Execute("SET enable_seqscan = off");
  session.Execute("BEGIN");
  session.Execute("DECLARE c CURSOR FOR " + query);
  granary::Result plan = session.Execute("EXPLAIN " + query);
  std::string plan_text;
  for (size_t i = 0; i < plan.row_count(); ++i) plan_text += plan.row(i).GetString(0) + "\n";
  INFO(plan_text);
  REQUIRE(plan_text.find("Index Scan") != std::string::npos);
  REQUIRE(plan_text.find("Sort") == std::string::npos);  // the scan is read as FETCH goes
  REQUIRE(session.Execute("FETCH 1 FROM c").row(0).GetString(v_column) == "row 1");

  InsertIndexEntry(db, "t", 4990, row7);  // id 4990 -> the tuple of id 7
  Session other = db.Connect();
  const uint64_t epoch = db.impl().pool->slot_reuse_epoch();
  other.Execute("VACUUM other");
  REQUIRE(db.impl().pool->slot_reuse_epoch() > epoch);

  granary::Result rest = session.Execute("FETCH ALL FROM c");
  CHECK(rest.row_count() == 4999);  // ids 2..5000, and row 7 only once
  int sevens = 0;
  for (size_t i = 0; i < rest.row_count(); ++i) sevens += rest.row(i).GetString(v_column) == "row 7";
  CHECK(sevens == 1);
  session.Execute("COMMIT");
}

TEST_CASE("a 100-row table updated 100,000 times stays small with periodic VACUUM",
          "[engine][vacuum]") {
  granary::testing::TempDataDirectory directory;
  Database db = Database::Open(directory.path(), Options());
  const UpdateLoop loop = RunUpdateLoop(db, 1000, 10);
  std::printf("update loop, VACUUM every 10 statements: 100,000 updates in %.1f s; heap %u page(s) "
              "at the start, at most %u; index %u pages\n",
              loop.seconds, loop.initial_pages, loop.max_pages, loop.index_pages);
  // Ten statements leave 1,000 dead versions (about 8 pages) between vacuums.
  CHECK(loop.initial_pages == 1);
  CHECK(loop.max_pages <= 16);
  CHECK(loop.index_pages <= 32);
}

// Without any vacuum, readers prune pages short of space (heap_page_prune_opt) and scans and
// unique checks mark the index entries of dead versions, which full leaves then drop.
TEST_CASE("readers keep a table updated over and over small without VACUUM", "[engine][vacuum]") {
  granary::testing::TempDataDirectory directory;
  Database db = Database::Open(directory.path(), Options());
  const UpdateLoop loop = RunUpdateLoop(db, 1000, 0);
  std::printf("update loop without vacuum: 100,000 updates in %.1f s; heap at most %u pages; "
              "index %u pages\n",
              loop.seconds, loop.max_pages, loop.index_pages);
  // Without pruning the heap reaches about 800 pages and the index about 400. Pruning leaves a
  // dead ItemId (4 bytes) per version for vacuum to free — index entries may still point at
  // it — so the heap still grows by about 50 pages per 100,000 updates (PostgreSQL's own
  // behaviour for updates that cannot be heap-only).
  CHECK(loop.max_pages <= 80);
  CHECK(loop.index_pages <= 8);
}

TEST_CASE("point updates by primary key stay fast and small without VACUUM", "[engine][vacuum]") {
  granary::testing::TempDataDirectory directory;
  Database db = Database::Open(directory.path(), Options());
  Session session = db.Connect();
  session.Execute("SET synchronous_commit = off");
  session.Execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)");
  session.Execute(std::string("INSERT INTO accounts SELECT a, 100 FROM ") + kDigits + " AS x(a)");
  constexpr int kUpdates = 20000;
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < kUpdates; ++i) {
    const int amount = (i / 10) % 2 ? 1 : -1;  // each row: down one round, up the next
    REQUIRE(session.Execute("UPDATE accounts SET balance = balance + $1 WHERE id = $2", amount,
                            i % 10)
                .affected_rows() == 1);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const granary::catalog::TableSchema table = TableNamed(db, "accounts");
  const auto heap_pages = Pages(db, table.relfile);
  const auto index_pages = Pages(db, table.indexes.at(0).relfile);
  std::printf("20,000 updates by primary key over 10 rows without vacuum: %.1f s; heap %u pages; "
              "index %u pages\n",
              seconds, heap_pages, index_pages);
  // 20,000 dead ItemIds of 4 bytes (10 pages) wait for vacuum; the versions themselves are gone.
  CHECK(heap_pages <= 16);
  CHECK(index_pages <= 8);
  CHECK(session.Execute("SELECT sum(balance) FROM accounts").row(0).GetInt64(0) == 1000);
  CHECK(session.Execute("SELECT balance FROM accounts WHERE id = 3").row(0).GetInt64(0) == 100);
  CHECK(db.VerifyStorage().ok());
}

TEST_CASE("autovacuum keeps a table updated over and over small", "[engine][vacuum]") {
  granary::testing::TempDataDirectory directory;
  granary::OpenOptions options = Options(/*autovacuum=*/true);
  options.autovacuum_naptime_ms = 20;
  Database db = Database::Open(directory.path(), options);
  const UpdateLoop loop = RunUpdateLoop(db, 1000, 0);
  std::printf("update loop under autovacuum (naptime 20 ms): 100,000 updates in %.1f s; heap at "
              "most %u pages; index %u pages; %llu autovacuum rounds\n",
              loop.seconds, loop.max_pages, loop.index_pages,
              static_cast<unsigned long long>(db.impl().autovacuum->rounds()));
  const auto rel = TableNamed(db, "counters").relfile;
  CHECK(db.impl().statistics->Get(rel).autovacuum_count > 0);
  // Without vacuum the heap would reach about 800 pages (8,000 for a million updates); how
  // far it grows between rounds depends on how many statements fit in a naptime.
  CHECK(loop.max_pages <= 160);
}

TEST_CASE("closing the database stops autovacuum, even in the middle of a vacuum",
          "[engine][vacuum]") {
  granary::testing::TempDataDirectory directory;
  granary::OpenOptions options = Options(/*autovacuum=*/true);
  options.autovacuum_naptime_ms = 1;
  for (int round = 0; round < 5; ++round) {
    Database db = Database::Open(directory.path(), options);
    Session session = db.Connect();
    if (round == 0) {
      session.Execute("CREATE TABLE t (id int, v text)");
      session.Execute("CREATE INDEX t_id ON t (id)");
    }
    session.Execute("SET synchronous_commit = off");
    session.Execute(std::string("INSERT INTO t SELECT a * 1000 + b * 100 + c * 10 + d, 'x' FROM ") +
                    kDigits + " AS p(a), " + kDigits + " AS q(b), " + kDigits + " AS r(c), " +
                    kDigits + " AS s(d)");
    session.Execute("DELETE FROM t");
    std::this_thread::sleep_for(std::chrono::milliseconds(round));
    const auto started = std::chrono::steady_clock::now();
    db.Close();
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
  }
  Database db = Database::Open(directory.path(), Options());
  CHECK(db.Connect().Execute("SELECT count(*) FROM t").row(0).GetInt64(0) == 0);
  CHECK(db.VerifyStorage().ok());
}

TEST_CASE("a 100-row table updated 1,000,000 times stays small with periodic VACUUM",
          "[.vacuum-long]") {
  granary::testing::TempDataDirectory directory;
  Database db = Database::Open(directory.path(), Options());
  const UpdateLoop loop = RunUpdateLoop(db, 10000, 10);
  std::printf("update loop, VACUUM every 10 statements: 1,000,000 updates in %.1f s; heap %u "
              "page(s) at the start, at most %u; index %u pages\n",
              loop.seconds, loop.initial_pages, loop.max_pages, loop.index_pages);
  CHECK(loop.max_pages <= 16);
  CHECK(loop.index_pages <= 32);
}

TEST_CASE("a 100-row table updated 1,000,000 times stays small under autovacuum",
          "[.vacuum-long]") {
  granary::testing::TempDataDirectory directory;
  granary::OpenOptions options = Options(/*autovacuum=*/true);
  options.autovacuum_naptime_ms = 20;
  Database db = Database::Open(directory.path(), options);
  const UpdateLoop loop = RunUpdateLoop(db, 10000, 0);
  std::printf("update loop under autovacuum (naptime 20 ms): 1,000,000 updates in %.1f s; heap at "
              "most %u pages; index %u pages\n",
              loop.seconds, loop.max_pages, loop.index_pages);
  CHECK(loop.max_pages <= 160);
}

TEST_CASE("VACUUM keeps the empty tail of a system catalog that lookups read without locks",
          "[engine][vacuum]") {
  granary::testing::TempDataDirectory directory;
  Database db = Database::Open(directory.path(), Options());
  Session session = db.Connect();
  for (int i = 0; i < 300; ++i) session.Execute("CREATE TABLE churn_" + std::to_string(i) + " (a int)");
  const granary::storage::RelFileNumber pg_class = 1259;
  const granary::storage::BlockNumber grown = Pages(db, pg_class);
  REQUIRE(grown > 2);
  for (int i = 0; i < 300; ++i) session.Execute("DROP TABLE churn_" + std::to_string(i));
  session.Execute("VACUUM");
  REQUIRE(Pages(db, pg_class) == grown);

  // A user table's empty tail is still given back.
  session.Execute("CREATE TABLE shrinks (a int, filler text)");
  session.Execute("INSERT INTO shrinks SELECT g, repeat('x', 200) FROM generate_series(1, 2000) g");
  const granary::storage::RelFileNumber shrinks = TableNamed(db, "shrinks").relfile;
  const granary::storage::BlockNumber before = Pages(db, shrinks);
  session.Execute("DELETE FROM shrinks WHERE a > 10");
  session.Execute("VACUUM shrinks");
  REQUIRE(Pages(db, shrinks) < before);
}

TEST_CASE("catalog lookups run while VACUUM and DDL churn the system catalogs",
          "[engine][vacuum]") {
  granary::testing::TempDataDirectory directory;
  Database db = Database::Open(directory.path(), Options());
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::string first_error;
  std::mutex error_mutex;
  auto guarded = [&](const std::function<void(Session&)>& step) {
    return [&, step] {
      Session session = db.Connect();
      while (!stop.load()) {
        try {
          step(session);
        } catch (const granary::Error& error) {
          std::lock_guard lock(error_mutex);
          if (failures.fetch_add(1) == 0) first_error = error.what();
        }
      }
    };
  };
  int counter = 0;
  std::thread ddl(guarded([&counter](Session& session) {
    const std::string name = "t" + std::to_string(counter++ % 50);
    session.Execute("CREATE TABLE IF NOT EXISTS " + name + " (a int PRIMARY KEY, b text)");
    session.Execute("DROP TABLE " + name);
  }));
  std::thread vacuum(guarded([](Session& session) { session.Execute("VACUUM"); }));
  std::thread reader(guarded([](Session& session) {
    session.Execute("SELECT count(*) FROM pg_class");
    session.Execute("CREATE TABLE IF NOT EXISTS reader_t (a int)");
    session.Execute("SELECT * FROM reader_t");
  }));
  std::this_thread::sleep_for(std::chrono::seconds(3));
  stop.store(true);
  ddl.join();
  vacuum.join();
  reader.join();
  INFO(first_error);
  REQUIRE(failures.load() == 0);
}
