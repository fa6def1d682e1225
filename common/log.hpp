// Server log lines: what the engine tells the operator outside any session (recovery start
// and end, checkpoints that failed, WAL that ended early).
//
// Lines go to a sink, by default standard error as `granary: LOG:  message` (PostgreSQL's
// `LOG:` / `WARNING:` prefixes). An embedding application or a test may install its own sink.
// Thread-safety: Log and SetLogSink may be called from any thread; the sink is called under a
// mutex, one line at a time.
#pragma once

#include <functional>
#include <string_view>

namespace granary {

enum class LogLevel { kLog, kWarning };

// The protocol-style name of a level ("LOG", "WARNING").
std::string_view LogLevelName(LogLevel level);

// Writes one line (no trailing newline in `message`).
void Log(LogLevel level, std::string_view message);

using LogSink = std::function<void(LogLevel, std::string_view)>;
// Replaces the sink; an empty function restores the standard-error sink. Returns the old one.
LogSink SetLogSink(LogSink sink);

}  // namespace granary
