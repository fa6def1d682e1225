// Row assembly shared by the join operators (see join_rows.hpp).
#include "executor/operators/join_rows.hpp"

#include <algorithm>

#include "executor/expr/evaluator.hpp"
#include "executor/instrumentation.hpp"

namespace granary::executor {

bool PreservesLeft(parser::JoinType type) {
  return type == parser::JoinType::kLeft || type == parser::JoinType::kFull || type == parser::JoinType::kAnti;
}

bool PreservesRight(parser::JoinType type) {
  return type == parser::JoinType::kRight || type == parser::JoinType::kFull;
}

bool StopsAtFirstMatch(parser::JoinType type) {
  return type == parser::JoinType::kSemi || type == parser::JoinType::kAnti;
}

bool EmitJoinedRow(Batch& out, Batch& pair, const planner::PlanNode& plan, const Batch& left,
                   size_t left_row, const Batch& right, size_t right_row, const ExecContext& context) {
  const size_t left_width = left.columns.size();
  const size_t width = left_width + right.columns.size();
  // Columns nobody reads (PlanNode::join_columns) are neither copied nor output: they come
  // out NULL, as a scan's unread columns do.
  const std::vector<bool>& used = plan.join_columns;
  const bool all_used = used.size() != width;
  if (!plan.predicate) {
    // Nothing to test: the values go to `out` directly, copied once.
    if (StopsAtFirstMatch(plan.join_type)) return true;
    for (size_t c = 0; c < width; ++c) {
      if (!all_used && !used[c]) {
        out.columns[c].push_back(types::Value::Null(plan.output_types[c].id));
      } else if (c < left_width) {
        out.columns[c].push_back(left.columns[c][left_row]);
      } else {
        out.columns[c].push_back(right.columns[c - left_width][right_row]);
      }
    }
    ++out.row_count;
    return true;
  }
  if (pair.columns.size() != width || pair.row_count != 1) {
    pair.Reset(width);
    for (Column& column : pair.columns) column.resize(1);
    pair.row_count = 1;
  }
  if (all_used) {
    for (size_t c = 0; c < left_width; ++c) pair.columns[c][0] = left.columns[c][left_row];
    for (size_t c = left_width; c < width; ++c) pair.columns[c][0] = right.columns[c - left_width][right_row];
  } else {
    for (size_t c = 0; c < left_width; ++c) {
      if (used[c]) pair.columns[c][0] = left.columns[c][left_row];
    }
    for (size_t c = left_width; c < width; ++c) {
      if (used[c]) pair.columns[c][0] = right.columns[c - left_width][right_row];
    }
  }
  if (!EvaluatePredicate(*plan.predicate, pair, 0, context)) {
    if (context.instrumentation != nullptr) ++context.instrumentation->At(plan.predicate.get()).removed;
    return false;
  }
  if (StopsAtFirstMatch(plan.join_type)) return true;
  for (size_t c = 0; c < width; ++c) {
    if (all_used || used[c]) {
      // The pair is scratch: its values are assigned again before they are read.
      out.columns[c].push_back(std::move(pair.columns[c][0]));
    } else {
      out.columns[c].push_back(types::Value::Null(plan.output_types[c].id));
    }
  }
  ++out.row_count;
  return true;
}

void ReserveJoinedRows(Batch& out, size_t rows) {
  const size_t reserved = std::min(rows, kReservedJoinRows);
  for (Column& column : out.columns) {
    if (column.capacity() < reserved) column.reserve(reserved);
  }
}

void EmitUnmatchedLeft(Batch& out, const planner::PlanNode& plan, const Batch& left, size_t left_row) {
  const size_t left_width = left.columns.size();
  const std::vector<bool>& used = plan.join_columns;
  for (size_t c = 0; c < left_width; ++c) {
    if (used.size() < left_width || used[c]) {
      out.columns[c].push_back(left.columns[c][left_row]);
    } else {
      out.columns[c].push_back(types::Value::Null(plan.output_types[c].id));
    }
  }
  for (size_t c = left_width; c < plan.output_types.size(); ++c) {
    out.columns[c].push_back(types::Value::Null(plan.output_types[c].id));
  }
  ++out.row_count;
}

void FinishLeftRow(Batch& out, const planner::PlanNode& plan, const Batch& left, size_t left_row, bool matched) {
  const bool emit = matched ? plan.join_type == parser::JoinType::kSemi : PreservesLeft(plan.join_type);
  if (emit) EmitUnmatchedLeft(out, plan, left, left_row);
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
      if (plan.join_columns.size() != width || plan.join_columns[c]) {
        out.columns[c].push_back(right_rows.columns[c - left_width][row]);
      } else {
        out.columns[c].push_back(types::Value::Null(plan.output_types[c].id));
      }
    }
    ++out.row_count;
  }
}

}  // namespace granary::executor
