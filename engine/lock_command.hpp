// LOCK [TABLE] name [, ...] [IN mode MODE] [NOWAIT]: takes a table lock in one of
// PostgreSQL's eight modes (ACCESS EXCLUSIVE by default) on each table, in order, held until
// the transaction ends.
#pragma once

#include "engine/session_impl.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// 25P01 `LOCK TABLE can only be used in transaction blocks` outside a block; 42P01 unknown
// table; 55P03 `could not obtain lock on relation "t"` with NOWAIT when another transaction
// holds a conflicting lock; the lock-wait errors of storage::LockContext otherwise.
Result LockTables(Session::Impl& session, const parser::LockStmt& stmt, planner::AnalyzeContext& context);

}  // namespace granary
