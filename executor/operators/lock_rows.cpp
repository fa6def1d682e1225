#include "executor/operators/lock_rows.hpp"

#include "common/sqlstate.hpp"
#include "executor/tid_value.hpp"
#include "granary/error.hpp"

namespace granary::executor {
namespace {

// The scan of the marked table in the child plan: a scan of that relation under that name.
const planner::PlanNode* FindScan(const planner::PlanNode& plan, const planner::BoundRowMark& mark) {
  if (planner::IsTableScan(plan.kind) &&
      plan.table.relfile == mark.table.relfile && plan.alias == mark.alias) {
    return &plan;
  }
  for (const auto& child : plan.children) {
    if (const planner::PlanNode* found = FindScan(*child, mark)) return found;
  }
  return nullptr;
}

void CopyRow(const Batch& from, size_t row, Batch& to) {
  to.Reset(from.columns.size());
  for (size_t c = 0; c < from.columns.size(); ++c) to.columns[c].push_back(from.columns[c][row]);
  to.row_count = 1;
}

[[noreturn]] void ThrowSerializationFailure() {
  throw Error(sqlstate::kSerializationFailure, "could not serialize access due to concurrent update");
}

}  // namespace

LockRows::LockRows(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
    : Operator(plan, context), child_(std::move(child)) {
  for (const planner::BoundRowMark& mark : plan.row_marks) {
    heaps_.push_back(std::make_unique<storage::HeapFile>(context.pool, mark.table.relfile,
                                                         mark.table.toast_relfile));
    scans_.push_back(FindScan(*plan.children[0], mark));
  }
}

bool LockRows::Next(Batch& out) {
  for (;;) {
    if (next_row_ >= input_.row_count) {
      if (input_done_ || !child_->Next(input_)) {
        input_done_ = true;
        return false;
      }
      next_row_ = 0;
      context_.CheckForCancel();
    }
    CopyRow(input_, next_row_++, out);
    if (LockRow(out)) return true;
  }
}

bool LockRows::LockRow(Batch& row) {
  // Outside a transaction there is nothing to hold a lock: rows pass unlocked.
  if (context_.locks == nullptr || context_.locks->row_locks == nullptr) return true;
  size_t mark = 0;
  while (mark < plan_.row_marks.size()) {
    switch (LockOne(mark, row)) {
      case Outcome::kLocked: ++mark; break;
      case Outcome::kSkip: return false;
      case Outcome::kRowReplaced: mark = 0; break;  // lock the new row's versions (again)
    }
  }
  return true;
}

LockRows::Outcome LockRows::LockOne(size_t mark, Batch& row) {
  const planner::BoundRowMark& row_mark = plan_.row_marks[mark];
  const auto mode = static_cast<storage::RowLockMode>(row_mark.strength);
  const storage::TupleId tid = TidOf(row.columns[row_mark.ctid_target][0]);
  storage::RowTurn turn;  // this statement's place among the row's waiters, once it waits
  for (;;) {
    const storage::ChangeOutcome outcome = heaps_[mark]->TryLockRow(
        tid, context_.snapshot, context_.transactions, *context_.locks->row_locks, mode);
    switch (outcome.result) {
      case storage::ChangeResult::kOk: return Outcome::kLocked;
      case storage::ChangeResult::kSelfModified: return Outcome::kSkip;  // changed by us meanwhile
      case storage::ChangeResult::kBeingModified:
        if (row_mark.wait_policy == parser::LockWaitPolicy::kSkip) return Outcome::kSkip;
        turn.Take(*context_.locks, storage::RowKey{row_mark.table.relfile, tid.block, tid.slot}, mode,
                  row_mark.table.name, row_mark.wait_policy == parser::LockWaitPolicy::kError);
        context_.locks->WaitForTransaction(outcome.blocker, row_mark.table.name,
                                           row_mark.wait_policy == parser::LockWaitPolicy::kError);
        continue;
      case storage::ChangeResult::kDeleted:
        if (context_.transaction_snapshot) ThrowSerializationFailure();
        return Outcome::kSkip;
      case storage::ChangeResult::kUpdated:
        if (context_.transaction_snapshot) ThrowSerializationFailure();
        return Recheck(mark, outcome.newer, row) ? Outcome::kRowReplaced : Outcome::kSkip;
    }
  }
}

bool LockRows::Recheck(size_t mark, storage::TupleId tid, Batch& row) {
  if (scans_[mark] == nullptr) return false;
  ExecContext recheck = context_;
  recheck.recheck = RecheckTarget{scans_[mark], tid};
  OperatorPtr source = BuildOperator(*plan_.children[0], recheck);
  const size_t ctid_column = plan_.row_marks[mark].ctid_target;
  Batch batch;
  while (source->Next(batch)) {
    for (size_t r = 0; r < batch.row_count; ++r) {
      if (!(TidOf(batch.columns[ctid_column][r]) == tid)) continue;
      CopyRow(batch, r, row);
      return true;
    }
  }
  return false;
}

}  // namespace granary::executor
