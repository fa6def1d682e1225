// Database: opening (with crash recovery), creating, checkpointing and closing a data
// directory.
#include <algorithm>
#include <chrono>

#include "engine/database_impl.hpp"
#include "engine/temp_tables.hpp"
#include "engine/session_impl.hpp"
#include "executor/spill/temp_file_space.hpp"
#include "granary/server.hpp"
#include "storage/env/env.hpp"
#include "storage/wal/recovery.hpp"
#include "storage/wal/xlog_wal.hpp"

namespace granary {
namespace {

constexpr size_t kMinimumFrames = 16;

uint64_t UnixSeconds() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

}  // namespace

storage::Xid Database::Impl::BeginTransaction() {
  const storage::Xid xid = transactions->Begin();
  if (xid + 1 >= xids_reserved_until.load()) {
    directory->UpdateControl([&](storage::ControlData& control) {
      if (xid + 1 >= control.next_xid) control.next_xid = xid + kXidReservation;
      xids_reserved_until.store(control.next_xid);
    });
  }
  return xid;
}

void Database::Impl::SaveNextOid() {
  const uint32_t next_oid = catalog->next_oid();
  directory->UpdateControl([&](storage::ControlData& control) {
    control.next_oid = std::max(control.next_oid, next_oid);
  });
}

void Database::Impl::Close() {
  if (closed) return;
  // First: a vacuum in progress stops at its next page and the thread is joined, before
  // anything it uses goes away.
  if (autovacuum) autovacuum->Stop();
  checkpointer->Stop();
  checkpointer->Run(storage::CheckpointReason::kShutdown);
  wal->StopBackgroundFlusher();
  closed = true;
}

int Database::Impl::AcquireTempNumber() {
  const std::lock_guard guard(temp_numbers_mutex_);
  int number = 1;
  while (temp_numbers_.contains(number)) ++number;
  temp_numbers_.insert(number);
  return number;
}

void Database::Impl::ReleaseTempNumber(int number) {
  const std::lock_guard guard(temp_numbers_mutex_);
  temp_numbers_.erase(number);
}

Database Database::Open(const std::string& path, const OpenOptions& options) {
  storage::Env& env = storage::DefaultEnv();
  if (options.create_if_missing && !env.FileExists(path)) Create(path);

  auto impl = std::make_unique<Impl>();
  impl->directory = storage::DataDirectory::Open(env, path);
  // Temporary files of statements cut short by a crash (the directory lock is held now).
  executor::RemoveLeftoverTempFiles(env, path);
  storage::ControlData& control = impl->directory->control();
  const bool crashed = control.state != storage::DatabaseState::kShutDown;
  if (crashed) {
    control.state = storage::DatabaseState::kInCrashRecovery;
    impl->directory->WriteControl();
  }

  impl->storage = std::make_unique<storage::StorageManager>(env, path);
  // System tables added after a data directory was made (pg_description, pg_shdescription)
  // start empty: their files are created before recovery may write to them.
  for (catalog::SystemTable table : catalog::AllSystemTables()) {
    const storage::RelFileNumber rel = catalog::SystemTableSchema(table).relfile;
    if (!impl->storage->Exists(rel)) impl->storage->Create(rel);
  }
  const size_t frames = std::max(kMinimumFrames, options.buffer_pool_bytes / storage::kPageSize);
  impl->pool = std::make_unique<storage::BufferPool>(*impl->storage, frames);
  impl->server_parameters.Update([&](ServerParameters& parameters) {
    parameters.buffer_pool_bytes = frames * storage::kPageSize;
    parameters.autovacuum = options.autovacuum;
    parameters.autovacuum_naptime_ms = options.autovacuum_naptime_ms;
    parameters.autovacuum_vacuum_threshold = options.autovacuum_vacuum_threshold;
    parameters.autovacuum_vacuum_scale_factor = options.autovacuum_vacuum_scale_factor;
    // What SHOW reports while no server runs: `granary serve`'s defaults.
    const ServeOptions serve_defaults;
    ApplyServeOptions(parameters, serve_defaults, serve_defaults.port);
  });
  storage::RecoveryOptions recovery;
  recovery.after_crash = crashed;
  storage::RecoveryResult recovered =
      storage::RunRecovery(env, impl->directory->wal_path(), *impl->pool, control.checkpoint_lsn,
                           control.redo_lsn, recovery);

  impl->wal = std::make_unique<storage::WalWriter>(env, impl->directory->wal_path(),
                                                   recovered.end_lsn, recovered.last_record_lsn,
                                                   control.redo_lsn);
  impl->pool->AttachWal(impl->wal.get());
  const storage::Xid next_xid = std::max<storage::Xid>(control.next_xid, recovered.state.next_xid);
  impl->transactions = std::make_unique<storage::TransactionManager>(*impl->pool, next_xid);
  impl->transactions->ApplyOutcomes(recovered.state.outcomes);
  const uint32_t next_oid = std::max(control.next_oid, recovered.state.next_oid);
  impl->catalog = std::make_unique<catalog::Catalog>(*impl->pool, *impl->transactions, next_oid);

  control.next_xid = next_xid + Impl::kXidReservation;
  control.next_oid = next_oid;
  if (!crashed) control.state = storage::DatabaseState::kInProduction;
  impl->directory->WriteControl();
  impl->xids_reserved_until.store(control.next_xid);

  storage::CheckpointSettings settings;
  settings.timeout = std::chrono::seconds(std::max<uint32_t>(1, options.checkpoint_timeout_seconds));
  settings.max_wal_size = std::max<uint64_t>(options.max_wal_size_bytes, 2 * storage::kWalSegmentSize);
  catalog::Catalog* catalog = impl->catalog.get();
  impl->checkpointer = std::make_unique<storage::Checkpointer>(
      *impl->directory, *impl->pool, *impl->wal, *impl->transactions,
      [catalog] { return catalog->next_oid(); }, settings);
  storage::Checkpointer* checkpointer = impl->checkpointer.get();
  impl->wal->SetSegmentSwitchCallback([checkpointer](storage::Lsn lsn) { checkpointer->NoteWalProgress(lsn); });
  // End of recovery: from this checkpoint on, the replayed log is no longer needed, and a
  // crash from here recovers from here.
  if (crashed) impl->checkpointer->Run(storage::CheckpointReason::kEndOfRecovery);
  impl->wal->StartBackgroundFlusher();
  impl->checkpointer->Start();
  AutovacuumSettings autovacuum;
  autovacuum.enabled = options.autovacuum;
  autovacuum.naptime = std::chrono::milliseconds(std::max<uint32_t>(1, options.autovacuum_naptime_ms));
  autovacuum.threshold = options.autovacuum_vacuum_threshold;
  autovacuum.scale_factor = options.autovacuum_vacuum_scale_factor;
  impl->autovacuum = std::make_unique<Autovacuum>(*impl, autovacuum);
  impl->autovacuum->Start();
  // Temporary relations of sessions that did not end cleanly (a crash, a close with sessions
  // open) go before any session can meet them, as PostgreSQL's RemovePgTempFiles.
  DropLeftoverTempSchemas(*impl);
  return Database(std::move(impl));
}

void Database::Create(const std::string& path) {
  storage::Env& env = storage::DefaultEnv();
  storage::DataDirectory::Create(env, path);
  auto directory = storage::DataDirectory::Open(env, path);
  storage::ControlData& control = directory->control();
  storage::StorageManager storage_manager(env, path);
  {
    // The bootstrap writes without a log and flushes everything before the log begins.
    storage::BufferPool pool(storage_manager, kMinimumFrames * 4);
    storage_manager.Create(storage::kCommitLogRelFile);
    storage::TransactionManager transactions(pool, control.next_xid);
    catalog::Catalog catalog(pool, transactions, control.next_oid);
    catalog.Bootstrap();
    pool.FlushAll();
    control.next_oid = catalog.next_oid();
    control.next_xid = transactions.next_xid();
  }
  storage_manager.SyncAll();
  storage::xlog_wal::CheckpointData checkpoint;
  checkpoint.next_xid = control.next_xid;
  checkpoint.next_oid = control.next_oid;
  checkpoint.time = UnixSeconds();
  control.checkpoint_lsn =
      storage::xlog_wal::WriteInitialCheckpoint(env, directory->wal_path(), checkpoint);
  control.redo_lsn = storage::kFirstLsn;
  control.checkpoint_time = checkpoint.time;
  control.state = storage::DatabaseState::kShutDown;
  directory->WriteControl();
}

Database::Database() = default;
Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (impl_) {
      try {
        impl_->Close();
      } catch (...) {
        // As in the destructor: the directory is recovered at the next open.
      }
    }
    impl_ = std::move(other.impl_);
  }
  return *this;
}

Database::~Database() {
  if (!impl_) return;
  try {
    impl_->Close();
  } catch (...) {
    // Destructors must not throw; an unclosed directory is recovered at the next open.
  }
}

void Database::Close() {
  if (impl_) impl_->Close();
}

void Database::Checkpoint() { impl_->checkpointer->Run(storage::CheckpointReason::kRequested); }

WalStatistics Database::wal_statistics() const {
  const storage::WalWriter::Stats stats = impl_->wal->stats();
  WalStatistics out;
  out.records = stats.records;
  out.full_page_images = stats.full_page_images;
  out.bytes = stats.bytes;
  out.writes = stats.writes;
  out.syncs = stats.syncs;
  out.commits = impl_->transactions->commits_logged();
  out.checkpoints = impl_->checkpointer->checkpoints_done();
  return out;
}

Session Database::Connect() {
  return Session(std::make_unique<Session::Impl>(*impl_));
}

std::string_view Version() { return "0.1.0"; }

}  // namespace granary
