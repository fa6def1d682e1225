// The table of session settings.
#include "engine/session_settings.hpp"

#include <algorithm>
#include <cctype>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary {
namespace {

struct SettingDefinition {
  std::string_view name;  // as PostgreSQL spells it
  std::string_view default_value;
  bool any_value;  // false: only the default is supported for now
  std::string_view description;
};

constexpr SettingDefinition kSettings[] = {
    {"application_name", "", true, "Sets the application name to be reported in statistics and logs."},
    {"client_encoding", "UTF8", false, "Sets the client's character set encoding."},
    {"DateStyle", "ISO, MDY", false, "Sets the display format for date and time values."},
    {"extra_float_digits", "1", true, "Sets the number of digits displayed for floating-point values."},
    {"IntervalStyle", "postgres", false, "Sets the display format for interval values."},
    {"integer_datetimes", "on", false, "Shows whether datetimes are integer based."},
    {"lc_messages", "C", true, "Sets the language in which messages are displayed."},
    {"search_path", "\"$user\", public", true, "Sets the schema search order for names that are not schema-qualified."},
    {"server_encoding", "UTF8", false, "Shows the server (database) character set encoding."},
    {"server_version", "15.0", false, "Shows the server version."},
    {"server_version_num", "150000", false, "Shows the server version as an integer."},
    {"standard_conforming_strings", "on", false, "Causes '...' strings to treat backslashes literally."},
    {"statement_timeout", "0", true, "Sets the maximum allowed duration of any statement."},
    {"TimeZone", "UTC", false, "Sets the time zone for displaying and interpreting time stamps."},
    {"transaction_isolation", "read committed", false, "Sets the current transaction's isolation level."},
    {"default_transaction_isolation", "read committed", false, "Sets the transaction isolation level of each new transaction."},
};

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

const SettingDefinition& Find(std::string_view name) {
  const std::string lower = Lower(name);
  for (const SettingDefinition& setting : kSettings) {
    if (Lower(setting.name) == lower) return setting;
  }
  throw Error(sqlstate::kUndefinedObject,
              "unrecognized configuration parameter \"" + std::string(name) + "\"");
}

}  // namespace

SessionSettings::SessionSettings() {
  for (const SettingDefinition& setting : kSettings) {
    values_[Lower(setting.name)] = std::string(setting.default_value);
  }
}

void SessionSettings::Set(std::string_view name, const std::vector<std::string>& values) {
  const SettingDefinition& setting = Find(name);
  std::string value;
  for (size_t i = 0; i < values.size(); ++i) value += (i ? ", " : "") + values[i];
  if (!setting.any_value && Lower(value) != Lower(setting.default_value)) {
    // Accept equivalent spellings drivers send (UTF-8 for UTF8, ISO for "ISO, MDY").
    const bool equivalent =
        (Lower(setting.name) == "client_encoding" && (Lower(value) == "utf-8" || Lower(value) == "unicode")) ||
        (Lower(setting.name) == "datestyle" && Lower(value).find("iso") != std::string::npos) ||
        (Lower(setting.name) == "timezone" && (Lower(value) == "utc" || Lower(value) == "etc/utc" ||
                                              Lower(value) == "gmt"));
    if (!equivalent) {
      throw Error(sqlstate::kInvalidParameterValue,
                  "invalid value for parameter \"" + std::string(setting.name) + "\": \"" + value + "\"")
          .WithDetail("Only \"" + std::string(setting.default_value) + "\" is supported.");
    }
    value = std::string(setting.default_value);
  }
  values_[Lower(setting.name)] = value;
}

void SessionSettings::Reset(std::string_view name) {
  if (Lower(name) == "all") {
    *this = SessionSettings();
    return;
  }
  const SettingDefinition& setting = Find(name);
  values_[Lower(setting.name)] = std::string(setting.default_value);
}

std::string SessionSettings::Show(std::string_view name) const {
  return values_.at(Lower(Find(name).name));
}

std::string SessionSettings::DisplayName(std::string_view name) const {
  return Lower(Find(name).name);
}

std::vector<std::vector<std::string>> SessionSettings::ShowAll() const {
  std::vector<std::vector<std::string>> rows;
  for (const SettingDefinition& setting : kSettings) {
    rows.push_back({std::string(setting.name), values_.at(Lower(setting.name)),
                    std::string(setting.description)});
  }
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return Lower(a[0]) < Lower(b[0]); });
  return rows;
}

}  // namespace granary
