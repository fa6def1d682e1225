// granary sql: opens a data directory in process and runs the shell over one Session, with
// psql's options and exit codes.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>

#include "granary/granary.hpp"
#include "tools/cli/arguments.hpp"
#include "tools/cli/usage.hpp"
#include "tools/commands/commands.hpp"
#include "tools/commands/report.hpp"
#include "tools/shell/line_source.hpp"
#include "tools/shell/shell.hpp"

namespace granary::tools {
namespace {

// One -c or -f, in command-line order.
struct Action {
  enum class Kind { kCommand, kFile } kind;
  std::string value;
};

struct SqlOptions {
  std::string directory;
  std::vector<Action> actions;
  std::vector<std::pair<std::string, std::string>> variables;  // -v, applied in order
  bool csv = false;
  bool help = false;
};

bool ParseSqlOptions(const std::vector<std::string>& args, SqlOptions* options,
                     std::string* error) {
  const std::vector<OptionSpec> specs = {
      {'D', "data-dir", true},   {'c', "command", true},       {'f', "file", true},
      {'v', "set", true},        {'\0', "variable", true},     {'\0', "csv", false},
      {'\0', "verbose-errors", false}, {'q', "quiet", false},  {'X', "no-psqlrc", false},
      {'?', "help", false},
  };
  ParsedArguments parsed;
  if (!ParseArguments(args, specs, &parsed, error)) return false;
  if (!parsed.positional.empty()) {
    *error = "too many command-line arguments (first is \"" + parsed.positional[0] + "\")";
    return false;
  }
  for (const ParsedOption& option : parsed.options) {
    const std::string& name = option.name;
    if (name == "data-dir") {
      options->directory = option.value;
    } else if (name == "command") {
      options->actions.push_back({Action::Kind::kCommand, option.value});
    } else if (name == "file") {
      options->actions.push_back({Action::Kind::kFile, option.value});
    } else if (name == "set" || name == "variable") {
      const size_t equals = option.value.find('=');
      if (equals == 0 || equals == std::string::npos) {
        *error = "invalid variable assignment \"" + option.value + "\" (expected NAME=VALUE)";
        return false;
      }
      options->variables.emplace_back(option.value.substr(0, equals), option.value.substr(equals + 1));
    } else if (name == "csv") {
      options->csv = true;
    } else if (name == "verbose-errors") {
      options->variables.emplace_back("VERBOSITY", "verbose");
    } else if (name == "quiet") {
      options->variables.emplace_back("QUIET", "on");
    } else if (name == "help") {
      options->help = true;
    }
  }
  if (options->directory.empty()) {
    if (const char* env = std::getenv("GRANARY_DATA"); env != nullptr) options->directory = env;
  }
  return true;
}

// Runs the -c/-f actions in order, psql-style; returns the exit code.
int RunActions(Shell& shell, const std::vector<Action>& actions) {
  bool failed = false;
  for (const Action& action : actions) {
    RunResult result;
    if (action.kind == Action::Kind::kCommand) {
      result = shell.RunCommandString(action.value);
    } else if (action.value == "-") {
      StreamLineSource source(stdin);
      result = shell.RunSource(source, "<stdin>");
    } else {
      std::unique_ptr<StreamLineSource> source = StreamLineSource::Open(action.value);
      if (!source) {
        ReportFatal(action.value + ": " + std::strerror(errno));
        return kExitFailure;
      }
      result = shell.RunSource(*source, action.value);
    }
    switch (result) {
      case RunResult::kSuccess:
        break;
      case RunResult::kQuit:
        return failed ? kExitFailure : kExitSuccess;
      case RunResult::kStopped:
        return action.kind == Action::Kind::kFile ? kExitScriptStopped : kExitFailure;
      case RunResult::kFailure:
        failed = true;
        if (shell.settings().on_error_stop) return kExitFailure;
        break;
    }
  }
  return failed ? kExitFailure : kExitSuccess;
}

// No -c/-f: standard input, interactive when both ends are a terminal (as psql decides).
int RunStandardInput(Shell& shell) {
  const bool interactive = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
  if (!interactive) {
    StreamLineSource source(stdin);
    switch (shell.RunSource(source, "")) {
      case RunResult::kSuccess:
      case RunResult::kQuit:
        return kExitSuccess;
      case RunResult::kFailure:
        return kExitFailure;
      case RunResult::kStopped:
        return kExitScriptStopped;
    }
    return kExitSuccess;
  }
  if (!shell.settings().quiet) {
    std::printf("granary sql (%.*s)\nType \"help\" for help.\n\n",
                static_cast<int>(granary::Version().size()), granary::Version().data());
  }
  TerminalLineSource source;
  shell.RunSource(source, "");
  return kExitSuccess;
}

}  // namespace

int RunSqlCommand(const std::vector<std::string>& args) {
  SqlOptions options;
  std::string error;
  if (!ParseSqlOptions(args, &options, &error)) return UsageError(error, SqlUsage());
  if (options.help) {
    std::fputs(SqlUsage().c_str(), stdout);
    return kExitSuccess;
  }
  if (options.directory.empty()) {
    return UsageError("no data directory specified (use -D or set GRANARY_DATA)", SqlUsage());
  }

  int exit_code = kExitSuccess;
  try {
    granary::Database database = granary::Database::Open(options.directory);
    {
      granary::Session session = database.Connect();
      Shell shell(session, stdout, stderr);
      if (options.csv) shell.settings().format = OutputFormat::kCsv;
      for (const auto& [name, value] : options.variables) {
        if (!shell.SetVariable(name, value, &error)) shell.PrintMessage("", error);
      }
      exit_code = options.actions.empty() ? RunStandardInput(shell) : RunActions(shell, options.actions);
    }
    database.Close();
  } catch (const granary::Error& e) {
    ReportFatal(e);
    return kExitFailure;
  } catch (const std::exception& e) {
    ReportFatal(e.what());
    return kExitFailure;
  }
  std::fflush(stdout);
  return exit_code;
}

}  // namespace granary::tools
