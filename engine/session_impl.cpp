// Transaction control for a session: blocks, savepoints, isolation, locks, and running one
// statement inside the current transaction.
#include "engine/session_impl.hpp"
#include "engine/plpgsql/pl_routine_caller.hpp"

#include <algorithm>
#include <shared_mutex>

#include "common/sqlstate.hpp"
#include "engine/copy_command.hpp"
#include "engine/cursors.hpp"
#include "engine/foreign_keys.hpp"
#include "engine/vacuum_command.hpp"

namespace granary {
namespace {

using Clock = std::chrono::steady_clock;

Clock::time_point DeadlineAfter(int64_t milliseconds) {
  if (milliseconds <= 0) return {};
  return Clock::now() + std::chrono::milliseconds(milliseconds);
}

bool EndsBlock(const parser::Stmt& stmt) {
  if (stmt.kind != parser::StmtKind::kTransaction) return false;
  const auto kind = stmt.As<parser::TransactionStmt>().transaction_kind;
  return kind == parser::TransactionKind::kCommit || kind == parser::TransactionKind::kRollback ||
         kind == parser::TransactionKind::kRollbackTo;
}

}  // namespace

Session::Impl::Impl(Database::Impl& database)
    : db(database), cursors(std::make_unique<SessionCursors>()), temp_number_(database.AcquireTempNumber()) {}

void Session::Impl::ReportStatementStart(std::string_view sql) {
  statement_timestamp = types::ClockTimestamp();
  if (activity == nullptr) return;
  const int64_t now = ActivityRegistry::Now();
  activity->Update([&](catalog::SessionActivity& entry) {
    entry.state = "active";
    entry.query.assign(sql);
    entry.query_start = now;
    entry.state_change = now;
  });
}

void Session::Impl::ReportStatementEnd() {
  if (activity == nullptr) return;
  const char status = TransactionStatus();
  // application_name changes only with the settings (SET, RESET, a rollback of them).
  std::optional<std::string> application_name;
  if (settings.generation() != reported_settings_generation_) {
    reported_settings_generation_ = settings.generation();
    application_name = settings.Show("application_name");
  }
  const int64_t now = ActivityRegistry::Now();
  activity->Update([&](catalog::SessionActivity& entry) {
    entry.state = status == 'T' ? "idle in transaction"
                  : status == 'E' ? "idle in transaction (aborted)"
                                  : "idle";
    if (application_name) entry.application_name = std::move(*application_name);
    entry.state_change = now;
  });
}

Session::Impl::~Impl() {
  if (activity != nullptr) db.activity.Unregister(*activity);
  try {
    if (xid_ != storage::kInvalidXid) AbortTransaction();
  } catch (...) {
    // The transaction stays in progress in the commit log and is aborted at the next open.
    ReleaseLocks();
  }
  if (temp_schema_made && !db.closed) {
    try {
      DropTempSchema();
    } catch (...) {  // NOLINT(bugprone-empty-catch): the next open drops what is left
    }
  }
  db.ReleaseTempNumber(temp_number_);
}

char Session::Impl::TransactionStatus() const {
  if (failed_) return 'E';
  return in_block_ ? 'T' : 'I';
}

bool Session::Impl::RepeatableRead() const {
  const std::string level = settings.Show("transaction_isolation");
  return level == "repeatable read" || level == "serializable";
}

void Session::Impl::StartTransaction() {
  xid_ = db.BeginTransaction();
  // As PostgreSQL's StartTransaction: the transaction starts when its first statement did.
  transaction_timestamp = statement_timestamp != 0 ? statement_timestamp : types::ClockTimestamp();
  if (activity != nullptr) {
    const int64_t now = ActivityRegistry::Now();
    activity->Update([&](catalog::SessionActivity& entry) {
      entry.transaction_start = now;
      entry.transaction_xid = xid_;
    });
  }
  command_id_ = 0;
  statement_ran_ = false;
  transaction_snapshot_.reset();
  if (settings.generation() != transaction_defaults_generation_) {
    settings.SetInternal("transaction_isolation", settings.Show("default_transaction_isolation"));
    settings.SetInternal("transaction_read_only", settings.Show("default_transaction_read_only"));
    settings.SetInternal("transaction_deferrable", settings.Show("default_transaction_deferrable"));
    transaction_defaults_generation_ = settings.generation();
  }
  // Others wait for this transaction by asking for a share lock on its xid.
  db.locks.Acquire(storage::LockTag::Transaction(xid_), storage::LockMode::kExclusive, xid_, {});
}

std::vector<storage::Xid> Session::Impl::OwnAncestors() const {
  if (savepoints_.empty()) return {};
  std::vector<storage::Xid> ancestors{xid_};
  ancestors.insert(ancestors.end(), released_.begin(), released_.end());
  for (size_t i = 0; i + 1 < savepoints_.size(); ++i) ancestors.push_back(savepoints_[i].xid);
  return ancestors;
}

std::vector<storage::Xid> Session::Impl::LiveChildren() const {
  std::vector<storage::Xid> children = released_;
  for (const Savepoint& savepoint : savepoints_) children.push_back(savepoint.xid);
  return children;
}

void Session::Impl::ReleaseLocks() {
  if (xid_ == storage::kInvalidXid) return;
  db.row_locks.ReleaseOwner(xid_);
  db.locks.ReleaseAll(xid_);
}

void Session::Impl::ApplyStatistics(bool committed) {
  storage::TransactionEnd end;
  end.database = DatabaseOid();
  end.committed = committed;
  end.deadlocked = std::exchange(deadlocked_, false);
  const storage::BufferPool::ThreadCounts blocks = storage::BufferPool::TakeThreadCounts();
  end.blocks_hit = blocks.hits;
  end.blocks_read = blocks.reads;
  db.statistics->ApplyTransaction(table_counts, end);
}

catalog::Oid Session::Impl::DatabaseOid() const {
  for (const catalog::DatabaseEntry& entry : catalog::KnownDatabases()) {
    if (entry.name == database) return entry.oid;
  }
  return 0;
}

void Session::Impl::CommitTransaction() {
  if (xid_ == storage::kInvalidXid) return;
  storage::TransactionManager::PendingCommit pending;
  try {
    RunDeferredChecks();
    RunOnCommitActions();
    PreCommitCursors();
    pending = db.transactions->LogCommit(xid_, drop_on_commit, LiveChildren());
  } catch (...) {
    try {
      AbortTransaction();
    } catch (...) {  // NOLINT(bugprone-empty-catch): the first error is the one to report
    }
    throw;
  }
  try {
    if (pending.lsn != storage::kInvalidLsn && settings.SynchronousCommit()) {
      db.wal->Flush(pending.lsn);  // PANIC if the log cannot be made durable
    }
  } catch (...) {
    // The log is halted; whether the commit survives is for recovery to say.
    db.transactions->AbandonCommit(pending);
    ReleaseLocks();
    ResetTransactionState();
    throw;
  }
  try {
    db.transactions->FinishCommit(pending);  // PANIC on failure
  } catch (...) {
    ReleaseLocks();
    ResetTransactionState();
    throw;
  }
  ApplyStatistics(/*committed=*/true);
  for (const StatisticsMove& move : statistics_moves) {
    if (std::find(drop_on_commit.begin(), drop_on_commit.end(), move.from) != drop_on_commit.end()) {
      db.statistics->Carry(move.from, move.to, move.truncated);
    }
  }
  // Dropped relations are unreachable now (their catalog rows are gone for every new
  // snapshot), and the AccessExclusiveLock this transaction holds on each keeps out the
  // statements that found them before.
  for (storage::RelFileNumber rel : drop_on_commit) {
    db.pool->DiscardRelation(rel);
    db.storage->Unlink(rel);
    db.statistics->Forget(rel);
  }
  if (catalog_changed) {
    db.SaveNextOid();
    db.catalog_version.fetch_add(1, std::memory_order_acq_rel);
  }
  settings.CommitTransaction();
  ReleaseLocks();
  ResetTransactionState();
}

void Session::Impl::AbortTransaction() {
  if (xid_ != storage::kInvalidXid) db.transactions->Abort(xid_, drop_on_abort, LiveChildren());
  if (xid_ != storage::kInvalidXid) ApplyStatistics(/*committed=*/false);
  for (storage::RelFileNumber rel : drop_on_abort) {
    db.pool->DiscardRelation(rel);
    db.storage->Unlink(rel);
  }
  for (auto change = enum_changes.rbegin(); change != enum_changes.rend(); ++change) types::UndoEnumChange(*change);
  if (catalog_changed) db.SaveNextOid();
  ReleaseLocks();
  ResetTransactionState();
}

Session::Impl::TransactionCharacteristics Session::Impl::CurrentCharacteristics() {
  return {settings.Show("transaction_isolation"), settings.Show("transaction_read_only"),
          settings.Show("transaction_deferrable")};
}

void Session::Impl::StartChainedBlock(const TransactionCharacteristics& characteristics) {
  StartTransaction();
  in_block_ = true;
  settings.Set("transaction_isolation", {characteristics.isolation_level});
  settings.Set("transaction_read_only", {characteristics.read_only});
  settings.Set("transaction_deferrable", {characteristics.deferrable});
}

void Session::Impl::ResetTransactionState() {
  // Whatever did not commit is undone (after a commit there is nothing left to undo).
  settings.AbortTransaction();
  xid_ = storage::kInvalidXid;
  if (activity != nullptr) {
    activity->Update([](catalog::SessionActivity& entry) {
      entry.transaction_start.reset();
      entry.transaction_xid = storage::kInvalidXid;
    });
  }
  drop_on_commit.clear();
  statistics_moves.clear();
  drop_on_abort.clear();
  enum_changes.clear();
  savepoints_.clear();
  released_.clear();
  transaction_snapshot_.reset();
  table_counts.clear();
  deferred_constraints = {};
  cursors->EndTransaction();
  catalog_changed = false;
  in_block_ = false;
  failed_ = false;
  statement_ran_ = false;
}

void Session::Impl::RunDeferredChecks() {
  if (deferred_constraints.pending.empty()) return;
  std::shared_lock gate(db.statement_gate);
  statement_deadline_ = {};
  PrepareLockContext(db.catalog_version.load(std::memory_order_acquire));
  const storage::Snapshot snapshot = db.transactions->TakeSnapshot(WriterXid(), command_id_, OwnAncestors());
  const types::ScopedDatetimeSession datetime(DatetimeState());
  CheckDeferredKeys(*this, snapshot, /*all=*/true);
}

void Session::Impl::PreCommitCursors() {
  std::shared_lock gate(db.statement_gate);
  statement_deadline_ = {};
  const types::ScopedDatetimeSession datetime(DatetimeState());
  cursors->PreCommit(*this);
}

// ---- savepoints

size_t Session::Impl::FindSavepoint(const std::string& name) const {
  for (size_t i = savepoints_.size(); i-- > 0;) {
    if (savepoints_[i].name == name) return i;
  }
  throw Error(sqlstate::kInvalidSavepointSpecification, "savepoint \"" + name + "\" does not exist");
}

void Session::Impl::DefineSavepoint(const std::string& name) {
  const storage::Xid xid = db.BeginTransaction();
  db.locks.Acquire(storage::LockTag::Transaction(xid), storage::LockMode::kExclusive, xid_, {});
  savepoints_.push_back(
      {name, xid, released_.size(), drop_on_commit.size(), drop_on_abort.size(), settings.Save(),
       cursors->sequence(), ReadOnlyTransaction()});
}

void Session::Impl::ReleaseSavepoint(const std::string& name) {
  const size_t level = FindSavepoint(name);
  // The released subtransactions stay the transaction's own and commit with it.
  for (size_t i = level; i < savepoints_.size(); ++i) released_.push_back(savepoints_[i].xid);
  // The enclosing transaction's read-only state comes back, as PostgreSQL's
  // CommitSubTransaction restores XactReadOnly: SET TRANSACTION READ ONLY inside a released
  // savepoint does not outlive it.
  settings.SetInternal("transaction_read_only", savepoints_[level].read_only ? "on" : "off");
  savepoints_.resize(level);
}

void Session::Impl::RollbackToSavepoint(const std::string& name) {
  const size_t level = FindSavepoint(name);
  const Savepoint kept = savepoints_[level];
  // Abort the savepoint's subtransaction with everything opened or released inside it.
  std::vector<storage::Xid> children(released_.begin() + static_cast<std::ptrdiff_t>(kept.released_mark),
                                     released_.end());
  for (size_t i = level + 1; i < savepoints_.size(); ++i) children.push_back(savepoints_[i].xid);
  const std::vector<storage::RelFileNumber> created(
      drop_on_abort.begin() + static_cast<std::ptrdiff_t>(kept.drop_on_abort_mark), drop_on_abort.end());
  db.transactions->Abort(kept.xid, created, children);
  for (storage::RelFileNumber rel : created) {
    db.pool->DiscardRelation(rel);
    db.storage->Unlink(rel);
  }
  drop_on_abort.resize(kept.drop_on_abort_mark);
  drop_on_commit.resize(kept.drop_on_commit_mark);
  children.push_back(kept.xid);
  for (storage::Xid xid : children) {
    db.row_locks.ReleaseLocker(xid_, xid);
    db.locks.Release(storage::LockTag::Transaction(xid), storage::LockMode::kExclusive, xid_);
  }
  released_.resize(kept.released_mark);
  savepoints_.resize(level);
  settings.Restore(kept.settings);
  cursors->RollbackTo(kept.cursor_mark);
  DefineSavepoint(kept.name);
  failed_ = false;
}

void Session::Impl::EndSubtransaction(bool commit) {
  if (commit) {
    ReleaseSavepoint(kSubtransactionName);
    return;
  }
  RollbackToSavepoint(kSubtransactionName);  // starts it afresh, released at once
  ReleaseSavepoint(kSubtransactionName);
}

// ---- isolation and snapshots

void Session::Impl::SetTransactionIsolation(const std::vector<std::string>& values, SettingSource source,
                                            Result& result) {
  // A multi-statement string is a transaction block too (PostgreSQL's implicit block).
  if (!InTransactionBlock() && source != SettingSource::kSetConfig) {
    if (source == SettingSource::kSetTransaction) {
      result.impl().notices.push_back(Error(sqlstate::kNoActiveSqlTransaction,
                                            "SET TRANSACTION can only be used in transaction blocks",
                                            Severity::kWarning));
    }
    return;
  }
  if (statement_ran_ || source == SettingSource::kSetConfig) {
    throw Error(sqlstate::kActiveSqlTransaction,
                "SET TRANSACTION ISOLATION LEVEL must be called before any query");
  }
  settings.Set("transaction_isolation", values);
}

bool Session::Impl::ReadOnlyTransaction() const { return settings.Show("transaction_read_only") == "on"; }

void Session::Impl::RequireReadWrite(std::string_view command) const {
  if (ReadOnlyTransaction()) {
    throw Error(sqlstate::kReadOnlySqlTransaction,
                "cannot execute " + std::string(command) + " in a read-only transaction");
  }
}

void Session::Impl::SetTransactionReadOnly(const std::vector<std::string>& values, bool local,
                                           SettingSource source, Result& result) {
  // check_transaction_read_only: read-write may not follow read-only in a subtransaction,
  // nor after the transaction's first query.
  const std::string wanted = values.empty() ? "" : values.front();
  const bool to_read_write = wanted == "off" || wanted == "false" || wanted == "0" || wanted == "no";
  if (to_read_write && ReadOnlyTransaction() && xid_ != storage::kInvalidXid) {
    if (!savepoints_.empty()) {
      throw Error(sqlstate::kActiveSqlTransaction, "cannot set transaction read-write mode inside a read-only transaction");
    }
    if (statement_ran_ || source == SettingSource::kSetConfig) {
      throw Error(sqlstate::kActiveSqlTransaction, "transaction read-write mode must be set before any query");
    }
  }
  if (!InTransactionBlock() && source == SettingSource::kSetTransaction) {
    result.impl().notices.push_back(Error(sqlstate::kNoActiveSqlTransaction,
                                          "SET TRANSACTION can only be used in transaction blocks",
                                          Severity::kWarning));
    return;
  }
  settings.Set("transaction_read_only", values, local);
}

storage::Snapshot Session::Impl::ExecutionSnapshot(const storage::Snapshot& catalog_snapshot) {
  // A Bind's snapshot serves the statement's own plan, the first to ask; anything the plan
  // runs later (a function's statements) takes its own.
  if (bound_snapshot_ != nullptr) return *std::exchange(bound_snapshot_, nullptr);
  if (!RepeatableRead()) {
    // READ COMMITTED: a snapshot taken after the statement's locks, so that it sees what the
    // transactions it waited for did.
    return db.transactions->TakeSnapshot(catalog_snapshot.own_xid, catalog_snapshot.command_id,
                                         catalog_snapshot.own_ancestors);
  }
  if (!transaction_snapshot_) {
    transaction_snapshot_ = db.transactions->TakeSnapshot(
        catalog_snapshot.own_xid, catalog_snapshot.command_id, catalog_snapshot.own_ancestors);
  }
  storage::Snapshot snapshot = *transaction_snapshot_;
  snapshot.own_xid = catalog_snapshot.own_xid;
  snapshot.own_ancestors = catalog_snapshot.own_ancestors;
  snapshot.command_id = catalog_snapshot.command_id;
  return snapshot;
}

void Session::Impl::PrepareLockContext(uint64_t catalog_version) {
  lock_context_.locks = &db.locks;
  lock_context_.row_locks = &db.row_locks;
  lock_context_.owner = xid_;
  lock_context_.wait.nowait = false;
  lock_context_.wait.statement_deadline = statement_deadline_;
  lock_context_.wait.lock_deadline = {};
  const int64_t lock_timeout = Derived().lock_timeout_ms;
  if (lock_timeout > 0) lock_context_.wait.lock_deadline = DeadlineAfter(lock_timeout);
  lock_context_.wait.deadlock_timeout =
      std::chrono::milliseconds(std::max<int64_t>(1, Derived().deadlock_timeout_ms));
  lock_context_.wait.cancel = &cancel_requested;
  lock_context_.catalog_version = &db.catalog_version;
  lock_context_.catalog_version_seen = catalog_version;
}

// ---- statements

Result Session::Impl::RunTransactionStatement(const parser::TransactionStmt& stmt) {
  Result result;
  Result::Impl& out = result.impl();
  switch (stmt.transaction_kind) {
    case parser::TransactionKind::kBegin:
      out.command_tag = "BEGIN";
      if (in_block_) {
        out.notices.push_back(Error(sqlstate::kActiveSqlTransaction, "there is already a transaction in progress", Severity::kWarning));
        return result;
      }
      if (xid_ == storage::kInvalidXid) StartTransaction();
      in_block_ = true;
      if (!stmt.isolation_level.empty()) settings.Set("transaction_isolation", {stmt.isolation_level});
      if (stmt.read_only) settings.Set("transaction_read_only", {*stmt.read_only ? "on" : "off"});
      if (stmt.deferrable) settings.Set("transaction_deferrable", {*stmt.deferrable ? "on" : "off"});
      return result;
    case parser::TransactionKind::kCommit: {
      if (stmt.chain && !in_block_) {
        throw Error(sqlstate::kNoActiveSqlTransaction, "COMMIT AND CHAIN can only be used in transaction blocks");
      }
      const TransactionCharacteristics characteristics = CurrentCharacteristics();
      if (failed_) {
        out.command_tag = "ROLLBACK";
        AbortTransaction();
      } else {
        out.command_tag = "COMMIT";
        if (!in_block_) out.notices.push_back(Error(sqlstate::kNoActiveSqlTransaction, "there is no transaction in progress", Severity::kWarning));
        CommitTransaction();
      }
      if (stmt.chain) StartChainedBlock(characteristics);
      return result;
    }
    case parser::TransactionKind::kRollback: {
      if (stmt.chain && !in_block_) {
        throw Error(sqlstate::kNoActiveSqlTransaction, "ROLLBACK AND CHAIN can only be used in transaction blocks");
      }
      const TransactionCharacteristics characteristics = CurrentCharacteristics();
      out.command_tag = "ROLLBACK";
      if (!in_block_) out.notices.push_back(Error(sqlstate::kNoActiveSqlTransaction, "there is no transaction in progress", Severity::kWarning));
      AbortTransaction();
      if (stmt.chain) StartChainedBlock(characteristics);
      return result;
    }
    case parser::TransactionKind::kSavepoint:
    case parser::TransactionKind::kRelease:
    case parser::TransactionKind::kRollbackTo: {
      const char* what = stmt.transaction_kind == parser::TransactionKind::kSavepoint ? "SAVEPOINT"
                         : stmt.transaction_kind == parser::TransactionKind::kRelease ? "RELEASE SAVEPOINT"
                                                                                        : "ROLLBACK TO SAVEPOINT";
      if (!in_block_) {
        throw Error(sqlstate::kNoActiveSqlTransaction,
                    std::string(what) + " can only be used in transaction blocks");
      }
      out.command_tag = stmt.transaction_kind == parser::TransactionKind::kSavepoint ? "SAVEPOINT"
                        : stmt.transaction_kind == parser::TransactionKind::kRelease ? "RELEASE"
                                                                                       : "ROLLBACK";
      if (stmt.transaction_kind == parser::TransactionKind::kSavepoint) {
        DefineSavepoint(stmt.savepoint_name);
      } else if (stmt.transaction_kind == parser::TransactionKind::kRelease) {
        ReleaseSavepoint(stmt.savepoint_name);
      } else {
        RollbackToSavepoint(stmt.savepoint_name);
      }
      return result;
    }
  }
  return result;
}

Result Session::Impl::RunStatement(const parser::Stmt& stmt, std::string_view sql,
                                   const std::vector<types::Value>& params,
                                   std::vector<types::Type>& param_types, PlanSlot* plan_slot,
                                   const std::string* portal, RowSink* sink,
                                   const storage::Snapshot* bound_snapshot) {
  struct ForgetBoundSnapshot {
    const storage::Snapshot*& snapshot;
    ~ForgetBoundSnapshot() { snapshot = nullptr; }
  } forget{bound_snapshot_};
  std::shared_lock gate(db.statement_gate);
  const int64_t timeout = Derived().statement_timeout_ms;
  statement_deadline_ = DeadlineAfter(timeout);
  for (;;) {
    const uint64_t catalog_version = db.catalog_version.load(std::memory_order_acquire);
    PrepareLockContext(catalog_version);
    const storage::Snapshot catalog_snapshot =
        db.transactions->TakeSnapshot(WriterXid(), command_id_, OwnAncestors());
    extra_commands_ = 0;
    statement_notices.clear();
    bound_snapshot_ = bound_snapshot;
    try {
      const types::ScopedDatetimeSession datetime(DatetimeState());
      // float4/float8 text, in the statement's casts and in its rows (Result).
      const types::ScopedExtraFloatDigits float_digits(settings.ExtraFloatDigits());
      Result result =
          ExecuteStatement(*this, stmt, sql, catalog_snapshot, params, param_types, plan_slot, portal, sink);
      result.impl().extra_float_digits = types::CurrentExtraFloatDigits();
      std::vector<Error>& notices = result.impl().notices;
      notices.insert(notices.begin(), std::make_move_iterator(statement_notices.begin()),
                     std::make_move_iterator(statement_notices.end()));
      statement_notices.clear();
      // SET and SHOW take no snapshot: SET TRANSACTION may still follow them.
      if (stmt.kind != parser::StmtKind::kVariableSet && stmt.kind != parser::StmtKind::kVariableShow) {
        statement_ran_ = true;
      }
      command_id_ += 1 + extra_commands_;
      return result;
    } catch (const storage::CatalogChanged&) {
      // A catalog change committed while the statement took its locks: look again.
    }
  }
}

Result Session::Impl::Run(const parser::Stmt& stmt, std::string_view sql,
                          const std::vector<types::Value>& params,
                          std::vector<types::Type>& param_types, bool in_script,
                          PlanSlot* plan_slot, const std::string* portal, RowSink* sink,
                          const storage::Snapshot* bound_snapshot) {
  if (failed_ && !EndsBlock(stmt)) {
    throw Error(sqlstate::kInFailedSqlTransaction,
                "current transaction is aborted, commands ignored until end of transaction block");
  }
  if (copy_in) throw Error(sqlstate::kProtocolViolation, "COPY from stdin is in progress");
  if (stmt.kind == parser::StmtKind::kTransaction) {
    try {
      return RunTransactionStatement(stmt.As<parser::TransactionStmt>());
    } catch (...) {
      if (in_block_) failed_ = true;
      throw;
    }
  }

  if (stmt.kind == parser::StmtKind::kVacuum && stmt.As<parser::VacuumStmt>().vacuum) {
    return RunVacuumStatement(stmt.As<parser::VacuumStmt>());
  }

  if (xid_ == storage::kInvalidXid) StartTransaction();
  Result result;
  try {
    result = RunStatement(stmt, sql, params, param_types, plan_slot, portal, sink, bound_snapshot);
  } catch (const Error& error) {
    if (error.sqlstate() == sqlstate::kDeadlockDetected) deadlocked_ = true;
    if (in_block_) {
      failed_ = true;
    } else {
      AbortTransaction();
    }
    throw;
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
    if (copy_in->server_file) return CopyFromServerFile();
    return result;
  }
  // An open portal keeps its transaction (and so its snapshot and locks) until it closes.
  if (!in_block_ && !in_script && portal == nullptr) CommitTransaction();
  return result;
}

Result Session::Impl::RunVacuumStatement(const parser::VacuumStmt& stmt) {
  // PostgreSQL's PreventInTransactionBlock: an explicit block, an implicit transaction left
  // open by earlier statements (a script, the extended protocol before Sync), or a
  // multi-statement string.
  if (in_block_ || xid_ != storage::kInvalidXid || multi_statement_script) {
    const Error error(sqlstate::kActiveSqlTransaction,
                      "VACUUM cannot run inside a transaction block");
    if (in_block_) failed_ = true;
    throw error;
  }
  // VACUUM FULL compacts each table in a transaction of its own, by a statement naming it.
  auto compact = [&](const catalog::TableSchema& table) {
    parser::VacuumStmt one;
    one.full = true;
    one.verbose = stmt.verbose;
    auto relation = std::make_unique<parser::RangeVar>();
    relation->schema = table.schema_name;
    relation->name = table.name;
    one.relations.push_back(std::move(relation));
    one.columns.emplace_back();
    std::vector<types::Type> no_types;
    StartTransaction();
    Result result;
    try {
      result = RunStatement(one, "VACUUM FULL", {}, no_types, nullptr, nullptr, nullptr, nullptr);
    } catch (...) {
      AbortTransaction();
      throw;
    }
    CommitTransaction();
    return std::move(result.impl().notices);
  };
  return RunVacuum(db, stmt, SearchPath(), compact);
}

StatementShape Session::Impl::Describe(const parser::Stmt& stmt, std::string_view sql,
                                       std::vector<types::Type>& param_types) {
  if (failed_) {
    throw Error(sqlstate::kInFailedSqlTransaction,
                "current transaction is aborted, commands ignored until end of transaction block");
  }
  std::shared_lock gate(db.statement_gate);
  // Describing takes no locks (there may be no transaction): names are resolved as of now.
  lock_context_ = storage::LockContext{};
  const storage::Snapshot snapshot = db.transactions->TakeSnapshot(WriterXid(), command_id_, OwnAncestors());
  const types::ScopedDatetimeSession datetime(DatetimeState());
  return PlanOnly(*this, stmt, sql, snapshot, param_types);
}

void Session::Impl::CheckNotFailed() const {
  if (failed_) {
    throw Error(sqlstate::kInFailedSqlTransaction,
                "current transaction is aborted, commands ignored until end of transaction block");
  }
}

std::optional<std::pair<storage::Xid, storage::Snapshot>> Session::Impl::BoundSnapshot(
    const parser::Stmt& stmt, std::string_view sql, std::vector<types::Type> param_types, PlanSlot& plan) {
  CheckNotFailed();
  if (!in_block_ && !implicit_transaction) return std::nullopt;
  if (xid_ == storage::kInvalidXid) {
    // The Bind is the transaction's first statement: now() is its time (PostgreSQL sets the
    // statement timestamp for Bind).
    statement_timestamp = types::ClockTimestamp();
    StartTransaction();
  }
  PlanForBind(stmt, sql, param_types, plan);
  const storage::Snapshot now = db.transactions->TakeSnapshot(WriterXid(), command_id_, OwnAncestors());
  if (!RepeatableRead()) return std::make_pair(xid_, now);
  // REPEATABLE READ: the transaction's snapshot, taken now when this is its first query.
  statement_ran_ = true;
  return std::make_pair(xid_, ExecutionSnapshot(now));
}

void Session::Impl::PlanForBind(const parser::Stmt& stmt, std::string_view sql,
                                std::vector<types::Type>& param_types, PlanSlot& plan) {
  std::shared_lock gate(db.statement_gate);
  statement_deadline_ = DeadlineAfter(Derived().statement_timeout_ms);
  for (;;) {
    PrepareLockContext(db.catalog_version.load(std::memory_order_acquire));
    // The catalog as of now, as the Execute's statement would read it.
    const storage::Snapshot catalog_snapshot =
        db.transactions->TakeSnapshot(WriterXid(), command_id_, OwnAncestors());
    try {
      const types::ScopedDatetimeSession datetime(DatetimeState());
      const types::ScopedExtraFloatDigits float_digits(settings.ExtraFloatDigits());
      PlanAtBind(*this, stmt, sql, catalog_snapshot, param_types, plan);
      return;
    } catch (const storage::CatalogChanged&) {
      // A catalog change committed while the plan took its locks: plan again (the locks
      // taken stay until the transaction ends).
    }
  }
}

void Session::Impl::FailTransaction() {
  if (xid_ == storage::kInvalidXid && !in_block_) return;
  FailStatement();
}

void Session::Impl::FinishScript() {
  if (!in_block_) CommitTransaction();
}

void Session::Impl::AbortAfterScriptError() {
  if (!in_block_) AbortTransaction();
}

}  // namespace granary
