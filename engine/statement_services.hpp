// StatementServices — what a statement's expressions reach beyond their rows, for one running
// statement: the session's sequences (nextval & co., sequence_functions.hpp), its PL/pgSQL
// functions (plpgsql/pl_routine_caller.hpp) and its
// environment (system views and catalog functions, session_environment.hpp). Every place that
// builds an executor::ExecContext for a session attaches them the same way.
// Thread-safety: one statement's; must outlive the operators built with the context.
#pragma once

#include "engine/sequence_functions.hpp"
#include "engine/plpgsql/pl_routine_caller.hpp"
#include "engine/session_environment.hpp"
#include "executor/exec_context.hpp"

namespace granary {

// The session's part of a statement's context: its cancel flag and statement_timeout
// deadline, `locks` (may be null), REPEATABLE READ's transaction snapshot and the table
// counters. For contexts built outside the main statement path (COPY, REFRESH MATERIALIZED
// VIEW, EXECUTE's arguments).
inline void AttachSessionState(Session::Impl& session, executor::ExecContext& exec, const storage::LockContext* locks) {
  exec.cancel_requested = &session.cancel_requested;
  exec.statement_deadline = session.statement_deadline();
  exec.locks = locks;
  exec.transaction_snapshot = session.RepeatableRead();
  exec.table_counts = &session.table_counts;
}

class StatementServices {
 public:
  // `catalog_snapshot` names the sequences; `locks` (may be null) locks them.
  StatementServices(Session::Impl& session, const storage::Snapshot& catalog_snapshot,
                    const storage::LockContext* locks)
      : environment_(session, &session.statement_notices),
        sequences_(*session.db.catalog, *session.db.pool, catalog_snapshot, locks,
                   session.sequence_memory, session.SearchPath(), session.database),
        catalog_(*session.db.catalog),
        routines_(session) {
    sequences_.read_only = session.ReadOnlyTransaction();
  }
  StatementServices(const StatementServices&) = delete;
  StatementServices& operator=(const StatementServices&) = delete;

  void Attach(executor::ExecContext& exec) {
    exec.sequences = &sequences_;
    exec.system_catalog = &catalog_;
    exec.environment = &environment_;
    exec.routines = &routines_;
  }

 private:
  SessionEnvironment environment_;
  SessionSequences sequences_;
  catalog::Catalog& catalog_;
  plpgsql::PlRoutineCaller routines_;
};

}  // namespace granary
