// The command line of subcommands that take only a data directory (verify): -D DIR or DIR, and
// --help.
#include <cstdio>

#include "tools/cli/arguments.hpp"
#include "tools/cli/usage.hpp"
#include "tools/commands/commands.hpp"

namespace granary::tools {

int ParseDirectoryArguments(const std::vector<std::string>& args, const std::string& usage,
                            std::string* directory) {
  const std::vector<OptionSpec> specs = {{'D', "data-dir", true}, {'?', "help", false}};
  ParsedArguments parsed;
  std::string error;
  if (!ParseArguments(args, specs, &parsed, &error)) return UsageError(error, usage);
  directory->clear();
  for (const ParsedOption& option : parsed.options) {
    if (option.name == "help") {
      std::fputs(usage.c_str(), stdout);
      return kExitSuccess;
    }
    if (option.name == "data-dir") *directory = option.value;
  }
  if (!parsed.positional.empty()) {
    if (!directory->empty() || parsed.positional.size() > 1) {
      return UsageError("too many command-line arguments (first is \"" + parsed.positional[0] + "\")",
                        usage);
    }
    *directory = parsed.positional[0];
  }
  if (directory->empty()) return UsageError("no data directory specified", usage);
  return -1;
}

}  // namespace granary::tools
