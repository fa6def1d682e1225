// The granary subcommands. Each takes the arguments after its name and returns the process
// exit code (see ExitCode in cli/usage.hpp).
#pragma once

#include <string>
#include <vector>

namespace granary::tools {

// granary init -D DIR [--superuser NAME] [--pwfile FILE]: creates a data directory with a
// superuser role, an hba.conf and a granary.conf.
int RunInitCommand(const std::vector<std::string>& args);

// granary serve -D DIR [--port N] [--listen ADDRESSES] [-c NAME=VALUE]...: the server, in the
// foreground until SIGINT/SIGTERM.
int RunServeCommand(const std::vector<std::string>& args);

// granary sql -D DIR [-c SQL]... [-f FILE]... [--csv] [-v NAME=VALUE]...: the SQL shell.
int RunSqlCommand(const std::vector<std::string>& args);

// granary verify -D DIR: recovers if needed, then checks every page on disk.
int RunVerifyCommand(const std::vector<std::string>& args);

// granary waldump -D DIR [--start LSN] [--stats]: prints the write-ahead log.
int RunWaldumpCommand(const std::vector<std::string>& args);

// For subcommands taking only -D DIR (or DIR) and --help: returns -1 with *directory set, or
// the exit code to return (help printed, or a usage error reported).
int ParseDirectoryArguments(const std::vector<std::string>& args, const std::string& usage,
                            std::string* directory);

}  // namespace granary::tools
