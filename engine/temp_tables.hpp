// Temporary tables: the session's temporary schema, ON COMMIT actions, and dropping what a
// session (or a crashed server) left behind.
//
// As PostgreSQL's namespace.c and tablecmds.c (on_commits): a temporary relation lives in its
// session's schema pg_temp_N, which the session's search path searches first and which is
// made, in the creating transaction, by the first temporary relation. Its catalog rows are
// ordinary rows of the shared catalog (other sessions see them in pg_class), written and
// rolled back with the transaction like any DDL. At the end of the session the schema is
// dropped with everything in it; what a crash leaves is dropped when the database next opens.
//
// Departure: the relations' pages go through the shared buffer pool and the write-ahead log
// like a permanent table's (PostgreSQL keeps them in local buffers without WAL); nothing
// depends on that but speed, and recovery simply replays them before the open drops them.
//
// Thread-safety: as Session::Impl (one thread at a time per session).
#pragma once

#include "catalog/search_path.hpp"
#include "engine/session_impl.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// The session's temporary schema, made in the statement's transaction when it does not exist
// yet.
catalog::NamespaceName TempNamespace(Session::Impl& session, planner::AnalyzeContext& context);

// The ON COMMIT clause of CREATE TABLE for a table going to `target`: 42P16 on a permanent
// table.
void CheckOnCommit(parser::OnCommitAction action, const catalog::NamespaceName& target,
                   planner::AnalyzeContext& context);
// Remembers ON COMMIT DELETE ROWS and DROP of a table just created, for the session's commits.
void RegisterOnCommit(Session::Impl& session, const catalog::TableSchema& table, parser::OnCommitAction action);

// Drops every temporary schema (and its relations) of a database no session uses yet: what a
// crash or a session that could not clean up left behind. Run by Database::Open.
void DropLeftoverTempSchemas(Database::Impl& database);

}  // namespace granary
