// Project: computes the output columns from each input row. When some outputs are
// set-returning functions (kSetFunction: unnest, generate_series), it is PostgreSQL's
// ProjectSet: each input row becomes as many rows as its longest set, the sets side by side
// (shorter ones padded with NULLs) and the other outputs repeated; a row whose sets are all
// empty produces nothing.
//
// A row whose outputs raise an error ends the batch: the rows before it are returned and the
// error is raised by the next Next (DeferredError), so they reach the client first, as in
// PostgreSQL. Outputs are evaluated a column at a time, but the error raised is the one a
// row-at-a-time evaluation meets first (the first failing row, and its first failing output).
#pragma once

#include <vector>

#include "executor/expr/evaluator.hpp"
#include "executor/operators/operator.hpp"

namespace granary::executor {

class Project final : public Operator {
 public:
  Project(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child);
  bool Next(Batch& out) override;
  // One output row per input row (without set-returning functions): the bound holds below.
  void SetRowBound(size_t rows) override {
    if (!has_set_functions_) child_->SetRowBound(rows);
  }
  // A hint holds below even with set-returning functions (it only sizes batches).
  void SetRowHint(size_t rows) override { child_->SetRowHint(rows); }

 private:
  bool NextExpanding(Batch& out);
  // Evaluates the current input row's outputs: the plain values and each set's members.
  void StartRow();

  OperatorPtr child_;
  Batch input_;
  DeferredError deferred_;
  bool has_set_functions_ = false;
  // Per output: a plain column reference no other output reads, moved rather than copied.
  std::vector<bool> takes_column_;
  // ProjectSet state: the input row being expanded and its evaluated outputs.
  size_t input_row_ = 0;
  bool input_valid_ = false;
  std::vector<types::Value> row_values_;               // plain outputs (sets: unused)
  std::vector<std::vector<types::Value>> row_sets_;    // set outputs (plain: unused)
  size_t row_length_ = 0;
  size_t row_position_ = 0;
};

}  // namespace granary::executor
