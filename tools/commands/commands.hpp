// The granary subcommands. Each takes the arguments after its name and returns the process
// exit code (see ExitCode in cli/usage.hpp).
#pragma once

#include <string>
#include <vector>

namespace granary::tools {

// granary init -D DIR: creates a data directory.
int RunInitCommand(const std::vector<std::string>& args);

// granary sql -D DIR [-c SQL]... [-f FILE]... [--csv] [-v NAME=VALUE]...: the SQL shell.
int RunSqlCommand(const std::vector<std::string>& args);

}  // namespace granary::tools
