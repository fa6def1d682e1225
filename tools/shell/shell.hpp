// The interactive SQL shell of `granary sql`: psql's main loop over an embedded Session.
//
// Reads statements from a LineSource (split like psql does), runs each through the Session
// and prints results in psql's formats, errors and notices as libpq reports them. Owns no
// engine objects: the Session is borrowed and must outlive the Shell. Not thread-safe.
#pragma once

#include <cstdio>
#include <map>
#include <string>
#include <string_view>

#include "granary/granary.hpp"
#include "tools/print/error_format.hpp"
#include "tools/shell/line_source.hpp"

namespace granary::tools {

class StatementScanner;

enum class OutputFormat { kAligned, kCsv };

struct ShellSettings {
  OutputFormat format = OutputFormat::kAligned;
  Verbosity verbosity = Verbosity::kDefault;
  bool on_error_stop = false;  // ON_ERROR_STOP: a failing statement ends a script
  bool quiet = false;          // QUIET: no command tags, no banner
  bool timing = false;         // \timing: print each statement's duration
};

// How running some input ended.
enum class RunResult {
  kSuccess,  // everything ran (or the terminal session ended)
  kFailure,  // at least one statement or command failed, and the input went on
  kStopped,  // a failure stopped the input because ON_ERROR_STOP is set
  kQuit,     // \q
};

class Shell {
 public:
  Shell(granary::Session& session, std::FILE* out, std::FILE* err);

  // psql -c: a backslash command when the text starts with '\', otherwise the whole text sent
  // as one query string (several statements form one implicit transaction).
  RunResult RunCommandString(std::string_view text);
  // psql -f, piped stdin or a terminal. `file_name` (empty for stdin and terminals) prefixes
  // error reports with "granary:FILE:LINE: " as psql does for -f.
  RunResult RunSource(LineSource& source, const std::string& file_name);

  // psql variables (\set, -v). ON_ERROR_STOP, VERBOSITY and QUIET change the settings; a bad
  // value for them is refused with a message in *error. Other names are just stored.
  bool SetVariable(const std::string& name, const std::string& value, std::string* error);
  void UnsetVariable(const std::string& name);
  const std::map<std::string, std::string>& variables() const { return variables_; }

  ShellSettings& settings() { return settings_; }
  std::FILE* out() const { return out_; }
  std::FILE* err() const { return err_; }

  // Runs one statement string and prints its results; false when it failed.
  // `location` is the "granary:FILE:LINE: " prefix for messages ("" for none).
  bool ExecuteAndPrint(const std::string& sql, const std::string& location);
  // \copy: `table [(columns)] from FILE|stdin|pstdin [options]` or `table|(query) to
  // FILE|stdout|pstdout [options]`, run as COPY ... FROM STDIN / TO STDOUT with the data read
  // or written here (psql's \copy). False when it failed.
  bool RunBackslashCopy(std::string_view arguments, const std::string& location);
  // Prints a message line on stderr after the location prefix.
  void PrintMessage(const std::string& location, const std::string& message);
  // The last statement sent (for \g and \p with an empty buffer).
  const std::string& last_statement() const { return last_statement_; }
  // The prompt psql's PROMPT1 / PROMPT2 ('%/%R%x%# ') would show.
  std::string Prompt(const StatementScanner& scanner) const;

 private:
  void PrintResult(const granary::Result& result, const std::string& location);
  // Sends the data of a COPY FROM STDIN the session waits in: lines of `source` up to "\."
  // or its end (psql's handleCopyIn); prints the COPY's tag. Throws the COPY's error after
  // reading the rest of the data.
  void FeedCopy(LineSource& source, const std::string& location);
  // Runs `sql`, sending COPY FROM STDIN data from `copy_in` and COPY TO STDOUT data to
  // `copy_out`; prints results. Errors are thrown.
  void RunWithCopy(const std::string& sql, const std::string& location, LineSource* copy_in,
                   std::FILE* copy_out);
  void ReportError(const granary::Error& error, const std::string& sql,
                   const std::string& location);

  granary::Session& session_;
  std::FILE* out_;
  std::FILE* err_;
  ShellSettings settings_;
  std::map<std::string, std::string> variables_;
  std::string last_statement_;
  int include_depth_ = 0;  // nesting of \i files, bounded to stop include loops
  LineSource* input_ = nullptr;  // the input commands come from: COPY FROM STDIN's data
};

}  // namespace granary::tools
