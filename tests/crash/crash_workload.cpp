// The crash test workload, through the public embedding API only.
//
//   crash_workload run    --data DIR --acks DIR --run N [--sessions K] [--seed S]
//   crash_workload verify --data DIR --acks DIR
//
// `run` opens (recovering) the directory and starts K sessions that loop until the process is
// killed: bank transfers between 50 accounts (the sum of balances never changes), groups of
// rows inserted in one transaction (a group is all there or not at all), rolled-back groups
// (never visible), and tables created, filled and dropped. One group in ten carries payloads
// of 50-400 kB, stored out of line (TOAST), so that kills land inside their chunk inserts too;
// a payload is a function of its row id, and `verify` reads every one back whole. After
// COMMIT returns for a group,
// its number is appended to a file in the acks directory and fdatasynced: an acknowledged
// commit, which must survive any crash. Session 0 runs with synchronous_commit = off, so its
// groups may be lost, but never in part. One more thread issues CHECKPOINT every few hundred
// milliseconds, another VACUUM (the whole database, every table and index) every few hundred,
// and autovacuum runs with a short naptime; the database is opened with a short
// checkpoint_timeout and a small max_wal_size, so kills land inside checkpoints and vacuums
// too (and the driver kills at vacuum's crash points).
//
// `verify` opens (recovering) the directory and checks: the balance sum, every acknowledged
// group present and whole, every group whole, no rolled-back row, no duplicate id, the
// indexes (primary keys, items_grp) agreeing with the tables, and every page on disk sound
// (Database::VerifyStorage). Exit status 0 when all holds.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "granary/granary.hpp"

namespace {

constexpr int kAccounts = 50;
constexpr int64_t kInitialBalance = 1000;
constexpr int64_t kGroupsPerRun = 1000000000;  // group number = run * this + session * ...
constexpr int64_t kGroupsPerSession = 10000000;

struct Options {
  std::string mode;
  std::string data;
  std::string acks;
  int64_t run = 1;
  int sessions = 4;
  uint32_t seed = 1;
};

granary::OpenOptions DatabaseOptions() {
  granary::OpenOptions options;
  options.create_if_missing = true;
  options.buffer_pool_bytes = 2u << 20;  // small: evictions write pages mid-transaction
  options.checkpoint_timeout_seconds = 1;
  options.max_wal_size_bytes = uint64_t{64} << 20;
  options.autovacuum_naptime_ms = 250;
  return options;
}

// An append-only file of acknowledged group numbers, one line each, fdatasynced per line.
class AckFile {
 public:
  explicit AckFile(const std::string& path) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd_ < 0) {
      std::perror(path.c_str());
      std::exit(2);
    }
  }
  ~AckFile() { ::close(fd_); }
  void Append(int64_t group, int size) {
    const std::string line = std::to_string(group) + " " + std::to_string(size) + "\n";
    if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()) || ::fdatasync(fd_) != 0) {
      std::perror("ack file");
      std::exit(2);
    }
  }

 private:
  int fd_ = -1;
};

// The large payload of item `id`: printable characters, letters only for odd ids (they
// compress and go out of line compressed), all of ASCII's printable range for even ones (they
// do not compress enough and go out of line as they are).
std::string LargePayload(int64_t id) {
  std::mt19937_64 random(static_cast<uint64_t>(id));
  const size_t size = 50000 + random() % 350000;
  std::string payload(size, ' ');
  for (char& c : payload) {
    c = id % 2 != 0 ? static_cast<char>('a' + random() % 26) : static_cast<char>(' ' + random() % 95);
  }
  return payload;
}

// Outcomes of concurrent sessions that end a transaction cleanly: lock not available,
// serialization failure, and a deadlock between two transfers in opposite directions.
bool IsConflict(const granary::Error& error) {
  return error.sqlstate() == "55P03" || error.sqlstate() == "40001" || error.sqlstate() == "40P01";
}

void Setup(granary::Database& db) {
  granary::Session session = db.Connect();
  try {
    session.Execute("SELECT count(*) FROM accounts");
    return;  // created by an earlier run
  } catch (const granary::Error&) {
  }
  session.Begin();
  session.Execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int8 NOT NULL)");
  for (int id = 1; id <= kAccounts; ++id) {
    session.Execute("INSERT INTO accounts VALUES ($1, $2)", id, kInitialBalance);
  }
  session.Execute("CREATE TABLE items (id int8 PRIMARY KEY, grp int8 NOT NULL, size int NOT NULL, "
                  "payload text)");
  session.Execute("CREATE INDEX items_grp ON items (grp)");
  // Refreshed all the time by Run's refresher: a kill inside a refresh must leave the rows of
  // the last committed one (the sum of the balances never changes).
  session.Execute("CREATE MATERIALIZED VIEW accounts_total AS SELECT count(*) AS n, sum(balance) AS total "
                  "FROM accounts");
  session.Execute("CREATE UNIQUE INDEX accounts_total_n ON accounts_total (n)");
  session.Commit();
}

void SessionLoop(granary::Database& db, const Options& options, int number) {
  granary::Session session = db.Connect();
  const bool synchronous = number != 0;
  if (!synchronous) session.Execute("SET synchronous_commit = off");
  const std::string suffix = std::to_string(options.run) + "-" + std::to_string(number);
  AckFile acks(options.acks + (synchronous ? "/acks-" : "/maybe-") + suffix);
  std::mt19937 random(options.seed * 7919 + static_cast<uint32_t>(number));
  int64_t next_group = options.run * kGroupsPerRun + number * kGroupsPerSession;
  int churn = 0;
  for (;;) {
    const int choice = static_cast<int>(random() % 100);
    try {
      if (choice < 45) {
        const int from = 1 + static_cast<int>(random() % kAccounts);
        const int to = 1 + static_cast<int>(random() % kAccounts);
        const int amount = 1 + static_cast<int>(random() % 50);
        session.Begin();
        session.Execute("UPDATE accounts SET balance = balance - $1 WHERE id = $2", amount, from);
        session.Execute("UPDATE accounts SET balance = balance + $1 WHERE id = $2", amount, to);
        session.Commit();
      } else if (choice < 85) {
        const int64_t group = ++next_group;
        const int size = 1 + static_cast<int>(random() % 4);
        const std::string payload(static_cast<size_t>(random() % 300), 'p');
        const bool large = random() % 10 == 0;
        session.Begin();
        for (int k = 0; k < size; ++k) {
          const int64_t id = group * 8 + k;
          session.Execute("INSERT INTO items VALUES ($1, $2, $3, $4)", id, group, size,
                          large ? LargePayload(id) : payload);
        }
        session.Commit();
        acks.Append(group, size);
      } else if (choice < 92) {
        session.Begin();
        session.Execute("INSERT INTO items VALUES (-1, -1, 1, 'rolled back')");
        session.Execute("UPDATE accounts SET balance = balance + 1000000 WHERE id = 1");
        session.Rollback();
      } else {
        const std::string table = "churn_" + suffix.substr(0, suffix.find('-')) + "_" +
                                  std::to_string(number) + "_" + std::to_string(++churn);
        session.Execute("CREATE TABLE " + table + " (x int PRIMARY KEY, filler text)");
        session.Execute("INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b')");
        if (random() % 2 == 0) session.Execute("DROP TABLE " + table);
      }
    } catch (const granary::Error& error) {
      if (session.transaction_status() != 'I') session.Rollback();
      if (!IsConflict(error) && error.sqlstate() != "42P07") {
        std::fprintf(stderr, "session %d: %s\n", number, error.what());
        std::exit(3);
      }
    }
  }
}

int Run(const Options& options) {
  granary::Database db = granary::Database::Open(options.data, DatabaseOptions());
  Setup(db);
  std::vector<std::thread> threads;
  for (int number = 0; number < options.sessions; ++number) {
    threads.emplace_back([&, number] { SessionLoop(db, options, number); });
  }
  threads.emplace_back([&] {
    granary::Session session = db.Connect();
    for (;;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      try {
        session.Execute("CHECKPOINT");
      } catch (const granary::Error& error) {
        std::fprintf(stderr, "checkpoint: %s\n", error.what());
        std::exit(3);
      }
    }
  });
  threads.emplace_back([&] {
    granary::Session session = db.Connect();
    for (int round = 0;; ++round) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      try {
        session.Execute(round % 2 == 0 ? "REFRESH MATERIALIZED VIEW accounts_total"
                                        : "REFRESH MATERIALIZED VIEW CONCURRENTLY accounts_total");
      } catch (const granary::Error& error) {
        if (IsConflict(error)) continue;
        std::fprintf(stderr, "refresh: %s\n", error.what());
        std::exit(3);
      }
    }
  });
  threads.emplace_back([&] {
    // Vacuums the whole database; fills and empties a scratch table first, so that vacuum
    // also truncates files (and kills land between logging a truncation and doing it).
    granary::Session session = db.Connect();
    for (int round = 0;; ++round) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      try {
        session.Execute("CREATE TABLE IF NOT EXISTS vacuum_scratch (id int PRIMARY KEY, filler text)");
        session.Execute("INSERT INTO vacuum_scratch SELECT a * 10 + b + $1, $2 FROM "
                        "(VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)) AS x(a), "
                        "(VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)) AS y(b)",
                        round * 100, std::string(200, 's'));
        session.Execute("DELETE FROM vacuum_scratch");
        session.Execute("VACUUM");
      } catch (const granary::Error& error) {
        std::fprintf(stderr, "vacuum: %s\n", error.what());
        std::exit(3);
      }
    }
  });
  for (std::thread& thread : threads) thread.join();  // never: the driver kills us
  return 0;
}

// group -> size from every complete line of the files whose names start with `prefix`.
std::map<int64_t, int> ReadAcks(const std::string& directory, const std::string& prefix) {
  std::map<int64_t, int> groups;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.path().filename().string().rfind(prefix, 0) != 0) continue;
    std::ifstream file(entry.path());
    const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    size_t start = 0;
    for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
      int64_t group = 0;
      int size = 0;
      if (std::sscanf(text.c_str() + start, "%lld %d", reinterpret_cast<long long*>(&group), &size) == 2) {
        groups[group] = size;
      }
    }
  }
  return groups;
}

int Verify(const Options& options) {
  int failures = 0;
  auto fail = [&](const std::string& message) {
    std::fprintf(stderr, "VERIFY FAILED: %s\n", message.c_str());
    ++failures;
  };
  granary::Database db = granary::Database::Open(options.data, DatabaseOptions());
  Setup(db);
  granary::Session session = db.Connect();

  granary::Result accounts = session.Execute("SELECT count(*), sum(balance) FROM accounts");
  if (accounts.row(0).GetInt64(0) != kAccounts) fail("accounts: " + accounts.row(0).GetString(0));
  if (accounts.row(0).GetInt64(1) != kAccounts * kInitialBalance) {
    fail("sum of balances is " + accounts.row(0).GetString(1));
  }

  // The materialized view: the rows of one whole refresh, through its table and its index.
  granary::Result totals = session.Execute("SELECT n, total FROM accounts_total");
  if (totals.row_count() != 1 || totals.row(0).GetInt64(0) != kAccounts ||
      totals.row(0).GetInt64(1) != kAccounts * kInitialBalance) {
    fail("accounts_total has " + std::to_string(totals.row_count()) + " rows, the first " +
         (totals.row_count() > 0 ? totals.row(0).GetString(0) + " " + totals.row(0).GetString(1) : ""));
  }
  session.Execute("SET enable_seqscan = off");
  granary::Result by_n = session.Execute("SELECT total FROM accounts_total WHERE n = $1", kAccounts);
  if (by_n.row_count() != 1) fail("accounts_total_n finds " + std::to_string(by_n.row_count()) + " rows");
  session.Execute("RESET enable_seqscan");

  std::map<int64_t, std::pair<int64_t, int64_t>> found;  // group -> (rows, declared size)
  for (const granary::Row& row : session.Execute("SELECT grp, count(*), min(size), max(size) FROM items GROUP BY grp")) {
    const int64_t group = row.GetInt64(0);
    const int64_t rows = row.GetInt64(1);
    if (group < 0) fail("a rolled-back row is visible");
    if (row.GetInt64(2) != row.GetInt64(3) || rows != row.GetInt64(2)) {
      fail("group " + std::to_string(group) + " is partial: " + std::to_string(rows) + " rows of " +
           row.GetString(3));
    }
    found[group] = {rows, row.GetInt64(2)};
  }
  const std::map<int64_t, int> acknowledged = ReadAcks(options.acks, "acks-");
  for (const auto& [group, size] : acknowledged) {
    const auto it = found.find(group);
    if (it == found.end()) {
      fail("acknowledged group " + std::to_string(group) + " is missing");
    } else if (it->second.first != size) {
      fail("acknowledged group " + std::to_string(group) + " has " + std::to_string(it->second.first) + " rows");
    }
  }
  // Out-of-line payloads: every visible one whole (a kill inside its chunk inserts leaves
  // nothing visible).
  size_t large_payloads = 0;
  for (const granary::Row& row : session.Execute("SELECT id, payload FROM items WHERE length(payload) > 1000")) {
    ++large_payloads;
    if (row.GetString(1) != LargePayload(row.GetInt64(0))) {
      fail("the large payload of item " + row.GetString(0) + " is damaged");
    }
  }

  granary::Result ids = session.Execute("SELECT count(*), count(DISTINCT id) FROM items");
  if (ids.row(0).GetInt64(0) != ids.row(0).GetInt64(1)) fail("duplicate item ids");

  // The indexes after recovery: lookups through them find what the table scans found.
  granary::PreparedStatement by_group = session.Prepare("SELECT count(*) FROM items WHERE grp = $1");
  for (const auto& [group, rows] : found) {
    const int64_t through_index = by_group(group).row(0).GetInt64(0);
    if (through_index != rows.first) {
      fail("index items_grp finds " + std::to_string(through_index) + " rows of group " +
           std::to_string(group) + ", the table " + std::to_string(rows.first));
    }
  }
  granary::PreparedStatement by_id = session.Prepare("SELECT balance FROM accounts WHERE id = $1");
  int64_t total = 0;
  for (int id = 1; id <= kAccounts; ++id) {
    granary::Result row = by_id(id);
    if (row.row_count() != 1) fail("accounts_pkey finds " + std::to_string(row.row_count()) + " rows for id " + std::to_string(id));
    if (row.row_count() > 0) total += row.row(0).GetInt64(0);
  }
  if (total != kAccounts * kInitialBalance) fail("balances through accounts_pkey sum to " + std::to_string(total));
  size_t probed = 0;
  for (auto it = found.begin(); it != found.end() && probed < 20; ++it, ++probed) {
    try {  // an existing id must be refused by the unique index
      session.Execute("INSERT INTO items VALUES ($1, 0, 1, 'duplicate')", it->first * 8);
      fail("items_pkey accepted a duplicate of id " + std::to_string(it->first * 8));
    } catch (const granary::Error& error) {
      if (error.sqlstate() != "23505") fail(std::string("duplicate insert: ") + error.what());
    }
  }

  const granary::StorageCheck check = db.VerifyStorage();
  for (const std::string& problem : check.problems) fail(problem);
  std::printf("verified: %zu groups (%zu acknowledged, %zu unacknowledged kept), %zu large "
              "payloads, %llu pages in %llu files\n",
              found.size(), acknowledged.size(),
              found.size() - std::min(found.size(), acknowledged.size()), large_payloads,
              static_cast<unsigned long long>(check.pages),
              static_cast<unsigned long long>(check.relation_files));
  return failures == 0 ? 0 : 1;
}

Options ParseOptions(int argc, char** argv) {
  Options options;
  if (argc < 2) {
    std::fprintf(stderr, "usage: crash_workload run|verify --data DIR --acks DIR [--run N] "
                         "[--sessions K] [--seed S]\n");
    std::exit(2);
  }
  options.mode = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const std::string value = argv[i + 1];
    if (name == "--data") options.data = value;
    else if (name == "--acks") options.acks = value;
    else if (name == "--run") options.run = std::stoll(value);
    else if (name == "--sessions") options.sessions = std::stoi(value);
    else if (name == "--seed") options.seed = static_cast<uint32_t>(std::stoul(value));
    else {
      std::fprintf(stderr, "unknown option %s\n", name.c_str());
      std::exit(2);
    }
  }
  if (options.data.empty() || options.acks.empty()) {
    std::fprintf(stderr, "--data and --acks are required\n");
    std::exit(2);
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseOptions(argc, argv);
  try {
    std::filesystem::create_directories(options.acks);
    if (options.mode == "run") return Run(options);
    if (options.mode == "verify") return Verify(options);
  } catch (const granary::Error& error) {
    std::fprintf(stderr, "%s (SQLSTATE %s)\n", error.what(), error.sqlstate().c_str());
    return 1;
  }
  std::fprintf(stderr, "unknown mode %s\n", options.mode.c_str());
  return 2;
}
