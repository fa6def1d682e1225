// ServerConfig: granary.conf in PostgreSQL's configuration file syntax (guc-file.l) and the
// settings `granary serve` knows, with PostgreSQL's units.
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "common/sqlstate.hpp"
#include "granary/server.hpp"

namespace granary {
namespace {

struct Unit {
  std::string_view suffix;
  int64_t multiplier;  // in the base unit of the setting's kind
};

// Memory in bytes, time in milliseconds (PostgreSQL's unit tables, case-sensitive as there).
constexpr Unit kMemoryUnits[] = {{"B", 1}, {"kB", 1024}, {"MB", 1 << 20}, {"GB", int64_t{1} << 30},
                                 {"TB", int64_t{1} << 40}};
constexpr Unit kTimeUnits[] = {{"us", 0}, {"ms", 1}, {"s", 1000}, {"min", 60'000},
                               {"h", 3'600'000}, {"d", 86'400'000}};

[[noreturn]] void InvalidValue(std::string_view name, std::string_view value, std::string hint = {}) {
  Error error(sqlstate::kInvalidParameterValue, "invalid value for parameter \"" +
                                                    std::string(name) + "\": \"" +
                                                    std::string(value) + "\"");
  if (!hint.empty()) error.WithHint(std::move(hint));
  throw error;
}

// An integer with an optional unit; `base` is what a bare number means, in the table's unit.
int64_t ParseQuantity(std::string_view name, std::string_view value, const Unit* units,
                      size_t unit_count, int64_t base, std::string_view hint) {
  int64_t number = 0;
  const char* begin = value.data();
  const char* end = value.data() + value.size();
  const auto [stop, problem] = std::from_chars(begin, end, number);
  if (problem != std::errc() || number < 0) InvalidValue(name, value);
  std::string_view suffix(stop, static_cast<size_t>(end - stop));
  while (!suffix.empty() && suffix.front() == ' ') suffix.remove_prefix(1);
  if (suffix.empty()) return number * base;
  for (size_t i = 0; i < unit_count; ++i) {
    if (units[i].suffix == suffix) {
      return units[i].multiplier == 0 ? number / 1000 : number * units[i].multiplier;
    }
  }
  InvalidValue(name, value, std::string(hint));
}

int ParseInt(std::string_view name, std::string_view value, int minimum, int maximum) {
  int number = 0;
  const auto [stop, problem] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (problem != std::errc() || stop != value.data() + value.size()) InvalidValue(name, value);
  if (number < minimum || number > maximum) {
    throw Error(sqlstate::kInvalidParameterValue,
                std::to_string(number) + " is outside the valid range for parameter \"" +
                    std::string(name) + "\" (" + std::to_string(minimum) + " .. " +
                    std::to_string(maximum) + ")");
  }
  return number;
}

int Milliseconds(std::string_view name, std::string_view value, int64_t base) {
  const int64_t milliseconds = ParseQuantity(name, value, kTimeUnits, std::size(kTimeUnits), base,
                                             "Valid units for this parameter are \"us\", \"ms\", "
                                             "\"s\", \"min\", \"h\", and \"d\".");
  if (milliseconds > INT32_MAX) InvalidValue(name, value);
  return static_cast<int>(milliseconds);
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

void ServerConfig::Set(std::string_view raw_name, std::string_view value) {
  const std::string name = Lower(raw_name);
  ApplySetting(name, raw_name, value);
  values[name] = std::string(value);
}

ServerConfig ServerConfig::Reloaded(const ServerConfig& fresh, std::vector<std::string>& log) const {
  // PostgreSQL's PGC_SIGHUP parameters among ours; the rest are PGC_POSTMASTER (or, for the
  // autovacuum ones, read when the database opens here).
  static const std::set<std::string> kReloadable = {"idle_session_timeout", "idle_in_transaction_session_timeout",
                                                    "authentication_timeout"};
  ServerConfig running = *this;
  std::set<std::string> names;
  for (const auto& [name, value] : values) names.insert(name);
  for (const auto& [name, value] : fresh.values) names.insert(name);
  for (const std::string& name : names) {
    const auto before = values.find(name);
    const auto after = fresh.values.find(name);
    if (before != values.end() && after != fresh.values.end() && before->second == after->second) continue;
    if (kReloadable.count(name) == 0) {
      log.push_back("parameter \"" + name + "\" cannot be changed without restarting the server");
      continue;
    }
    if (after == fresh.values.end()) {
      log.push_back("parameter \"" + name + "\" removed from configuration file, reset to default");
      running.values.erase(name);
    } else {
      log.push_back("parameter \"" + name + "\" changed to \"" + after->second + "\"");
      running.values[name] = after->second;
    }
  }
  running.serve.idle_session_timeout_ms = fresh.serve.idle_session_timeout_ms;
  running.serve.idle_in_transaction_session_timeout_ms = fresh.serve.idle_in_transaction_session_timeout_ms;
  running.serve.authentication_timeout_ms = fresh.serve.authentication_timeout_ms;
  return running;
}

void ServerConfig::ApplySetting(const std::string& name, std::string_view raw_name, std::string_view value) {
  constexpr int64_t kBlock = 8192;
  if (name == "shared_buffers") {
    const int64_t bytes = ParseQuantity(name, value, kMemoryUnits, std::size(kMemoryUnits), kBlock,
                                        "Valid units for this parameter are \"B\", \"kB\", \"MB\", "
                                        "\"GB\", and \"TB\".");
    open.buffer_pool_bytes = static_cast<size_t>(bytes);
  } else if (name == "listen_addresses") {
    serve.listen_addresses = std::string(value);
  } else if (name == "port") {
    serve.port = ParseInt(name, value, 0, 65535);
  } else if (name == "max_connections") {
    serve.max_connections = ParseInt(name, value, 1, 262143);
  } else if (name == "worker_threads") {
    serve.worker_threads = ParseInt(name, value, 0, 4096);
  } else if (name == "max_worker_threads") {
    serve.max_worker_threads = ParseInt(name, value, 0, 262143);
  } else if (name == "idle_session_timeout") {
    serve.idle_session_timeout_ms = Milliseconds(name, value, 1);
  } else if (name == "idle_in_transaction_session_timeout") {
    serve.idle_in_transaction_session_timeout_ms = Milliseconds(name, value, 1);
  } else if (name == "authentication_timeout") {
    serve.authentication_timeout_ms = Milliseconds(name, value, 1000);
    if (serve.authentication_timeout_ms < 1000) InvalidValue(name, value);
  } else if (name == "hba_file") {
    serve.hba_file = std::string(value);
  } else if (name == "autovacuum") {
    const std::string setting = Lower(value);
    if (setting == "on" || setting == "true" || setting == "1") {
      open.autovacuum = true;
    } else if (setting == "off" || setting == "false" || setting == "0") {
      open.autovacuum = false;
    } else {
      throw Error(sqlstate::kInvalidParameterValue,
                  "parameter \"autovacuum\" requires a Boolean value");
    }
  } else if (name == "autovacuum_naptime") {
    const int milliseconds = Milliseconds(name, value, 1000);
    if (milliseconds < 1000) InvalidValue(name, value);
    open.autovacuum_naptime_ms = static_cast<uint32_t>(milliseconds);
  } else if (name == "autovacuum_vacuum_threshold") {
    open.autovacuum_vacuum_threshold = static_cast<uint64_t>(ParseInt(name, value, 0, INT32_MAX));
  } else if (name == "autovacuum_vacuum_scale_factor") {
    char* end = nullptr;
    const std::string text(value);
    const double factor = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || factor < 0 || factor > 100) InvalidValue(name, value);
    open.autovacuum_vacuum_scale_factor = factor;
  } else {
    throw Error(sqlstate::kConfigFileError,
                "unrecognized configuration parameter \"" + std::string(raw_name) + "\"");
  }
}

ServerConfig ServerConfig::Load(const std::string& path) {
  ServerConfig config;
  std::ifstream file(path);
  if (!file) return config;
  std::string line;
  int number = 0;
  while (std::getline(file, line)) {
    ++number;
    const auto fail = [&](const std::string& message) {
      throw Error(sqlstate::kConfigFileError, message)
          .WithDetail("line " + std::to_string(number) + " of configuration file \"" + path + "\"");
    };
    size_t pos = line.find_first_not_of(" \t\r");
    if (pos == std::string::npos || line[pos] == '#') continue;
    size_t end = pos;
    while (end < line.size() && (std::isalnum(static_cast<unsigned char>(line[end])) ||
                                 line[end] == '_' || line[end] == '.')) {
      ++end;
    }
    const std::string name = line.substr(pos, end - pos);
    if (name.empty()) fail("syntax error in file \"" + path + "\" line " + std::to_string(number));
    pos = line.find_first_not_of(" \t", end);
    if (pos != std::string::npos && line[pos] == '=') pos = line.find_first_not_of(" \t", pos + 1);
    if (pos == std::string::npos) fail("syntax error in file \"" + path + "\" line " + std::to_string(number));
    std::string value;
    if (line[pos] == '\'') {
      // A quoted value: '' is a quote; backslash escapes as in PostgreSQL's GUC_scanstr.
      bool closed = false;
      for (++pos; pos < line.size(); ++pos) {
        if (line[pos] == '\'' && pos + 1 < line.size() && line[pos + 1] == '\'') {
          value.push_back('\'');
          ++pos;
        } else if (line[pos] == '\\' && pos + 1 < line.size()) {
          value.push_back(line[++pos]);
        } else if (line[pos] == '\'') {
          closed = true;
          ++pos;
          break;
        } else {
          value.push_back(line[pos]);
        }
      }
      if (!closed) fail("unterminated quoted string in file \"" + path + "\" line " + std::to_string(number));
    } else {
      end = line.find_first_of(" \t#\r", pos);
      value = line.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
      pos = end == std::string::npos ? line.size() : end;
    }
    const size_t rest = line.find_first_not_of(" \t\r", pos);
    if (rest != std::string::npos && line[rest] != '#') {
      fail("syntax error in file \"" + path + "\" line " + std::to_string(number));
    }
    try {
      config.Set(name, value);
    } catch (Error& error) {
      throw Error(error.sqlstate(), error.message())
          .WithDetail("line " + std::to_string(number) + " of configuration file \"" + path + "\"");
    }
  }
  return config;
}

}  // namespace granary
