// Session::Impl — one session's transaction state and statement execution.
//
// Transaction states follow PostgreSQL: idle; in an explicit block (after BEGIN); failed
// (an error inside a block: every statement but COMMIT/ROLLBACK raises 25P02 until the block
// ends). Outside a block each statement is its own transaction; ExecuteScript runs a
// multi-statement string as one implicit transaction, as the simple query protocol does.
//
// Relation files created in a transaction are removed if it aborts; files of dropped
// relations are removed when it commits (and both lists go into the commit or abort record,
// so that recovery does the same).
//
// Commit: the commit record is written under statement_mutex; then, with synchronous_commit
// on, the session lets go of statement_mutex and waits for the record to be flushed (other
// sessions' statements run meanwhile, and their commits join the same fsync); then the
// commit log is updated and only then does the commit become visible and COMMIT return. A
// commit that drops relation files keeps statement_mutex throughout, since removing a file
// needs every other statement out of the way.
#pragma once

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "engine/database_impl.hpp"
#include "engine/result_impl.hpp"
#include "engine/session_settings.hpp"
#include "parser/ast.hpp"
#include "types/value.hpp"

namespace granary {

class CopyInState;  // copy_command.hpp

// What a statement will return, known before it runs.
struct StatementShape {
  bool returns_rows = false;
  std::vector<std::string> names;
  std::vector<types::Type> types;
};

struct Session::Impl {
  explicit Impl(Database::Impl& database);
  ~Impl();

  // Runs one parsed statement. `param_types` holds the known $n types and receives inferred
  // ones. With `in_script`, an implicit transaction stays open for the next statement.
  Result Run(const parser::Stmt& stmt, std::string_view sql, const std::vector<types::Value>& params,
             std::vector<types::Type>& param_types, bool in_script);
  // Analyses (without running) a statement, inferring its parameter types.
  StatementShape Describe(const parser::Stmt& stmt, std::string_view sql,
                          std::vector<types::Type>& param_types);
  // Ends an implicit transaction left open by Run(..., in_script = true).
  void FinishScript();
  void AbortAfterScriptError();
  char TransactionStatus() const;

  // COPY FROM STDIN (copy_session.cpp): the data of the COPY that Run left waiting in
  // `copy_in`; errors end it like a failed statement. CopyFail raises 57014.
  void CopyData(std::string_view data);
  Result CopyDone();
  void CopyFail(std::string_view message);

  // Called by statement handlers.
  // Whether this transaction created the relation file (CREATE TABLE, TRUNCATE): COPY FREEZE.
  bool CreatedInTransaction(storage::RelFileNumber rel) const {
    return std::find(drop_on_abort.begin(), drop_on_abort.end(), rel) != drop_on_abort.end();
  }
  void DropFileOnCommit(storage::RelFileNumber rel) { drop_on_commit.push_back(rel); }
  void DropFileOnAbort(storage::RelFileNumber rel) { drop_on_abort.push_back(rel); }
  void MarkCatalogChanged() { catalog_changed = true; }
  // PostgreSQL's CommandCounterIncrement: a snapshot that sees everything the running
  // statement has done so far, for DDL that must see its own catalog changes (CREATE OR
  // REPLACE). Later statements get command ids after it.
  storage::Snapshot NextCommand(const storage::Snapshot& snapshot) {
    ++extra_commands_;
    storage::Snapshot next = snapshot;
    next.command_id = snapshot.command_id + extra_commands_;
    return next;
  }

  Database::Impl& db;
  SessionSettings settings;
  // Cancel (session.cpp): set from any thread while a statement runs; the executor checks
  // it once per batch (57014). Cleared when the next statement starts.
  std::atomic<bool> cancel_requested{false};
  std::atomic<bool> statement_running{false};
  // Between StartImplicitTransaction and EndImplicitTransaction (the extended protocol's
  // Sync), statements outside a block leave their transaction open, as in a script.
  bool implicit_transaction = false;
  // A COPY FROM STDIN waiting for its data (set by the COPY statement). `copy_waiting` says
  // so to Cancel (any thread), which then sets `copy_cancel_requested`: the COPY fails with
  // 57014 when its next data arrives.
  std::unique_ptr<CopyInState> copy_in;
  std::atomic<bool> copy_waiting{false};
  std::atomic<bool> copy_cancel_requested{false};
  // A script stopped after a COPY FROM STDIN (Session::ExecuteScript / ResumeScript): its text,
  // statements and the next one to run.
  struct PausedScript {
    std::string sql;
    std::vector<parser::StmtPtr> statements;
    size_t next = 0;
  };
  std::unique_ptr<PausedScript> paused_script;

 private:
  // COPY FROM STDIN (copy_session.cpp): forget the COPY; raise 57014 if a cancel arrived
  // while it waited for data.
  void EndCopy();
  void ThrowIfCopyCancelled();
  // Ends a statement (or COPY) that failed: the block fails, or the transaction aborts.
  void FailStatement() {
    if (in_block_) {
      failed_ = true;
    } else {
      AbortTransaction();
    }
  }

  Result RunTransactionStatement(const parser::TransactionStmt& stmt,
                                 std::unique_lock<std::mutex>& statement_lock);
  void StartTransaction();
  // Called holding statement_lock, which it may release (see above).
  void CommitTransaction(std::unique_lock<std::mutex>& statement_lock);
  void AbortTransaction();
  void ResetTransactionState();

  storage::Xid xid_ = storage::kInvalidXid;
  storage::CommandId command_id_ = 0;
  bool in_block_ = false;
  bool failed_ = false;
  bool catalog_changed = false;
  storage::CommandId extra_commands_ = 0;
  std::vector<storage::RelFileNumber> drop_on_commit;
  std::vector<storage::RelFileNumber> drop_on_abort;
};

// Executes a non-transaction-control statement inside the session's current transaction
// (statement_runner.cpp).
Result ExecuteStatement(Session::Impl& session, const parser::Stmt& stmt, std::string_view sql,
                        const storage::Snapshot& snapshot, const std::vector<types::Value>& params,
                        std::vector<types::Type>& param_types);

// Analyses and plans a statement without running it, inferring its parameter types and
// describing its result columns (statement_runner.cpp).
StatementShape PlanOnly(Session::Impl& session, const parser::Stmt& stmt, std::string_view sql,
                        const storage::Snapshot& snapshot, std::vector<types::Type>& param_types);

}  // namespace granary
