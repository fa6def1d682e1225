// The table of session settings.
#include "engine/session_settings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cctype>
#include <clocale>
#include <locale.h>
#include <iterator>
#include <optional>
#include <unordered_map>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "catalog/search_path.hpp"
#include "planner/analyze/deparse.hpp"
#include "types/datetime_session.hpp"

namespace granary {
namespace {

// kFixed: only the default is supported for now; kAny: any value; kChoice: one of `choices`
// ('|'-separated; when "on" and "off" are among them, PostgreSQL's other boolean spellings
// are accepted too and stored as on/off); kReadOnly: set by the engine (at connect), never by
// SET (55P02).
// kDuration: a time in milliseconds in [minimum, maximum], written as PostgreSQL accepts it
// (an integer of ms, or with a unit: us, ms, s, min, h, d; rounded to whole ms) and shown in
// the largest unit that divides it; pg_settings shows it in ms.
// kReal: a floating-point number in [minimum, maximum] (the planner's cost constants,
// hash_mem_multiplier); kBool: on/off in PostgreSQL's boolean spellings, stored as on/off.
// kMemory: an amount of memory in kB in [minimum, maximum] (work_mem), written as PostgreSQL
// accepts it (a number of kB, or with a unit: B, kB, MB, GB, TB, case-sensitive) and shown in
// the largest unit that divides it. kCount: an integer in [minimum, maximum]
// (join_collapse_limit, from_collapse_limit, extra_float_digits). kLocale: a locale name
// the C library knows for its category (lc_messages), as PostgreSQL's check_locale.
enum class SettingKind { kFixed, kAny, kChoice, kReadOnly, kDuration, kReal, kBool, kMemory, kCount, kLocale };

struct SettingDefinition {
  std::string_view name;  // as PostgreSQL spells it
  std::string_view default_value;
  SettingKind kind;
  std::string_view description;
  std::string_view choices = {};
  double minimum = 0;  // kReal, kMemory and kCount
  double maximum = 1.79769e+308;
  // pg_settings.boot_val where PostgreSQL's built-in value differs from the value a new
  // database starts with (initdb writes lc_messages; the TimeZone file names UTC; the
  // encodings are SQL_ASCII until a database's is known).
  std::optional<std::string_view> boot_value = std::nullopt;
};

constexpr SettingKind kFixed = SettingKind::kFixed;
constexpr SettingKind kAny = SettingKind::kAny;
constexpr SettingKind kReadOnly = SettingKind::kReadOnly;

constexpr SettingDefinition kSettings[] = {
    {"application_name", "", kAny, "Sets the application name to be reported in statistics and logs."},
    {"bytea_output", "hex", SettingKind::kChoice, "Sets the output format for bytea.", "escape|hex"},
    {"client_encoding", "UTF8", kFixed, "Sets the client's character set encoding.", {}, 0, 1.79769e+308, "SQL_ASCII"},
    {"cpu_index_tuple_cost", "0.005", SettingKind::kReal, "Sets the planner's estimate of the cost of processing each index entry during an index scan."},
    {"cpu_operator_cost", "0.0025", SettingKind::kReal, "Sets the planner's estimate of the cost of processing each operator or function call."},
    {"cpu_tuple_cost", "0.01", SettingKind::kReal, "Sets the planner's estimate of the cost of processing each tuple (row)."},
    {"DateStyle", "ISO, MDY", kAny, "Sets the display format for date and time values."},
    {"deadlock_timeout", "1s", SettingKind::kDuration, "Sets the time to wait on a lock before checking for deadlock.", {}, 1, 2147483647},
    {"default_statistics_target", "100", kFixed, "Sets the default statistics target."},
    {"default_transaction_deferrable", "off", SettingKind::kChoice, "Sets the default deferrable status of new transactions.", "on|off"},
    {"default_transaction_read_only", "off", SettingKind::kChoice, "Sets the default read-only status of new transactions.", "on|off"},
    // Bitmap scans, index-only scans and Materialize nodes do not exist: turning them off
    // changes nothing (their other plans stay as they are).
    {"enable_bitmapscan", "on", SettingKind::kBool, "Enables the planner's use of bitmap-scan plans."},
    {"enable_hashagg", "on", SettingKind::kBool, "Enables the planner's use of hashed aggregation plans."},
    {"enable_hashjoin", "on", SettingKind::kBool, "Enables the planner's use of hash join plans."},
    {"enable_indexonlyscan", "on", SettingKind::kBool, "Enables the planner's use of index-only-scan plans."},
    {"enable_indexscan", "on", SettingKind::kBool, "Enables the planner's use of index-scan plans."},
    {"enable_material", "on", SettingKind::kBool, "Enables the planner's use of materialization."},
    {"enable_mergejoin", "on", SettingKind::kBool, "Enables the planner's use of merge join plans."},
    {"enable_nestloop", "on", SettingKind::kBool, "Enables the planner's use of nested-loop join plans."},
    {"enable_seqscan", "on", SettingKind::kBool, "Enables the planner's use of sequential-scan plans."},
    {"enable_sort", "on", SettingKind::kBool, "Enables the planner's use of explicit sort steps."},
    {"extra_float_digits", "1", SettingKind::kCount, "Sets the number of digits displayed for floating-point values.", {}, -15, 3},
    {"from_collapse_limit", "8", SettingKind::kCount, "Sets the FROM-list size beyond which subqueries are not collapsed.", {}, 1, 2147483647},
    {"IntervalStyle", "postgres", SettingKind::kChoice, "Sets the display format for interval values.",
     "postgres|postgres_verbose|sql_standard|iso_8601"},
    {"hash_mem_multiplier", "2", SettingKind::kReal, "Multiple of work_mem to use for hash tables.", {}, 1, 1000},
    {"in_hot_standby", "off", kReadOnly, "Shows whether hot standby is currently active."},
    {"integer_datetimes", "on", kFixed, "Shows whether datetimes are integer based."},
    {"is_superuser", "on", kReadOnly, "Shows whether the current user is a superuser."},
    {"join_collapse_limit", "8", SettingKind::kCount, "Sets the FROM-list size beyond which JOIN constructs are not flattened.", {}, 1, 2147483647},
    {"lock_timeout", "0", SettingKind::kDuration, "Sets the maximum allowed duration of any wait for a lock.", {}, 0, 2147483647},
    // Parallel query (planner/optimize/parallel_aggregate.hpp): the workers a Gather may
    // plan, and how many the process runs at once (a Gather launches fewer when they are
    // taken, as PostgreSQL's max_parallel_workers).
    {"max_parallel_workers", "8", SettingKind::kCount, "Sets the maximum number of parallel workers that can be active at one time.", {}, 0, 1024},
    {"max_parallel_workers_per_gather", "2", SettingKind::kCount, "Sets the maximum number of parallel processes per executor node.", {}, 0, 1024},
    // In kB here (PostgreSQL: in 8kB blocks; both accept and show "8MB").
    {"min_parallel_table_scan_size", "8MB", SettingKind::kMemory, "Sets the minimum amount of table data for a parallel scan.", {}, 0, 2147483647},
    {"parallel_setup_cost", "1000", SettingKind::kReal, "Sets the planner's estimate of the cost of starting up worker processes for parallel query."},
    {"parallel_tuple_cost", "0.1", SettingKind::kReal, "Sets the planner's estimate of the cost of passing each tuple (row) from worker to leader backend."},
    // PostgreSQL's INDEX_MAX_KEYS (pgJDBC's getImportedKeys reads it).
    {"max_index_keys", "32", kFixed, "Shows the maximum number of index keys."},
    // Messages are in English whatever the locale (PostgreSQL built without NLS).
    {"lc_messages", "C", SettingKind::kLocale, "Sets the language in which messages are displayed.", {}, 0, 0, ""},
    {"password_encryption", "scram-sha-256", SettingKind::kChoice, "Chooses the algorithm for encrypting passwords.", "md5|scram-sha-256"},
    {"random_page_cost", "4", SettingKind::kReal, "Sets the planner's estimate of the cost of a nonsequentially fetched disk page."},
    {"search_path", "\"$user\", public", kAny, "Sets the schema search order for names that are not schema-qualified."},
    {"seq_page_cost", "1", SettingKind::kReal, "Sets the planner's estimate of the cost of a sequentially fetched disk page."},
    {"server_encoding", "UTF8", kFixed, "Shows the server (database) character set encoding.", {}, 0, 1.79769e+308, "SQL_ASCII"},
    {"server_version", "15.0", kFixed, "Shows the server version."},
    {"server_version_num", "150000", kFixed, "Shows the server version as an integer."},
    {"session_authorization", "", kReadOnly, "Sets the session user name."},
    {"standard_conforming_strings", "on", kFixed, "Causes '...' strings to treat backslashes literally."},
    {"statement_timeout", "0", SettingKind::kDuration, "Sets the maximum allowed duration of any statement.", {}, 0, 2147483647},
    // Without standbys, local/remote_write/remote_apply wait for the local flush, as "on".
    {"synchronous_commit", "on", SettingKind::kChoice, "Sets the current transaction's synchronization level.", "local|remote_write|remote_apply|on|off"},
    // Resolved against the tz database (types/datetime_session.hpp); drivers send theirs at
    // connect (pgJDBC: the JVM's).
    // -1: no limit. Per statement here (PostgreSQL: per process).
    {"temp_file_limit", "-1", SettingKind::kMemory, "Limits the total size of all temporary files used by each process.", {}, -1, 2147483647},
    {"TimeZone", "UTC", kAny, "Sets the time zone for displaying and interpreting time stamps.", {}, 0, 0, "GMT"},
    // SERIALIZABLE runs as REPEATABLE READ (snapshot isolation; see docs/status.md), and READ
    // UNCOMMITTED as READ COMMITTED, as in PostgreSQL; SHOW reports the level asked for.
    {"transaction_isolation", "read committed", SettingKind::kChoice, "Sets the current transaction's isolation level.", "serializable|repeatable read|read committed|read uncommitted"},
    {"transaction_deferrable", "off", SettingKind::kChoice, "Whether to defer a read-only serializable transaction until it can be executed with no possible serialization failures.", "on|off"},
    {"transaction_read_only", "off", SettingKind::kChoice, "Sets the current transaction's read-only status.", "on|off"},
    {"work_mem", "4MB", SettingKind::kMemory, "Sets the maximum memory to be used for query workspaces.", {}, 64, 2147483647},
    // The server's, reported but never SET (ServerParameters, set at connect).
    {"authentication_timeout", "1min", kReadOnly, "Sets the maximum allowed time to complete client authentication."},
    {"autovacuum", "on", kReadOnly, "Starts the autovacuum subprocess."},
    {"autovacuum_naptime", "1min", kReadOnly, "Time to sleep between autovacuum runs."},
    {"autovacuum_vacuum_scale_factor", "0.2", kReadOnly, "Number of tuple updates or deletes prior to vacuum as a fraction of reltuples."},
    {"autovacuum_vacuum_threshold", "50", kReadOnly, "Minimum number of tuple updates or deletes prior to vacuum."},
    {"idle_in_transaction_session_timeout", "0", kReadOnly, "Sets the maximum allowed idle time between queries, when in a transaction."},
    {"idle_session_timeout", "0", kReadOnly, "Sets the maximum allowed idle time between queries, when not in a transaction."},
    {"listen_addresses", "127.0.0.1", kReadOnly, "Sets the host name or IP address(es) to listen to."},
    {"max_connections", "2000", kReadOnly, "Sets the maximum number of concurrent connections."},
    {"max_worker_threads", "0", kReadOnly, "Sets the most threads the server's worker pools grow to while statements wait (0: automatic)."},
    {"port", "54321", kReadOnly, "Sets the TCP port the server listens on."},
    {"shared_buffers", "128MB", kReadOnly, "Sets the number of shared memory buffers used by the server."},
    {"worker_threads", "0", kReadOnly, "Sets the number of threads running sessions' statements (0: two per core)."},
    {"default_transaction_isolation", "read committed", SettingKind::kChoice, "Sets the transaction isolation level of each new transaction.", "serializable|repeatable read|read committed|read uncommitted"},
};

// "md5, scram-sha-256", as PostgreSQL's hint lists an enum's values.
std::string ChoiceList(const SettingDefinition& setting) {
  std::string list(setting.choices);
  for (size_t bar = list.find('|'); bar != std::string::npos; bar = list.find('|', bar)) {
    list.replace(bar, 1, ", ");
  }
  return list;
}

bool IsChoice(const SettingDefinition& setting, std::string_view value) {
  std::string_view choices = setting.choices;
  while (!choices.empty()) {
    const size_t bar = choices.find('|');
    if (choices.substr(0, bar) == value) return true;
    if (bar == std::string_view::npos) break;
    choices.remove_prefix(bar + 1);
  }
  return false;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// A choice setting's value as stored: lower case, and a boolean spelling (PostgreSQL's
// parse_bool words) as on/off when the setting offers those.
std::string ChoiceValue(const SettingDefinition& setting, const std::string& value) {
  std::string lower = Lower(value);
  if (IsChoice(setting, "on") && IsChoice(setting, "off")) {
    if (lower == "true" || lower == "yes" || lower == "1") lower = "on";
    if (lower == "false" || lower == "no" || lower == "0") lower = "off";
  }
  return lower;
}

// Milliseconds from "1500", "1.5s", "2min", "100us", ... rounded to the nearest (PostgreSQL's
// parse_int with GUC_UNIT_MS: rint); nullopt when malformed or past the int range.
std::optional<int64_t> ParseDuration(const std::string& text) {
  size_t end = 0;
  double number = 0;
  try {
    number = std::stod(text, &end);
  } catch (...) {
    return std::nullopt;
  }
  std::string unit = Lower(text.substr(end));
  unit.erase(std::remove(unit.begin(), unit.end(), ' '), unit.end());
  double scale = 1;
  if (unit.empty() || unit == "ms") {
    scale = 1;
  } else if (unit == "us") {
    scale = 0.001;
  } else if (unit == "s") {
    scale = 1000;
  } else if (unit == "min") {
    scale = 60 * 1000;
  } else if (unit == "h") {
    scale = 3600 * 1000;
  } else if (unit == "d") {
    scale = 24 * 3600 * 1000;
  } else {
    return std::nullopt;
  }
  const double ms = std::nearbyint(number * scale);
  if (!std::isfinite(ms) || ms < -2147483648.0 || ms > 2147483647.0) return std::nullopt;
  return static_cast<int64_t>(ms);
}

std::string FormatDuration(int64_t ms) {
  if (ms == 0) return "0";
  if (ms % (24 * 3600 * 1000) == 0) return std::to_string(ms / (24 * 3600 * 1000)) + "d";
  if (ms % (3600 * 1000) == 0) return std::to_string(ms / (3600 * 1000)) + "h";
  if (ms % (60 * 1000) == 0) return std::to_string(ms / (60 * 1000)) + "min";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

// A memory amount in kB from "4096", "64kB", "1.5MB", "1000000B", ... (PostgreSQL's parse_int
// with GUC_UNIT_KB: units are case-sensitive, fractions are rounded to whole kB). Raises 22023
// for a malformed value or one past the int range.
int64_t ParseMemory(const SettingDefinition& setting, const std::string& text) {
  const auto invalid = [&]() {
    return Error(sqlstate::kInvalidParameterValue,
                 "invalid value for parameter \"" + std::string(setting.name) + "\": \"" + text + "\"");
  };
  size_t end = 0;
  double number = 0;
  try {
    number = std::stod(text, &end);
  } catch (...) {
    throw invalid();
  }
  if (!std::isfinite(number)) throw invalid();
  while (end < text.size() && std::isspace(static_cast<unsigned char>(text[end]))) ++end;
  size_t unit_end = text.size();
  while (unit_end > end && std::isspace(static_cast<unsigned char>(text[unit_end - 1]))) --unit_end;
  const std::string unit = text.substr(end, unit_end - end);
  double scale = 1;
  if (unit.empty() || unit == "kB") {
    scale = 1;
  } else if (unit == "B") {
    scale = 1.0 / 1024;
  } else if (unit == "MB") {
    scale = 1024;
  } else if (unit == "GB") {
    scale = 1024.0 * 1024;
  } else if (unit == "TB") {
    scale = 1024.0 * 1024 * 1024;
  } else {
    throw invalid().WithHint("Valid units for this parameter are \"B\", \"kB\", \"MB\", \"GB\", and \"TB\".");
  }
  const double kb = std::rint(number * scale);
  if (kb > 2147483647.0 || kb < -2147483648.0) throw invalid().WithHint("Value exceeds integer range.");
  return static_cast<int64_t>(kb);
}

// "4MB": the largest unit that divides the amount; 0 and negative amounts without a unit.
std::string FormatMemory(int64_t kb) {
  if (kb <= 0) return std::to_string(kb);
  const char* units[] = {"kB", "MB", "GB", "TB"};
  size_t unit = 0;
  while (unit + 1 < std::size(units) && kb % 1024 == 0) {
    kb /= 1024;
    ++unit;
  }
  return std::to_string(kb) + units[unit];
}

// Parameter names are ASCII; folding by hand keeps the locale out of a per-statement loop.
constexpr char FoldAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (FoldAscii(a[i]) != FoldAscii(b[i])) return false;
  }
  return true;
}

constexpr size_t kSettingCount = std::size(kSettings);

// The parameter's position in kSettings. Every statement reads some twenty settings (the
// planner's, work_mem, timeouts, isolation), nearly always by the name as the table spells
// it: that is one hash lookup; other spellings fold case against the table.
size_t IndexOf(std::string_view name) {
  static const std::unordered_map<std::string_view, size_t> by_exact_name = [] {
    std::unordered_map<std::string_view, size_t> map;
    for (size_t i = 0; i < kSettingCount; ++i) map.emplace(kSettings[i].name, i);
    return map;
  }();
  if (const auto it = by_exact_name.find(name); it != by_exact_name.end()) return it->second;
  for (size_t i = 0; i < kSettingCount; ++i) {
    if (EqualsIgnoringCase(kSettings[i].name, name)) return i;
  }
  throw Error(sqlstate::kUndefinedObject,
              "unrecognized configuration parameter \"" + std::string(name) + "\"");
}

const SettingDefinition& Find(std::string_view name) { return kSettings[IndexOf(name)]; }

// A real or integer setting's number as PostgreSQL's parse_real reads it (trailing spaces
// allowed); 22023 "invalid value for parameter" otherwise.
double ParseNumber(const SettingDefinition& setting, const std::string& value) {
  double number = 0;
  size_t end = 0;
  try {
    number = std::stod(value, &end);
  } catch (...) {
    end = 0;
  }
  while (end < value.size() && value[end] == ' ') ++end;
  if (end == 0 || end != value.size() || !std::isfinite(number)) {
    throw Error(sqlstate::kInvalidParameterValue,
                "invalid value for parameter \"" + std::string(setting.name) + "\": \"" + value + "\"");
  }
  return number;
}

// 22023 unless `value` is a valid list of names (search_path).
void CheckNameList(const SettingDefinition& setting, const std::string& value) {
  if (!catalog::SearchPath::SplitSetting(value)) {
    throw Error(sqlstate::kInvalidParameterValue,
                "invalid value for parameter \"" + std::string(setting.name) + "\": \"" + value + "\"")
        .WithDetail("List syntax is invalid.");
  }
}

// What pg_settings says of a parameter beyond its kind: PostgreSQL's vartype and range of the
// fixed and read-only ones that are not strings, the context of those a user cannot simply
// SET, and whether SHOW ALL and pg_settings leave it out (GUC_NO_SHOW_ALL).
struct SettingView {
  std::string_view name;
  std::string_view vartype = {};  // empty: from the kind
  std::string_view min_val = {};
  std::string_view max_val = {};
  std::string_view context = "user";
  bool hidden = false;
  // A read-only server parameter shown by pg_settings in a unit ("8kB", "ms", "s"): its
  // setting column counts that unit.
  std::string_view unit = {};
};

constexpr SettingView kSettingViews[] = {
    {"authentication_timeout", "integer", "1", "600", "sighup", false, "s"},
    {"autovacuum", "bool", {}, {}, "sighup"},
    {"autovacuum_naptime", "integer", "1", "2147483", "sighup", false, "s"},
    {"autovacuum_vacuum_scale_factor", "real", "0", "100", "sighup"},
    {"autovacuum_vacuum_threshold", "integer", "0", "2147483647", "sighup"},
    {"deadlock_timeout", {}, {}, {}, "superuser"},
    {"idle_in_transaction_session_timeout", "integer", "0", "2147483647", "sighup", false, "ms"},
    {"idle_session_timeout", "integer", "0", "2147483647", "sighup", false, "ms"},
    {"listen_addresses", {}, {}, {}, "postmaster"},
    {"max_connections", "integer", "1", "262143", "postmaster"},
    {"max_worker_threads", "integer", "0", "262143", "postmaster"},
    {"port", "integer", "1", "65535", "postmaster"},
    {"shared_buffers", "integer", "16", "1073741823", "postmaster", false, "8kB"},
    {"worker_threads", "integer", "0", "4096", "postmaster"},
    {"default_statistics_target", "integer", "1", "10000"},
    {"in_hot_standby", "bool", {}, {}, "internal"},
    {"integer_datetimes", "bool", {}, {}, "internal"},
    {"is_superuser", "bool", {}, {}, "internal", true},
    {"lc_messages", {}, {}, {}, "superuser"},
    {"max_index_keys", "integer", "32", "32", "internal"},
    {"server_encoding", {}, {}, {}, "internal"},
    {"server_version", {}, {}, {}, "internal"},
    {"server_version_num", "integer", "150000", "150000", "internal"},
    {"session_authorization", {}, {}, {}, "user", true},
    {"standard_conforming_strings", "bool"},
    {"temp_file_limit", {}, {}, {}, "superuser"},
};

const SettingView* FindView(std::string_view name) {
  for (const SettingView& view : kSettingViews) {
    if (view.name == name) return &view;
  }
  return nullptr;
}

// 55P02 for SET or RESET of a read-only parameter, worded as PostgreSQL words it for one of
// the server's (postmaster context) and one of the configuration file's (sighup).
[[noreturn]] void ReadOnly(std::string_view name) {
  const SettingView* view = FindView(name);
  const std::string_view context = view != nullptr ? view->context : "internal";
  const std::string suffix = context == "postmaster" ? " cannot be changed without restarting the server"
                             : context == "sighup"   ? " cannot be changed now"
                                                     : " cannot be changed";
  throw Error(sqlstate::kCantChangeRuntimeParam, "parameter \"" + std::string(name) + "\"" + suffix);
}

}  // namespace

SessionSettings::SessionSettings() {
  current_.time_zone = types::UtcZone();
  current_.text.reserve(kSettingCount);
  for (const SettingDefinition& setting : kSettings) current_.text.emplace_back(setting.default_value);
  reset_ = current_;
}

void SessionSettings::Set(std::string_view name, const std::vector<std::string>& values, bool local) {
  const SettingDefinition& setting = Find(name);
  std::shared_ptr<const types::TimeZone> zone;  // set for TimeZone only
  std::string value;
  // search_path is a list of names (PostgreSQL's GUC_LIST_QUOTE): each value given to SET is
  // one name, quoted as needed, so SET search_path = 'a, b' names the schema "a, b".
  const bool name_list = EqualsIgnoringCase(setting.name, "search_path");
  for (size_t i = 0; i < values.size(); ++i) {
    value += (i ? ", " : "") + (name_list ? planner::QuoteIdentifier(values[i]) : values[i]);
  }
  if (name_list) CheckNameList(setting, value);
  if (setting.kind == SettingKind::kReadOnly) ReadOnly(setting.name);
  if (EqualsIgnoringCase(setting.name, "DateStyle")) {
    std::string detail;
    const std::optional<types::DatetimeStyle> style = types::ParseDateStyle(value, DatetimeStyle(), detail);
    if (!style) {
      throw Error(sqlstate::kInvalidParameterValue, "invalid value for parameter \"DateStyle\": \"" + value + "\"")
          .WithDetail(detail);
    }
    value = types::DateStyleText(*style);
  } else if (EqualsIgnoringCase(setting.name, "TimeZone")) {
    zone = types::TimeZoneForSetting(value);
    if (!zone) {
      throw Error(sqlstate::kInvalidParameterValue,
                  "invalid value for parameter \"TimeZone\": \"" + value + "\"");
    }
    value = zone->name();
  } else if (setting.kind == SettingKind::kChoice) {
    if (!IsChoice(setting, ChoiceValue(setting, value))) {
      throw Error(sqlstate::kInvalidParameterValue,
                  "invalid value for parameter \"" + std::string(setting.name) + "\": \"" + value + "\"")
          .WithHint("Available values: " + ChoiceList(setting) + ".");
    }
    value = ChoiceValue(setting, value);
  } else if (setting.kind == SettingKind::kBool) {
    const std::string lower = Lower(value);
    if (lower == "on" || lower == "true" || lower == "yes" || lower == "1" || lower == "t" || lower == "y") {
      value = "on";
    } else if (lower == "off" || lower == "false" || lower == "no" || lower == "0" || lower == "f" || lower == "n") {
      value = "off";
    } else {
      throw Error(sqlstate::kInvalidParameterValue,
                  "parameter \"" + std::string(setting.name) + "\" requires a Boolean value");
    }
  } else if (setting.kind == SettingKind::kReal) {
    const double number = ParseNumber(setting, value);
    if (number < setting.minimum || number > setting.maximum) {
      char range[96];
      std::snprintf(range, sizeof(range), " (%g .. %g)", setting.minimum, setting.maximum);
      throw Error(sqlstate::kInvalidParameterValue,
                  value + " is outside the valid range for parameter \"" + std::string(setting.name) + "\"" + range);
    }
    char text[64];
    std::snprintf(text, sizeof(text), "%g", number);
    value = text;
  } else if (setting.kind == SettingKind::kMemory) {
    const int64_t kb = ParseMemory(setting, value);
    if (static_cast<double>(kb) < setting.minimum || static_cast<double>(kb) > setting.maximum) {
      char range[96];
      std::snprintf(range, sizeof(range), " (%.0f .. %.0f)", setting.minimum, setting.maximum);
      throw Error(sqlstate::kInvalidParameterValue, std::to_string(kb) + " kB is outside the valid range for parameter \"" +
                                                        std::string(setting.name) + "\"" + range);
    }
    value = FormatMemory(kb);
  } else if (setting.kind == SettingKind::kCount) {
    // PostgreSQL's parse_int: an integer (fractions are rounded), then the range check.
    const double number = ParseNumber(setting, value);
    if (std::fabs(number) > 1e15) {
      throw Error(sqlstate::kInvalidParameterValue,
                  "invalid value for parameter \"" + std::string(setting.name) + "\": \"" + value + "\"");
    }
    const auto count = static_cast<int64_t>(std::llround(number));
    if (static_cast<double>(count) < setting.minimum || static_cast<double>(count) > setting.maximum) {
      char range[96];
      std::snprintf(range, sizeof(range), " (%.0f .. %.0f)", setting.minimum, setting.maximum);
      throw Error(sqlstate::kInvalidParameterValue,
                  std::to_string(count) + " is outside the valid range for parameter \"" +
                      std::string(setting.name) + "\"" + range);
    }
    value = std::to_string(count);
  } else if (setting.kind == SettingKind::kLocale) {
    // PostgreSQL's check_locale: a name setlocale accepts for the category.
    const locale_t locale = value.empty() ? nullptr : newlocale(LC_MESSAGES_MASK, value.c_str(), nullptr);
    if (locale == nullptr) {
      throw Error(sqlstate::kInvalidParameterValue,
                  "invalid value for parameter \"" + std::string(setting.name) + "\": \"" + value + "\"");
    }
    freelocale(locale);
  } else if (setting.kind == SettingKind::kDuration) {
    const std::optional<int64_t> ms = ParseDuration(value);
    if (!ms) {
      throw Error(sqlstate::kInvalidParameterValue,
                  "invalid value for parameter \"" + std::string(setting.name) + "\": \"" + value + "\"")
          .WithHint("Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".");
    }
    if (static_cast<double>(*ms) < setting.minimum || static_cast<double>(*ms) > setting.maximum) {
      char range[96];
      std::snprintf(range, sizeof(range), " (%.0f .. %.0f)", setting.minimum, setting.maximum);
      throw Error(sqlstate::kInvalidParameterValue, std::to_string(*ms) + " ms is outside the valid range for parameter \"" +
                                                        std::string(setting.name) + "\"" + range);
    }
    value = FormatDuration(*ms);
  } else if (setting.kind == SettingKind::kFixed && Lower(value) != Lower(setting.default_value)) {
    // Accept equivalent spellings drivers send (UTF-8 for UTF8, ISO for "ISO, MDY").
    const bool equivalent =
        (Lower(setting.name) == "client_encoding" && (Lower(value) == "utf-8" || Lower(value) == "unicode")) ||
        (Lower(setting.name) == "timezone" && (Lower(value) == "utc" || Lower(value) == "etc/utc" ||
                                              Lower(value) == "gmt"));
    if (!equivalent) {
      throw Error(sqlstate::kInvalidParameterValue,
                  "invalid value for parameter \"" + std::string(setting.name) + "\": \"" + value + "\"")
          .WithDetail("Only \"" + std::string(setting.default_value) + "\" is supported.");
    }
    value = std::string(setting.default_value);
  }
  Assign(IndexOf(setting.name), std::move(value), std::move(zone), local);
}

void SessionSettings::Assign(size_t index, std::string value,
                             std::shared_ptr<const types::TimeZone> zone, bool local) {
  if (!at_start_) at_start_ = current_;
  if (local) {
    if (!at_commit_) at_commit_ = current_;
  } else if (at_commit_) {
    // A plain SET outlasts the transaction even after a SET LOCAL of the same parameter.
    at_commit_->text[index] = value;
    if (zone) at_commit_->time_zone = zone;
  }
  current_.text[index] = std::move(value);
  if (zone) current_.time_zone = std::move(zone);
  ++generation_;
}

void SessionSettings::SetAsText(std::string_view name, const std::string& value, bool local) {
  if (EqualsIgnoringCase(name, "search_path")) {
    CheckNameList(Find(name), value);
    Assign(IndexOf(name), value, nullptr, local);
  } else {
    Set(name, {value}, local);
  }
}

void SessionSettings::SetAtConnect(std::string_view name, const std::string& value) {
  // The startup packet's value is the list as written (options=-csearch_path=a,b).
  SetAsText(name, value, false);
  reset_.text[IndexOf(name)] = current_.text[IndexOf(name)];
  if (EqualsIgnoringCase(name, "TimeZone")) reset_.time_zone = current_.time_zone;
  at_start_.reset();
}

void SessionSettings::CommitTransaction() {
  if (at_commit_) {
    current_ = std::move(*at_commit_);
    ++generation_;
  }
  at_commit_.reset();
  at_start_.reset();
}

void SessionSettings::AbortTransaction() {
  if (at_start_) {
    current_ = std::move(*at_start_);
    ++generation_;
  }
  at_commit_.reset();
  at_start_.reset();
}

SessionSettings::Checkpoint SessionSettings::Save() const { return {current_, at_commit_}; }

void SessionSettings::Restore(const Checkpoint& checkpoint) {
  current_ = checkpoint.current;
  at_commit_ = checkpoint.at_commit;
  ++generation_;
}

int64_t SessionSettings::Milliseconds(std::string_view name) const {
  return ParseDuration(Show(name)).value_or(0);
}

int64_t SessionSettings::Kilobytes(std::string_view name) const {
  return ParseMemory(Find(name), current_.text[IndexOf(name)]);
}

double SessionSettings::Real(std::string_view name) const {
  return std::stod(current_.text[IndexOf(name)]);
}

bool SessionSettings::Boolean(std::string_view name) const { return current_.text[IndexOf(name)] == "on"; }

bool SessionSettings::SynchronousCommit() const {
  return current_.text[IndexOf("synchronous_commit")] != "off";
}

types::DatetimeStyle SessionSettings::DatetimeStyle() const {
  std::string unused;
  types::DatetimeStyle style =
      types::ParseDateStyle(current_.text[IndexOf("DateStyle")], types::DatetimeStyle{}, unused).value_or(types::DatetimeStyle{});
  style.interval = types::ParseIntervalStyle(current_.text[IndexOf("IntervalStyle")]).value_or(types::IntervalStyle::kPostgres);
  return style;
}

types::ByteaOutput SessionSettings::ByteaOutput() const {
  return current_.text[IndexOf("bytea_output")] == "escape" ? types::ByteaOutput::kEscape
                                                : types::ByteaOutput::kHex;
}

int SessionSettings::ExtraFloatDigits() const { return std::stoi(current_.text[IndexOf("extra_float_digits")]); }

void SessionSettings::SetServerParameters(const ServerParameters& parameters) {
  const auto on_off = [](bool on) { return std::string(on ? "on" : "off"); };
  char factor[32];
  std::snprintf(factor, sizeof(factor), "%g", parameters.autovacuum_vacuum_scale_factor);
  SetInternal("authentication_timeout", FormatDuration(parameters.authentication_timeout_ms));
  SetInternal("autovacuum", on_off(parameters.autovacuum));
  SetInternal("autovacuum_naptime", FormatDuration(parameters.autovacuum_naptime_ms));
  SetInternal("autovacuum_vacuum_scale_factor", factor);
  SetInternal("autovacuum_vacuum_threshold", std::to_string(parameters.autovacuum_vacuum_threshold));
  SetInternal("idle_in_transaction_session_timeout",
              FormatDuration(parameters.idle_in_transaction_session_timeout_ms));
  SetInternal("idle_session_timeout", FormatDuration(parameters.idle_session_timeout_ms));
  SetInternal("listen_addresses", parameters.listen_addresses);
  SetInternal("max_connections", std::to_string(parameters.max_connections));
  SetInternal("max_worker_threads", std::to_string(parameters.max_worker_threads));
  SetInternal("port", std::to_string(parameters.port));
  SetInternal("shared_buffers", FormatMemory(static_cast<int64_t>(parameters.buffer_pool_bytes / 1024)));
  SetInternal("worker_threads", std::to_string(parameters.worker_threads));
}

void SessionSettings::SetInternal(std::string_view name, std::string value) {
  const size_t index = IndexOf(name);
  if (EqualsIgnoringCase(name, "TimeZone")) {
    if (std::shared_ptr<const types::TimeZone> zone = types::TimeZoneForSetting(value)) {
      current_.time_zone = std::move(zone);
      ++generation_;
      value = current_.time_zone->name();
    }
  }
  // Read-only parameters are set only here; their reset value is the one set at connect.
  if (kSettings[index].kind == SettingKind::kReadOnly) reset_.text[index] = value;
  // Called at every transaction start (transaction_isolation): an unchanged value keeps the
  // generation.
  if (current_.text[index] != value) {
    current_.text[index] = std::move(value);
    ++generation_;
  }
}

void SessionSettings::Reset(std::string_view name, bool local) {
  if (Lower(name) == "all") {
    // RESET ALL leaves what the engine set at connect and the transaction's isolation level
    // (PostgreSQL's GUC_NO_RESET_ALL).
    for (size_t i = 0; i < kSettingCount; ++i) {
      if (kSettings[i].kind == SettingKind::kReadOnly || kSettings[i].name.rfind("transaction_", 0) == 0) continue;
      const bool time_zone = kSettings[i].name == "TimeZone";
      Assign(i, reset_.text[i], time_zone ? reset_.time_zone : nullptr, local);
    }
    return;
  }
  const SettingDefinition& setting = Find(name);
  if (setting.kind == SettingKind::kReadOnly) ReadOnly(setting.name);
  const size_t index = IndexOf(setting.name);
  Assign(index, reset_.text[index], setting.name == "TimeZone" ? reset_.time_zone : nullptr, local);
}

std::string SessionSettings::Show(std::string_view name) const {
  return current_.text[IndexOf(name)];
}

std::string SessionSettings::DisplayName(std::string_view name) const {
  return Lower(Find(name).name);
}

namespace {

// An enum's values as pg_settings.enumvals prints the text[] ({a,b,"c d"}).
std::string EnumValues(std::string_view choices) {
  std::string list = "{";
  while (!choices.empty()) {
    const size_t bar = choices.find('|');
    const std::string_view value = choices.substr(0, bar);
    if (list.size() > 1) list += ',';
    const bool quote = value.find_first_of(" ,{}\"\\") != std::string_view::npos;
    list += quote ? "\"" + std::string(value) + "\"" : std::string(value);
    if (bar == std::string_view::npos) break;
    choices.remove_prefix(bar + 1);
  }
  return list + "}";
}

}  // namespace

std::vector<std::vector<std::string>> SessionSettings::ShowAll() const {
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < kSettingCount; ++i) {
    const SettingDefinition& setting = kSettings[i];
    const std::string boot(setting.boot_value.value_or(setting.default_value));
    rows.push_back({std::string(setting.name), current_.text[i], std::string(setting.description)});
    // pg_settings' view: the value in the base unit, the unit, the type, the range (numeric
    // parameters only), the built-in value and the value RESET returns to.
    char range[2][32];
    std::vector<std::string>& row = rows.back();
    std::string enum_values;
    if (setting.kind == SettingKind::kMemory) {
      std::snprintf(range[0], sizeof(range[0]), "%.0f", setting.minimum);
      std::snprintf(range[1], sizeof(range[1]), "%.0f", setting.maximum);
      row.insert(row.end(), {std::to_string(ParseMemory(setting, current_.text[i])), "kB", "integer", range[0],
                             range[1], std::to_string(ParseMemory(setting, boot)),
                             std::to_string(ParseMemory(setting, reset_.text[i]))});
    } else if (setting.kind == SettingKind::kDuration) {
      std::snprintf(range[0], sizeof(range[0]), "%.0f", setting.minimum);
      std::snprintf(range[1], sizeof(range[1]), "%.0f", setting.maximum);
      const auto ms = [](const std::string& text) { return std::to_string(ParseDuration(text).value_or(0)); };
      row.insert(row.end(), {ms(current_.text[i]), "ms", "integer", range[0], range[1], ms(boot),
                             ms(reset_.text[i])});
    } else if (setting.kind == SettingKind::kReal || setting.kind == SettingKind::kCount) {
      const char* format = setting.kind == SettingKind::kReal ? "%g" : "%.0f";
      std::snprintf(range[0], sizeof(range[0]), format, setting.minimum);
      std::snprintf(range[1], sizeof(range[1]), format, setting.maximum);
      row.insert(row.end(), {current_.text[i], "", setting.kind == SettingKind::kReal ? "real" : "integer",
                             range[0], range[1], boot, reset_.text[i]});
    } else {
      const bool boolean = setting.kind == SettingKind::kBool ||
                           (setting.kind == SettingKind::kChoice && setting.choices == "on|off");
      const std::string type = boolean                                ? "bool"
                               : setting.kind == SettingKind::kChoice ? "enum"
                                                                      : "string";
      if (type == "enum") enum_values = EnumValues(setting.choices);
      row.insert(row.end(), {current_.text[i], "", type, "", "", boot, reset_.text[i]});
    }
    const SettingView* view = FindView(setting.name);
    if (view != nullptr && !view->vartype.empty()) {
      row[5] = view->vartype;
      row[6] = view->min_val;
      row[7] = view->max_val;
    }
    if (view != nullptr && !view->unit.empty()) {
      // The setting, boot and reset values counted in the unit, as PostgreSQL's.
      const auto in_unit = [&](const std::string& text) -> std::string {
        if (view->unit == "8kB") return std::to_string(ParseMemory(setting, text) / 8);
        const int64_t ms = ParseDuration(text).value_or(0);
        return std::to_string(view->unit == "s" ? ms / 1000 : ms);
      };
      row[3] = in_unit(current_.text[i]);
      row[4] = std::string(view->unit);
      row[8] = in_unit(boot);
      row[9] = in_unit(reset_.text[i]);
    }
    row.push_back(enum_values);
    row.push_back(std::string(view != nullptr ? view->context : "user"));
    row.push_back(view != nullptr && view->hidden ? "hidden" : "");
  }
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return Lower(a[0]) < Lower(b[0]); });
  return rows;
}

}  // namespace granary
