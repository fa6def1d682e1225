// Crash points (see crash_point.hpp): the environment is read once, at the first call.
#include "common/crash_point.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string>

namespace granary {
namespace {

struct CrashPointSetting {
  std::string name;  // empty: no crash point armed
  long countdown = 1;
};

CrashPointSetting ReadSetting() {
  CrashPointSetting setting;
  const char* value = std::getenv("GRANARY_CRASH_POINT");
  if (value == nullptr || *value == '\0') return setting;
  std::string text = value;
  const size_t colon = text.find(':');
  if (colon != std::string::npos) {
    setting.countdown = std::max(1L, std::strtol(text.c_str() + colon + 1, nullptr, 10));
    text.resize(colon);
  }
  setting.name = text;
  return setting;
}

}  // namespace

void CrashPoint(std::string_view name) {
  static const CrashPointSetting setting = ReadSetting();
  if (setting.name.empty() || setting.name != name) return;
  static std::atomic<long> remaining{setting.countdown};
  if (remaining.fetch_sub(1) == 1) ::kill(::getpid(), SIGKILL);
}

}  // namespace granary
