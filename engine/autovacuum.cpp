// Autovacuum's thread and its rounds (see autovacuum.hpp).
#include "engine/autovacuum.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "common/log.hpp"
#include "engine/database_impl.hpp"
#include "engine/analyze_command.hpp"
#include "engine/vacuum_command.hpp"

namespace granary {

Autovacuum::Autovacuum(Database::Impl& database, AutovacuumSettings settings)
    : database_(database), settings_(settings) {}

Autovacuum::~Autovacuum() { Stop(); }

void Autovacuum::Start() {
  if (!settings_.enabled || thread_.joinable()) return;
  stopping_.store(false);
  thread_ = std::thread([this] { Loop(); });
}

void Autovacuum::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_.store(true);
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Autovacuum::Loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, settings_.naptime, [this] { return stopping_.load(); });
    if (stopping_.load()) return;
    lock.unlock();
    try {
      RunOnce();
    } catch (const std::exception& error) {
      Log(LogLevel::kWarning, std::string("autovacuum round failed: ") + error.what());
    }
    lock.lock();
  }
}

size_t Autovacuum::RunOnce() {
  rounds_.fetch_add(1);
  // Tables over PostgreSQL's threshold: dead > threshold + scale_factor * live.
  // Tables over the analyze threshold: changes > threshold + scale_factor * live.
  std::vector<storage::RelFileNumber> due;
  std::vector<storage::RelFileNumber> analyze_due;
  for (const auto& [rel, activity] : database_.statistics->All()) {
    const double limit = static_cast<double>(settings_.threshold) +
                         settings_.scale_factor * static_cast<double>(activity.live_tuples);
    const double analyze_limit = static_cast<double>(settings_.analyze_threshold) +
                                 settings_.analyze_scale_factor * static_cast<double>(activity.live_tuples);
    const bool vacuum = static_cast<double>(activity.dead_tuples) > limit;
    const bool analyze = static_cast<double>(activity.changes_since_analyze) > analyze_limit;
    if (vacuum || analyze) due.push_back(rel);
    if (analyze) analyze_due.push_back(rel);
  }
  size_t vacuumed = 0;
  const auto should_stop = [this] { return stopping_.load(); };
  for (const storage::RelFileNumber rel : due) {
    if (stopping_.load()) break;
    if (database_.closed) break;
    const storage::Xid xid = database_.BeginTransaction();
    std::optional<catalog::TableSchema> table;
    try {
      const storage::Snapshot snapshot = database_.transactions->TakeSnapshot(xid, 0);
      for (catalog::TableSchema& candidate : database_.catalog->ListTables(snapshot)) {
        if (candidate.relfile == rel) table = std::move(candidate);
      }
    } catch (...) {
      database_.transactions->Abort(xid);
      throw;
    }
    database_.transactions->Commit(xid);
    if (!table) {
      database_.statistics->Forget(rel);  // dropped meanwhile
      continue;
    }
    const bool analyze = std::find(analyze_due.begin(), analyze_due.end(), rel) != analyze_due.end();
    const storage::TableActivity activity = database_.statistics->Get(rel);
    const bool vacuum = static_cast<double>(activity.dead_tuples) >
                        static_cast<double>(settings_.threshold) +
                            settings_.scale_factor * static_cast<double>(activity.live_tuples);
    if (vacuum) {
      try {
        const storage::VacuumReport report =
            VacuumTable(database_, *table, /*autovacuum=*/true, should_stop);
        if (!report.stopped) ++vacuumed;
      } catch (const std::exception& error) {
        Log(LogLevel::kWarning, "automatic vacuum of table \"" + table->schema_name + "." +
                                    table->name + "\" failed: " + error.what());
      }
    }
    if (analyze && !stopping_.load() && table->oid >= catalog::kFirstNormalOid) {
      try {
        if (AnalyzeTableAlone(database_, *table, /*autovacuum=*/true)) ++vacuumed;
      } catch (const std::exception& error) {
        Log(LogLevel::kWarning, "automatic analyze of table \"" + table->schema_name + "." +
                                    table->name + "\" failed: " + error.what());
      }
    }
  }
  return vacuumed;
}

}  // namespace granary
