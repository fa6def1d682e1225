// BackendControl — what SQL's pg_cancel_backend, pg_terminate_backend and pg_reload_conf
// reach: the server that serves the database (server/serve.cpp installs one while it runs).
// A database used only through the embedding API has none; those functions then find no
// backend to signal, as PostgreSQL's do for a process id that is not one of its backends.
//
// Thread-safety: a control is called from statement threads, several at once; the slot is
// thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>

namespace granary {

class Database;
struct ServeOptions;

class BackendControl {
 public:
  virtual ~BackendControl() = default;
  // Cancels the statement backend `pid` runs, if any; false when there is no such backend.
  virtual bool CancelBackend(int32_t pid) = 0;
  // Ends backend `pid` with FATAL 57P01 (its open transaction rolls back); false when there
  // is no such backend.
  virtual bool TerminateBackend(int32_t pid) = 0;
  // Whether backend `pid` still exists (pg_terminate_backend's wait).
  virtual bool BackendExists(int32_t pid) = 0;
  // Asks the server to read its configuration files again (SIGHUP); false if it cannot.
  virtual bool ReloadConfiguration() = 0;
};

class BackendControlSlot {
 public:
  void Set(std::shared_ptr<BackendControl> control) {
    std::lock_guard lock(mutex_);
    control_ = std::move(control);
  }
  std::shared_ptr<BackendControl> Get() const {
    std::lock_guard lock(mutex_);
    return control_;
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<BackendControl> control_;
};

// Installs `control` for `database` (null removes it): the server calls it when it starts
// and when it stops.
void InstallBackendControl(Database& database, std::shared_ptr<BackendControl> control);
// What SHOW reports of the server's settings from now on (engine/server_parameters.hpp).
void PublishServeOptions(Database& database, const ServeOptions& options, int bound_port);

}  // namespace granary
