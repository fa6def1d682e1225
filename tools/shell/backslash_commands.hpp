// psql-style backslash commands of the shell (\q, \?, \g, \i, \set, ...).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace granary::tools {

class Shell;
class StatementScanner;

enum class BackslashOutcome {
  kOk,
  kError,    // the command failed (counts like a failed statement)
  kSend,     // \g: send the query buffer (or the last statement when it is empty)
  kQuit,     // \q, or \i of a file that ran \q
  kStopped,  // \i of a file stopped by ON_ERROR_STOP
};

struct BackslashContext {
  Shell& shell;
  StatementScanner& scanner;
  const std::string& location;  // "granary:FILE:LINE: " or ""
  bool interactive;
  std::string_view arguments = {};  // the text after the command name (\copy parses it itself)
};

// Runs `text` (the command name and its arguments, without the leading backslash).
BackslashOutcome RunBackslashCommand(std::string_view text, const BackslashContext& context);

// Splits backslash-command arguments at whitespace; 'single quotes' group words, with ''
// standing for a quote inside them.
std::vector<std::string> SplitBackslashArguments(std::string_view text);

// The \? text.
std::string BackslashHelp();

}  // namespace granary::tools
