#include "executor/operators/merge_join.hpp"

#include "executor/expr/evaluator.hpp"
#include "executor/operators/join_rows.hpp"

namespace granary::executor {
namespace {

bool HasNull(const RowKey& key) {
  for (const types::Value& value : key) {
    if (value.is_null()) return true;
  }
  return false;
}

// The inputs' order: key by key ascending, NULL after every value (NULLS LAST).
int CompareKeys(const RowKey& a, const RowKey& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].is_null() || b[i].is_null()) {
      if (a[i].is_null() == b[i].is_null()) continue;
      return a[i].is_null() ? 1 : -1;
    }
    const int order = types::Compare(a[i], b[i]);
    if (order != 0) return order;
  }
  return 0;
}

}  // namespace

void MergeJoin::ReadRight() {
  const size_t right_width = plan_.children[1]->output_types.size();
  right_rows_.Reset(right_width);
  Batch batch;
  while (right_->Next(batch)) {
    for (size_t row = 0; row < batch.row_count; ++row) {
      RowKey key;
      for (const auto& key_expr : plan_.right_keys) key.push_back(Evaluate(*key_expr, batch, row, context_));
      right_keys_.push_back(std::move(key));
      for (size_t c = 0; c < right_width; ++c) right_rows_.columns[c].push_back(std::move(batch.columns[c][row]));
      ++right_rows_.row_count;
    }
    context_.CheckForCancel();
  }
  right_matched_.assign(right_rows_.row_count, false);
  right_ready_ = true;
}

void MergeJoin::StartLeftRow() {
  RowKey key;
  for (const auto& key_expr : plan_.left_keys) key.push_back(Evaluate(*key_expr, left_batch_, left_row_, context_));
  while (cursor_ < right_keys_.size() && CompareKeys(right_keys_[cursor_], key) < 0) ++cursor_;
  run_next_ = cursor_;
  run_end_ = cursor_;
  if (!HasNull(key)) {
    while (run_end_ < right_keys_.size() && CompareKeys(right_keys_[run_end_], key) == 0) ++run_end_;
  }
  matched_ = false;
  in_row_ = true;
}

bool MergeJoin::Next(Batch& out) {
  deferred_.RaiseIfHeld();
  if (!right_ready_) ReadRight();
  out.Reset(width());
  ProduceUntilError(out, deferred_, [&] { JoinRows(out); });
  hint_.Returned(out.row_count);
  return out.row_count > 0;
}

void MergeJoin::JoinRows(Batch& out) {
  while (out.row_count < hint_.BatchLimit()) {
    if (!in_row_) {
      if (left_row_ >= left_batch_.row_count) {
        if (!left_->Next(left_batch_)) {
          EmitUnmatchedRight(out, plan_, right_rows_, right_matched_, unmatched_right_);
          break;
        }
        left_row_ = 0;
        context_.CheckForCancel();
        continue;
      }
      StartLeftRow();
    }
    if (run_next_ < run_end_) {
      const size_t right_row = run_next_++;
      if (EmitJoinedRow(out, pair_, plan_, left_batch_, left_row_, right_rows_, right_row, context_)) {
        matched_ = true;
        right_matched_[right_row] = true;
        if (StopsAtFirstMatch(plan_.join_type)) run_next_ = run_end_;
      }
      continue;
    }
    FinishLeftRow(out, plan_, left_batch_, left_row_, matched_);
    ++left_row_;
    in_row_ = false;
  }
}

}  // namespace granary::executor
