// granary init: creates and initialises a data directory through Database::Create.
#include <cstdio>
#include <exception>

#include "granary/granary.hpp"
#include "tools/cli/arguments.hpp"
#include "tools/cli/usage.hpp"
#include "tools/commands/commands.hpp"
#include "tools/commands/report.hpp"

namespace granary::tools {

int RunInitCommand(const std::vector<std::string>& args) {
  const std::vector<OptionSpec> specs = {{'D', "data-dir", true}, {'?', "help", false}};
  ParsedArguments parsed;
  std::string error;
  if (!ParseArguments(args, specs, &parsed, &error)) return UsageError(error, InitUsage());

  std::string directory;
  for (const ParsedOption& option : parsed.options) {
    if (option.name == "help") {
      std::fputs(InitUsage().c_str(), stdout);
      return kExitSuccess;
    }
    if (option.name == "data-dir") directory = option.value;
  }
  if (!parsed.positional.empty()) {
    if (!directory.empty() || parsed.positional.size() > 1) {
      return UsageError("too many command-line arguments (first is \"" + parsed.positional[0] + "\")",
                        InitUsage());
    }
    directory = parsed.positional[0];
  }
  if (directory.empty()) return UsageError("no data directory specified", InitUsage());

  try {
    granary::Database::Create(directory);
  } catch (const granary::Error& e) {
    ReportFatal(e);
    return kExitFailure;
  } catch (const std::exception& e) {
    ReportFatal(e.what());
    return kExitFailure;
  }
  std::printf("Success. Granary data directory \"%s\" initialized.\n", directory.c_str());
  return kExitSuccess;
}

}  // namespace granary::tools
