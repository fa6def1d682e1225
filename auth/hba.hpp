// hba.conf: which clients may connect to which database as which role, and how they prove it.
//
// The file has PostgreSQL's pg_hba.conf syntax: one rule per line,
//   TYPE  DATABASE  USER  ADDRESS  METHOD
// with `#` comments, double-quoted tokens and comma-separated lists. The first rule whose
// type, database, user and address match the connection decides; none matching rejects it.
//
// Supported: types `host`, `hostnossl`, `hostnogssenc` (TCP without TLS/GSS: every Granary
// connection today) and `local`, `hostssl`, `hostgssenc` (parsed, never match: there are no
// Unix sockets or TLS yet); databases `all`, `sameuser`, `samerole` (= sameuser without role
// memberships), `replication` (never matches: no replication connections yet), names; users
// `all`, names and `+role` (matches that role only: there is no membership yet); `@file`
// lists in both; addresses `all`, IPv4/IPv6
// CIDR or address + mask; methods `trust`, `reject`, `password`, `md5`, `scram-sha-256`.
// Anything else is a configuration error (F0000) naming the line, so a rule is never
// silently weaker than written.
//
// Thread-safety: an HbaFile is immutable once parsed.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace granary::auth {

enum class AuthMethod { kTrust, kReject, kPassword, kMd5, kScramSha256 };

std::string_view AuthMethodName(AuthMethod method);

// An IPv4 or IPv6 address (IPv4 as its IPv4-mapped IPv6 form, so one comparison serves both).
struct IpAddress {
  std::array<uint8_t, 16> bytes{};
  bool is_v4 = false;
  // nullopt when `text` is not a numeric IPv4/IPv6 address.
  static std::optional<IpAddress> Parse(std::string_view text);
};

// A database or role name in a rule. A quoted keyword ("all") is a plain name.
struct HbaName {
  std::string text;
  bool quoted = false;
};

struct HbaRule {
  enum class Type { kLocal, kHost, kHostSsl, kHostNoSsl, kHostGssEnc, kHostNoGssEnc };
  int line = 0;
  Type type = Type::kHost;
  std::vector<HbaName> databases;  // all, sameuser, samerole, replication, or names (@file expanded)
  std::vector<HbaName> users;      // all, +role, or names (@file expanded)
  bool any_address = false;
  IpAddress address;
  IpAddress mask;
  AuthMethod method = AuthMethod::kReject;
};

struct ConnectionInfo {
  IpAddress client;
  std::string database;
  std::string user;
};

class HbaFile {
 public:
  // Raises F0000 (config_file_error) with PostgreSQL's message for the first bad line and
  // the context `line N of configuration file "NAME"` in the detail.
  static HbaFile Parse(std::string_view text, std::string_view file_name);

  // The first matching rule, or nullptr.
  const HbaRule* Match(const ConnectionInfo& connection) const;
  const std::vector<HbaRule>& rules() const { return rules_; }

 private:
  std::vector<HbaRule> rules_;
};

}  // namespace granary::auth
