// Session settings (PostgreSQL's GUCs as SET/SHOW/RESET see them).
//
// One table in session_settings.cpp declares every parameter with its default. Parameters
// whose behaviour is not implemented yet accept only their default value, so a client that
// sets them to what they already are (drivers do this at connect) works, and one that asks
// for something else gets 22023 rather than silence. synchronous_commit takes on/off (and
// local/remote_write/remote_apply, which behave as on while there are no standbys).
// `is_superuser` and `session_authorization` are set by the engine when a session starts;
// SET/RESET of them raise 55P02. TimeZone takes what PostgreSQL's check_timezone takes (a tz
// database name, a POSIX TZ string, or a number of hours east of UTC) and shows the zone's
// name as PostgreSQL does (Asia/Shanghai, <+08>-08).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "types/bytea.hpp"
#include "types/tz_database.hpp"

namespace granary {

class SessionSettings {
 public:
  SessionSettings();
  // 42704 `unrecognized configuration parameter "x"`; 22023 for an unsupported value.
  void Set(std::string_view name, const std::vector<std::string>& values);
  void Reset(std::string_view name);  // "all" resets everything but read-only parameters
  // Sets any parameter, read-only ones included, without checking the value (the engine's
  // own use: the session's role at connect).
  void SetInternal(std::string_view name, std::string value);
  std::string Show(std::string_view name) const;
  // (name, value, description) for every parameter, sorted by name.
  std::vector<std::vector<std::string>> ShowAll() const;
  // The name as SHOW prints it in its column header (PostgreSQL keeps the declared case).
  std::string DisplayName(std::string_view name) const;

  // A duration setting (statement_timeout, lock_timeout, deadlock_timeout) in milliseconds.
  int64_t Milliseconds(std::string_view name) const;
  // synchronous_commit: false only for "off" (COMMIT returns before its record is flushed).
  bool SynchronousCommit() const;
  // bytea_output: how bytea values are written as text (hex or escape).
  types::ByteaOutput ByteaOutput() const;
  // TimeZone: the zone timestamptz values are read and shown in (UTC by default).
  std::shared_ptr<const types::TimeZone> TimeZone() const { return time_zone_; }

 private:
  std::vector<std::string> values_;  // by position in the table of session_settings.cpp
  std::shared_ptr<const types::TimeZone> time_zone_;  // the zone `TimeZone` names
};

}  // namespace granary
