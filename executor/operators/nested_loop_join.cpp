#include "executor/operators/nested_loop_join.hpp"

#include "executor/operators/join_rows.hpp"

namespace granary::executor {

void NestedLoopJoin::MaterializeRight() {
  const size_t right_width = plan_.children[1]->output_types.size();
  right_rows_.Reset(right_width);
  Batch batch;
  while (right_->Next(batch)) {
    for (size_t c = 0; c < right_width; ++c) {
      auto& column = right_rows_.columns[c];
      column.insert(column.end(), std::make_move_iterator(batch.columns[c].begin()),
                    std::make_move_iterator(batch.columns[c].end()));
    }
    right_rows_.row_count += batch.row_count;
  }
  right_matched_.assign(right_rows_.row_count, false);
  right_ready_ = true;
}

bool NestedLoopJoin::Next(Batch& out) {
  deferred_.RaiseIfHeld();
  if (!right_ready_) MaterializeRight();
  out.Reset(width());
  ReserveJoinedRows(out, hint_.BatchLimit());
  ProduceUntilError(out, deferred_, [&] { JoinRows(out); });
  hint_.Returned(out.row_count);
  return out.row_count > 0;
}

void NestedLoopJoin::JoinRows(Batch& out) {
  while (out.row_count < hint_.BatchLimit()) {
    if (left_row_ >= left_batch_.row_count) {
      if (!left_->Next(left_batch_)) {
        EmitUnmatchedRight(out, plan_, right_rows_, right_matched_, unmatched_right_);
        break;
      }
      left_row_ = 0;
      right_row_ = 0;
      matched_ = false;
      context_.CheckForCancel();
    }
    if (right_row_ < right_rows_.row_count) {
      const size_t right_row = right_row_++;
      if (EmitJoinedRow(out, pair_, plan_, left_batch_, left_row_, right_rows_, right_row, context_)) {
        matched_ = true;
        right_matched_[right_row] = true;
        if (StopsAtFirstMatch(plan_.join_type)) right_row_ = right_rows_.row_count;
      }
      continue;
    }
    FinishLeftRow(out, plan_, left_batch_, left_row_, matched_);
    ++left_row_;
    right_row_ = 0;
    matched_ = false;
  }
}

}  // namespace granary::executor
