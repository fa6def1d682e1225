#include "executor/operators/hash_join.hpp"

#include "executor/expr/evaluator.hpp"

namespace granary::executor {

void HashJoin::Build() {
  const size_t right_width = plan_.children[1]->output_types.size();
  right_rows_.Reset(right_width);
  Batch batch;
  while (right_->Next(batch)) {
    for (size_t row = 0; row < batch.row_count; ++row) {
      RowKey key;
      bool has_null = false;
      for (const auto& key_expr : plan_.right_keys) {
        key.push_back(Evaluate(*key_expr, batch, row, context_));
        has_null = has_null || key.back().is_null();
      }
      // A NULL key can never satisfy the equality; the row is kept only to be NULL-extended.
      if (has_null && !PreservesRight(plan_.join_type)) continue;
      if (!has_null) table_.emplace(std::move(key), right_rows_.row_count);
      for (size_t c = 0; c < right_width; ++c) right_rows_.columns[c].push_back(std::move(batch.columns[c][row]));
      ++right_rows_.row_count;
    }
  }
  right_matched_.assign(right_rows_.row_count, false);
  built_ = true;
}

bool HashJoin::Next(Batch& out) {
  if (!built_) Build();
  out.Reset(width());

  while (out.row_count < kBatchSize) {
    if (!probing_) {
      if (left_row_ >= left_batch_.row_count) {
        if (!left_->Next(left_batch_)) {
          EmitUnmatchedRight(out, plan_, right_rows_, right_matched_, unmatched_right_);
          break;
        }
        left_row_ = 0;
        context_.CheckForCancel();
      }
      RowKey key;
      bool has_null = false;
      for (const auto& key_expr : plan_.left_keys) {
        key.push_back(Evaluate(*key_expr, left_batch_, left_row_, context_));
        has_null = has_null || key.back().is_null();
      }
      matches_.clear();
      if (!has_null) {
        auto [begin, end] = table_.equal_range(key);
        for (auto it = begin; it != end; ++it) matches_.push_back(it->second);
      }
      match_position_ = 0;
      matched_ = false;
      probing_ = true;
    }
    if (match_position_ < matches_.size()) {
      const size_t right_row = matches_[match_position_++];
      if (EmitJoinedRow(out, pair_, plan_, left_batch_, left_row_, right_rows_, right_row, context_)) {
        matched_ = true;
        right_matched_[right_row] = true;
      }
      continue;
    }
    if (!matched_ && PreservesLeft(plan_.join_type)) EmitUnmatchedLeft(out, plan_, left_batch_, left_row_);
    ++left_row_;
    probing_ = false;
  }
  return out.row_count > 0;
}

}  // namespace granary::executor
