// Role statements: CREATE ROLE / USER, ALTER ROLE / USER, DROP ROLE / USER.
#pragma once

#include "engine/session_impl.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// Only superusers may create, drop or alter roles; a role may change its own password (42501
// otherwise). 42710 when the role exists; 0A000 for attributes not supported yet (CREATEDB,
// CREATEROLE, REPLICATION, BYPASSRLS, NOINHERIT, CONNECTION LIMIT, VALID UNTIL, SYSID,
// membership); 42601 `conflicting or redundant options`. Passwords are stored as
// auth::EncryptPassword makes them, in the session's password_encryption.
Result CreateRole(Session::Impl& session, const parser::CreateRoleStmt& stmt,
                  planner::AnalyzeContext& context);
// 42704 `role "x" does not exist`.
Result AlterRole(Session::Impl& session, const parser::AlterRoleStmt& stmt,
                 planner::AnalyzeContext& context);
// 42704 (a notice with IF EXISTS); 55006 for the session's own role.
Result DropRole(Session::Impl& session, const parser::DropRoleStmt& stmt,
                planner::AnalyzeContext& context);

}  // namespace granary
