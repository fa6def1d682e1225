// INSERT, UPDATE and DELETE: consume their child, change the table, count the rows (in
// ExecContext::rows_affected), and return the RETURNING rows if the statement has any.
// UPDATE and DELETE find the row to change in their input's ctid column (after the n table
// columns); a row already changed by this same statement (several FROM matches) is skipped,
// as PostgreSQL does.
//
// Concurrent changes (PostgreSQL's heap_update/heap_delete with EvalPlanQual): a row being
// changed or row-locked by another running transaction is waited for; once that transaction
// has ended, a row it deleted is skipped and a row it updated is followed to its newer
// version, for which the statement's source is evaluated again (ExecContext::recheck): if the
// newer version still qualifies, it is the one changed, with values computed from it. Under
// REPEATABLE READ a row changed by a transaction that committed after the snapshot is 40001
// instead.
//
// Errors: 23502 not_null_violation (`null value in column "c" of relation "t" violates
// not-null constraint`, detail `Failing row contains (...)`); 40001 serialization_failure
// (above); the lock-wait errors of storage::LockContext (55P03, 57014, 40P01); 54000 when a
// row does not fit on a page.
#pragma once

#include <optional>

#include "executor/operators/operator.hpp"
#include "storage/heap/heap_file.hpp"

namespace granary::executor {

// The shared loop: pull an input batch, change the table row by row, emit RETURNING rows.
class ModifyTable : public Operator {
 public:
  ModifyTable(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child);
  bool Next(Batch& out) final;

 protected:
  // Changes the table for row `row` of `input`; returns the row RETURNING sees (empty when
  // the row was skipped).
  virtual bool ChangeRow(const Batch& input, size_t row, Batch& returning_input) = 0;
  // Marks the row version `tid` (of the one-row batch `row`, laid out as the child's output)
  // deleted by this statement, waiting for and following concurrent changes (above); `tid`
  // and `row` then describe the version claimed. False: skip the row.
  bool ClaimRow(storage::TupleId& tid, Batch& row, storage::RowLockMode mode);
  // Evaluates the source again for version `tid`; false when it no longer qualifies.
  bool Recheck(storage::TupleId tid, Batch& row);
  // Whether a change of `kind` must be queued for the table's foreign keys.
  bool ForeignKeyEventNeeded(ForeignKeyEvent::Kind kind) const {
    return context_.foreign_key_events != nullptr && ForeignKeyEvents::Needed(plan_.table, kind);
  }
  void QueueForeignKeyEvent(ForeignKeyEvent::Kind kind, std::vector<types::Value> old_row,
                            std::vector<types::Value> new_row) {
    context_.foreign_key_events->events.push_back(
        ForeignKeyEvent{kind, &plan_.table, std::move(old_row), std::move(new_row)});
  }
  // The values of the row version `tid` (any visibility).
  std::vector<types::Value> ReadRow(storage::TupleId tid);

  OperatorPtr child_;
  storage::HeapFile heap_;
  const planner::PlanNode* target_scan_ = nullptr;
};

// With ON CONFLICT (insert_on_conflict.cpp), PostgreSQL's speculative insertion: look for
// a conflicting row in the arbiter indexes (waiting for transactions still inserting one);
// with none, insert, and if an arbiter's unique check still finds a conflict (a concurrent
// inserter committed meanwhile), kill the new tuple and start again. On a conflict, DO
// NOTHING skips the row; DO UPDATE locks the existing row (FOR UPDATE strength, to the end
// of the transaction), evaluates its WHERE and SET over it and EXCLUDED and updates it,
// starting again if another transaction changed it first. 21000 when the row was inserted or updated by this same command; 40001 under
// REPEATABLE READ when the conflicting row is not visible to the transaction's snapshot.
class InsertRows final : public ModifyTable {
 public:
  using ModifyTable::ModifyTable;

 private:
  bool ChangeRow(const Batch& input, size_t row, Batch& returning_input) override;
  bool InsertOnConflict(std::vector<types::Value> values, Batch& returning_input);
  enum class ConflictOutcome { kDone, kSkipped, kRetry };
  // DO UPDATE of the conflicting row `tid` with the proposed row `proposed`.
  ConflictOutcome UpdateConflicting(storage::TupleId tid, const Batch& proposed,
                                    Batch& returning_input);
  // nullopt when `outcome` (of locking or deleting the conflicting row) is kOk; else waits
  // for a running changer and returns kRetry, or raises 21000 / 40001.
  std::optional<ConflictOutcome> HandleConcurrentChange(const storage::ChangeOutcome& outcome);
};

class UpdateRows final : public ModifyTable {
 public:
  using ModifyTable::ModifyTable;

 private:
  bool ChangeRow(const Batch& input, size_t row, Batch& returning_input) override;
};

class DeleteRows final : public ModifyTable {
 public:
  using ModifyTable::ModifyTable;

 private:
  bool ChangeRow(const Batch& input, size_t row, Batch& returning_input) override;
};

}  // namespace granary::executor
