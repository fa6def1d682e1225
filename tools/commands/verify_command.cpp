// granary verify: opens a data directory (recovering it if it was not shut down cleanly),
// checkpoints, and reads every page of every relation file back from disk, checking its
// checksum and layout. Exit status 0 when every page is sound, 1 otherwise.
#include <cstdio>
#include <exception>

#include "granary/granary.hpp"
#include "tools/cli/arguments.hpp"
#include "tools/cli/usage.hpp"
#include "tools/commands/commands.hpp"
#include "tools/commands/report.hpp"

namespace granary::tools {

int RunVerifyCommand(const std::vector<std::string>& args) {
  std::string directory;
  const int usage = ParseDirectoryArguments(args, VerifyUsage(), &directory);
  if (usage >= 0) return usage;
  try {
    granary::Database db = granary::Database::Open(directory);
    const granary::StorageCheck check = db.VerifyStorage();
    db.Close();
    for (const std::string& problem : check.problems) {
      std::printf("%s\n", problem.c_str());
    }
    std::printf("%llu relation files, %llu pages checked: %s\n",
                static_cast<unsigned long long>(check.relation_files),
                static_cast<unsigned long long>(check.pages),
                check.ok() ? "no problems found" : "PROBLEMS FOUND");
    return check.ok() ? kExitSuccess : kExitFailure;
  } catch (const granary::Error& e) {
    ReportFatal(e);
  } catch (const std::exception& e) {
    ReportFatal(e.what());
  }
  return kExitFailure;
}

}  // namespace granary::tools
