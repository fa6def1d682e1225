// The server log: PostgreSQL's stderr line prefix (time, process id, level).
#include "server/server_context.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace granary::server {

void ServerContext::Log(std::string_view level, std::string_view message) const {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[64];
  std::snprintf(stamp, sizeof stamp, "%04d-%02d-%02d %02d:%02d:%02d.%03d UTC [%d] ",
                utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                utc.tm_sec, static_cast<int>(millis), static_cast<int>(getpid()));
  std::string line = stamp;
  line.append(level);
  line.append(":  ");
  line.append(message);
  if (options.log) {
    options.log(line);
  } else {
    line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
}

}  // namespace granary::server
