// The shell's main loop (psql's MainLoop) and statement execution/printing.
#include "tools/shell/shell.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <exception>
#include <vector>

#include "tools/print/result_table.hpp"
#include "tools/print/table.hpp"
#include "tools/shell/backslash_commands.hpp"
#include "tools/shell/statement_scanner.hpp"

namespace granary::tools {
namespace {

constexpr int kMaxIncludeDepth = 32;
constexpr char kInternalError[] = "XX000";

std::string Lowercase(std::string_view text) {
  std::string lower(text);
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return lower;
}

// psql's ParseVariableBool: unambiguous prefixes of on/off/true/false/yes/no, and 1/0.
bool ParseBool(const std::string& value, bool* result) {
  const std::string lower = Lowercase(value);
  if (lower.empty()) return false;
  auto prefix_of = [&](std::string_view word) { return word.substr(0, lower.size()) == lower; };
  if (prefix_of("true") || prefix_of("yes") || lower == "1" || (lower.size() >= 2 && prefix_of("on"))) {
    *result = true;
    return true;
  }
  if (prefix_of("false") || prefix_of("no") || lower == "0" ||
      (lower.size() >= 2 && prefix_of("off"))) {
    *result = false;
    return true;
  }
  return false;
}

// Statements whose tag psql prints after a RETURNING result as well.
bool IsModifyingTag(const std::string& tag) {
  for (std::string_view verb : {"INSERT", "UPDATE", "DELETE", "MERGE"}) {
    if (tag.compare(0, verb.size(), verb) == 0) return true;
  }
  return false;
}

std::string Location(const std::string& file_name, int line_number) {
  if (file_name.empty()) return "";
  return "granary:" + file_name + ":" + std::to_string(line_number) + ": ";
}

void PrintTerminalHelp(std::FILE* out) {
  std::fputs(
      "You are using granary sql, the command-line interface to Granary.\n"
      "Type:  \\? for help with shell commands\n"
      "       \\q or quit to quit\n"
      "       end SQL statements with a semicolon\n",
      out);
}

}  // namespace

Shell::Shell(granary::Session& session, std::FILE* out, std::FILE* err)
    : session_(session), out_(out), err_(err) {}

bool Shell::SetVariable(const std::string& name, const std::string& value, std::string* error) {
  if (name == "ON_ERROR_STOP" || name == "QUIET") {
    bool flag = false;
    if (!ParseBool(value, &flag)) {
      *error = "unrecognized value \"" + value + "\" for \"" + name + "\": Boolean expected";
      return false;
    }
    (name == "QUIET" ? settings_.quiet : settings_.on_error_stop) = flag;
  } else if (name == "VERBOSITY") {
    const std::string lower = Lowercase(value);
    if (lower == "default") {
      settings_.verbosity = Verbosity::kDefault;
    } else if (lower == "verbose") {
      settings_.verbosity = Verbosity::kVerbose;
    } else if (lower == "terse") {
      settings_.verbosity = Verbosity::kTerse;
    } else if (lower == "sqlstate") {
      settings_.verbosity = Verbosity::kSqlstate;
    } else {
      *error = "unrecognized value \"" + value + "\" for \"VERBOSITY\"\n"
               "Available values are: default, verbose, terse, sqlstate.";
      return false;
    }
  }
  variables_[name] = value;
  return true;
}

void Shell::UnsetVariable(const std::string& name) {
  if (name == "ON_ERROR_STOP") settings_.on_error_stop = false;
  if (name == "QUIET") settings_.quiet = false;
  if (name == "VERBOSITY") settings_.verbosity = Verbosity::kDefault;
  variables_.erase(name);
}

std::string Shell::Prompt(const StatementScanner& scanner) const {
  std::string prompt = "granary";
  prompt += scanner.InStatement() ? scanner.ContinuationChar() : '=';
  switch (session_.transaction_status()) {
    case 'T': prompt += '*'; break;
    case 'E': prompt += '!'; break;
    default: break;
  }
  prompt += "> ";
  return prompt;
}

void Shell::PrintMessage(const std::string& location, const std::string& message) {
  std::fflush(out_);
  std::fputs(location.c_str(), err_);
  std::fputs(message.c_str(), err_);
  std::fputc('\n', err_);
  std::fflush(err_);
}

void Shell::ReportError(const granary::Error& error, const std::string& sql,
                        const std::string& location) {
  std::fflush(out_);
  std::fputs(location.c_str(), err_);
  std::fputs(FormatError(error, sql, settings_.verbosity).c_str(), err_);
  std::fflush(err_);
}

void Shell::PrintResult(const granary::Result& result, const std::string& location) {
  for (const granary::Error& notice : result.notices()) {
    PrintMessage(location, std::string(granary::SeverityName(notice.severity())) + ":  " + notice.message());
  }
  const std::string& tag = result.command_tag();
  if (result.returns_rows()) {
    const Table table = ToTable(result);
    const std::string text =
        settings_.format == OutputFormat::kCsv ? FormatCsv(table) : FormatAligned(table);
    std::fwrite(text.data(), 1, text.size(), out_);
    if (!settings_.quiet && IsModifyingTag(tag)) std::fprintf(out_, "%s\n", tag.c_str());
  } else if (!settings_.quiet && !tag.empty()) {
    std::fprintf(out_, "%s\n", tag.c_str());
  }
}

bool Shell::ExecuteAndPrint(const std::string& sql, const std::string& location) {
  last_statement_ = sql;
  const auto start = std::chrono::steady_clock::now();
  bool ok = true;
  try {
    const std::vector<granary::Result> results = session_.ExecuteScript(sql);
    for (const granary::Result& result : results) PrintResult(result, location);
  } catch (const granary::Error& error) {
    ReportError(error, sql, location);
    ok = false;
  } catch (const std::bad_alloc&) {
    ReportError(granary::Error("53200", "out of memory"), sql, location);
    ok = false;
  } catch (const std::exception& exception) {
    ReportError(granary::Error(kInternalError, exception.what()), sql, location);
    ok = false;
  }
  if (settings_.timing) {
    const std::chrono::duration<double, std::milli> elapsed =
        std::chrono::steady_clock::now() - start;
    std::fprintf(out_, "Time: %.3f ms\n", elapsed.count());
  }
  std::fflush(out_);
  return ok;
}

RunResult Shell::RunCommandString(std::string_view text) {
  size_t first = 0;
  while (first < text.size() && std::isspace(static_cast<unsigned char>(text[first]))) ++first;
  if (first < text.size() && text[first] == '\\') {
    StatementScanner scanner;
    scanner.FeedLine(text.substr(first));
    RunResult result = RunResult::kSuccess;
    // A -c backslash string may hold several commands separated by "\\".
    while (scanner.Scan() == StatementScanner::Stop::kBackslash) {
      const std::string command(scanner.BackslashCommandText());
      scanner.SkipBackslashCommand();
      const BackslashOutcome outcome =
          RunBackslashCommand(command, BackslashContext{*this, scanner, "", false});
      if (outcome == BackslashOutcome::kQuit) return RunResult::kQuit;
      if (outcome == BackslashOutcome::kSend) {
        const std::string sql = scanner.buffer().empty() ? last_statement_ : scanner.TakeStatement();
        if (!sql.empty() && !ExecuteAndPrint(sql, "")) result = RunResult::kFailure;
      }
      if (outcome == BackslashOutcome::kError || outcome == BackslashOutcome::kStopped) {
        result = RunResult::kFailure;
      }
    }
    return result;
  }
  // A string of only whitespace, comments and semicolons is an empty query: nothing to do.
  StatementScanner probe;
  bool has_content = false;
  size_t begin = 0;
  while (begin <= text.size()) {
    const size_t end = std::min(text.find('\n', begin), text.size());
    probe.FeedLine(text.substr(begin, end - begin));
    for (auto stop = probe.Scan(); stop != StatementScanner::Stop::kEndOfLine;
         stop = probe.Scan()) {
      if (stop == StatementScanner::Stop::kBackslash) {
        probe.SkipBackslashCommand();
        continue;
      }
      has_content = has_content || probe.HasContent();
      probe.TakeStatement();
    }
    has_content = has_content || probe.HasContent();
    begin = end + 1;
  }
  if (!has_content) return RunResult::kSuccess;
  return ExecuteAndPrint(std::string(text), "") ? RunResult::kSuccess : RunResult::kFailure;
}

RunResult Shell::RunSource(LineSource& source, const std::string& file_name) {
  if (include_depth_ >= kMaxIncludeDepth) {
    PrintMessage("", "granary: error: too many nested \\i files");
    return RunResult::kFailure;
  }
  ++include_depth_;
  struct DepthGuard {
    int& depth;
    ~DepthGuard() { --depth; }
  } guard{include_depth_};

  const bool interactive = source.interactive();
  StatementScanner scanner;
  bool failed = false;

  // Runs what the scanner collected; returns false when ON_ERROR_STOP ends the input.
  auto send = [&](const std::string& sql) {
    if (ExecuteAndPrint(sql, Location(file_name, source.line_number()))) return true;
    failed = true;
    return !(settings_.on_error_stop && !interactive);
  };

  while (true) {
    const std::optional<std::string> line = source.ReadLine(interactive ? Prompt(scanner) : "");
    if (!line) {
      if (interactive) std::fputs("\\q\n", out_);
      break;
    }
    if (interactive && !scanner.InStatement()) {
      const std::string word = Lowercase(*line);
      if (word == "help") {
        PrintTerminalHelp(out_);
        continue;
      }
      if (word == "quit" || word == "exit") return RunResult::kQuit;
    }
    scanner.FeedLine(*line);
    while (true) {
      const StatementScanner::Stop stop = scanner.Scan();
      if (stop == StatementScanner::Stop::kEndOfLine) break;
      if (stop == StatementScanner::Stop::kStatement) {
        const bool has_content = scanner.HasContent();
        const std::string sql = scanner.TakeStatement();
        if (has_content && !send(sql)) return RunResult::kStopped;
        continue;
      }
      const std::string command(scanner.BackslashCommandText());
      scanner.SkipBackslashCommand();
      const std::string location = Location(file_name, source.line_number());
      const BackslashOutcome outcome =
          RunBackslashCommand(command, BackslashContext{*this, scanner, location, interactive});
      switch (outcome) {
        case BackslashOutcome::kOk:
          break;
        case BackslashOutcome::kQuit:
          return RunResult::kQuit;
        case BackslashOutcome::kStopped:
          return RunResult::kStopped;
        case BackslashOutcome::kError:
          failed = true;
          if (settings_.on_error_stop && !interactive) return RunResult::kStopped;
          break;
        case BackslashOutcome::kSend: {
          const bool has_content = scanner.HasContent();
          std::string sql = scanner.TakeStatement();
          if (!has_content) sql = sql.empty() ? last_statement_ : std::string();
          if (!sql.empty() && !send(sql)) return RunResult::kStopped;
          break;
        }
      }
    }
  }
  // psql sends a last statement without a terminating semicolon at the end of a script.
  if (!interactive && scanner.HasContent()) {
    if (!send(scanner.TakeStatement())) return RunResult::kStopped;
  }
  if (interactive) return RunResult::kSuccess;
  return failed ? RunResult::kFailure : RunResult::kSuccess;
}

}  // namespace granary::tools
