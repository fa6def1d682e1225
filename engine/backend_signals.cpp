// pg_cancel_backend, pg_terminate_backend and pg_reload_conf as a session calls them
// (SessionEnvironment): PostgreSQL's privilege rules, then the server's BackendControl.
#include <chrono>
#include <thread>

#include "common/sqlstate.hpp"
#include "engine/backend_control.hpp"
#include "engine/database_impl.hpp"
#include "engine/session_environment.hpp"

namespace granary {

bool SessionEnvironment::CallerIsSuperuser() const {
  return session_.settings.Show("is_superuser") == "on";
}

void SessionEnvironment::Warn(std::string message) const {
  if (notices_ != nullptr) notices_->push_back(Error(sqlstate::kWarning, std::move(message), Severity::kWarning));
}

// PostgreSQL's pg_signal_backend: a superuser may signal anyone; others only sessions of
// their own role that are not a superuser's (membership in pg_signal_backend needs GRANT,
// which Granary does not have yet).
std::optional<catalog::SessionActivity> SessionEnvironment::SignalTarget(int32_t pid, Signal signal) const {
  const bool cancel = signal == Signal::kCancel;
  if (pid != 0 && session_.db.backend_control.Get() != nullptr) {
    for (catalog::SessionActivity& target : session_.db.activity.Sessions()) {
      if (target.pid != pid) continue;
      if (!CallerIsSuperuser()) {
        if (target.superuser) {
          throw Error(sqlstate::kInsufficientPrivilege, cancel ? "must be a superuser to cancel superuser query"
                                                               : "must be a superuser to terminate superuser process");
        }
        if (target.user != CurrentUser()) {
          throw Error(sqlstate::kInsufficientPrivilege,
                      cancel ? "must be a member of the role whose query is being canceled or member of pg_signal_backend"
                             : "must be a member of the role whose process is being terminated or member of "
                               "pg_signal_backend");
        }
      }
      return std::move(target);
    }
  }
  Warn("PID " + std::to_string(pid) + " is not a PostgreSQL backend process");
  return std::nullopt;
}

bool SessionEnvironment::CancelBackend(int32_t pid) const {
  if (!SignalTarget(pid, Signal::kCancel)) return false;
  const std::shared_ptr<BackendControl> control = session_.db.backend_control.Get();
  if (control == nullptr || !control->CancelBackend(pid)) {
    Warn("PID " + std::to_string(pid) + " is not a PostgreSQL backend process");
    return false;
  }
  return true;
}

bool SessionEnvironment::TerminateBackend(int32_t pid, int64_t timeout_ms) const {
  if (!SignalTarget(pid, Signal::kTerminate)) return false;
  const std::shared_ptr<BackendControl> control = session_.db.backend_control.Get();
  if (control == nullptr || !control->TerminateBackend(pid)) {
    Warn("PID " + std::to_string(pid) + " is not a PostgreSQL backend process");
    return false;
  }
  // A session ending itself is stopped by its own cancel; there is nothing to wait for.
  if (timeout_ms == 0 || pid == session_.process_id) return true;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (control->BackendExists(pid)) {
    if (session_.cancel_requested.load()) {
      throw Error(sqlstate::kQueryCanceled, "canceling statement due to user request");
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      Warn("backend with PID " + std::to_string(pid) + " did not terminate within " + std::to_string(timeout_ms) +
           " milliseconds");
      return false;
    }
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(deadline - now, std::chrono::milliseconds(10)));
  }
  return true;
}

bool SessionEnvironment::ReloadConfiguration() const {
  if (!CallerIsSuperuser()) throw Error(sqlstate::kInsufficientPrivilege, "permission denied for function pg_reload_conf");
  const std::shared_ptr<BackendControl> control = session_.db.backend_control.Get();
  if (control == nullptr || !control->ReloadConfiguration()) {
    Warn("failed to send signal to postmaster: no server is running");
    return false;
  }
  return true;
}

}  // namespace granary
