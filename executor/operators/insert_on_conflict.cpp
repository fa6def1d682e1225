// INSERT ... ON CONFLICT DO NOTHING | DO UPDATE (see InsertRows in modify_table.hpp).
#include "common/sqlstate.hpp"
#include "executor/expr/evaluator.hpp"
#include "executor/index_maintenance.hpp"
#include "executor/operators/modify_support.hpp"
#include "executor/operators/modify_table.hpp"
#include "granary/error.hpp"
#include "storage/heap/row_codec.hpp"
#include "storage/heap/toast.hpp"

namespace granary::executor {
namespace {

using types::Value;

[[noreturn]] void ThrowSerializationFailure() {
  throw Error(sqlstate::kSerializationFailure, "could not serialize access due to concurrent update");
}

[[noreturn]] void ThrowSecondTime() {
  throw Error(sqlstate::kCardinalityViolation,
              "ON CONFLICT DO UPDATE command cannot affect row a second time")
      .WithHint("Ensure that no rows proposed for insertion within the same command have "
                "duplicate constrained values.");
}

bool IsArbiter(const planner::BoundOnConflict& conflict, const planner::BoundIndex& index) {
  for (const auto& arbiter : conflict.arbiters) {
    if (arbiter.get() == &index) return true;
  }
  return false;
}

}  // namespace

std::optional<InsertRows::ConflictOutcome> InsertRows::HandleConcurrentChange(
    const storage::ChangeOutcome& outcome) {
  switch (outcome.result) {
    case storage::ChangeResult::kOk: return std::nullopt;
    case storage::ChangeResult::kSelfModified: ThrowSecondTime();
    case storage::ChangeResult::kBeingModified:
      if (context_.locks == nullptr) {
        throw Error(sqlstate::kLockNotAvailable,
                    "could not obtain lock on row in relation \"" + plan_.table.name + "\"");
      }
      context_.locks->WaitForTransaction(outcome.blocker, plan_.table.name);
      return ConflictOutcome::kRetry;
    case storage::ChangeResult::kUpdated:
    case storage::ChangeResult::kDeleted:
      if (context_.transaction_snapshot) ThrowSerializationFailure();
      return ConflictOutcome::kRetry;
  }
  return ConflictOutcome::kRetry;
}

bool InsertRows::InsertOnConflict(std::vector<Value> values, Batch& returning_input) {
  const planner::BoundOnConflict& conflict = *plan_.on_conflict;
  modify::CheckNotNull(plan_.table, values);
  Batch single;
  single.Reset(values.size());
  single.AppendRow(std::vector<Value>(values));
  modify::CheckConstraints(plan_, single, 0, context_);
  for (;;) {
    context_.CheckForCancel();
    std::optional<storage::TupleId> existing;
    for (const auto& arbiter : conflict.arbiters) {
      existing = FindConflict(*arbiter, plan_.table, single, 0, context_);
      if (existing) break;
    }
    if (existing) {
      if (conflict.action == parser::OnConflictAction::kNothing) {
        storage::HeapTuple tuple;
        if (context_.transaction_snapshot && heap_.Fetch(*existing, tuple) &&
            !context_.snapshot.IsOwn(tuple.header.xmin) &&
            !context_.transactions.IsVisible(tuple.header, context_.snapshot)) {
          ThrowSerializationFailure();
        }
        return false;
      }
      const ConflictOutcome outcome = UpdateConflicting(*existing, single, returning_input);
      if (outcome == ConflictOutcome::kRetry) continue;
      return outcome == ConflictOutcome::kDone;
    }
    // No conflict yet: insert, arbiters first, and start again if one finds a conflict now.
    const storage::TupleId tid = modify::StoreRow(heap_, values, context_);
    bool conflicted = false;
    for (const auto& arbiter : conflict.arbiters) {
      try {
        InsertIndexEntry(*arbiter, plan_.table, single, 0, tid, context_, true);
      } catch (const Error& error) {
        if (error.sqlstate() != sqlstate::kUniqueViolation) throw;
        conflicted = true;
        break;
      }
    }
    if (conflicted) {
      // Kill the tuple (PostgreSQL's super-delete): deleted by its own inserting command,
      // it is dead to everyone, and so are the index entries already made for it.
      const uint16_t flags = heap_.MarkDeleted(tid, context_.snapshot.own_xid, context_.snapshot.command_id);
      storage::DeleteExternalValues(heap_, tid, flags, plan_.table.ColumnTypes(),
                                    context_.snapshot.own_xid, context_.snapshot.command_id);
      continue;
    }
    for (const auto& index : plan_.indexes) {
      if (!IsArbiter(conflict, *index)) InsertIndexEntry(*index, plan_.table, single, 0, tid, context_, true);
    }
    if (context_.table_counts != nullptr) ++(*context_.table_counts)[plan_.table.relfile].inserted;
    if (ForeignKeyEventNeeded(ForeignKeyEvent::Kind::kInsert)) {
      QueueForeignKeyEvent(ForeignKeyEvent::Kind::kInsert, {}, values);
    }
    if (!plan_.returning.empty()) modify::AppendInserted(std::move(values), false, context_, returning_input);
    return true;
  }
}

InsertRows::ConflictOutcome InsertRows::UpdateConflicting(storage::TupleId tid, const Batch& proposed,
                                                          Batch& returning_input) {
  const planner::BoundOnConflict& conflict = *plan_.on_conflict;
  // Lock the row first (FOR UPDATE strength, kept to the end of the transaction, as
  // PostgreSQL's LockTupleExclusive), so that the WHERE and SET below see the version that
  // will be updated and a row the WHERE rejects stays locked.
  if (context_.locks != nullptr && context_.locks->row_locks != nullptr) {
    const storage::ChangeOutcome locked =
        heap_.TryLockRow(tid, context_.snapshot, context_.transactions, *context_.locks->row_locks,
                         storage::RowLockMode::kUpdate);
    if (const std::optional<ConflictOutcome> retry = HandleConcurrentChange(locked)) return *retry;
  }
  storage::HeapTuple tuple;
  if (!heap_.Fetch(tid, tuple)) return ConflictOutcome::kRetry;
  const bool own = context_.snapshot.IsOwn(tuple.header.xmin);
  if (own && tuple.header.cmin == context_.snapshot.command_id) ThrowSecondTime();
  if (context_.transaction_snapshot && !own &&
      !context_.transactions.IsVisible(tuple.header, context_.snapshot)) {
    ThrowSerializationFailure();
  }
  const size_t width = plan_.table.columns.size();
  std::vector<Value> existing;
  storage::DecodeRow(std::as_bytes(std::span(tuple.data)), plan_.table.ColumnTypes(), existing,
                     tuple.header.attribute_count, &context_.pool);
  Batch pair;
  pair.Reset(2 * width);
  std::vector<Value> both = existing;
  for (size_t c = 0; c < width; ++c) both.push_back(proposed.columns[c][0]);
  pair.AppendRow(std::move(both));
  if (conflict.where && !EvaluatePredicate(*conflict.where, pair, 0, context_)) {
    return ConflictOutcome::kSkipped;
  }
  std::vector<Value> values = modify::RowAt(pair, 0, conflict.set_row, context_);
  modify::ComputeGenerated(plan_, values, context_);
  const storage::RowLockTable* row_locks = context_.locks ? context_.locks->row_locks : nullptr;
  const storage::ChangeOutcome outcome = heap_.TryMarkDeleted(
      tid, context_.snapshot, context_.transactions, row_locks, storage::RowLockMode::kNoKeyUpdate);
  if (const std::optional<ConflictOutcome> retry = HandleConcurrentChange(outcome)) return *retry;
  storage::DeleteExternalValues(heap_, tid, outcome.flags, plan_.table.ColumnTypes(),
                                context_.snapshot.own_xid, context_.snapshot.command_id);
  modify::CheckNotNull(plan_.table, values);
  Batch row;
  row.Reset(width);
  row.AppendRow(std::vector<Value>(values));
  modify::CheckConstraints(plan_, row, 0, context_);
  const storage::TupleId new_tid = modify::StoreRow(heap_, values, context_);
  heap_.LinkUpdate(tid, new_tid, context_.snapshot.own_xid);
  InsertIndexEntries(plan_.indexes, plan_.table, row, 0, new_tid, context_);
  if (context_.table_counts != nullptr) ++(*context_.table_counts)[plan_.table.relfile].updated;
  if (ForeignKeyEventNeeded(ForeignKeyEvent::Kind::kUpdate)) {
    QueueForeignKeyEvent(ForeignKeyEvent::Kind::kUpdate, existing, values);
  }
  if (!plan_.returning.empty()) modify::AppendInserted(std::move(values), true, context_, returning_input);
  return ConflictOutcome::kDone;
}

}  // namespace granary::executor
