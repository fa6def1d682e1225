#include "executor/operators/nested_loop_join.hpp"

#include "executor/expr/evaluator.hpp"
#include "executor/instrumentation.hpp"

namespace granary::executor {

bool PreservesLeft(parser::JoinType type) {
  return type == parser::JoinType::kLeft || type == parser::JoinType::kFull;
}

bool PreservesRight(parser::JoinType type) {
  return type == parser::JoinType::kRight || type == parser::JoinType::kFull;
}

bool EmitJoinedRow(Batch& out, Batch& pair, const planner::PlanNode& plan, const Batch& left,
                   size_t left_row, const Batch& right, size_t right_row, const ExecContext& context) {
  const size_t left_width = left.columns.size();
  const size_t width = plan.output_types.size();
  if (pair.columns.size() != width || pair.row_count != 1) {
    pair.Reset(width);
    for (Column& column : pair.columns) column.resize(1);
    pair.row_count = 1;
  }
  for (size_t c = 0; c < left_width; ++c) pair.columns[c][0] = left.columns[c][left_row];
  for (size_t c = left_width; c < width; ++c) pair.columns[c][0] = right.columns[c - left_width][right_row];
  if (plan.predicate && !EvaluatePredicate(*plan.predicate, pair, 0, context)) {
    if (context.instrumentation != nullptr) ++context.instrumentation->At(plan.predicate.get()).removed;
    return false;
  }
  for (size_t c = 0; c < width; ++c) out.columns[c].push_back(pair.columns[c][0]);
  ++out.row_count;
  return true;
}

void EmitUnmatchedLeft(Batch& out, const planner::PlanNode& plan, const Batch& left, size_t left_row) {
  const size_t left_width = left.columns.size();
  for (size_t c = 0; c < left_width; ++c) out.columns[c].push_back(left.columns[c][left_row]);
  for (size_t c = left_width; c < plan.output_types.size(); ++c) {
    out.columns[c].push_back(types::Value::Null(plan.output_types[c].id));
  }
  ++out.row_count;
}

void EmitUnmatchedRight(Batch& out, const planner::PlanNode& plan, Batch& right_rows,
                        const std::vector<bool>& matched, size_t& next) {
  if (!PreservesRight(plan.join_type)) return;
  const size_t width = plan.output_types.size();
  const size_t left_width = width - right_rows.columns.size();
  while (next < right_rows.row_count && out.row_count < kBatchSize) {
    const size_t row = next++;
    if (matched[row]) continue;
    for (size_t c = 0; c < left_width; ++c) out.columns[c].push_back(types::Value::Null(plan.output_types[c].id));
    for (size_t c = left_width; c < width; ++c) {
      out.columns[c].push_back(right_rows.columns[c - left_width][row]);
    }
    ++out.row_count;
  }
}

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
  if (!right_ready_) MaterializeRight();
  out.Reset(width());

  while (out.row_count < kBatchSize) {
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
      }
      continue;
    }
    if (!matched_ && PreservesLeft(plan_.join_type)) EmitUnmatchedLeft(out, plan_, left_batch_, left_row_);
    ++left_row_;
    right_row_ = 0;
    matched_ = false;
  }
  return out.row_count > 0;
}

}  // namespace granary::executor
