// granary.conf: PostgreSQL's configuration file syntax and units.
#include <catch2/catch.hpp>

#include <fstream>

#include "granary/server.hpp"
#include "tests/unit/engine/temp_data_directory.hpp"
#include "tests/unit/server/protocol_test_support.hpp"

using granary::ServerConfig;
using granary::server::testing::ErrorOf;

namespace {

ServerConfig LoadText(const std::string& text) {
  granary::testing::TempDataDirectory directory;
  const std::string path = directory.root() + "/granary.conf";
  std::ofstream(path) << text;
  return ServerConfig::Load(path);
}

}  // namespace

TEST_CASE("granary.conf is read with PostgreSQL's syntax and units", "[server][config]") {
  const ServerConfig config = LoadText(
      "# comment\n"
      "listen_addresses = '127.0.0.1, ::1'   # trailing comment\n"
      "port 5433\n"
      "max_connections=50\n"
      "shared_buffers = 64MB\n"
      "idle_session_timeout = 10min\n"
      "idle_in_transaction_session_timeout = 1500\n"
      "authentication_timeout = 30s\n"
      "hba_file = '/etc/granary/it''s.conf'\n"
      "\n"
      "WORKER_THREADS = 3\n"
      "max_worker_threads = 40\n");
  CHECK(config.serve.listen_addresses == "127.0.0.1, ::1");
  CHECK(config.serve.port == 5433);
  CHECK(config.serve.max_connections == 50);
  CHECK(config.open.buffer_pool_bytes == 64u << 20);
  CHECK(config.serve.idle_session_timeout_ms == 600'000);
  CHECK(config.serve.idle_in_transaction_session_timeout_ms == 1500);
  CHECK(config.serve.authentication_timeout_ms == 30'000);
  CHECK(config.serve.hba_file == "/etc/granary/it's.conf");
  CHECK(config.serve.worker_threads == 3);
  CHECK(config.serve.max_worker_threads == 40);

  // A bare shared_buffers counts 8 kB pages, as in PostgreSQL.
  CHECK(LoadText("shared_buffers = 100\n").open.buffer_pool_bytes == 100u * 8192);
  // A missing file leaves the defaults.
  CHECK(ServerConfig::Load("/nonexistent/granary.conf").serve.port == 54321);
}

TEST_CASE("options override the file, and bad settings name themselves", "[server][config]") {
  ServerConfig config = LoadText("port = 6000\n");
  config.Set("port", "6001");
  CHECK(config.serve.port == 6001);

  CHECK(ErrorOf([] { LoadText("no_such_setting = 1\n"); }) ==
        "F0000 unrecognized configuration parameter \"no_such_setting\"");
  CHECK(ErrorOf([] { LoadText("port = 70000\n"); }) ==
        "22023 70000 is outside the valid range for parameter \"port\" (0 .. 65535)");
  CHECK(ErrorOf([] { LoadText("idle_session_timeout = '5 parsecs'\n"); }) ==
        "22023 invalid value for parameter \"idle_session_timeout\": \"5 parsecs\"");
  CHECK(ErrorOf([] { LoadText("idle_session_timeout = 5 parsecs\n"); }).rfind("F0000 syntax error", 0) == 0);
  CHECK(ErrorOf([] { LoadText("port = 'unterminated\n"); }).rfind("F0000 unterminated quoted string", 0) == 0);
  CHECK(ErrorOf([] { LoadText("= 5\n"); }).rfind("F0000 syntax error", 0) == 0);
  CHECK(ErrorOf([] { ServerConfig().Set("max_connections", "many"); }) ==
        "22023 invalid value for parameter \"max_connections\": \"many\"");
}

TEST_CASE("a reload takes the timeouts and keeps what needs a restart", "[server][config]") {
  granary::ServerConfig running;
  running.Set("port", "5433");
  running.Set("idle_session_timeout", "10s");
  granary::ServerConfig fresh;
  fresh.Set("port", "5434");
  fresh.Set("idle_in_transaction_session_timeout", "1min");
  std::vector<std::string> log;
  const granary::ServerConfig reloaded = running.Reloaded(fresh, log);
  CHECK(reloaded.serve.port == 5433);
  CHECK(reloaded.serve.idle_session_timeout_ms == 0);
  CHECK(reloaded.serve.idle_in_transaction_session_timeout_ms == 60000);
  REQUIRE(log.size() == 3);
  CHECK(log[0] == "parameter \"idle_in_transaction_session_timeout\" changed to \"1min\"");
  CHECK(log[1] == "parameter \"idle_session_timeout\" removed from configuration file, reset to default");
  CHECK(log[2] == "parameter \"port\" cannot be changed without restarting the server");
  // Nothing changed: nothing to say.
  log.clear();
  running.Reloaded(running, log);
  CHECK(log.empty());
}
