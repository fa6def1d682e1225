// CREATE/ALTER/DROP ROLE over the catalog's pg_authid rows (PostgreSQL's user.c).
#include "engine/role_commands.hpp"

#include <set>

#include "auth/password.hpp"
#include "common/sqlstate.hpp"

namespace granary {
namespace {

// The attributes a role can have today, as options resolve them.
struct RoleAttributes {
  std::optional<bool> superuser;
  std::optional<bool> can_login;
  bool password_given = false;
  std::optional<std::string> password;  // plain or already hashed, as written
};

bool IsSuperuser(const Session::Impl& session) { return session.settings.Show("is_superuser") == "on"; }

RoleAttributes ResolveOptions(const std::vector<parser::RoleOption>& options,
                              planner::AnalyzeContext& context) {
  RoleAttributes attributes;
  std::set<std::string> seen;
  for (const parser::RoleOption& option : options) {
    if (!seen.insert(option.name).second) {
      throw context.ErrorAt(sqlstate::kSyntaxError, "conflicting or redundant options",
                            option.location);
    }
    if (option.name == "superuser") {
      attributes.superuser = option.value;
    } else if (option.name == "canlogin") {
      attributes.can_login = option.value;
    } else if (option.name == "password") {
      attributes.password_given = true;
      attributes.password = option.password;
    } else if (option.name == "inherit" && option.value) {
      // INHERIT is what every role does (there is no membership yet to inherit from).
    } else if (!option.value && (option.name == "createdb" || option.name == "createrole" ||
                                 option.name == "isreplication" || option.name == "bypassrls")) {
      // NOCREATEDB and friends: the attribute is absent, as it is for every role today.
    } else {
      throw context.ErrorAt(sqlstate::kFeatureNotSupported,
                            "role option \"" + option.name + "\" is not supported yet",
                            option.location);
    }
  }
  return attributes;
}

// The stored form of a password option: NULL for PASSWORD NULL or '' (with PostgreSQL's
// notice), else a verifier in the session's password_encryption.
std::optional<std::string> StoredPassword(Session::Impl& session, const std::string& role,
                                          const std::optional<std::string>& password,
                                          Result& result) {
  if (!password) return std::nullopt;
  if (password->empty()) {
    result.impl().notices.push_back(Error(sqlstate::kSuccessfulCompletion,
                                          "empty string is not a valid password, clearing password",
                                          Severity::kNotice));
    return std::nullopt;
  }
  const auth::PasswordType target = session.settings.Show("password_encryption") == "md5"
                                        ? auth::PasswordType::kMd5
                                        : auth::PasswordType::kScramSha256;
  return auth::EncryptPassword(role, *password, target);
}

// Locks a role name until the transaction ends, before it is looked up: creating, altering
// and dropping one role queue up (the lock may restart the statement).
void LockRoleName(planner::AnalyzeContext& context, const std::string& name) {
  if (context.locks == nullptr) return;
  constexpr uint32_t kRoleNames = 1260;  // pg_authid's oid
  context.locks->LockObject(kRoleNames, std::hash<std::string>()(name),
                            storage::LockMode::kAccessExclusive, "role \"" + name + "\"");
}

catalog::RoleSchema RequireRole(Session::Impl& session, const std::string& name,
                                planner::AnalyzeContext& context, int location) {
  LockRoleName(context, name);
  std::optional<catalog::RoleSchema> role = session.db.catalog->FindRole(name, context.snapshot);
  if (!role) {
    throw context.ErrorAt(sqlstate::kUndefinedObject, "role \"" + name + "\" does not exist",
                          location);
  }
  return std::move(*role);
}

}  // namespace

Result CreateRole(Session::Impl& session, const parser::CreateRoleStmt& stmt,
                  planner::AnalyzeContext& context) {
  if (!IsSuperuser(session)) {
    throw Error(sqlstate::kInsufficientPrivilege, "permission denied to create role");
  }
  const RoleAttributes attributes = ResolveOptions(stmt.options, context);
  Result result;
  result.impl().command_tag = "CREATE ROLE";
  catalog::RoleSchema role;
  role.name = stmt.name;
  role.superuser = attributes.superuser.value_or(false);
  role.can_login = attributes.can_login.value_or(stmt.is_user);
  role.password = StoredPassword(session, stmt.name, attributes.password, result);
  LockRoleName(context, role.name);
  if (session.db.catalog->FindRole(role.name, context.snapshot)) {
    throw context.ErrorAt(sqlstate::kDuplicateObject, "role \"" + role.name + "\" already exists",
                          stmt.name_location);
  }
  session.db.catalog->CreateRole(std::move(role), context.snapshot, context.snapshot.command_id);
  session.MarkCatalogChanged();
  return result;
}

Result AlterRole(Session::Impl& session, const parser::AlterRoleStmt& stmt,
                 planner::AnalyzeContext& context) {
  const RoleAttributes attributes = ResolveOptions(stmt.options, context);
  catalog::RoleSchema role = RequireRole(session, stmt.name, context, stmt.name_location);
  const bool only_own_password = role.name == session.settings.Show("session_authorization") &&
                                 !attributes.superuser && !attributes.can_login;
  if (!IsSuperuser(session) && !only_own_password) {
    throw Error(sqlstate::kInsufficientPrivilege, "permission denied");
  }
  Result result;
  result.impl().command_tag = "ALTER ROLE";
  if (attributes.superuser) role.superuser = *attributes.superuser;
  if (attributes.can_login) role.can_login = *attributes.can_login;
  if (attributes.password_given) {
    role.password = StoredPassword(session, role.name, attributes.password, result);
  }
  session.db.catalog->UpdateRole(role, context.snapshot, context.snapshot.command_id);
  session.MarkCatalogChanged();
  return result;
}

Result DropRole(Session::Impl& session, const parser::DropRoleStmt& stmt,
                planner::AnalyzeContext& context) {
  if (!IsSuperuser(session)) {
    throw Error(sqlstate::kInsufficientPrivilege, "permission denied to drop role");
  }
  Result result;
  result.impl().command_tag = "DROP ROLE";
  std::vector<catalog::RoleSchema> roles;
  for (const std::string& name : stmt.names) {
    LockRoleName(context, name);
    std::optional<catalog::RoleSchema> role = session.db.catalog->FindRole(name, context.snapshot);
    if (!role) {
      if (stmt.if_exists) {
        result.impl().notices.push_back(Error(sqlstate::kSuccessfulCompletion,
                                              "role \"" + name + "\" does not exist, skipping",
                                              Severity::kNotice));
        continue;
      }
      throw Error(sqlstate::kUndefinedObject, "role \"" + name + "\" does not exist");
    }
    if (name == session.settings.Show("session_authorization")) {
      throw Error(sqlstate::kObjectInUse, "current user cannot be dropped");
    }
    roles.push_back(std::move(*role));
  }
  for (const catalog::RoleSchema& role : roles) {
    session.db.catalog->DropRole(role, context.snapshot, context.snapshot.command_id);
  }
  session.MarkCatalogChanged();
  return result;
}

}  // namespace granary
