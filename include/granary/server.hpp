// Granary as a PostgreSQL server: Database::Serve accepts clients that speak the PostgreSQL
// v3 protocol (psql, libpq, JDBC, psycopg, node-postgres, pgbench) on a TCP port.
//
//   granary::ServerConfig config = granary::ServerConfig::Load("./data/granary.conf");
//   granary::Database db = granary::Database::Open("./data", config.open);
//   granary::Server server = db.Serve(config.serve);   // returns at once
//   ...                                                 // clients connect
//   server.Stop();                                      // fast shutdown
//
// Clients authenticate by the rules of an hba.conf file (auth/hba.hpp describes the syntax)
// against the roles in pg_authid. Implemented by the library granary_server.
//
// Ownership and lifetime: the Database must outlive the Server. Thread-safety: Stop and Wait
// may be called from any thread, Stop more than once.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "granary/granary.hpp"

namespace granary {

struct ServeOptions {
  // Comma-separated IP addresses to listen on; "*" for every IPv4 and IPv6 address.
  std::string listen_addresses = "127.0.0.1";
  int port = 54321;  // 0: any free port (Server::port() tells which)
  int max_connections = 2000;  // sessions beyond it get FATAL 53300
  // Server threads, which read and write the sockets and run the statements:
  // `worker_threads` run at once (0: two per core); while some
  // of them wait for a WAL flush or a lock, more are started, up to `max_worker_threads` in
  // all (0: max_connections + worker_threads, so that every session can wait at once), and
  // stop again after a minute without work.
  int worker_threads = 0;
  int max_worker_threads = 0;
  // Milliseconds a session may wait for its next command (0: no limit) — outside a
  // transaction (FATAL 57P05) and inside one (FATAL 25P03) — and for authentication to
  // complete (FATAL 08P01).
  int idle_session_timeout_ms = 0;
  int idle_in_transaction_session_timeout_ms = 0;
  int authentication_timeout_ms = 60'000;
  // The client authentication rules; empty means <data directory>/hba.conf. A missing or
  // malformed file makes Serve fail with F0000.
  std::string hba_file;
  // What SQL's pg_reload_conf() does, called from a statement's thread (`granary serve`
  // reloads granary.conf as on SIGHUP). Empty: the server reads its hba file again.
  std::function<void()> on_reload_request;
  // Where log lines go (one call per line, without the newline); default: standard error.
  // Called from server threads; must be thread-safe.
  std::function<void(std::string_view)> log;
};

// Settings read from a granary.conf (PostgreSQL's postgresql.conf syntax: `name = value`
// lines, `#` comments, quoted values, units such as 128MB or 30s), by PostgreSQL's names:
// shared_buffers, listen_addresses, port, max_connections, idle_session_timeout,
// idle_in_transaction_session_timeout, authentication_timeout, hba_file, autovacuum,
// autovacuum_naptime, autovacuum_vacuum_threshold, autovacuum_vacuum_scale_factor, and
// Granary's worker_threads and max_worker_threads (docs/configuration.md).
struct ServerConfig {
  OpenOptions open;
  ServeOptions serve;

  // Each setting given to Set, by its lower-case name, as written.
  std::map<std::string, std::string> values;

  // Applies one setting. F0000 for an unknown name, 22023 for a value it cannot take.
  void Set(std::string_view name, std::string_view value);
  // Reads `path` (a file that does not exist leaves the defaults). Errors name the line.
  static ServerConfig Load(const std::string& path);
  // The configuration a reload (SIGHUP) leaves running when `fresh` was read: the settings
  // PostgreSQL changes without a restart (the three timeouts) come from `fresh`; any other
  // setting that differs keeps its running value. `log` gets PostgreSQL's line for each
  // change ("parameter "x" changed to "v"", "... cannot be changed without restarting the
  // server").
  ServerConfig Reloaded(const ServerConfig& fresh, std::vector<std::string>& log) const;

 private:
  void ApplySetting(const std::string& name, std::string_view raw_name, std::string_view value);
};

class Server {
 public:
  Server();
  ~Server();  // Stop()s
  Server(Server&&) noexcept;
  Server& operator=(Server&&) noexcept;

  // The TCP port the server listens on (the chosen one when ServeOptions::port was 0).
  int port() const;
  // Fast shutdown, as PostgreSQL's: stops accepting, cancels running statements, ends every
  // session with FATAL 57P01 (rolling back open transactions), and returns when all are
  // gone. Idempotent.
  void Stop();
  // Blocks until Stop has completed (called from another thread).
  void Wait();
  // Reload, as PostgreSQL's SIGHUP: reads the hba file again (the one the server started
  // with) and takes the timeouts of `options` (idle_session_timeout,
  // idle_in_transaction_session_timeout, authentication_timeout). New connections use them;
  // sessions already authenticated keep running. A malformed hba file throws (F0000) and
  // changes nothing. The other options need a restart.
  void Reload(const ServeOptions& options);

  struct Impl;

 private:
  friend class Database;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace granary
