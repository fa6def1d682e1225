// Autovacuum — a background thread, owned by the open database, that vacuums tables whose
// dead tuples pile up (PostgreSQL's autovacuum launcher and worker in one thread).
//
// Every `naptime` it reads the table statistics (storage/vacuum/table_statistics.hpp) and
// vacuums each table whose dead tuples exceed threshold + scale_factor x live tuples, as
// PostgreSQL's autovacuum_vacuum_threshold (50) and autovacuum_vacuum_scale_factor (0.2)
// decide. Each table is vacuumed by engine/vacuum_command.cpp's VacuumTable under
// ShareUpdateExclusiveLock, taken without waiting: a table whose lock is busy is skipped
// until the next round. A table whose rows changed (inserted, updated or deleted) more than
// analyze_threshold + analyze_scale_factor x live tuples times since its last ANALYZE is
// analyzed after that (PostgreSQL's autovacuum_analyze_threshold 50 and
// autovacuum_analyze_scale_factor 0.1), in a transaction of its own (analyze_command.hpp).
//
// Stop() wakes the thread, makes a vacuum in progress stop at its next page (the table is
// consistent at every page: see storage/vacuum/vacuum.hpp), and joins it; the database calls
// it first thing when closing. Errors are logged and the table is tried again next round.
// Thread-safety: Start/Stop from the owning thread; RequestRun from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "granary/granary.hpp"

namespace granary {

struct AutovacuumSettings {
  bool enabled = true;
  std::chrono::milliseconds naptime{60000};
  uint64_t threshold = 50;
  double scale_factor = 0.2;
  uint64_t analyze_threshold = 50;
  double analyze_scale_factor = 0.1;
};

class Autovacuum {
 public:
  Autovacuum(Database::Impl& database, AutovacuumSettings settings);
  ~Autovacuum();  // Stop()
  Autovacuum(const Autovacuum&) = delete;
  Autovacuum& operator=(const Autovacuum&) = delete;

  void Start();  // no thread when disabled
  void Stop();
  // One round now, on the calling thread (tests); returns the tables vacuumed or analyzed.
  size_t RunOnce();
  uint64_t rounds() const { return rounds_.load(); }

 private:
  void Loop();

  Database::Impl& database_;
  const AutovacuumSettings settings_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> rounds_{0};
};

}  // namespace granary
