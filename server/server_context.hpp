// ServerContext — what every connection of one server shares: the database, the options it
// was started with, the hba rules and timeouts a reload may change, the connection registry
// and the log.
//
// Thread-safety: `options` is immutable after construction; the hba rules and the timeouts
// are replaced by Reload while connections read them (a mutex and atomics); the registry is
// thread-safe and the log sink is by ServeOptions' contract.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
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
        registry(options.max_connections),
        hba_(std::make_shared<const auth::HbaFile>(std::move(hba_rules))) {
    ApplyTimeouts(options);
  }

  // "LOG:  message" (or another level) as one line on the log sink.
  void Log(std::string_view level, std::string_view message) const;

  // The hba rules new connections are checked against (a reload may replace them; a
  // connection keeps the ones it started authenticating with).
  std::shared_ptr<const auth::HbaFile> Hba() const {
    std::lock_guard lock(hba_mutex_);
    return hba_;
  }
  void ReplaceHba(auth::HbaFile rules) {
    auto fresh = std::make_shared<const auth::HbaFile>(std::move(rules));
    std::lock_guard lock(hba_mutex_);
    hba_ = std::move(fresh);
  }
  // The timeouts (milliseconds, 0: none) of ServeOptions, as a reload left them.
  void ApplyTimeouts(const ServeOptions& source) {
    idle_session_timeout_ms.store(source.idle_session_timeout_ms);
    idle_in_transaction_session_timeout_ms.store(source.idle_in_transaction_session_timeout_ms);
    authentication_timeout_ms.store(source.authentication_timeout_ms);
  }

  Database& database;
  const ServeOptions options;  // as started; the timeouts below override its own
  ConnectionRegistry registry;
  std::atomic<int> idle_session_timeout_ms{0};
  std::atomic<int> idle_in_transaction_session_timeout_ms{0};
  std::atomic<int> authentication_timeout_ms{0};

 private:
  mutable std::mutex hba_mutex_;
  std::shared_ptr<const auth::HbaFile> hba_;
};

}  // namespace granary::server
