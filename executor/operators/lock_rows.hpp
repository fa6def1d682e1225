// LockRows — SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE (PostgreSQL's
// nodeLockRows.c): locks, for each row its child returns, the version of every marked table
// the row came from (its ctid column), then passes the row on.
//
// Locks go to the database's RowLockTable (storage/lock/row_locks.hpp) through
// HeapFile::TryLockRow, which checks the tuple's xmax and the other row locks under the page
// latch. A conflict — a running transaction that updated, deleted or row-locked the row in a
// conflicting strength — is waited for through the lock manager on the blocker's xid, so
// deadlock detection (40P01), lock_timeout (55P03) and statement_timeout (57014) apply;
// NOWAIT raises 55P03 `could not obtain lock on row in relation "t"` instead, SKIP LOCKED
// drops the row. Once the blocker has ended: under READ COMMITTED a row it deleted is
// dropped and a row it updated is followed to its newest version, for which the child plan
// is evaluated again (EvalPlanQual: the marked table's scan yields only that version); the
// row is returned with the new values if it still qualifies and dropped otherwise. Under
// REPEATABLE READ either is 40001 `could not serialize access due to concurrent update`.
//
// Rows are returned one per batch, so that a LIMIT above stops the locking as soon as it
// has enough rows (LIMIT counts locked rows, as in PostgreSQL).
#pragma once

#include <memory>
#include <vector>

#include "executor/operators/operator.hpp"
#include "storage/heap/heap_file.hpp"

namespace granary::executor {

class LockRows final : public Operator {
 public:
  LockRows(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child);
  bool Next(Batch& out) override;
  // Rows locked above are rows read below (SKIP LOCKED dropping some: a hint, no promise).
  void SetRowHint(size_t rows) override { child_->SetRowHint(rows); }

 private:
  enum class Outcome { kLocked, kSkip, kRowReplaced };

  // Locks every marked table's version of the one-row batch `row`; false: drop the row.
  bool LockRow(Batch& row);
  // Locks mark `mark`'s version `tid`; after waiting may replace `row` (kRowReplaced).
  Outcome LockOne(size_t mark, Batch& row);
  // Evaluates the child again for version `tid` of mark `mark`; false when it no longer
  // qualifies, else `row` is the new row.
  bool Recheck(size_t mark, storage::TupleId tid, Batch& row);

  OperatorPtr child_;
  std::vector<std::unique_ptr<storage::HeapFile>> heaps_;  // one per row mark
  std::vector<const planner::PlanNode*> scans_;            // each mark's scan in the child
  Batch input_;
  size_t next_row_ = 0;
  bool input_done_ = false;
};

}  // namespace granary::executor
