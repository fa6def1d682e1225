// ServerParameters — the server-wide settings SHOW, current_setting and pg_settings report
// but SET cannot change (55P02, as PostgreSQL's postmaster and sighup parameters):
// shared_buffers and autovacuum's come from the database's OpenOptions, the rest from
// `granary serve` (granary.conf and its flags; a reload changes the timeouts). A session
// takes a copy when it connects, so a reload shows in sessions that connect after it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

namespace granary {

struct ServeOptions;

// Filled by Database::Open from its OpenOptions and ServeOptions' defaults, then by
// `granary serve` from the options it runs with (ApplyServeOptions).
struct ServerParameters {
  // The database's (OpenOptions).
  size_t buffer_pool_bytes = 0;
  bool autovacuum = false;
  uint32_t autovacuum_naptime_ms = 0;
  uint64_t autovacuum_vacuum_threshold = 0;
  double autovacuum_vacuum_scale_factor = 0;
  // The server's (ServeOptions).
  std::string listen_addresses;
  int port = 0;
  int max_connections = 0;
  int worker_threads = 0;
  int max_worker_threads = 0;
  int idle_session_timeout_ms = 0;
  int idle_in_transaction_session_timeout_ms = 0;
  int authentication_timeout_ms = 0;
};

// Copies the server's settings of `options`, with the port actually bound.
void ApplyServeOptions(ServerParameters& parameters, const ServeOptions& options, int port);

// The current parameters, shared between the server (which changes them) and connecting
// sessions (which copy them). Thread-safe.
class ServerParametersSlot {
 public:
  ServerParameters Get() const {
    std::lock_guard lock(mutex_);
    return parameters_;
  }
  template <typename Change>
  void Update(Change&& change) {
    std::lock_guard lock(mutex_);
    change(parameters_);
  }

 private:
  mutable std::mutex mutex_;
  ServerParameters parameters_;
};

}  // namespace granary
