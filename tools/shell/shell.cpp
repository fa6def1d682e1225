// The shell's main loop (psql's MainLoop) and statement execution/printing.
#include "tools/shell/shell.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <functional>
#include <memory>
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

void Shell::FeedCopy(LineSource& source, const std::string& location) {
  if (source.interactive()) {
    std::fputs("Enter data to be copied followed by a newline.\n"
               "End with a backslash and a period on a line by itself, or an EOF signal.\n", out_);
    std::fflush(out_);
  }
  std::optional<granary::Error> failure;
  std::string chunk;
  auto flush = [&] {
    if (chunk.empty() || failure) return;
    try {
      session_.CopyData(chunk);
    } catch (const granary::Error& error) {
      failure = error;  // psql reads on to the end of the data, which the server ignores
    }
    chunk.clear();
  };
  while (true) {
    const std::optional<std::string> line = source.ReadLine(source.interactive() ? ">> " : "");
    if (!line || *line == "\\.") break;
    chunk += *line;
    chunk += '\n';
    if (chunk.size() >= 64 * 1024) flush();
  }
  flush();
  if (failure) throw *failure;
  PrintResult(session_.CopyDone(), location);
}

void Shell::RunWithCopy(const std::string& sql, const std::string& location, LineSource* copy_in,
                        std::FILE* copy_out) {
  const std::function<void(granary::Result&)> on_result = [&](granary::Result& result) {
    if (result.copy_direction() == granary::Result::CopyDirection::kIn) return;  // data below
    if (result.copy_direction() == granary::Result::CopyDirection::kOut) {
      for (size_t i = 0; i < result.copy_row_count(); ++i) {
        const std::string_view row = result.copy_row(i);
        std::fwrite(row.data(), 1, row.size(), copy_out);
      }
      std::fflush(copy_out);
    }
    PrintResult(result, location);
  };
  session_.ExecuteScript(sql, on_result);
  while (session_.copy_in_progress()) {
    std::unique_ptr<StreamLineSource> standard_input;
    if (copy_in == nullptr) {
      standard_input = std::make_unique<StreamLineSource>(stdin);
      copy_in = standard_input.get();
    }
    FeedCopy(*copy_in, location);
    session_.ResumeScript(on_result);
  }
}

bool Shell::RunBackslashCopy(std::string_view arguments, const std::string& location) {
  // Split at the FROM/TO that is outside parentheses and quotes: what precedes is the table
  // (and columns) or the query, then comes the file, then the options.
  std::string text(arguments);
  int depth = 0;
  char quote = 0;
  size_t direction = std::string::npos;
  bool from = false;
  for (size_t i = 0; i < text.size() && direction == std::string::npos; ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (depth == 0 && (i == 0 || std::isspace(static_cast<unsigned char>(text[i - 1])))) {
      for (const char* word : {"from", "to"}) {
        const size_t length = std::strlen(word);
        if (Lowercase(text.substr(i, length)) == word &&
            (i + length == text.size() || std::isspace(static_cast<unsigned char>(text[i + length])))) {
          direction = i;
          from = word[0] == 'f';
          break;
        }
      }
    }
  }
  if (direction == std::string::npos) {
    PrintMessage(location, "\\copy: parse error at end of line");
    return false;
  }
  const std::string target = text.substr(0, direction);
  const std::vector<std::string> rest = SplitBackslashArguments(text.substr(direction + (from ? 4 : 2)));
  if (rest.empty()) {
    PrintMessage(location, "\\copy: parse error at end of line");
    return false;
  }
  const std::string file = rest[0];
  std::string options;
  for (size_t i = 1; i < rest.size(); ++i) options += " " + rest[i];
  const std::string sql = "COPY " + target + (from ? "FROM STDIN" : "TO STDOUT") + options;
  const std::string lower = Lowercase(file);
  try {
    if (from) {
      std::unique_ptr<StreamLineSource> opened;
      LineSource* source = nullptr;
      if (lower == "stdin") {
        source = input_;
      } else if (lower != "pstdin") {
        opened = StreamLineSource::Open(file);
        if (!opened) {
          PrintMessage(location, file + ": " + std::strerror(errno));
          return false;
        }
        source = opened.get();
      }
      RunWithCopy(sql, location, source, out_);
    } else {
      std::FILE* output = out_;
      std::unique_ptr<std::FILE, int (*)(std::FILE*)> opened(nullptr, std::fclose);
      if (lower != "stdout" && lower != "pstdout") {
        opened.reset(std::fopen(file.c_str(), "w"));
        if (!opened) {
          PrintMessage(location, file + ": " + std::strerror(errno));
          return false;
        }
        output = opened.get();
      }
      RunWithCopy(sql, location, nullptr, output);
    }
  } catch (const granary::Error& error) {
    ReportError(error, sql, location);
    return false;
  }
  return true;
}

bool Shell::ExecuteAndPrint(const std::string& sql, const std::string& location) {
  last_statement_ = sql;
  const auto start = std::chrono::steady_clock::now();
  bool ok = true;
  try {
    RunWithCopy(sql, location, input_, out_);
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
  struct InputGuard {
    LineSource*& input;
    LineSource* saved;
    ~InputGuard() { input = saved; }
  } input_guard{input_, input_};
  input_ = &source;

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
