// Database: opening, creating and closing a data directory.
#include <algorithm>

#include "engine/database_impl.hpp"
#include "engine/session_impl.hpp"
#include "storage/env/env.hpp"

namespace granary {
namespace {

constexpr size_t kMinimumFrames = 16;

}  // namespace

storage::Xid Database::Impl::BeginTransaction() {
  const storage::Xid xid = transactions->Begin();
  std::lock_guard lock(control_mutex);
  storage::ControlData& control = directory->control();
  if (xid + 1 >= control.next_xid) {
    control.next_xid = xid + kXidReservation;
    directory->WriteControl();
  }
  return xid;
}

void Database::Impl::SaveNextOid() {
  std::lock_guard lock(control_mutex);
  directory->control().next_oid = catalog->next_oid();
  directory->WriteControl();
}

void Database::Impl::Close() {
  if (closed) return;
  pool->FlushAll();
  storage->SyncAll();
  std::lock_guard lock(control_mutex);
  storage::ControlData& control = directory->control();
  control.next_xid = transactions->next_xid();
  control.next_oid = catalog->next_oid();
  control.clean_shutdown = true;
  directory->WriteControl();
  closed = true;
}

Database Database::Open(const std::string& path, const OpenOptions& options) {
  storage::Env& env = storage::DefaultEnv();
  if (options.create_if_missing && !env.FileExists(path)) Create(path);

  auto impl = std::make_unique<Impl>();
  impl->directory = storage::DataDirectory::Open(env, path);
  storage::ControlData& control = impl->directory->control();
  const bool was_clean = control.clean_shutdown;
  const storage::Xid first_unused_xid = control.next_xid;

  impl->storage = std::make_unique<storage::StorageManager>(env, path);
  const size_t frames = std::max(kMinimumFrames, options.buffer_pool_bytes / storage::kPageSize);
  impl->pool = std::make_unique<storage::BufferPool>(*impl->storage, frames);
  impl->transactions = std::make_unique<storage::TransactionManager>(*impl->pool, first_unused_xid);
  if (!was_clean) {
    // Transactions that were running when the process stopped can never commit.
    impl->transactions->AbortLeftovers(storage::kFirstNormalXid);
  }
  impl->catalog = std::make_unique<catalog::Catalog>(*impl->pool, *impl->transactions, control.next_oid);

  control.clean_shutdown = false;
  control.next_xid = first_unused_xid + Impl::kXidReservation;
  impl->directory->WriteControl();
  return Database(std::move(impl));
}

void Database::Create(const std::string& path) {
  storage::Env& env = storage::DefaultEnv();
  storage::DataDirectory::Create(env, path);
  auto directory = storage::DataDirectory::Open(env, path);
  storage::StorageManager storage_manager(env, path);
  {
    storage::BufferPool pool(storage_manager, kMinimumFrames * 4);
    storage_manager.Create(storage::kCommitLogRelFile);
    storage::TransactionManager transactions(pool, directory->control().next_xid);
    catalog::Catalog catalog(pool, transactions, directory->control().next_oid);
    catalog.Bootstrap();
    pool.FlushAll();
    directory->control().next_oid = catalog.next_oid();
    directory->control().next_xid = transactions.next_xid();
  }
  storage_manager.SyncAll();
  directory->control().clean_shutdown = true;
  directory->WriteControl();
}

Database::Database() = default;
Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (impl_) impl_->Close();
    impl_ = std::move(other.impl_);
  }
  return *this;
}

Database::~Database() {
  if (!impl_) return;
  try {
    impl_->Close();
  } catch (...) {
    // Destructors must not throw; an unflushed directory is recovered as after a crash.
  }
}

void Database::Close() {
  if (impl_) impl_->Close();
}

Session Database::Connect() {
  return Session(std::make_unique<Session::Impl>(*impl_));
}

std::string_view Version() { return "0.1.0"; }

}  // namespace granary
