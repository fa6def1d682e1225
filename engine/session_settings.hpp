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
// name as PostgreSQL does (Asia/Shanghai, <+08>-08). DateStyle takes what check_datestyle
// takes and shows its canonical form ("Postgres, DMY").
//
// Settings are transactional, as PostgreSQL's GUC nest levels: a SET made in a transaction is
// undone if it rolls back (AbortTransaction restores the values it started with), SET LOCAL
// lasts until the transaction ends either way, and a savepoint's Checkpoint, restored by
// ROLLBACK TO, undoes what came after it. RESET and SET ... TO DEFAULT go back to the reset
// value: what the session had when it connected (the startup packet's settings), not the
// built-in default.
//
// Not thread-safe: a session's own statements use it one at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/server_parameters.hpp"
#include "types/bytea.hpp"
#include "types/datetime_style.hpp"
#include "types/tz_database.hpp"

namespace granary {

// Where a change of a transaction mode comes from. Outside a transaction block PostgreSQL
// warns for SET TRANSACTION and accepts SET transaction_isolation silently (for a
// transaction that ends with the statement); set_config runs inside a query, which has
// taken its snapshot already.
enum class SettingSource { kSet, kSetTransaction, kSetConfig };

class SessionSettings {
 public:
  SessionSettings();
  // 42704 `unrecognized configuration parameter "x"`; 22023 for an unsupported value.
  // With `local` (SET LOCAL) the value lasts only until the transaction ends.
  void Set(std::string_view name, const std::vector<std::string>& values, bool local = false);
  // A value as one string, as set_config and the startup packet give it: search_path is the
  // list as written ('a, "B"'), not one name.
  void SetAsText(std::string_view name, const std::string& value, bool local);
  // Back to the reset value. "all" resets everything but read-only parameters and
  // transaction_isolation (PostgreSQL's GUC_NO_RESET_ALL).
  void Reset(std::string_view name, bool local = false);
  // A value from the startup packet, checked as SET checks it; it becomes the reset value.
  void SetAtConnect(std::string_view name, const std::string& value);
  // Sets any parameter, read-only ones included, without checking the value and outside the
  // transactional bookkeeping (the engine's own use: the session's role at connect, each
  // transaction's isolation level at its start).
  void SetInternal(std::string_view name, std::string value);
  // The server's parameters (read-only here), as the session connects.
  void SetServerParameters(const ServerParameters& parameters);

  // Transaction ends. Commit keeps SETs and drops SET LOCALs; abort restores the values the
  // transaction started with. Both are cheap when the transaction set nothing.
  void CommitTransaction();
  void AbortTransaction();
  // What a savepoint restores (ROLLBACK TO).
  struct Checkpoint;
  Checkpoint Save() const;
  void Restore(const Checkpoint& checkpoint);
  std::string Show(std::string_view name) const;
  // (name, value, description, setting in the base unit, unit, vartype, min_val, max_val,
  // boot_val, reset_val, enumvals, context, "hidden" or "") for every parameter, sorted by
  // name, as SHOW ALL (the first three) and pg_settings show them; unit, min_val, max_val and
  // enumvals are empty for a parameter without. "hidden": SHOW ALL and pg_settings leave the
  // parameter out (PostgreSQL's GUC_NO_SHOW_ALL); SHOW and current_setting know it.
  std::vector<std::vector<std::string>> ShowAll() const;
  // The name as SHOW prints it in its column header (PostgreSQL keeps the declared case).
  std::string DisplayName(std::string_view name) const;

  // A duration setting (statement_timeout, lock_timeout, deadlock_timeout) in milliseconds.
  int64_t Milliseconds(std::string_view name) const;
  // A kMemory setting's value in kB (work_mem, temp_file_limit).
  int64_t Kilobytes(std::string_view name) const;
  // A kReal setting's value (the planner's cost constants) and a kBool setting's.
  double Real(std::string_view name) const;
  bool Boolean(std::string_view name) const;
  // synchronous_commit: false only for "off" (COMMIT returns before its record is flushed).
  bool SynchronousCommit() const;
  // bytea_output: how bytea values are written as text (hex or escape).
  types::ByteaOutput ByteaOutput() const;
  // extra_float_digits: how float4/float8 values are written as text (types/float_format.hpp).
  int ExtraFloatDigits() const;
  // DateStyle and IntervalStyle: how date/time values are shown (and DateStyle's field order
  // for ambiguous input).
  types::DatetimeStyle DatetimeStyle() const;
  // TimeZone: the zone timestamptz values are read and shown in (UTC by default).
  std::shared_ptr<const types::TimeZone> TimeZone() const { return current_.time_zone; }
  // Moves whenever a value may have changed, so that values derived from the settings (the
  // planner's cost parameters) can be kept until it moves.
  uint64_t generation() const { return generation_; }

 private:
  // Every parameter's value, by position in the table of session_settings.cpp, and the zone
  // `TimeZone` names.
  struct Values {
    std::vector<std::string> text;
    std::shared_ptr<const types::TimeZone> time_zone;
  };

  void Assign(size_t index, std::string value, std::shared_ptr<const types::TimeZone> zone, bool local);

  Values current_;
  uint64_t generation_ = 0;
  Values reset_;  // what RESET restores: the values at connect
  // Made by the transaction's first change: the values it started with (for abort) ...
  std::optional<Values> at_start_;
  // ... and, once a SET LOCAL made them differ from current_, the values COMMIT keeps.
  std::optional<Values> at_commit_;

 public:
  struct Checkpoint {
    Values current;
    std::optional<Values> at_commit;
  };
};

}  // namespace granary
