// Backslash commands: one handler per command, found by name in one table.
#include "tools/shell/backslash_commands.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <algorithm>
#include <functional>
#include <memory>

#include "tools/shell/line_source.hpp"
#include "tools/shell/shell.hpp"
#include "tools/shell/statement_scanner.hpp"

namespace granary::tools {
namespace {

using Arguments = std::vector<std::string>;
using Handler = std::function<BackslashOutcome(const Arguments&, const BackslashContext&)>;

struct Command {
  std::vector<std::string_view> names;
  std::string_view usage;
  std::string_view help;
  Handler run;
};

// psql labels a command's error "error: " only when it has a file location to show.
BackslashOutcome Fail(const BackslashContext& context, const std::string& message) {
  context.shell.PrintMessage(context.location, (context.location.empty() ? "" : "error: ") + message);
  return BackslashOutcome::kError;
}

BackslashOutcome Quit(const Arguments&, const BackslashContext&) { return BackslashOutcome::kQuit; }

BackslashOutcome Help(const Arguments&, const BackslashContext& context) {
  std::fputs(BackslashHelp().c_str(), context.shell.out());
  return BackslashOutcome::kOk;
}

BackslashOutcome Copy(const Arguments&, const BackslashContext& context) {
  return context.shell.RunBackslashCopy(context.arguments, context.location) ? BackslashOutcome::kOk
                                                                           : BackslashOutcome::kError;
}

BackslashOutcome Send(const Arguments& args, const BackslashContext& context) {
  if (!args.empty()) return Fail(context, "\\g: writing results to a file is not supported");
  return BackslashOutcome::kSend;
}

BackslashOutcome ResetBuffer(const Arguments&, const BackslashContext& context) {
  context.scanner.Reset();
  if (!context.shell.settings().quiet && context.interactive) {
    std::fputs("Query buffer reset (cleared).\n", context.shell.out());
  }
  return BackslashOutcome::kOk;
}

BackslashOutcome PrintBuffer(const Arguments&, const BackslashContext& context) {
  const std::string& buffer =
      context.scanner.buffer().empty() ? context.shell.last_statement() : context.scanner.buffer();
  if (buffer.empty()) {
    std::fputs("Query buffer is empty.\n", context.shell.out());
  } else {
    std::fprintf(context.shell.out(), "%s\n", buffer.c_str());
  }
  return BackslashOutcome::kOk;
}

BackslashOutcome Echo(const Arguments& args, const BackslashContext& context) {
  std::string line;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) line += ' ';
    line += args[i];
  }
  std::fprintf(context.shell.out(), "%s\n", line.c_str());
  return BackslashOutcome::kOk;
}

BackslashOutcome Include(const Arguments& args, const BackslashContext& context) {
  if (args.empty()) return Fail(context, "\\i: missing required argument");
  std::unique_ptr<StreamLineSource> source = StreamLineSource::Open(args[0]);
  if (!source) return Fail(context, args[0] + ": " + std::strerror(errno));
  switch (context.shell.RunSource(*source, args[0])) {
    case RunResult::kQuit: return BackslashOutcome::kQuit;
    case RunResult::kStopped: return BackslashOutcome::kStopped;
    case RunResult::kSuccess:
    case RunResult::kFailure: break;
  }
  return BackslashOutcome::kOk;
}

BackslashOutcome Set(const Arguments& args, const BackslashContext& context) {
  if (args.empty()) {
    for (const auto& [name, value] : context.shell.variables()) {
      std::fprintf(context.shell.out(), "%s = '%s'\n", name.c_str(), value.c_str());
    }
    return BackslashOutcome::kOk;
  }
  std::string value;
  for (size_t i = 1; i < args.size(); ++i) value += args[i];
  std::string error;
  if (!context.shell.SetVariable(args[0], value, &error)) return Fail(context, error);
  return BackslashOutcome::kOk;
}

BackslashOutcome Unset(const Arguments& args, const BackslashContext& context) {
  if (args.empty()) return Fail(context, "\\unset: missing required argument");
  context.shell.UnsetVariable(args[0]);
  return BackslashOutcome::kOk;
}

BackslashOutcome Timing(const Arguments& args, const BackslashContext& context) {
  bool& timing = context.shell.settings().timing;
  if (args.empty()) {
    timing = !timing;
  } else if (args[0] == "on") {
    timing = true;
  } else if (args[0] == "off") {
    timing = false;
  } else {
    return Fail(context, "unrecognized value \"" + args[0] + "\" for \"\\timing\": Boolean expected");
  }
  std::fprintf(context.shell.out(), "Timing is %s.\n", timing ? "on" : "off");
  return BackslashOutcome::kOk;
}

BackslashOutcome Pset(const Arguments& args, const BackslashContext& context) {
  if (args.size() != 2 || args[0] != "format") {
    return Fail(context, "\\pset: only \"\\pset format aligned|csv\" is supported");
  }
  if (args[1] == "aligned") {
    context.shell.settings().format = OutputFormat::kAligned;
  } else if (args[1] == "csv") {
    context.shell.settings().format = OutputFormat::kCsv;
  } else {
    return Fail(context, "\\pset: allowed formats are aligned, csv");
  }
  std::fprintf(context.shell.out(), "Output format is %s.\n", args[1].c_str());
  return BackslashOutcome::kOk;
}

const std::vector<Command>& Commands() {
  static const std::vector<Command> commands = {
      {{"?"}, "\\?", "show this help", Help},
      {{"copy"}, "\\copy ...", "COPY with data from/to a client file, stdin or stdout", Copy},
      {{"echo"}, "\\echo TEXT", "write TEXT to standard output", Echo},
      {{"g"}, "\\g", "execute the query buffer (or the last query when it is empty)", Send},
      {{"i", "include"}, "\\i FILE", "execute commands from FILE", Include},
      {{"p", "print"}, "\\p", "show the contents of the query buffer", PrintBuffer},
      {{"pset"}, "\\pset format aligned|csv", "set the output format", Pset},
      {{"q", "quit"}, "\\q", "quit granary sql", Quit},
      {{"r", "reset"}, "\\r", "reset (clear) the query buffer", ResetBuffer},
      {{"set"}, "\\set [NAME [VALUE]]",
       "set a variable (ON_ERROR_STOP, VERBOSITY, QUIET), or list all", Set},
      {{"timing"}, "\\timing [on|off]", "toggle timing of statements", Timing},
      {{"unset"}, "\\unset NAME", "unset (delete) a variable", Unset},
  };
  return commands;
}

}  // namespace

std::vector<std::string> SplitBackslashArguments(std::string_view text) {
  std::vector<std::string> args;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size()) break;
    std::string arg;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) {
      if (text[i] != '\'') {
        arg += text[i++];
        continue;
      }
      ++i;  // opening quote: copy up to the closing one, '' being a quote
      while (i < text.size()) {
        if (text[i] == '\'') {
          if (i + 1 < text.size() && text[i + 1] == '\'') {
            arg += '\'';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        arg += text[i++];
      }
    }
    args.push_back(std::move(arg));
  }
  return args;
}

std::string BackslashHelp() {
  std::string help = "General\n";
  for (const Command& command : Commands()) {
    std::string line = "  " + std::string(command.usage);
    if (line.size() < 26) line.resize(26, ' ');
    help += line + " " + std::string(command.help) + "\n";
  }
  help += "\nSQL statements end with a semicolon; statements may span several lines.\n";
  return help;
}

BackslashOutcome RunBackslashCommand(std::string_view text, const BackslashContext& context) {
  std::vector<std::string> words = SplitBackslashArguments(text);
  // "\?" and "\q" may be glued to nothing else; a command name ends at whitespace.
  const std::string try_help = context.interactive ? "\nTry \\? for help." : "";
  if (words.empty()) return Fail(context, "invalid command \\" + try_help);
  const std::string name = words.front();
  words.erase(words.begin());
  size_t name_end = 0;
  while (name_end < text.size() && std::isspace(static_cast<unsigned char>(text[name_end]))) ++name_end;
  name_end += name.size();
  BackslashContext with_arguments = context;
  with_arguments.arguments = text.substr(std::min(name_end, text.size()));
  for (const Command& command : Commands()) {
    for (std::string_view alias : command.names) {
      if (alias == name) return command.run(words, with_arguments);
    }
  }
  return Fail(context, "invalid command \\" + name + try_help);
}

}  // namespace granary::tools
