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
// Concurrency: each transaction holds an exclusive lock on its own xid (and on each of its
// subtransactions' xids) in the database's lock manager, which is what others wait on; every
// lock it takes is released after its commit or abort is recorded, so a waiter wakes to a
// settled outcome. A statement reads the catalog under a fresh snapshot, locks what it uses,
// and starts over if a catalog change committed meanwhile (storage/lock/lock_context.hpp); it
// then runs under its execution snapshot: a new one per statement in READ COMMITTED, the
// transaction's first one in REPEATABLE READ (and SERIALIZABLE, which runs as REPEATABLE
// READ).
//
// Savepoints are subtransactions with their own xids (PostgreSQL's). Writes go under the
// innermost one; RELEASE folds a savepoint's xids into its parent; ROLLBACK TO aborts them
// (their rows become invisible, their row locks and xid locks are released, relation files
// they created are removed, drops they made are forgotten) and starts the savepoint afresh.
// Table locks they took are kept until the transaction ends (PostgreSQL releases them).
// Session settings follow the same nesting (session_settings.hpp): ROLLBACK TO restores the
// values the savepoint saw, ROLLBACK those the transaction started with; COMMIT keeps SETs
// and drops SET LOCALs.
// The commit or abort record of the transaction lists the subtransactions ending with it.
//
// Commit: the commit record is written; with synchronous_commit on, the session waits for it
// to be flushed (other sessions' commits join the same fsync); then the commit log is updated
// and only then does the commit become visible, the locks go, and COMMIT return.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sequence_functions.hpp"
#include "engine/database_impl.hpp"
#include "engine/prepared_statements.hpp"
#include "engine/result_impl.hpp"
#include "catalog/search_path.hpp"
#include "engine/session_settings.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "planner/optimize/cost_parameters.hpp"
#include "storage/lock/lock_context.hpp"
#include "storage/vacuum/table_statistics.hpp"
#include "parser/ast.hpp"
#include "types/enum.hpp"
#include "types/datetime_session.hpp"
#include "types/value.hpp"

namespace granary {

class CopyInState;  // copy_command.hpp
namespace plpgsql {
class PlFunctionCache;  // plpgsql/pl_routine_caller.hpp
}
class SessionCursors;  // cursors.hpp
struct PlanSlot;    // plan_cache.hpp

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
  // `plan_slot`: a prepared statement's cached plan (engine/plan_cache.hpp), or null.
  // `portal`: open the statement, a SELECT, as the protocol portal of that name instead of
  // running it (cursors.hpp OpenPortal); its transaction stays open.
  // `sink`: a SELECT's or FETCH's rows go to it while the statement runs (granary.hpp RowSink).
  // `bound_snapshot`: the snapshot a Bind took (BoundSnapshot), for the statement's plan.
  Result Run(const parser::Stmt& stmt, std::string_view sql, const std::vector<types::Value>& params,
             std::vector<types::Type>& param_types, bool in_script, PlanSlot* plan_slot = nullptr,
             const std::string* portal = nullptr, RowSink* sink = nullptr,
             const storage::Snapshot* bound_snapshot = nullptr);
  // The protocol's Bind of a SELECT (PostgreSQL's PortalStart): inside a transaction (a
  // block, or the implicit one, which starts now) the snapshot its plan will run under —
  // READ COMMITTED's statement snapshot, REPEATABLE READ's transaction snapshot — and the
  // transaction it belongs to; nullopt outside both (the statement will run in a transaction
  // of its own). 25P02 in a failed block. Inside a transaction the statement is planned
  // first (or its cached plan checked, PlanAtBind), which takes the relation locks it needs,
  // as PostgreSQL's GetCachedPlan at Bind: a TRUNCATE or DROP from another session then
  // waits for the portal instead of slipping in between the snapshot and the Execute (errors
  // of planning and of the locks, 55P03, 40P01, 57014, are the Bind's).
  std::optional<std::pair<storage::Xid, storage::Snapshot>> BoundSnapshot(const parser::Stmt& stmt,
                                                                          std::string_view sql,
                                                                          std::vector<types::Type> param_types,
                                                                          PlanSlot& plan);
  // 25P02 in a failed block (the protocol's Bind of anything but transaction control).
  void CheckNotFailed() const;
  // Session::FailTransaction.
  void FailTransaction();
  storage::Xid transaction_xid() const { return xid_; }
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
  // COPY FROM a server file or program: reads it all through CopyData, then CopyDone.
  Result CopyFromServerFile();

  // Called by statement handlers.
  // Whether this transaction created the relation file (CREATE TABLE, TRUNCATE): COPY FREEZE.
  bool CreatedInTransaction(storage::RelFileNumber rel) const {
    return std::find(drop_on_abort.begin(), drop_on_abort.end(), rel) != drop_on_abort.end();
  }
  void DropFileOnCommit(storage::RelFileNumber rel) { drop_on_commit.push_back(rel); }
  // A relation's data moves from file `from` (dropped at commit) to `to`: at commit its
  // statistics follow (TableStatistics::Carry), unless a rolled-back savepoint took the move
  // back.
  void CarryStatisticsOnCommit(storage::RelFileNumber from, storage::RelFileNumber to, bool truncated) {
    statistics_moves.push_back({from, to, truncated});
  }
  void DropFileOnAbort(storage::RelFileNumber rel) { drop_on_abort.push_back(rel); }
  // An enum label added to or renamed in the registry, undone if the transaction aborts.
  void UndoEnumChangeOnAbort(types::EnumChange change) { enum_changes.push_back(std::move(change)); }
  void MarkCatalogChanged() { catalog_changed = true; }
  // The snapshot a statement's plan runs under (see above), for the statement whose catalog
  // snapshot is `catalog_snapshot`.
  storage::Snapshot ExecutionSnapshot(const storage::Snapshot& catalog_snapshot);
  bool RepeatableRead() const;
  // PostgreSQL's IsTransactionBlock: BEGIN ... or a multi-statement string's implicit block.
  bool InTransactionBlock() const { return in_block_ || multi_statement_script; }
  // The running statement's lock context (valid while it runs).
  const storage::LockContext& locks() const { return lock_context_; }
  // Lets the statement plan from the shared relation cache at the catalog version it read,
  // unless this transaction changed the catalog itself.
  void UseRelationCache(planner::AnalyzeContext& context) {
    if (catalog_changed || lock_context_.catalog_version == nullptr) return;
    context.relation_cache = &db.relation_cache;
    context.catalog_version = lock_context_.catalog_version_seen;
  }
  std::chrono::steady_clock::time_point statement_deadline() const { return statement_deadline_; }
  // SET TRANSACTION ISOLATION LEVEL / SET transaction_isolation (25001 after the first query).
  void SetTransactionIsolation(const std::vector<std::string>& values, SettingSource source, Result& result);
  // SET TRANSACTION READ ONLY | READ WRITE / SET transaction_read_only (25001 for read-write
  // after the first query or inside a savepoint of a read-only transaction).
  void SetTransactionReadOnly(const std::vector<std::string>& values, bool local, SettingSource source,
                              Result& result);
  // Read-only transactions (BEGIN READ ONLY, default_transaction_read_only): what writes
  // calls RequireReadWrite with PostgreSQL's command name, raising 25006.
  bool ReadOnlyTransaction() const;
  void RequireReadWrite(std::string_view command) const;
  // PostgreSQL's CommandCounterIncrement: a snapshot that sees everything the running
  // statement has done so far, for DDL that must see its own catalog changes (CREATE OR
  // REPLACE). Later statements get command ids after it.
  storage::Snapshot NextCommand(const storage::Snapshot& snapshot) {
    ++extra_commands_;
    storage::Snapshot next = snapshot;
    next.command_id = snapshot.command_id + extra_commands_;
    return next;
  }

  // PL/pgSQL (engine/plpgsql/): the writer of the running statement's nested statements and
  // the xids that count as its own; an EXCEPTION block's subtransaction (an anonymous
  // savepoint: Begin starts one, End releases it or, without `commit`, rolls it back).
  storage::Xid CurrentWriterXid() const { return WriterXid(); }
  std::vector<storage::Xid> CurrentOwnAncestors() const { return OwnAncestors(); }
  void BeginSubtransaction() { DefineSavepoint(kSubtransactionName); }
  void EndSubtransaction(bool commit);
  bool CatalogChangedInTransaction() const { return catalog_changed; }
  // Compiled PL/pgSQL functions and their plans, kept while the catalog does not change.
  std::unique_ptr<plpgsql::PlFunctionCache> pl_functions;

  Database::Impl& db;
  SessionSettings settings;
  // The database name the session connected to (current_database()).
  std::string database = "granary";
  catalog::Oid DatabaseOid() const;  // of `database` (catalog::KnownDatabases)
  // The search_path setting as name lookups use it ("$user" is the session user).
  catalog::SearchPath SearchPath() const { return Derived().search_path; }
  // Values every statement reads, parsed from the settings once per change of them.
  struct DerivedSettings {
    uint64_t generation = UINT64_MAX;
    catalog::SearchPath search_path;
    int64_t statement_timeout_ms = 0;
    int64_t lock_timeout_ms = 0;
    int64_t deadlock_timeout_ms = 0;
  };
  const DerivedSettings& Derived() const {
    if (derived_.generation != settings.generation()) {
      derived_.search_path = catalog::SearchPath::FromSetting(settings.Show("search_path"),
                                                              settings.Show("session_authorization"));
      derived_.search_path.temp_schema = TempSchemaName();
      derived_.statement_timeout_ms = settings.Milliseconds("statement_timeout");
      derived_.lock_timeout_ms = settings.Milliseconds("lock_timeout");
      derived_.deadlock_timeout_ms = settings.Milliseconds("deadlock_timeout");
      derived_.generation = settings.generation();
    }
    return derived_;
  }
  // Temporary tables (engine/temp_tables.hpp). The session's temporary schema pg_temp_N: N is
  // taken from the database when the session starts; the schema is made by the first
  // temporary relation and dropped, with everything in it, when the session ends.
  std::string TempSchemaName() const { return "pg_temp_" + std::to_string(temp_number_); }
  bool temp_schema_made = false;
  // The schema's oid while the command that made it runs (TempNamespace).
  struct MadeTempSchema {
    catalog::Oid oid = 0;
    storage::Xid xid = storage::kInvalidXid;
    storage::CommandId command_id = 0;
  };
  MadeTempSchema made_temp_schema;
  // Tables created ON COMMIT DELETE ROWS or ON COMMIT DROP, by oid (PostgreSQL's on_commits
  // list). Entries whose table no longer exists (dropped, or created by a transaction that
  // rolled back) are forgotten at the next commit.
  struct OnCommitEntry {
    catalog::Oid table = 0;
    parser::OnCommitAction action = parser::OnCommitAction::kNoop;
  };
  std::vector<OnCommitEntry> on_commit_actions;
  // SET CONSTRAINTS and the deferred foreign keys of the running transaction
  // (foreign_keys.hpp); cleared when it ends.
  struct DeferredConstraints {
    std::optional<bool> all;                 // SET CONSTRAINTS ALL DEFERRED (true) / IMMEDIATE
    std::map<catalog::Oid, bool> named;      // SET CONSTRAINTS name ...: deferred or not
    // Deferred keys whose checks wait for the commit: constraint oid -> referencing table.
    std::map<catalog::Oid, std::pair<std::string, std::string>> pending;
    bool IsDeferred(const catalog::ForeignKey& key) const {
      if (!key.deferrable) return false;
      if (const auto found = named.find(key.oid); found != named.end()) return found->second;
      return all.value_or(key.initially_deferred);
    }
  };
  DeferredConstraints deferred_constraints;
  // The backend key's process id (pg_backend_pid(); 0 for an embedded session).
  int32_t process_id = 0;
  // The session's entry in db.activity (null until Connect registers it).
  std::shared_ptr<ActivityRegistry::Entry> activity;
  uint64_t reported_settings_generation_ = UINT64_MAX;  // of the application_name reported
  // pg_stat_activity: a statement starts (state active, its text) or ends (idle, or idle in
  // transaction inside a block).
  void ReportStatementStart(std::string_view sql);
  void ReportStatementEnd();
  // statement_timestamp(): when the running statement arrived; now(): when the transaction
  // started (its first statement's arrival). timestamptz microseconds, 0 when unknown.
  int64_t statement_timestamp = 0;
  int64_t transaction_timestamp = 0;
  // What date/time values of this session's statements depend on: the TimeZone, DateStyle
  // and IntervalStyle settings and the two timestamps above (installed per thread with types::ScopedDatetimeSession).
  types::DatetimeSession DatetimeState() const {
    return types::DatetimeSession{settings.TimeZone(), transaction_timestamp, statement_timestamp,
                                  settings.DatetimeStyle()};
  }
  // Cancel (session.cpp): set from any thread while a statement runs; the executor checks
  // it once per batch (57014). Cleared when the next statement starts.
  std::atomic<bool> cancel_requested{false};
  std::atomic<bool> statement_running{false};
  // The planner's settings as of `settings.generation()` (statement_runner.cpp), read again
  // only when a setting may have changed.
  std::optional<std::pair<uint64_t, planner::CostParameters>> cost_parameters;
  // Warnings raised while the running statement's expressions were evaluated (pg_cancel_backend
  // and its kin); RunStatement hands them to the statement's Result.
  std::vector<Error> statement_notices;
  // Between StartImplicitTransaction and EndImplicitTransaction (the extended protocol's
  // Sync), statements outside a block leave their transaction open, as in a script.
  bool implicit_transaction = false;
  // Set by ExecuteScript while it runs a string of more than one statement: PostgreSQL runs
  // those in an implicit transaction block, where VACUUM is refused (25001).
  bool multi_statement_script = false;
  // The running transaction's DML counts per table, applied to the database's statistics
  // when it ends (storage/vacuum/table_statistics.hpp).
  storage::PendingTableCounts table_counts;
  // currval/lastval memory (engine/sequence_functions.hpp); lives as long as the session.
  SequenceMemory sequence_memory;
  // Named prepared statements: SQL's PREPARE and the protocol's named Parse (not
  // transactional; they live until DEALLOCATE, Close or the end of the session).
  NamedStatements named_statements;
  // Open cursors (DECLARE): closed when their transaction ends, WITH HOLD ones materialised
  // at its commit and kept until CLOSE or the end of the session (cursors.hpp).
  std::unique_ptr<SessionCursors> cursors;

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
  // Before the commit record (temp_tables.cpp): empties the ON COMMIT DELETE ROWS tables and
  // drops the ON COMMIT DROP ones, in the committing transaction.
  void RunOnCommitActions();
  // Before the commit record: the checks of deferred foreign keys (23503 aborts the commit).
  void RunDeferredChecks();
  // Before the commit record: WITH HOLD cursors read their remaining rows, the others close.
  void PreCommitCursors();
  // At the end of the session (temp_tables.cpp): drops the temporary schema and everything in
  // it in a transaction of its own.
  void DropTempSchema();
  // Ends a statement (or COPY) that failed: the block fails, or the transaction aborts.
  void FailStatement() {
    if (in_block_) {
      failed_ = true;
    } else {
      AbortTransaction();
    }
  }

  static constexpr const char* kSubtransactionName = "\x01plpgsql";
  struct Savepoint {
    std::string name;
    storage::Xid xid;                 // the subtransaction writing after it
    size_t released_mark;             // released_ entries made after it start here
    size_t drop_on_commit_mark;
    size_t drop_on_abort_mark;
    SessionSettings::Checkpoint settings;  // what ROLLBACK TO restores
    uint64_t cursor_mark;             // cursors declared after it have this sequence or more
    bool read_only;                   // the enclosing transaction's, which RELEASE restores
  };

  Result RunTransactionStatement(const parser::TransactionStmt& stmt);
  Result RunStatement(const parser::Stmt& stmt, std::string_view sql,
                      const std::vector<types::Value>& params, std::vector<types::Type>& param_types,
                      PlanSlot* plan_slot, const std::string* portal, RowSink* sink,
                      const storage::Snapshot* bound_snapshot);
  void StartTransaction();
  void CommitTransaction();
  void AbortTransaction();
  void ResetTransactionState();
  // COMMIT / ROLLBACK AND CHAIN (PostgreSQL's SaveTransactionCharacteristics): the ending
  // transaction's isolation level, read-only and deferrable settings, as SHOW spells them,
  // become those of the block started right after it.
  struct TransactionCharacteristics {
    std::string isolation_level;
    std::string read_only;
    std::string deferrable;
  };
  TransactionCharacteristics CurrentCharacteristics();
  void StartChainedBlock(const TransactionCharacteristics& characteristics);
  void DefineSavepoint(const std::string& name);
  void ReleaseSavepoint(const std::string& name);
  void RollbackToSavepoint(const std::string& name);
  // The innermost savepoint named `name` (3B001 when there is none).
  size_t FindSavepoint(const std::string& name) const;
  storage::Xid WriterXid() const { return savepoints_.empty() ? xid_ : savepoints_.back().xid; }
  // The transaction's other xids that count as its own (Snapshot::own_ancestors).
  std::vector<storage::Xid> OwnAncestors() const;
  // Every subtransaction xid still part of the transaction (released and open).
  std::vector<storage::Xid> LiveChildren() const;
  void PrepareLockContext(uint64_t catalog_version);
  // BoundSnapshot's planning, restarted when the catalog changes while it takes its locks.
  void PlanForBind(const parser::Stmt& stmt, std::string_view sql, std::vector<types::Type>& param_types,
                   PlanSlot& plan);
  // Ends the transaction's locks once its outcome is recorded.
  void ReleaseLocks();
  // Adds the ending transaction's counts to the database's statistics (pg_stat_* views).
  void ApplyStatistics(bool committed);
  // VACUUM: refused inside a transaction block (25001), else run with no transaction of the
  // session's own (engine/vacuum_command.cpp runs its own short ones).
  Result RunVacuumStatement(const parser::VacuumStmt& stmt);

  int temp_number_ = 0;
  mutable DerivedSettings derived_;
  // The settings' generation after the last transaction start set transaction_isolation & co.
  // from their defaults (unchanged since: they still hold them).
  uint64_t transaction_defaults_generation_ = UINT64_MAX;
  storage::Xid xid_ = storage::kInvalidXid;
  storage::CommandId command_id_ = 0;
  bool in_block_ = false;
  bool failed_ = false;
  bool deadlocked_ = false;  // a statement of the transaction failed with 40P01
  bool catalog_changed = false;
  bool statement_ran_ = false;  // a query ran in this transaction (its isolation is fixed)
  storage::CommandId extra_commands_ = 0;
  std::vector<storage::RelFileNumber> drop_on_commit;
  struct StatisticsMove {
    storage::RelFileNumber from;
    storage::RelFileNumber to;
    bool truncated;
  };
  std::vector<StatisticsMove> statistics_moves;
  std::vector<storage::RelFileNumber> drop_on_abort;
  // Enum labels this transaction added or renamed in the process-wide registry
  // (types/enum.hpp), undone in reverse if it aborts.
  std::vector<types::EnumChange> enum_changes;
  std::vector<Savepoint> savepoints_;
  std::vector<storage::Xid> released_;  // xids of released savepoints, still the transaction's
  std::optional<storage::Snapshot> transaction_snapshot_;  // REPEATABLE READ
  // A Bind's snapshot for the running statement: the first ExecutionSnapshot takes it.
  const storage::Snapshot* bound_snapshot_ = nullptr;
  storage::LockContext lock_context_;
  std::chrono::steady_clock::time_point statement_deadline_{};
};

// Executes a non-transaction-control statement inside the session's current transaction
// (statement_runner.cpp); with `portal`, opens the SELECT `stmt` as that protocol portal.
// `sink`: a SELECT's or FETCH's rows go to it while they are produced (RowSink).
Result ExecuteStatement(Session::Impl& session, const parser::Stmt& stmt, std::string_view sql,
                        const storage::Snapshot& snapshot, const std::vector<types::Value>& params,
                        std::vector<types::Type>& param_types, PlanSlot* plan_slot,
                        const std::string* portal = nullptr, RowSink* sink = nullptr);

// The protocol's Bind of a SELECT: makes sure `slot` holds a current plan (planning now when
// it does not, as PostgreSQL's GetCachedPlan at Bind), taking the relation locks the plan
// needs (statement_runner.cpp). Errors of planning and of the locks are the Bind's.
void PlanAtBind(Session::Impl& session, const parser::Stmt& stmt, std::string_view sql,
                const storage::Snapshot& catalog_snapshot, std::vector<types::Type>& param_types, PlanSlot& slot);

// Analyses and plans a statement without running it, inferring its parameter types and
// describing its result columns (statement_runner.cpp).
StatementShape PlanOnly(Session::Impl& session, const parser::Stmt& stmt, std::string_view sql,
                        const storage::Snapshot& snapshot, std::vector<types::Type>& param_types);

}  // namespace granary
