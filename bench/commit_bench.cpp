// Commit throughput and latency of the embedded engine: N sessions on N threads, each
// committing single-row INSERTs (autocommit, prepared) for a fixed time.
//
//   commit_bench --data DIR [--sessions N] [--seconds S] [--synchronous-commit on|off]
//
// Prints one line of key=value pairs: commits, commits_per_second, mean latency in ms (per
// commit, as pgbench's "latency average"), and from the WAL counters the number of
// fdatasyncs and commits per fsync. The directory is created if missing and the table
// emptied first.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "granary/granary.hpp"

namespace {

struct Options {
  std::string data;
  int sessions = 1;
  double seconds = 10;
  std::string synchronous_commit = "on";
};

Options Parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const std::string value = argv[i + 1];
    if (name == "--data") options.data = value;
    else if (name == "--sessions") options.sessions = std::stoi(value);
    else if (name == "--seconds") options.seconds = std::stod(value);
    else if (name == "--synchronous-commit") options.synchronous_commit = value;
    else {
      std::fprintf(stderr, "unknown option %s\n", name.c_str());
      std::exit(2);
    }
  }
  if (options.data.empty()) {
    std::fprintf(stderr, "usage: commit_bench --data DIR [--sessions N] [--seconds S] "
                         "[--synchronous-commit on|off]\n");
    std::exit(2);
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = Parse(argc, argv);
  try {
    granary::OpenOptions open;
    open.create_if_missing = true;
    granary::Database db = granary::Database::Open(options.data, open);
    {
      granary::Session setup = db.Connect();
      try {
        setup.Execute("DROP TABLE commit_bench");
      } catch (const granary::Error&) {
      }
      setup.Execute("CREATE TABLE commit_bench (id int8, session int, payload text)");
      setup.Execute("CHECKPOINT");
    }
    std::atomic<bool> stop{false};
    std::atomic<uint64_t> commits{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    const granary::WalStatistics before = db.wal_statistics();
    const auto started = std::chrono::steady_clock::now();
    for (int number = 0; number < options.sessions; ++number) {
      threads.emplace_back([&, number] {
        try {
          granary::Session session = db.Connect();
          session.Execute("SET synchronous_commit = " + options.synchronous_commit);
          granary::PreparedStatement insert =
              session.Prepare("INSERT INTO commit_bench VALUES ($1, $2, 'payload-payload-payload')");
          int64_t id = int64_t{number} << 40;
          uint64_t mine = 0;
          while (!stop.load(std::memory_order_relaxed)) {
            insert(++id, number);
            ++mine;
          }
          commits += mine;
        } catch (const granary::Error& error) {
          std::fprintf(stderr, "session %d: %s\n", number, error.what());
          ++failures;
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(options.seconds));
    stop = true;
    for (std::thread& thread : threads) thread.join();
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const granary::WalStatistics after = db.wal_statistics();
    const uint64_t syncs = after.syncs - before.syncs;
    const uint64_t logged = after.commits - before.commits;
    const uint64_t total = commits.load();
    std::printf("sessions=%d synchronous_commit=%s commits=%llu seconds=%.2f commits_per_second=%.1f "
                "latency_ms=%.3f fsyncs=%llu commits_per_fsync=%.2f failures=%d\n",
                options.sessions, options.synchronous_commit.c_str(),
                static_cast<unsigned long long>(total), elapsed, total / elapsed,
                total ? 1000.0 * elapsed * options.sessions / total : 0.0,
                static_cast<unsigned long long>(syncs), syncs ? double(logged) / syncs : 0.0,
                failures.load());
    return failures.load() == 0 ? 0 : 1;
  } catch (const granary::Error& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return 1;
  }
}
