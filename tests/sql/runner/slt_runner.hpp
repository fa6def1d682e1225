// Runs sqllogictest files through the embedded C++ API, each file in a fresh temporary data
// directory. Results follow slt_run.py's verdicts, plus one extension: `statement error
// <SQLSTATE>` checks the error's SQLSTATE and `statement error <regex>` its message.
//
// Engine names for skipif/onlyif: Granary answers to both "granary" and "postgresql" —
// records written for PostgreSQL must pass on Granary, records PostgreSQL skips are skipped
// here too, and `skipif granary` / `onlyif granary` mark Granary's own deviations.
#pragma once

#include <cstdio>
#include <string>

namespace granary::slt {

struct RunnerOptions {
  bool verbose = false;   // report every failure (otherwise max_report per file)
  int max_report = 5;
  bool keep_data = false;  // leave each file's data directory behind, for debugging
};

struct FileTally {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
};

// Runs one file; prints "  FAIL file:line: ..." for failures on `out`.
FileTally RunFile(const std::string& path, const RunnerOptions& options, std::FILE* out);

}  // namespace granary::slt
