// granary serve: opens a data directory and serves PostgreSQL clients until SIGINT/SIGTERM.
// SIGHUP reloads the configuration as PostgreSQL's does: hba.conf again, and the settings of
// granary.conf that may change without a restart.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "granary/granary.hpp"
#include "granary/server.hpp"
#include "tools/cli/arguments.hpp"
#include "tools/cli/usage.hpp"
#include "tools/commands/commands.hpp"
#include "tools/commands/report.hpp"

namespace granary::tools {
namespace {

void Log(std::string_view message) {
  std::fprintf(stderr, "granary: %.*s\n", static_cast<int>(message.size()), message.data());
  std::fflush(stderr);
}

// The server log's sink: one line on standard error.
void LogLine(std::string_view line) {
  std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
  std::fflush(stderr);
}

// SIGHUP: reads granary.conf (then the command line's settings, which still win) and
// hba.conf again. A file with errors changes nothing; either way the server goes on.
ServerConfig ReloadConfiguration(const ServerConfig& running, const std::string& path,
                                 const std::vector<std::pair<std::string, std::string>>& overrides,
                                 Server& server) {
  const auto log = [&](std::string_view level, const std::string& message) {
    LogLine(std::string(level) + ":  " + message);
  };
  log("LOG", "received SIGHUP, reloading configuration files");
  try {
    ServerConfig fresh = ServerConfig::Load(path);
    for (const auto& [name, value] : overrides) fresh.Set(name, value);
    std::vector<std::string> changes;
    ServerConfig reloaded = running.Reloaded(fresh, changes);
    server.Reload(reloaded.serve);  // the hba file first: its errors leave everything as it was
    for (const std::string& change : changes) log("LOG", change);
    return reloaded;
  } catch (const Error& error) {
    log("LOG", error.message() + (error.detail().empty() ? "" : " (" + error.detail() + ")"));
    log("LOG", "configuration files contain errors; no changes were applied");
    return running;
  }
}

// The address a local client would use to reach the first listen address.
std::string ConnectHost(const std::string& listen_addresses) {
  std::string first = listen_addresses.substr(0, listen_addresses.find(','));
  first.erase(0, first.find_first_not_of(" \t"));
  first.erase(first.find_last_not_of(" \t") + 1);
  if (first == "*" || first == "0.0.0.0" || first.empty() || first == "localhost") return "127.0.0.1";
  if (first == "::") return "::1";
  return first;
}

}  // namespace

int RunServeCommand(const std::vector<std::string>& args) {
  const std::vector<OptionSpec> specs = {{'D', "data-dir", true},
                                         {'p', "port", true},
                                         {'h', "listen", true},
                                         {'c', "set", true},
                                         {'?', "help", false}};
  ParsedArguments parsed;
  std::string error;
  if (!ParseArguments(args, specs, &parsed, &error)) return UsageError(error, ServeUsage());
  std::string directory;
  std::vector<std::pair<std::string, std::string>> overrides;
  for (const ParsedOption& option : parsed.options) {
    if (option.name == "help") {
      std::fputs(ServeUsage().c_str(), stdout);
      return kExitSuccess;
    }
    if (option.name == "data-dir") directory = option.value;
    if (option.name == "port") overrides.emplace_back("port", option.value);
    if (option.name == "listen") overrides.emplace_back("listen_addresses", option.value);
    if (option.name == "set") {
      const size_t equals = option.value.find('=');
      if (equals == 0 || equals == std::string::npos) {
        return UsageError("invalid setting \"" + option.value + "\" (expected NAME=VALUE)", ServeUsage());
      }
      overrides.emplace_back(option.value.substr(0, equals), option.value.substr(equals + 1));
    }
  }
  if (!parsed.positional.empty()) {
    return UsageError("too many command-line arguments (first is \"" + parsed.positional[0] + "\")",
                      ServeUsage());
  }
  if (directory.empty()) {
    if (const char* env = std::getenv("GRANARY_DATA"); env != nullptr) directory = env;
  }
  if (directory.empty()) {
    return UsageError("no data directory specified (use -D or set GRANARY_DATA)", ServeUsage());
  }

  // SIGINT, SIGTERM and SIGHUP are taken by sigwait below, so every thread must block them
  // (SIGHUP's default action would end the process); SIGPIPE must not end the process when
  // a client goes away mid-write.
  sigset_t waited_signals;
  sigemptyset(&waited_signals);
  sigaddset(&waited_signals, SIGINT);
  sigaddset(&waited_signals, SIGTERM);
  sigaddset(&waited_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &waited_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  try {
    ServerConfig config = ServerConfig::Load(directory + "/granary.conf");
    for (const auto& [name, value] : overrides) config.Set(name, value);
    config.serve.log = LogLine;
    // pg_reload_conf() signals the process, as PostgreSQL's does the postmaster: the sigwait
    // loop below then reloads as for any SIGHUP.
    config.serve.on_reload_request = [] { kill(getpid(), SIGHUP); };
    Database database = Database::Open(directory, config.open);
    {
      Server server = database.Serve(config.serve);
      const std::string user = database.FindRole("granary") ? "granary" : "<role>";
      Log("database system is ready to accept connections");
      Log("connect with: psql -h " + ConnectHost(config.serve.listen_addresses) + " -p " +
          std::to_string(server.port()) + " -U " + user + " granary");
      int signal_number = 0;
      for (;;) {
        sigwait(&waited_signals, &signal_number);
        if (signal_number != SIGHUP) break;
        config = ReloadConfiguration(config, directory + "/granary.conf", overrides, server);
      }
      Log(signal_number == SIGINT ? "received fast shutdown request (SIGINT)"
                                  : "received fast shutdown request (SIGTERM)");
      server.Stop();
    }
    database.Close();
    Log("database system is shut down");
  } catch (const Error& e) {
    ReportFatal(e);
    return kExitFailure;
  } catch (const std::exception& e) {
    ReportFatal(e.what());
    return kExitFailure;
  }
  return kExitSuccess;
}

}  // namespace granary::tools
