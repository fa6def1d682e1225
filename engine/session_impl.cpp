// Transaction control for a session.
#include "engine/session_impl.hpp"

#include "common/sqlstate.hpp"
#include "engine/copy_command.hpp"

namespace granary {

Session::Impl::Impl(Database::Impl& database) : db(database) {}

Session::Impl::~Impl() {
  try {
    if (xid_ != storage::kInvalidXid) {
      std::lock_guard lock(db.statement_mutex);
      AbortTransaction();
    }
  } catch (...) {
    // The transaction stays in progress in the commit log and is aborted at the next open.
  }
}

char Session::Impl::TransactionStatus() const {
  if (failed_) return 'E';
  return in_block_ ? 'T' : 'I';
}

void Session::Impl::StartTransaction() {
  xid_ = db.BeginTransaction();
  command_id_ = 0;
}

void Session::Impl::CommitTransaction(std::unique_lock<std::mutex>& statement_lock) {
  if (xid_ == storage::kInvalidXid) return;
  storage::TransactionManager::PendingCommit pending;
  try {
    pending = db.transactions->LogCommit(xid_, drop_on_commit);
  } catch (...) {
    try {
      AbortTransaction();
    } catch (...) {  // NOLINT(bugprone-empty-catch): the first error is the one to report
    }
    throw;
  }
  try {
    if (pending.lsn != storage::kInvalidLsn && settings.SynchronousCommit()) {
      if (drop_on_commit.empty()) statement_lock.unlock();
      db.wal->Flush(pending.lsn);  // PANIC if the log cannot be made durable
    }
  } catch (...) {
    // The log is halted; whether the commit survives is for recovery to say.
    db.transactions->AbandonCommit(pending);
    ResetTransactionState();
    throw;
  }
  try {
    db.transactions->FinishCommit(pending);  // PANIC on failure
  } catch (...) {
    ResetTransactionState();
    throw;
  }
  for (storage::RelFileNumber rel : drop_on_commit) {
    db.pool->DiscardRelation(rel);
    db.storage->Unlink(rel);
  }
  if (catalog_changed) db.SaveNextOid();
  ResetTransactionState();
}

void Session::Impl::AbortTransaction() {
  if (xid_ != storage::kInvalidXid) db.transactions->Abort(xid_, drop_on_abort);
  for (storage::RelFileNumber rel : drop_on_abort) {
    db.pool->DiscardRelation(rel);
    db.storage->Unlink(rel);
  }
  if (catalog_changed) db.SaveNextOid();
  ResetTransactionState();
}

void Session::Impl::ResetTransactionState() {
  xid_ = storage::kInvalidXid;
  drop_on_commit.clear();
  drop_on_abort.clear();
  catalog_changed = false;
  in_block_ = false;
  failed_ = false;
}

Result Session::Impl::RunTransactionStatement(const parser::TransactionStmt& stmt,
                                              std::unique_lock<std::mutex>& statement_lock) {
  Result result;
  Result::Impl& out = result.impl();
  switch (stmt.transaction_kind) {
    case parser::TransactionKind::kBegin:
      out.command_tag = "BEGIN";
      if (in_block_) {
        out.notices.push_back(Error(sqlstate::kActiveSqlTransaction, "there is already a transaction in progress", Severity::kWarning));
        return result;
      }
      if (!stmt.isolation_level.empty() && stmt.isolation_level != "read committed") {
        // Only READ COMMITTED exists until snapshots per transaction arrive.
        throw Error(sqlstate::kFeatureNotSupported,
                    "transaction isolation level \"" + stmt.isolation_level + "\" is not supported yet");
      }
      if (xid_ == storage::kInvalidXid) StartTransaction();
      in_block_ = true;
      return result;
    case parser::TransactionKind::kCommit:
      if (failed_) {
        out.command_tag = "ROLLBACK";
        AbortTransaction();
        return result;
      }
      out.command_tag = "COMMIT";
      if (!in_block_) out.notices.push_back(Error(sqlstate::kNoActiveSqlTransaction, "there is no transaction in progress", Severity::kWarning));
      CommitTransaction(statement_lock);
      return result;
    case parser::TransactionKind::kRollback:
      out.command_tag = "ROLLBACK";
      if (!in_block_) out.notices.push_back(Error(sqlstate::kNoActiveSqlTransaction, "there is no transaction in progress", Severity::kWarning));
      AbortTransaction();
      return result;
    case parser::TransactionKind::kSavepoint:
    case parser::TransactionKind::kRelease:
    case parser::TransactionKind::kRollbackTo:
      throw Error(sqlstate::kFeatureNotSupported, "savepoints are not supported yet");
  }
  return result;
}

Result Session::Impl::Run(const parser::Stmt& stmt, std::string_view sql,
                          const std::vector<types::Value>& params,
                          std::vector<types::Type>& param_types, bool in_script) {
  std::unique_lock lock(db.statement_mutex);
  const bool ends_block =
      stmt.kind == parser::StmtKind::kTransaction &&
      (stmt.As<parser::TransactionStmt>().transaction_kind == parser::TransactionKind::kCommit ||
       stmt.As<parser::TransactionStmt>().transaction_kind == parser::TransactionKind::kRollback);
  if (failed_ && !ends_block) {
    throw Error(sqlstate::kInFailedSqlTransaction,
                "current transaction is aborted, commands ignored until end of transaction block");
  }
  if (copy_in) throw Error(sqlstate::kProtocolViolation, "COPY from stdin is in progress");
  if (stmt.kind == parser::StmtKind::kTransaction) {
    try {
      return RunTransactionStatement(stmt.As<parser::TransactionStmt>(), lock);
    } catch (...) {
      if (in_block_) failed_ = true;
      throw;
    }
  }

  if (xid_ == storage::kInvalidXid) StartTransaction();
  Result result;
  try {
    const storage::Snapshot snapshot = db.transactions->TakeSnapshot(xid_, command_id_);
    extra_commands_ = 0;
    result = ExecuteStatement(*this, stmt, sql, snapshot, params, param_types);
    command_id_ += 1 + extra_commands_;
  } catch (...) {
    if (in_block_) {
      failed_ = true;
    } else {
      AbortTransaction();
    }
    throw;
  }
  if (copy_in) {
    // COPY FROM STDIN: the statement goes on with CopyData/CopyDone (copy_session.cpp).
    copy_in->commits = !in_block_ && !in_script;
    copy_cancel_requested.store(false);
    copy_waiting.store(true);
    return result;
  }
  if (!in_block_ && !in_script) CommitTransaction(lock);
  return result;
}

StatementShape Session::Impl::Describe(const parser::Stmt& stmt, std::string_view sql,
                                       std::vector<types::Type>& param_types) {
  std::lock_guard lock(db.statement_mutex);
  if (failed_) {
    throw Error(sqlstate::kInFailedSqlTransaction,
                "current transaction is aborted, commands ignored until end of transaction block");
  }
  const storage::Snapshot snapshot = db.transactions->TakeSnapshot(xid_, command_id_);
  return PlanOnly(*this, stmt, sql, snapshot, param_types);
}

void Session::Impl::FinishScript() {
  std::unique_lock lock(db.statement_mutex);
  if (!in_block_) CommitTransaction(lock);
}

void Session::Impl::AbortAfterScriptError() {
  std::lock_guard lock(db.statement_mutex);
  if (!in_block_) AbortTransaction();
}

}  // namespace granary
