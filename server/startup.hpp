// StartupPhase — a connection from its first byte until the client is authenticated
// (PostgreSQL's ProcessStartupPacket, ClientAuthentication and the checks of InitPostgres).
//
// Answers SSLRequest and GSSENCRequest with 'N' (no TLS or GSS encryption yet), serves a
// CancelRequest and ends the connection, checks the StartupMessage (protocol 3.0, a user
// name, session slots under max_connections), picks the hba rule and runs its password
// exchange, then checks the role may log in and the database exists. Every failure is a
// granary::Error the caller sends as FATAL before closing.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/authentication.hpp"
#include "server/server_context.hpp"

namespace granary::server {

// Who is at the other end of a connection.
struct PeerInfo {
  auth::IpAddress address;
  std::string host;  // numeric text form, for messages
  int32_t port = -1;  // the client's TCP port (pg_stat_activity.client_port)
};

// What the session starts with once the client is authenticated.
struct StartupResult {
  std::string user;
  std::string database;
  bool superuser = false;
  std::vector<std::pair<std::string, std::string>> settings;  // from the startup packet
};

class StartupPhase {
 public:
  enum class Step {
    kContinue,       // more startup messages are expected
    kAuthenticated,  // result() is ready; AuthenticationOk has been written
    kClose,          // end the connection without a reply (CancelRequest)
  };

  StartupPhase(ServerContext& server, PeerInfo peer);
  ~StartupPhase();
  StartupPhase(const StartupPhase&) = delete;
  StartupPhase& operator=(const StartupPhase&) = delete;

  // An untyped packet (`type` 0) or a typed message during authentication.
  Step Handle(char type, std::string_view payload, std::string& out);
  const StartupResult& result() const { return result_; }
  const PeerInfo& peer() const { return peer_; }
  // The session slot taken under max_connections passes to the caller with the result.
  void ReleaseSlotOwnership() { holds_session_slot_ = false; }

 private:
  Step HandleStartupPacket(std::string_view payload, std::string& out);
  Step Authenticated(std::string& out);
  void ParseStartupParameters(const std::vector<std::pair<std::string, std::string>>& parameters,
                              std::vector<std::string>& protocol_options);

  ServerContext& server_;
  PeerInfo peer_;
  StartupResult result_;
  std::optional<RoleInfo> role_;
  std::unique_ptr<Authenticator> authenticator_;
  bool holds_session_slot_ = false;
};

// Splits a startup packet's "options" value ("-c name=value --name=value ...", backslash
// escapes spaces) into settings, as PostgreSQL's pg_split_opts and process_postgres_switches
// read it. Other switches raise 0A000.
std::vector<std::pair<std::string, std::string>> ParseOptionsParameter(std::string_view options);

}  // namespace granary::server
