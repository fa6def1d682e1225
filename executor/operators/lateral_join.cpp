#include "executor/operators/lateral_join.hpp"

#include "executor/expr/evaluator.hpp"
#include "executor/instrumentation.hpp"
#include "executor/operators/join_rows.hpp"

namespace granary::executor {

void LateralJoin::StartInner() {
  outer_values_.clear();
  if (plan_.parameterized) {
    // A parameterized scan also reads the enclosing query's values, before its parameters.
    if (context_.outer_values != nullptr) outer_values_ = *context_.outer_values;
    outer_values_.resize(plan_.parameter_base);
  }
  for (const auto& arg : plan_.expressions) {
    outer_values_.push_back(Evaluate(*arg, left_batch_, left_row_, context_));
  }
  inner_context_.outer_values = &outer_values_;  // the rest is context_'s, copied at start
  // The previous left row's right plan starts over where it can (a parameterized index scan:
  // a new key range, its handles and decoder kept); otherwise it is built afresh.
  if (inner_ == nullptr || !inner_->Rescan()) {
    inner_ = nullptr;
    inner_ = BuildOperator(*plan_.children[1], inner_context_);
  }
  inner_batch_.Reset(inner_batch_.columns.size());  // its column vectors kept for the next rows
  inner_row_ = 0;
  inner_done_ = false;
  matched_ = false;
}

bool LateralJoin::Next(Batch& out) {
  deferred_.RaiseIfHeld();
  out.Reset(width());
  ReserveJoinedRows(out, hint_.BatchLimit());
  ProduceUntilError(out, deferred_, [&] { JoinRows(out); });
  hint_.Returned(out.row_count);
  return out.row_count > 0;
}

void LateralJoin::JoinRows(Batch& out) {
  while (out.row_count < hint_.BatchLimit()) {
    if (inner_done_) {
      // The previous left row is finished: the next one (fetching a batch when needed).
      if (left_valid_) ++left_row_;
      if (!left_valid_ || left_row_ >= left_batch_.row_count) {
        if (!left_->Next(left_batch_)) break;
        left_row_ = 0;
        left_valid_ = true;
        context_.CheckForCancel();
        if (left_batch_.row_count == 0) {
          left_valid_ = false;
          continue;
        }
      }
      StartInner();
      continue;
    }
    if (inner_row_ >= inner_batch_.row_count) {
      inner_row_ = 0;
      if ((matched_ && StopsAtFirstMatch(plan_.join_type)) || !inner_->Next(inner_batch_)) {
        FinishLeftRow(out, plan_, left_batch_, left_row_, matched_);
        inner_done_ = true;  // inner_ is kept for the next left row's Rescan
      }
      continue;
    }
    if (EmitJoinedRow(out, pair_, plan_, left_batch_, left_row_, inner_batch_, inner_row_, context_)) {
      matched_ = true;
    }
    ++inner_row_;
    if (matched_ && StopsAtFirstMatch(plan_.join_type)) inner_row_ = inner_batch_.row_count;
  }
}

}  // namespace granary::executor
