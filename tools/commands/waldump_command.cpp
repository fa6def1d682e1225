// granary waldump: prints the write-ahead log of a data directory record by record, from the
// last checkpoint's redo point (or --start LSN) to its end, and why it ends there
// (PostgreSQL's pg_waldump). Read-only: it takes no lock, so the directory may be in use.
#include <cinttypes>
#include <cstdio>
#include <exception>
#include <map>

#include "storage/data_directory.hpp"
#include "storage/env/env.hpp"
#include "storage/wal/resource_managers.hpp"
#include "storage/wal/wal_reader.hpp"
#include "tools/cli/arguments.hpp"
#include "tools/cli/usage.hpp"
#include "tools/commands/commands.hpp"
#include "tools/commands/report.hpp"

namespace granary::tools {
namespace {

// "X/Y" in hex, as FormatLsn prints it.
bool ParseLsn(const std::string& text, storage::Lsn* lsn) {
  unsigned high = 0;
  unsigned low = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%X/%X%c", &high, &low, &tail) != 2) return false;
  *lsn = (uint64_t{high} << 32) | low;
  return true;
}

struct Totals {
  uint64_t records = 0;
  uint64_t bytes = 0;
  uint64_t images = 0;
};

}  // namespace

int RunWaldumpCommand(const std::vector<std::string>& args) {
  const std::vector<OptionSpec> specs = {{'D', "data-dir", true}, {'s', "start", true},
                                         {'z', "stats", false},   {'?', "help", false}};
  ParsedArguments parsed;
  std::string error;
  if (!ParseArguments(args, specs, &parsed, &error)) return UsageError(error, WaldumpUsage());
  std::string directory;
  std::string start_text;
  bool stats_only = false;
  for (const ParsedOption& option : parsed.options) {
    if (option.name == "help") {
      std::fputs(WaldumpUsage().c_str(), stdout);
      return kExitSuccess;
    }
    if (option.name == "data-dir") directory = option.value;
    if (option.name == "start") start_text = option.value;
    if (option.name == "stats") stats_only = true;
  }
  if (!parsed.positional.empty()) {
    if (!directory.empty() || parsed.positional.size() > 1) {
      return UsageError("too many command-line arguments (first is \"" + parsed.positional[0] + "\")",
                        WaldumpUsage());
    }
    directory = parsed.positional[0];
  }
  if (directory.empty()) return UsageError("no data directory specified", WaldumpUsage());
  storage::Lsn start = 0;
  if (!start_text.empty() && !ParseLsn(start_text, &start)) {
    return UsageError("invalid LSN \"" + start_text + "\"", WaldumpUsage());
  }

  try {
    storage::Env& env = storage::DefaultEnv();
    const storage::ControlData control = storage::DataDirectory::ReadControl(env, directory);
    if (start_text.empty()) start = control.redo_lsn;
    storage::WalReader reader(env, directory + "/wal", start);
    std::map<std::string, Totals> totals;
    while (std::optional<storage::WalRecord> record = reader.Next()) {
      const std::string description = storage::DescribeRecord(*record);
      const std::string manager = description.substr(0, description.find(':'));
      Totals& total = totals[manager];
      ++total.records;
      total.bytes += record->end_lsn - record->lsn;
      uint64_t images = 0;
      for (const storage::WalBlock& block : record->blocks) images += block.has_image ? 1 : 0;
      total.images += images;
      if (stats_only) continue;
      std::printf("lsn %s len %" PRIu64 " prev %s xid %" PRIu64 "%s  %s\n",
                  storage::FormatLsn(record->lsn).c_str(), record->end_lsn - record->lsn,
                  storage::FormatLsn(record->prev_lsn).c_str(), record->xid,
                  images ? " +image" : "", description.c_str());
    }
    if (stats_only) {
      for (const auto& [manager, total] : totals) {
        std::printf("%-12s %10" PRIu64 " records %12" PRIu64 " bytes %8" PRIu64 " page images\n",
                    manager.c_str(), total.records, total.bytes, total.images);
      }
    }
    std::printf("end of WAL at %s: %s\n", storage::FormatLsn(reader.end_lsn()).c_str(),
                reader.end_reason().c_str());
    return kExitSuccess;
  } catch (const granary::Error& e) {
    ReportFatal(e);
  } catch (const std::exception& e) {
    ReportFatal(e.what());
  }
  return kExitFailure;
}

}  // namespace granary::tools
