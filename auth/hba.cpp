// hba.conf parsing and rule matching (PostgreSQL's hba.c, for the subset hba.hpp lists).
#include "auth/hba.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::auth {
namespace {

using Token = HbaName;

// One field: comma-separated tokens ("a,b" or "a", "b" split across whitespace after a comma).
using Field = std::vector<Token>;

class LineError {
 public:
  LineError(std::string_view file_name, int line) : file_name_(file_name), line_(line) {}
  [[noreturn]] void Throw(std::string message) const {
    throw Error(sqlstate::kConfigFileError, std::move(message))
        .WithDetail("line " + std::to_string(line_) + " of configuration file \"" +
                    std::string(file_name_) + "\"");
  }

 private:
  std::string_view file_name_;
  int line_;
};

// Splits a line into fields of tokens, as PostgreSQL's next_field_expand does: whitespace
// separates fields, a trailing comma continues the field, double quotes protect characters.
std::vector<Field> Tokenize(std::string_view line, const LineError& error) {
  std::vector<Field> fields;
  size_t pos = 0;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (pos < line.size()) {
    while (pos < line.size() && is_space(line[pos])) ++pos;
    if (pos >= line.size() || line[pos] == '#') break;
    Field field;
    while (true) {
      Token token;
      bool in_quotes = false;
      while (pos < line.size() && (in_quotes || (!is_space(line[pos]) && line[pos] != ',' &&
                                                 line[pos] != '#'))) {
        if (line[pos] == '"') {
          in_quotes = !in_quotes;
          token.quoted = true;
        } else {
          token.text.push_back(line[pos]);
        }
        ++pos;
      }
      if (in_quotes) error.Throw("unterminated quoted string");
      field.push_back(std::move(token));
      if (pos < line.size() && line[pos] == ',') {
        ++pos;
        while (pos < line.size() && is_space(line[pos])) ++pos;
        continue;
      }
      break;
    }
    fields.push_back(std::move(field));
  }
  return fields;
}

// A database or role field with its `@file` tokens replaced by the names in those files
// (whitespace- or comma-separated, `#` comments; a relative name is next to the hba file), as
// PostgreSQL's tokenize_inc_file. A file that cannot be read is an error here, where
// PostgreSQL logs it and the rule matches nothing.
Field ExpandIncludedNames(const Field& field, std::string_view file_name, const LineError& error) {
  Field expanded;
  for (const Token& token : field) {
    if (token.quoted || token.text.size() < 2 || token.text[0] != '@') {
      expanded.push_back(token);
      continue;
    }
    std::string path = token.text.substr(1);
    if (path[0] != '/') {
      const size_t slash = file_name.rfind('/');
      if (slash != std::string_view::npos) path = std::string(file_name.substr(0, slash + 1)) + path;
    }
    std::ifstream included(path);
    if (!included) {
      error.Throw("could not open secondary authentication file \"" + token.text + "\" as \"" + path + "\"");
    }
    std::string line;
    while (std::getline(included, line)) {
      for (const Field& names : Tokenize(line, error)) {
        for (const Token& name : names) {
          if (!name.text.empty() || name.quoted) expanded.push_back(name);
        }
      }
    }
  }
  return expanded;
}

std::optional<HbaRule::Type> ParseType(std::string_view text) {
  if (text == "local") return HbaRule::Type::kLocal;
  if (text == "host") return HbaRule::Type::kHost;
  if (text == "hostssl") return HbaRule::Type::kHostSsl;
  if (text == "hostnossl") return HbaRule::Type::kHostNoSsl;
  if (text == "hostgssenc") return HbaRule::Type::kHostGssEnc;
  if (text == "hostnogssenc") return HbaRule::Type::kHostNoGssEnc;
  return std::nullopt;
}

std::optional<AuthMethod> ParseMethod(std::string_view text) {
  if (text == "trust") return AuthMethod::kTrust;
  if (text == "reject") return AuthMethod::kReject;
  if (text == "password") return AuthMethod::kPassword;
  if (text == "md5") return AuthMethod::kMd5;
  if (text == "scram-sha-256") return AuthMethod::kScramSha256;
  return std::nullopt;
}

IpAddress MaskOfLength(int bits, bool is_v4) {
  IpAddress mask;
  mask.is_v4 = is_v4;
  if (is_v4) bits += 96;  // the IPv4-mapped prefix must match too
  for (int i = 0; i < 16; ++i) {
    const int take = std::clamp(bits - 8 * i, 0, 8);
    mask.bytes[i] = static_cast<uint8_t>(take == 0 ? 0 : (0xFF << (8 - take)) & 0xFF);
  }
  return mask;
}

void ParseAddress(const std::vector<Field>& fields, size_t& index, HbaRule& rule,
                  const LineError& error) {
  if (index >= fields.size()) error.Throw("end-of-line before IP address specification");
  const Field& field = fields[index++];
  if (field.size() > 1) error.Throw("multiple values specified for host address");
  const std::string& text = field[0].text;
  if (text == "all") {
    rule.any_address = true;
    return;
  }
  if (text == "samehost" || text == "samenet") {
    error.Throw("address keyword \"" + text + "\" is not supported yet");
  }
  const size_t slash = text.find('/');
  const std::optional<IpAddress> address = IpAddress::Parse(text.substr(0, slash));
  if (!address) {
    error.Throw("invalid IP address \"" + text.substr(0, slash) +
                "\": host names are not supported yet");
  }
  rule.address = *address;
  if (slash != std::string::npos) {
    const std::string_view length = std::string_view(text).substr(slash + 1);
    int bits = -1;
    const auto [end, problem] = std::from_chars(length.data(), length.data() + length.size(), bits);
    const int max_bits = address->is_v4 ? 32 : 128;
    if (problem != std::errc() || end != length.data() + length.size() || bits < 0 ||
        bits > max_bits) {
      error.Throw("invalid CIDR mask in address \"" + text + "\"");
    }
    rule.mask = MaskOfLength(bits, address->is_v4);
    return;
  }
  if (index >= fields.size()) error.Throw("end-of-line before netmask specification");
  const std::optional<IpAddress> mask = IpAddress::Parse(fields[index++][0].text);
  if (!mask || mask->is_v4 != address->is_v4) {
    error.Throw("invalid IP mask \"" + fields[index - 1][0].text + "\"");
  }
  rule.mask = *mask;
  if (mask->is_v4) {
    for (int i = 0; i < 12; ++i) rule.mask.bytes[i] = 0xFF;
  }
}

bool NameMatches(const std::vector<HbaName>& names, std::string_view value, std::string_view user,
                 bool is_database) {
  for (const HbaName& entry : names) {
    const std::string& name = entry.text;
    if (!entry.quoted && name == "all") return true;
    if (is_database && !entry.quoted && (name == "sameuser" || name == "samerole" || name == "samegroup")) {
      // samerole: the user is a member of the role the database is named after; with no role
      // memberships yet a role is a member of itself only.
      if (value == user) return true;
      continue;
    }
    // replication matches only replication connections, which Granary does not take yet.
    if (is_database && !entry.quoted && name == "replication") continue;
    if (!is_database && !entry.quoted && !name.empty() && name[0] == '+') {
      if (std::string_view(name).substr(1) == value) return true;
      continue;
    }
    if (name == value) return true;
  }
  return false;
}

}  // namespace

std::string_view AuthMethodName(AuthMethod method) {
  switch (method) {
    case AuthMethod::kTrust: return "trust";
    case AuthMethod::kReject: return "reject";
    case AuthMethod::kPassword: return "password";
    case AuthMethod::kMd5: return "md5";
    case AuthMethod::kScramSha256: return "scram-sha-256";
  }
  return "reject";
}

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  const std::string copy(text);
  IpAddress address;
  unsigned char v4[4];
  if (inet_pton(AF_INET, copy.c_str(), v4) == 1) {
    address.is_v4 = true;
    address.bytes[10] = 0xFF;
    address.bytes[11] = 0xFF;
    for (int i = 0; i < 4; ++i) address.bytes[12 + i] = v4[i];
    return address;
  }
  if (inet_pton(AF_INET6, copy.c_str(), address.bytes.data()) == 1) return address;
  return std::nullopt;
}

HbaFile HbaFile::Parse(std::string_view text, std::string_view file_name) {
  HbaFile file;
  int line_number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    const LineError error(file_name, line_number);
    const std::vector<Field> fields = Tokenize(line, error);
    if (fields.empty()) continue;

    HbaRule rule;
    rule.line = line_number;
    size_t index = 0;
    const std::string& type_text = fields[index++][0].text;
    const std::optional<HbaRule::Type> type = ParseType(type_text);
    if (!type) error.Throw("invalid connection type \"" + type_text + "\"");
    rule.type = *type;
    if (index >= fields.size()) error.Throw("end-of-line before database specification");
    rule.databases = ExpandIncludedNames(fields[index++], file_name, error);
    if (index >= fields.size()) error.Throw("end-of-line before role specification");
    rule.users = ExpandIncludedNames(fields[index++], file_name, error);
    if (rule.type != HbaRule::Type::kLocal) {
      ParseAddress(fields, index, rule, error);
    }
    if (index >= fields.size()) error.Throw("end-of-line before authentication method");
    const std::string& method_text = fields[index++][0].text;
    const std::optional<AuthMethod> method = ParseMethod(method_text);
    if (!method) error.Throw("invalid authentication method \"" + method_text + "\"");
    rule.method = *method;
    if (index < fields.size()) {
      error.Throw("authentication option \"" + fields[index][0].text + "\" is not supported");
    }
    file.rules_.push_back(std::move(rule));
    if (end == text.size()) break;
  }
  return file;
}

const HbaRule* HbaFile::Match(const ConnectionInfo& connection) const {
  for (const HbaRule& rule : rules_) {
    switch (rule.type) {
      case HbaRule::Type::kLocal:
      case HbaRule::Type::kHostSsl:
      case HbaRule::Type::kHostGssEnc:
        continue;  // no Unix sockets, TLS or GSS encryption yet
      default:
        break;
    }
    if (!NameMatches(rule.databases, connection.database, connection.user, true)) continue;
    if (!NameMatches(rule.users, connection.user, connection.user, false)) continue;
    if (!rule.any_address) {
      bool inside = true;
      for (size_t i = 0; i < 16; ++i) {
        if ((connection.client.bytes[i] & rule.mask.bytes[i]) !=
            (rule.address.bytes[i] & rule.mask.bytes[i])) {
          inside = false;
          break;
        }
      }
      if (!inside) continue;
    }
    return &rule;
  }
  return nullptr;
}

}  // namespace granary::auth
