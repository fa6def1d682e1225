// granary init: creates a data directory (Database::Create), its superuser role, and the
// configuration files `granary serve` reads: hba.conf and granary.conf.
#include <cstdio>
#include <exception>
#include <fstream>
#include <stdexcept>
#include <string>

#include "granary/granary.hpp"
#include "tools/cli/arguments.hpp"
#include "tools/cli/usage.hpp"
#include "tools/commands/commands.hpp"
#include "tools/commands/report.hpp"

namespace granary::tools {
namespace {

std::string QuoteIdentifier(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  return quoted + "\"";
}

std::string QuoteLiteral(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') quoted.push_back('\'');
    quoted.push_back(c);
  }
  return quoted + "'";
}

std::string HbaFileText(const std::string& superuser, bool with_password) {
  std::string text =
      "# hba.conf: which clients may connect, as which roles, and how they authenticate.\n"
      "# Written by granary init; read by granary serve when it starts. The syntax is\n"
      "# PostgreSQL's pg_hba.conf:\n"
      "#\n"
      "#   TYPE  DATABASE  USER  ADDRESS  METHOD\n"
      "#\n"
      "# TYPE is host (TCP), DATABASE all or a name, USER all or a role name, ADDRESS an IP\n"
      "# address with a CIDR mask, METHOD one of trust, reject, password, md5, scram-sha-256.\n"
      "# The first line matching a connection decides; no matching line rejects it.\n"
      "\n";
  if (with_password) {
    text += "# The superuser \"" + superuser +
            "\" has a password; clients on this machine authenticate\n"
            "# with SCRAM-SHA-256.\n"
            "host    all       all   127.0.0.1/32  scram-sha-256\n"
            "host    all       all   ::1/128       scram-sha-256\n";
  } else {
    text += "# The superuser \"" + superuser +
            "\" was created WITHOUT a password (no --pwfile), so connections\n"
            "# from this machine are trusted: anyone who can reach 127.0.0.1 or ::1 may log in\n"
            "# as any role without a password. To require passwords, set one\n"
            "# (ALTER ROLE " + QuoteIdentifier(superuser) + " PASSWORD '...') and replace the two\n"
            "# trust lines by the scram-sha-256 lines below them.\n"
            "host    all       all   127.0.0.1/32  trust\n"
            "host    all       all   ::1/128       trust\n"
            "#host   all       all   127.0.0.1/32  scram-sha-256\n"
            "#host   all       all   ::1/128       scram-sha-256\n";
  }
  return text;
}

constexpr const char* kConfigFileText =
    "# granary.conf: settings of granary serve, in PostgreSQL's postgresql.conf syntax\n"
    "# (name = value; units such as MB and s). Command-line options override them.\n"
    "\n"
    "#listen_addresses = '127.0.0.1'     # comma-separated IP addresses, or '*'\n"
    "#port = 54321\n"
    "#max_connections = 2000\n"
    "#shared_buffers = 128MB\n"
    "#idle_session_timeout = 0           # 0 disables; e.g. 10min\n"
    "#idle_in_transaction_session_timeout = 0\n"
    "#authentication_timeout = 60s\n"
    "#worker_threads = 0                 # 0: two per core\n"
    "#max_worker_threads = 0             # while workers wait for disk or locks; 0: max_connections + worker_threads\n";

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream file(path);
  file << text;
  if (!file.flush()) throw std::runtime_error("could not write file \"" + path + "\"");
}

}  // namespace

int RunInitCommand(const std::vector<std::string>& args) {
  const std::vector<OptionSpec> specs = {{'D', "data-dir", true},
                                         {'U', "superuser", true},
                                         {'\0', "pwfile", true},
                                         {'?', "help", false}};
  ParsedArguments parsed;
  std::string error;
  if (!ParseArguments(args, specs, &parsed, &error)) return UsageError(error, InitUsage());

  std::string directory;
  std::string superuser = "granary";
  std::string password_file;
  for (const ParsedOption& option : parsed.options) {
    if (option.name == "help") {
      std::fputs(InitUsage().c_str(), stdout);
      return kExitSuccess;
    }
    if (option.name == "data-dir") directory = option.value;
    if (option.name == "superuser") superuser = option.value;
    if (option.name == "pwfile") password_file = option.value;
  }
  if (!parsed.positional.empty()) {
    if (!directory.empty() || parsed.positional.size() > 1) {
      return UsageError("too many command-line arguments (first is \"" + parsed.positional[0] + "\")",
                        InitUsage());
    }
    directory = parsed.positional[0];
  }
  if (directory.empty()) return UsageError("no data directory specified", InitUsage());
  if (superuser.empty()) return UsageError("superuser name must not be empty", InitUsage());

  std::string password;
  if (!password_file.empty()) {
    std::ifstream file(password_file);
    if (!file) {
      ReportFatal("could not open file \"" + password_file + "\" for reading");
      return kExitFailure;
    }
    std::getline(file, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (password.empty()) {
      ReportFatal("password file \"" + password_file + "\" is empty");
      return kExitFailure;
    }
  }

  try {
    granary::Database::Create(directory);
    {
      granary::Database database = granary::Database::Open(directory);
      granary::Session session = database.Connect();
      session.Execute("CREATE ROLE " + QuoteIdentifier(superuser) + " SUPERUSER LOGIN" +
                      (password.empty() ? "" : " PASSWORD " + QuoteLiteral(password)));
      database.Close();
    }
    WriteFile(directory + "/hba.conf", HbaFileText(superuser, !password.empty()));
    WriteFile(directory + "/granary.conf", kConfigFileText);
  } catch (const granary::Error& e) {
    ReportFatal(e);
    return kExitFailure;
  } catch (const std::exception& e) {
    ReportFatal(e.what());
    return kExitFailure;
  }
  std::printf("Success. Granary data directory \"%s\" initialized with superuser \"%s\".\n"
              "Start the server with:\n    granary serve -D %s\n",
              directory.c_str(), superuser.c_str(), directory.c_str());
  return kExitSuccess;
}

}  // namespace granary::tools
