// Database::Serve from an embedding application: a server on a free port, a client speaking
// the protocol over a plain socket, the application's own session alongside, and Stop.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "granary/granary.hpp"
#include "granary/server.hpp"
#include "tests/unit/engine/engine_test_support.hpp"
#include "tests/unit/engine/temp_data_directory.hpp"
#include "tests/unit/server/protocol_test_support.hpp"

using namespace granary::server::testing;

namespace {

class Client {
 public:
  explicit Client(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    // A reply that never comes fails the test (reads end as at EOF) instead of hanging it.
    timeval timeout{};
    timeout.tv_sec = 60;
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  ~Client() { close(fd_); }
  bool connected() const { return connected_; }
  // Whether a reply has begun to arrive (without waiting for one).
  bool HasInput() const {
    pollfd descriptor{fd_, POLLIN, 0};
    return poll(&descriptor, 1, 0) > 0;
  }

  void Send(const std::string& bytes) { REQUIRE(write(fd_, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size())); }

  // Message types up to and including the first `last`, and the payload of the last.
  std::string ReadUntil(char last, std::string* last_payload = nullptr) {
    std::string types;
    while (true) {
      const std::string header = ReadExactly(5);
      if (header.size() < 5) return types + "<eof>";
      const auto length = static_cast<uint32_t>(static_cast<unsigned char>(header[1]) << 24 |
                                                 static_cast<unsigned char>(header[2]) << 16 |
                                                 static_cast<unsigned char>(header[3]) << 8 |
                                                 static_cast<unsigned char>(header[4]));
      const std::string payload = ReadExactly(length - 4);
      types.push_back(header[0]);
      if (header[0] == last) {
        if (last_payload != nullptr) *last_payload = payload;
        return types;
      }
    }
  }

 private:
  std::string ReadExactly(size_t count) {
    std::string out(count, '\0');
    size_t done = 0;
    while (done < count) {
      const ssize_t n = read(fd_, out.data() + done, count - done);
      if (n <= 0) {
        out.resize(done);
        return out;
      }
      done += static_cast<size_t>(n);
    }
    return out;
  }

  int fd_;
  bool connected_ = false;
};

std::string StartupPacket(const std::string& user) {
  return Packet(Int32(196608) + Cstr("user") + Cstr(user) + Cstr("database") + Cstr("granary") + Cstr(""));
}

// A database with a role `app` that hba.conf trusts on loopback, after the `setup`
// statements, served on a free port by `worker_threads` pools with the log discarded.
struct ServedForApp {
  ServedForApp(int worker_threads, const std::vector<std::string>& setup)
      : db((granary::Database::Create(directory.path()), granary::Database::Open(directory.path()))) {
    {
      granary::Session own = db.Connect();
      own.Execute("CREATE ROLE app LOGIN");
      for (const std::string& statement : setup) own.Execute(statement);
    }
    {
      std::ofstream hba(directory.root() + "/hba.conf");
      hba << "host all app 127.0.0.1/32 trust\n";
    }
    granary::ServeOptions options;
    options.port = 0;
    options.hba_file = directory.root() + "/hba.conf";
    options.worker_threads = worker_threads;
    options.log = [](std::string_view) {};
    server = db.Serve(options);
  }

  granary::testing::TempDataDirectory directory;
  granary::Database db;
  granary::Server server;
};

}  // namespace

TEST_CASE("an embedding application serves clients next to its own sessions", "[server][serve]") {
  granary::testing::TempDataDirectory directory;
  granary::Database::Create(directory.path());
  granary::Database db = granary::Database::Open(directory.path());
  granary::Session own = db.Connect();
  own.Execute("CREATE ROLE app LOGIN");
  own.Execute("CREATE TABLE shared (v int)");
  own.Execute("INSERT INTO shared VALUES (41)");
  {
    std::ofstream hba(directory.root() + "/hba.conf");
    hba << "host all app 127.0.0.1/32 trust\n";
  }

  std::mutex log_mutex;
  std::vector<std::string> log;
  granary::ServeOptions options;
  options.port = 0;
  options.hba_file = directory.root() + "/hba.conf";
  options.worker_threads = 2;
  options.log = [&](std::string_view line) {
    std::lock_guard lock(log_mutex);
    log.emplace_back(line);
  };
  granary::Server server = db.Serve(options);
  REQUIRE(server.port() > 0);
  {
    std::lock_guard lock(log_mutex);
    REQUIRE(log.size() == 1);
    CHECK(log[0].find("LOG:  listening on IPv4 address \"127.0.0.1\", port " +
                      std::to_string(server.port())) != std::string::npos);
  }

  Client client(server.port());
  REQUIRE(client.connected());
  client.Send(StartupPacket("app"));
  CHECK(client.ReadUntil('Z') == "RSSSSSSSSSSSSSKZ");
  client.Send(Message('Q', Cstr("UPDATE shared SET v = v + 1; SELECT v FROM shared")));
  std::string ready;
  CHECK(client.ReadUntil('Z', &ready) == "CTDCZ");
  CHECK(ready == "I");
  // The application's session sees what the client committed.
  CHECK(own.Execute("SELECT v FROM shared").row(0).GetInt64(0) == 42);

  // A role the rules do not admit.
  Client stranger(server.port());
  stranger.Send(StartupPacket("granary"));
  std::string error;
  CHECK(stranger.ReadUntil('E', &error) == "E");
  CHECK(error.find("28000") != std::string::npos);

  // Stop ends the client's session with FATAL 57P01 and returns once it is gone.
  client.Send(Message('Q', Cstr("BEGIN; INSERT INTO shared VALUES (1)")));
  CHECK(client.ReadUntil('Z', &ready) == "CCZ");
  CHECK(ready == "T");
  server.Stop();
  CHECK(client.ReadUntil('E', &error) == "E");
  CHECK(error.find("57P01") != std::string::npos);
  CHECK(client.ReadUntil('Z') == "<eof>");
  CHECK(own.Execute("SELECT count(*) FROM shared").row(0).GetInt64(0) == 1);
}

TEST_CASE("Serve refuses a missing hba file and a port in use", "[server][serve]") {
  granary::testing::TempDataDirectory directory;
  granary::Database::Create(directory.path());
  granary::Database db = granary::Database::Open(directory.path());
  granary::ServeOptions options;
  options.port = 0;
  options.log = [](std::string_view) {};
  try {
    db.Serve(options);
    FAIL("expected an error");
  } catch (const granary::Error& error) {
    CHECK(error.sqlstate() == "F0000");
    CHECK(error.message().find("hba.conf") != std::string::npos);
  }
  {
    std::ofstream hba(directory.path() + "/hba.conf");
    hba << "host all all 127.0.0.1/32 trust\n";
  }
  granary::Server first = db.Serve(options);
  options.port = first.port();
  try {
    db.Serve(options);
    FAIL("expected an error");
  } catch (const granary::Error& error) {
    CHECK(error.sqlstate() == "58000");
    CHECK(error.message().find("could not bind IPv4 address \"127.0.0.1\"") != std::string::npos);
  }
}

TEST_CASE("Reload takes a new hba file and timeouts; a malformed file changes nothing", "[server][serve]") {
  granary::testing::TempDataDirectory directory;
  granary::Database::Create(directory.path());
  granary::Database db = granary::Database::Open(directory.path());
  db.Connect().Execute("CREATE ROLE app LOGIN");
  const std::string hba_path = directory.root() + "/hba.conf";
  const auto write_hba = [&](const std::string& text) {
    std::ofstream hba(hba_path);
    hba << text;
  };
  write_hba("host all app 127.0.0.1/32 trust\n");
  granary::ServeOptions options;
  options.port = 0;
  options.hba_file = hba_path;
  options.log = [](std::string_view) {};
  granary::Server server = db.Serve(options);

  Client admitted(server.port());
  admitted.Send(StartupPacket("app"));
  REQUIRE(admitted.ReadUntil('Z') == "RSSSSSSSSSSSSSKZ");

  // The new rules reject app: new connections are refused, the running session goes on.
  write_hba("host all app 127.0.0.1/32 reject\n");
  server.Reload(options);
  Client refused(server.port());
  refused.Send(StartupPacket("app"));
  std::string error;
  CHECK(refused.ReadUntil('E', &error) == "E");
  CHECK(error.find("28000") != std::string::npos);
  admitted.Send(Message('Q', Cstr("SELECT 1")));
  CHECK(admitted.ReadUntil('Z') == "TDCZ");

  // A malformed file: Reload throws and the rules in force stay.
  write_hba("host all app 127.0.0.1/32 no-such-method\n");
  CHECK_THROWS_AS(server.Reload(options), granary::Error);
  Client still_refused(server.port());
  still_refused.Send(StartupPacket("app"));
  CHECK(still_refused.ReadUntil('E', &error) == "E");
  CHECK(error.find("28000") != std::string::npos);

  // Back to trust, with an idle_session_timeout that now ends idle sessions (FATAL 57P05).
  write_hba("host all app 127.0.0.1/32 trust\n");
  options.idle_session_timeout_ms = 200;
  server.Reload(options);
  Client idle(server.port());
  idle.Send(StartupPacket("app"));
  REQUIRE(idle.ReadUntil('Z') == "RSSSSSSSSSSSSSKZ");
  CHECK(idle.ReadUntil('E', &error) == "E");
  CHECK(error.find("57P05") != std::string::npos);
}

TEST_CASE("sessions waiting for a lock do not keep its holder's COMMIT from a worker",
          "[server][serve][pool]") {
  // One core worker: the two sessions waiting for the row lock each hold a worker inside a
  // blocking region, and the holder's COMMIT still runs (a fixed pool would wait for
  // lock_timeout here).
  ServedForApp served(1, {"CREATE TABLE counter (v int)", "INSERT INTO counter VALUES (0)"});
  granary::Server& server = served.server;

  Client holder(server.port());
  Client first(server.port());
  Client second(server.port());
  for (Client* client : {&holder, &first, &second}) {
    REQUIRE(client->connected());
    client->Send(StartupPacket("app"));
    REQUIRE(client->ReadUntil('Z').back() == 'Z');
  }
  std::string ready;
  holder.Send(Message('Q', Cstr("BEGIN; UPDATE counter SET v = v + 1")));
  CHECK(holder.ReadUntil('Z', &ready) == "CCZ");
  CHECK(ready == "T");
  for (Client* waiter : {&first, &second}) {
    waiter->Send(Message('Q', Cstr("SET lock_timeout = '20s'; UPDATE counter SET v = v + 1")));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // both are waiting now
  holder.Send(Message('Q', Cstr("COMMIT")));
  CHECK(holder.ReadUntil('Z', &ready) == "CZ");
  CHECK(first.ReadUntil('Z', &ready) == "CCZ");
  CHECK(second.ReadUntil('Z', &ready) == "CCZ");
  holder.Send(Message('Q', Cstr("SELECT v FROM counter")));
  std::string row;
  CHECK(holder.ReadUntil('D', &row) == "TD");
  CHECK(row.substr(row.size() - 1) == "3");
  server.Stop();
}

TEST_CASE("pg_cancel_backend and pg_reload_conf reach the server only while it serves", "[server][serve]") {
  granary::testing::TempDataDirectory directory;
  granary::Database::Create(directory.path());
  granary::Database db = granary::Database::Open(directory.path());
  granary::Session own = db.Connect();
  own.Execute("CREATE ROLE app LOGIN");
  {
    std::ofstream hba(directory.root() + "/hba.conf");
    hba << "host all nobody 127.0.0.1/32 trust\n";
  }
  auto single_warning = [](const granary::Result& result) {
    REQUIRE(result.notices().size() == 1);
    CHECK(result.notices()[0].severity() == granary::Severity::kWarning);
    return result.notices()[0].message();
  };

  // Embedded only: no backend to signal, no configuration to reload.
  granary::Result cancel = own.Execute("SELECT pg_cancel_backend(1)");
  CHECK_FALSE(cancel.row(0).GetBool(0));
  CHECK(single_warning(cancel) == "PID 1 is not a PostgreSQL backend process");
  granary::Result reload = own.Execute("SELECT pg_reload_conf()");
  CHECK_FALSE(reload.row(0).GetBool(0));
  CHECK(single_warning(reload) == "failed to send signal to postmaster: no server is running");

  granary::ServeOptions options;
  options.port = 0;
  options.hba_file = directory.root() + "/hba.conf";
  options.worker_threads = 2;
  std::mutex log_mutex;
  std::vector<std::string> log;
  options.log = [&](std::string_view line) {
    std::lock_guard lock(log_mutex);
    log.emplace_back(line);
  };
  granary::Server server = db.Serve(options);

  // pg_reload_conf() without a reload hook reads the hba file again: the new rule admits
  // the role the old one refused.
  {
    std::ofstream hba(directory.root() + "/hba.conf");
    hba << "host all app 127.0.0.1/32 trust\n";
  }
  CHECK(own.Execute("SELECT pg_reload_conf()").row(0).GetBool(0));
  Client client(server.port());
  client.Send(StartupPacket("app"));
  CHECK(client.ReadUntil('Z').back() == 'Z');

  // A session that is not a superuser may not reload (42501).
  granary::SessionOptions clerk_options;
  clerk_options.user = "clerk";
  clerk_options.superuser = false;
  granary::Session clerk = db.Connect(clerk_options);
  CHECK(granary::testing::SqlState([&] { clerk.Execute("SELECT pg_reload_conf()"); }) == "42501");
  // The application's own sessions are no backends of the server (pid 0).
  CHECK_FALSE(own.Execute("SELECT pg_terminate_backend(0)").row(0).GetBool(0));
  server.Stop();
  // Stopped: the functions find no server again.
  CHECK_FALSE(own.Execute("SELECT pg_reload_conf()").row(0).GetBool(0));
}

TEST_CASE("a long statement does not keep the other connections of its pool waiting", "[server][serve][pool]") {
  // Two pools: connections go to them in turn, so the first and the third share a pool. While
  // the first runs a long statement, the third is still answered (its pool starts another
  // thread once the long one passes the stall limit).
  ServedForApp served(2, {});
  granary::Server& server = served.server;

  Client long_running(server.port());
  Client other_pool(server.port());
  Client same_pool(server.port());
  for (Client* client : {&long_running, &other_pool, &same_pool}) {
    REQUIRE(client->connected());
    client->Send(StartupPacket("app"));
    REQUIRE(client->ReadUntil('Z').back() == 'Z');
  }
  std::string ready;
  long_running.Send(Message('Q', Cstr("SET statement_timeout = '3s'")));
  REQUIRE(long_running.ReadUntil('Z') == "CZ");
  long_running.Send(Message('Q', Cstr("SELECT count(*) FROM generate_series(1, 1000000000000)")));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  for (Client* client : {&same_pool, &other_pool}) {
    client->Send(Message('Q', Cstr("SELECT 1")));
    CHECK(client->ReadUntil('Z', &ready) == "TDCZ");
  }
  CHECK_FALSE(long_running.HasInput());  // still running
  std::string error;
  // As PostgreSQL: the result's description, then the error (the aggregate has no row yet).
  CHECK(long_running.ReadUntil('E', &error) == "TE");
  CHECK(error.find("57014") != std::string::npos);
  CHECK(long_running.ReadUntil('Z') == "Z");
  server.Stop();
}
