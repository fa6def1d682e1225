// Help texts of the granary command and its subcommands, and the usage-error exit path.
#pragma once

#include <string>
#include <string_view>

namespace granary::tools {

// Exit codes, as psql uses them: 0 success, 1 an error, 2 bad usage, 3 a script stopped by
// ON_ERROR_STOP.
enum ExitCode : int { kExitSuccess = 0, kExitFailure = 1, kExitUsage = 2, kExitScriptStopped = 3 };

std::string MainUsage();
std::string InitUsage();
std::string ServeUsage();
std::string SqlUsage();
std::string VerifyUsage();
std::string WaldumpUsage();

// Prints "granary: error: MESSAGE" (unless empty) and then `usage` on stderr; returns
// kExitUsage.
int UsageError(std::string_view message, std::string_view usage);

}  // namespace granary::tools
