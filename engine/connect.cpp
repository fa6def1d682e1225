// Database: sessions with options, role lookup for authentication, the directory's path.
#include "engine/database_impl.hpp"
#include "engine/session_impl.hpp"
#include "granary/server.hpp"

namespace granary {

Session Database::Connect(const SessionOptions& options) {
  auto session = std::make_unique<Session::Impl>(*impl_);
  session->settings.SetInternal("session_authorization", options.user);
  session->settings.SetInternal("is_superuser", options.superuser ? "on" : "off");
  session->settings.SetServerParameters(impl_->server_parameters.Get());
  for (const auto& [name, value] : options.settings) session->settings.SetAtConnect(name, value);
  if (!options.database.empty()) session->database = options.database;
  session->process_id = options.process_id;
  catalog::SessionActivity activity;
  activity.pid = options.process_id;
  activity.user = options.user;
  activity.superuser = options.superuser;
  activity.database = session->database;
  activity.application_name = session->settings.Show("application_name");
  activity.client_address = options.client_address;
  activity.client_port = options.client_port;
  activity.backend_start = ActivityRegistry::Now();
  activity.state_change = activity.backend_start;
  activity.state = "idle";
  session->activity = impl_->activity.Register(std::move(activity));
  impl_->statistics->CountSession(session->DatabaseOid());
  return Session(std::move(session));
}

void InstallBackendControl(Database& database, std::shared_ptr<BackendControl> control) {
  database.impl().backend_control.Set(std::move(control));
}

void ApplyServeOptions(ServerParameters& parameters, const ServeOptions& options, int port) {
  parameters.listen_addresses = options.listen_addresses;
  parameters.port = port;
  parameters.max_connections = options.max_connections;
  parameters.worker_threads = options.worker_threads;
  parameters.max_worker_threads = options.max_worker_threads;
  parameters.idle_session_timeout_ms = options.idle_session_timeout_ms;
  parameters.idle_in_transaction_session_timeout_ms = options.idle_in_transaction_session_timeout_ms;
  parameters.authentication_timeout_ms = options.authentication_timeout_ms;
}

void PublishServeOptions(Database& database, const ServeOptions& options, int bound_port) {
  database.impl().server_parameters.Update(
      [&](ServerParameters& parameters) { ApplyServeOptions(parameters, options, bound_port); });
}

std::optional<RoleInfo> Database::FindRole(std::string_view name) {
  const storage::Snapshot snapshot =
      impl_->transactions->TakeSnapshot(storage::kInvalidXid, 0);
  std::optional<catalog::RoleSchema> role = impl_->catalog->FindRole(name, snapshot);
  if (!role) return std::nullopt;
  return RoleInfo{role->name, role->superuser, role->can_login, role->password};
}

const std::string& Database::path() const { return impl_->directory->path(); }

}  // namespace granary
