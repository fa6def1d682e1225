#include "engine/lock_command.hpp"

#include "common/sqlstate.hpp"
#include "planner/analyze/analyzer.hpp"

namespace granary {

Result LockTables(Session::Impl& session, const parser::LockStmt& stmt, planner::AnalyzeContext& context) {
  if (!session.InTransactionBlock()) {
    throw Error(sqlstate::kNoActiveSqlTransaction, "LOCK TABLE can only be used in transaction blocks");
  }
  // NOWAIT: the same lock context, refusing to wait.
  storage::LockContext locks = session.locks();
  locks.wait.nowait = stmt.nowait;
  planner::AnalyzeContext lock_context = context;
  lock_context.locks = locks.active() ? &locks : nullptr;
  const auto mode = static_cast<storage::LockMode>(stmt.mode);
  for (const auto& table : stmt.tables) planner::LookupTable(*table, lock_context, mode);
  Result result;
  result.impl().command_tag = "LOCK TABLE";
  return result;
}

}  // namespace granary
