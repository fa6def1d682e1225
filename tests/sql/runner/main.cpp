// slt_runner: runs sqllogictest files (or every *.test under directories) through the
// embedded engine. Prints a line per file and "N passed, N failed" last; exits 1 when
// anything failed, 2 on bad usage.
//
//   slt_runner [-v] [--max-report N] [--keep-data] FILE_OR_DIR...
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "slt_runner.hpp"

namespace {

int Usage() {
  std::fputs("usage: slt_runner [-v] [--max-report N] [--keep-data] FILE_OR_DIR...\n", stderr);
  return 2;
}

// Files as given; directories expanded to their *.test files, recursively, in name order.
std::vector<std::string> ExpandPaths(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    if (!std::filesystem::is_directory(path)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
      if (entry.is_regular_file() && entry.path().extension() == ".test") {
        found.push_back(entry.path().string());
      }
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  granary::slt::RunnerOptions options;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-v" || arg == "--verbose") {
      options.verbose = true;
    } else if (arg == "--keep-data") {
      options.keep_data = true;
    } else if (arg == "--max-report" && i + 1 < argc) {
      options.max_report = std::atoi(argv[++i]);
    } else if (!arg.empty() && arg[0] == '-') {
      return Usage();
    } else {
      paths.push_back(arg);
    }
  }
  if (paths.empty()) return Usage();

  const std::vector<std::string> files = ExpandPaths(paths);
  int passed = 0, failed = 0, skipped = 0;
  for (const std::string& file : files) {
    const granary::slt::FileTally tally = granary::slt::RunFile(file, options, stdout);
    std::printf("%s: %d passed, %d failed, %d skipped\n", file.c_str(), tally.passed, tally.failed,
                tally.skipped);
    std::fflush(stdout);
    passed += tally.passed;
    failed += tally.failed;
    skipped += tally.skipped;
  }
  std::printf("total: %zu files, %d skipped\n", files.size(), skipped);
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 && !files.empty() ? 0 : 1;
}
