// ServerContext — what every connection of one server shares: the database, the options it
// was started with, the hba rules, the connection registry and the log.
//
// Thread-safety: immutable after construction except the registry (thread-safe) and the log
// sink (thread-safe by ServeOptions' contract).
#pragma once

#include <string>
#include <string_view>

#include "auth/hba.hpp"
#include "granary/server.hpp"
#include "server/connection_registry.hpp"

namespace granary::server {

struct ServerContext {
  ServerContext(Database& db, ServeOptions serve_options, auth::HbaFile hba_rules)
      : database(db),
        options(std::move(serve_options)),
        hba(std::move(hba_rules)),
        registry(options.max_connections) {}

  // "LOG:  message" (or another level) as one line on the log sink.
  void Log(std::string_view level, std::string_view message) const;

  Database& database;
  const ServeOptions options;
  const auth::HbaFile hba;
  ConnectionRegistry registry;
};

}  // namespace granary::server
