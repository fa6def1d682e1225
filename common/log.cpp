// The server log: one mutex-protected sink, standard error by default.
#include "common/log.hpp"

#include <cstdio>
#include <mutex>
#include <string>
#include <utility>

namespace granary {
namespace {

std::mutex& SinkMutex() {
  static std::mutex mutex;
  return mutex;
}

LogSink& CurrentSink() {
  static LogSink sink;
  return sink;
}

void WriteToStandardError(LogLevel level, std::string_view message) {
  const std::string_view name = LogLevelName(level);
  std::fprintf(stderr, "granary: %.*s:  %.*s\n", static_cast<int>(name.size()), name.data(),
               static_cast<int>(message.size()), message.data());
  std::fflush(stderr);
}

}  // namespace

std::string_view LogLevelName(LogLevel level) {
  return level == LogLevel::kWarning ? "WARNING" : "LOG";
}

void Log(LogLevel level, std::string_view message) {
  std::lock_guard lock(SinkMutex());
  if (CurrentSink()) {
    CurrentSink()(level, message);
  } else {
    WriteToStandardError(level, message);
  }
}

LogSink SetLogSink(LogSink sink) {
  std::lock_guard lock(SinkMutex());
  return std::exchange(CurrentSink(), std::move(sink));
}

}  // namespace granary
