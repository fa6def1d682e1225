// The `granary` command: dispatches to a subcommand (init, serve, sql, verify, waldump). Each
// subcommand lives in commands/; argument parsing in cli/; the SQL shell in shell/; output
// formats in print/.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "granary/granary.hpp"
#include "tools/cli/usage.hpp"
#include "tools/commands/commands.hpp"

int main(int argc, char** argv) {
  using namespace granary::tools;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return UsageError("no command specified", MainUsage());

  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "--help" || command == "-?" || command == "-h" || command == "help") {
    std::fputs(MainUsage().c_str(), stdout);
    return kExitSuccess;
  }
  if (command == "--version" || command == "-V") {
    const std::string_view version = granary::Version();
    std::printf("granary %.*s\n", static_cast<int>(version.size()), version.data());
    return kExitSuccess;
  }
  if (command == "init") return RunInitCommand(args);
  if (command == "serve") return RunServeCommand(args);
  if (command == "sql") return RunSqlCommand(args);
  if (command == "verify") return RunVerifyCommand(args);
  if (command == "waldump") return RunWaldumpCommand(args);
  return UsageError("unknown command \"" + command + "\"", MainUsage());
}
