// FOREIGN KEY constraints: defining them (CREATE TABLE, ALTER TABLE ... ADD) and enforcing
// them after each statement, as PostgreSQL's RI triggers do (ri_triggers.c).
//
// Enforcement: INSERT, UPDATE and DELETE queue the rows they change in tables that have or
// are referenced by foreign keys (executor/foreign_key_events.hpp). When the statement's
// plan has finished, RunForeignKeyEvents runs, for each queued row and key, the statement
// PostgreSQL's trigger would run, as SQL through the ordinary analyzer, planner and
// executor, each under a new command id and a fresh snapshot (so it sees the whole
// statement's changes and everything committed meanwhile):
//   - a referencing row inserted, or updated with a new key: SELECT 1 FROM parent WHERE
//     key = $n FOR KEY SHARE — the parent row is locked, so a concurrent DELETE of it waits
//     for this transaction, and a parent being deleted by a running transaction is waited
//     for; no row is 23503;
//   - a referenced row deleted, or updated with a new key: NO ACTION first looks for
//     another parent row with the old key (then nothing is to be done); NO ACTION and
//     RESTRICT look for a referencing row (FOR KEY SHARE), 23503 when one exists; CASCADE,
//     SET NULL and SET DEFAULT run DELETE or UPDATE on the referencing table, whose own
//     changes are enforced the same way, recursively.
// Checks therefore happen at the end of each statement, as PostgreSQL's (non-deferred)
// constraint triggers: a statement may insert a parent and its children in any order.
//
// Errors: 23503 foreign_key_violation with PostgreSQL's messages and details; the errors of
// the statements run (23502 for SET NULL on a NOT NULL column, lock waits, 40P01).
#pragma once

#include <vector>

#include "catalog/table_schema.hpp"
#include "engine/session_impl.hpp"
#include "executor/foreign_key_events.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// Runs the checks and actions for `events` (queued by a statement whose snapshot was
// `statement_snapshot`), and for the changes those actions make.
void RunForeignKeyEvents(Session::Impl& session, const storage::Snapshot& statement_snapshot,
                         executor::ForeignKeyEvents& events);

// Builds the foreign key `constraint` on `columns` of `table` (which exists under `context`'s
// snapshot):
// referenced table, columns, unique index, actions and name (PostgreSQL's default
// <table>_<columns>_fkey). Locks the referenced table ShareRowExclusive. 42P01, 42703,
// 42809, 42830 (no matching unique constraint, column counts), 42804 (incompatible types),
// 42P10, 42710 (name taken), 0A000 (MATCH PARTIAL); 42601 INITIALLY DEFERRED with NOT
// DEFERRABLE.
catalog::ForeignKey DefineForeignKey(Session::Impl& session, const catalog::TableSchema& table,
                                     const parser::Constraint& constraint,
                                     const std::vector<std::string>& columns,
                                     planner::AnalyzeContext& context, int extra_attributes = 0);

// The foreign key rows a DROP must remove with `dropped` (tables dropped together), as
// PostgreSQL's dependency report: 2BP01 `cannot drop <what> because other objects depend on
// it` naming each one unless `cascade`; with it, the notices "drop cascades to ...".
// `dependents` are the keys that depend on the object named `what`, each described by
// "constraint <name> on table <table> depends on <object>".
void ReportDependentKeys(const std::vector<catalog::ForeignKey>& dependents, const std::string& what,
                         const std::string& object, bool cascade, Result& result);

// A statement's lock context that never restarts the statement (for locks taken after it has
// written); null when `locks` is null.
struct QuietLocks {
  explicit QuietLocks(const storage::LockContext* locks) {
    if (locks != nullptr) {
      copy = *locks;
      copy.catalog_version = nullptr;
    }
  }
  const storage::LockContext* get() const { return copy.active() ? &copy : nullptr; }
  storage::LockContext copy;
};

// 42804 `foreign key constraint "k" cannot be implemented` when a column of `table` (the
// referencing one) and the column of `referenced` it references have types that cannot be
// compared (PostgreSQL's rule: the same operator family, or an implicit cast to the
// referenced type).
void CheckKeyTypes(const catalog::ForeignKey& key, const catalog::TableSchema& table,
                   const catalog::TableSchema& referenced);

// 23503 for the first row of the referencing table that violates `key` (ALTER TABLE ... ADD
// and VALIDATE CONSTRAINT).
void ValidateForeignKey(Session::Impl& session, const catalog::TableSchema& table,
                        const catalog::ForeignKey& key, const storage::Snapshot& snapshot);

// Deferred foreign keys (DEFERRABLE, deferred by INITIALLY DEFERRED or SET CONSTRAINTS):
// the per-row checks of a referencing row and the NO ACTION check of a referenced row are
// not run after the statement; the key is noted in the session's
// `deferred_constraints.pending` instead. These run the whole-table check of each pending
// key (every referencing row must have its referenced row, as ALTER TABLE ... ADD checks)
// under `snapshot`: all of them (`all`, at COMMIT) or those no longer deferred (SET
// CONSTRAINTS ... IMMEDIATE). 23503 as for an immediate check of the referencing row.
// RESTRICT is never deferred, as in PostgreSQL; CASCADE, SET NULL and SET DEFAULT act at
// once. **Departure:** PostgreSQL re-checks only the rows the transaction changed and reports
// a violated NO ACTION with the referenced table's message.
void CheckDeferredKeys(Session::Impl& session, const storage::Snapshot& snapshot, bool all);

// SET CONSTRAINTS {ALL | name, ...} {DEFERRED | IMMEDIATE}: 42704 no such constraint along
// the search path (or in the named schema), 42809 `constraint "x" is not deferrable` (as
// PostgreSQL 15 reports it);
// IMMEDIATE runs the pending checks of the keys it makes immediate (23503). Outside a block,
// a warning (25P01), as PostgreSQL.
Result SetConstraints(Session::Impl& session, const parser::SetConstraintsStmt& stmt,
                      planner::AnalyzeContext& context);

// Whether a constraint name is used by `table` (CHECK, index-backed or foreign key).
bool ConstraintNameTaken(const catalog::TableSchema& table, const std::string& name);

}  // namespace granary
