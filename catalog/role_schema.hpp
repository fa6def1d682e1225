// A role as pg_authid stores it.
#pragma once

#include <optional>
#include <string>

#include "catalog/table_schema.hpp"

namespace granary::catalog {

struct RoleSchema {
  Oid oid = 0;
  std::string name;
  bool superuser = false;
  bool can_login = false;
  // A SCRAM-SHA-256 verifier or md5 hash (never plain text); nullopt: no password.
  std::optional<std::string> password;
};

}  // namespace granary::catalog
