// Frontend-style error reports (see report.hpp).
#include "tools/commands/report.hpp"

#include <cstdio>

namespace granary::tools {

void ReportFatal(std::string_view message) {
  std::fflush(stdout);
  std::fprintf(stderr, "granary: error: %.*s\n", static_cast<int>(message.size()), message.data());
}

void ReportFatal(const granary::Error& error) {
  ReportFatal(error.message());
  if (!error.detail().empty()) std::fprintf(stderr, "granary: detail: %s\n", error.detail().c_str());
  if (!error.hint().empty()) std::fprintf(stderr, "granary: hint: %s\n", error.hint().c_str());
}

}  // namespace granary::tools
