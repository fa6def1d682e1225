// Row assembly shared by the join operators (nested loop, hash, merge and lateral join):
// pairing a left row with a right row under the join predicate, NULL-extending the rows an
// outer join preserves, and the semi / anti join rules (each left row once, by whether it
// found a partner; only the left row is output).
#pragma once

#include <vector>

#include "executor/batch.hpp"
#include "executor/exec_context.hpp"
#include "executor/expr/evaluator.hpp"
#include "granary/error.hpp"
#include "planner/plan.hpp"

namespace granary::executor {

// Whether the join emits left rows without partner: LEFT and FULL (NULL-extended) and ANTI
// (as they are).
bool PreservesLeft(parser::JoinType type);
// Whether the join emits right rows without partner (RIGHT, FULL), NULL-extended.
bool PreservesRight(parser::JoinType type);
// Semi and anti joins decide a left row at its first partner: the rest are not looked at.
bool StopsAtFirstMatch(parser::JoinType type);
// Joins left row `left_row` with right row `right_row` into the one-row scratch batch `pair`
// (left ++ right columns) and tests the plan's join predicate; returns whether it holds.
// When it holds, the pair is appended to `out`, except for semi and anti joins, whose
// output is decided by FinishLeftRow.
bool EmitJoinedRow(Batch& out, Batch& pair, const planner::PlanNode& plan, const Batch& left,
                   size_t left_row, const Batch& right, size_t right_row, const ExecContext& context);
// Sizes the emptied batch `out` for the `rows` a join expects to put in it (its batch limit),
// up to kReservedJoinRows: a batch made for each execution would otherwise grow its column
// vectors one doubling at a time from one row, each a reallocation and a move of every value.
// 16 values stay under 1 KiB, which glibc serves from its per-thread cache (a larger request
// first consolidates its free lists).
inline constexpr size_t kReservedJoinRows = 16;
void ReserveJoinedRows(Batch& out, size_t rows);
// Appends left row `left_row` NULL-extended up to the plan's output width (nothing is added
// for semi and anti joins, whose output is the left row).
void EmitUnmatchedLeft(Batch& out, const planner::PlanNode& plan, const Batch& left, size_t left_row);
// Called once the left row's partners have been tried: appends the row when the join emits
// it for `matched` (a semi join a matched row, LEFT/FULL/ANTI an unmatched one).
void FinishLeftRow(Batch& out, const planner::PlanNode& plan, const Batch& left, size_t left_row, bool matched);
// Appends (up to a full batch) the right rows from `next` on that never matched, NULL-extended
// on the left, when the join preserves its right side.
void EmitUnmatchedRight(Batch& out, const planner::PlanNode& plan, Batch& right_rows,
                        const std::vector<bool>& matched, size_t& next);

// Executor invariant 11 for the joins: runs `produce`, which appends joined rows to `out` in
// the join's order. An Error it raises (the join condition's, a key's, an input's) after it
// has appended rows is held in `deferred` and those rows stay in `out`, to be returned first;
// the join raises the held error at its next Next (DeferredError::RaiseIfHeld) and never
// continues. An Error before any row propagates at once.
template <typename Produce>
void ProduceUntilError(Batch& out, DeferredError& deferred, Produce&& produce) {
  try {
    produce();
  } catch (const Error&) {
    if (out.row_count == 0) throw;
    deferred.Hold();
    for (Column& column : out.columns) column.resize(out.row_count);  // no partial row
  }
}

}  // namespace granary::executor
