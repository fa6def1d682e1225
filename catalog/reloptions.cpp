// Table storage parameters: the declarative list and PostgreSQL's validation rules.
#include "catalog/reloptions.hpp"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::catalog {
namespace {

enum class OptionKind { kBool, kInt, kReal, kEnum };

struct OptionDefinition {
  const char* name;
  OptionKind kind;
  double min = 0;
  double max = 0;
  bool toast = false;  // also valid as toast.<name>
};

// PostgreSQL 15's reloptions.c entries for RELOPT_KIND_HEAP (and RELOPT_KIND_TOAST).
constexpr OptionDefinition kOptions[] = {
    {"autovacuum_enabled", OptionKind::kBool, 0, 0, true},
    {"user_catalog_table", OptionKind::kBool},
    {"vacuum_truncate", OptionKind::kBool, 0, 0, true},
    {"fillfactor", OptionKind::kInt, 10, 100},
    {"toast_tuple_target", OptionKind::kInt, 128, 8160},
    {"autovacuum_vacuum_threshold", OptionKind::kInt, 0, INT_MAX, true},
    {"autovacuum_vacuum_insert_threshold", OptionKind::kInt, -1, INT_MAX, true},
    {"autovacuum_analyze_threshold", OptionKind::kInt, 0, INT_MAX},
    {"autovacuum_vacuum_cost_limit", OptionKind::kInt, 1, 10000, true},
    {"autovacuum_freeze_min_age", OptionKind::kInt, 0, 1000000000, true},
    {"autovacuum_multixact_freeze_min_age", OptionKind::kInt, 0, 1000000000, true},
    {"autovacuum_freeze_max_age", OptionKind::kInt, 100000, 2000000000, true},
    {"autovacuum_multixact_freeze_max_age", OptionKind::kInt, 10000, 2000000000, true},
    {"autovacuum_freeze_table_age", OptionKind::kInt, 0, 2000000000, true},
    {"autovacuum_multixact_freeze_table_age", OptionKind::kInt, 0, 2000000000, true},
    {"log_autovacuum_min_duration", OptionKind::kInt, -1, INT_MAX, true},
    {"parallel_workers", OptionKind::kInt, 0, 1024},
    {"autovacuum_vacuum_cost_delay", OptionKind::kReal, -1, 100, true},
    {"autovacuum_vacuum_scale_factor", OptionKind::kReal, 0, 100, true},
    {"autovacuum_vacuum_insert_scale_factor", OptionKind::kReal, 0, 100, true},
    {"autovacuum_analyze_scale_factor", OptionKind::kReal, 0, 100},
    {"vacuum_index_cleanup", OptionKind::kEnum, 0, 0, true},
};

Error InvalidValue(const std::string& message) {
  return Error(sqlstate::kInvalidParameterValue, message);
}

bool ParseBool(const std::string& text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::set<std::string> kTrue = {"t", "tr", "tru", "true", "y", "ye", "yes", "on", "1"};
  static const std::set<std::string> kFalse = {"f", "fa", "fal", "fals", "false", "n", "no", "of", "off", "0"};
  if (kTrue.count(lower) != 0 || kFalse.count(lower) != 0) return true;
  return false;
}

std::string FormatBound(double value, OptionKind kind) {
  if (kind == OptionKind::kInt) return std::to_string(static_cast<long long>(value));
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%f", value);
  return buffer;
}

void CheckValue(const OptionDefinition& definition, const std::string& name, const std::string& value) {
  switch (definition.kind) {
    case OptionKind::kBool:
      if (!ParseBool(value)) {
        throw InvalidValue("invalid value for boolean option \"" + name + "\": " + value);
      }
      return;
    case OptionKind::kEnum: {
      static const std::set<std::string> kValid = {"auto", "on", "off", "true", "false", "yes", "no", "1", "0"};
      std::string lower;
      for (char c : value) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (kValid.count(lower) == 0) {
        throw InvalidValue("invalid value for enum option \"" + name + "\": " + value)
            .WithDetail("Valid values are \"on\", \"off\", and \"auto\".");
      }
      return;
    }
    case OptionKind::kInt:
    case OptionKind::kReal: {
      const bool integer = definition.kind == OptionKind::kInt;
      errno = 0;
      char* end = nullptr;
      const double parsed = integer ? static_cast<double>(std::strtol(value.c_str(), &end, 10))
                                    : std::strtod(value.c_str(), &end);
      while (end != nullptr && *end != '\0' && std::isspace(static_cast<unsigned char>(*end))) ++end;
      if (value.empty() || end == nullptr || *end != '\0' || errno == ERANGE ||
          (integer && (parsed > INT_MAX || parsed < INT_MIN))) {
        throw InvalidValue(std::string("invalid value for ") +
                           (integer ? "integer" : "floating point") + " option \"" + name +
                           "\": " + value);
      }
      if (parsed < definition.min || parsed > definition.max) {
        throw InvalidValue("value " + value + " out of bounds for option \"" + name + "\"")
            .WithDetail("Valid values are between \"" + FormatBound(definition.min, definition.kind) +
                        "\" and \"" + FormatBound(definition.max, definition.kind) + "\".");
      }
      return;
    }
  }
}

// Validates one parameter; returns its stored form.
std::string Validate(const RelOptionInput& option) {
  std::string name = option.name;
  bool toast = false;
  if (const size_t dot = name.find('.'); dot != std::string::npos) {
    const std::string space = name.substr(0, dot);
    if (space != "toast") {
      throw InvalidValue("unrecognized parameter namespace \"" + space + "\"");
    }
    toast = true;
    name = name.substr(dot + 1);
  }
  const std::string value = option.value.value_or("true");
  for (const OptionDefinition& definition : kOptions) {
    if (name != definition.name || (toast && !definition.toast)) continue;
    CheckValue(definition, name, value);
    return option.name + "=" + value;
  }
  throw InvalidValue("unrecognized parameter \"" + name + "\"");
}

std::string NameOf(const std::string& stored) { return stored.substr(0, stored.find('=')); }

}  // namespace

std::vector<std::string> ValidateTableOptions(const std::vector<RelOptionInput>& options) {
  std::vector<std::string> stored;
  std::set<std::string> seen;
  for (const RelOptionInput& option : options) {
    stored.push_back(Validate(option));
    if (!seen.insert(option.name).second) {
      const size_t dot = option.name.find('.');
      throw InvalidValue("parameter \"" +
                         (dot == std::string::npos ? option.name : option.name.substr(dot + 1)) +
                         "\" specified more than once");
    }
  }
  return stored;
}

std::vector<std::string> ApplyTableOptions(const std::vector<std::string>& current,
                                           const std::vector<RelOptionInput>& changes, bool reset) {
  std::set<std::string> changed;
  for (const RelOptionInput& change : changes) changed.insert(change.name);
  std::vector<std::string> result;
  for (const std::string& option : current) {
    if (changed.count(NameOf(option)) == 0) result.push_back(option);
  }
  if (reset) {
    for (const RelOptionInput& change : changes) {
      if (change.value) {
        throw Error(sqlstate::kSyntaxError, "RESET must not include values for parameters");
      }
    }
    return result;
  }
  for (std::string& option : ValidateTableOptions(changes)) result.push_back(std::move(option));
  return result;
}

}  // namespace granary::catalog
