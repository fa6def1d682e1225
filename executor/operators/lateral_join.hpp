// Lateral join (inner, left): for each left row, the right plan (a LATERAL subquery or a
// function in FROM that reads earlier FROM items) runs again with the left row's values as
// its outer values (kOuterRef), as a correlated subquery does; each right row it returns is
// joined to the left row if the predicate holds. A left join emits a NULL-extended row for a
// left row that found no partner.
#pragma once

#include <vector>

#include "executor/expr/evaluator.hpp"
#include "executor/operators/operator.hpp"
#include "executor/operators/row_hint.hpp"

namespace granary::executor {

class LateralJoin final : public Operator {
 public:
  LateralJoin(const planner::PlanNode& plan, ExecContext& context, OperatorPtr left)
      : Operator(plan, context), left_(std::move(left)), inner_context_(context) {}
  bool Next(Batch& out) override;
  // LIMIT's hint: batches of about the hinted rows (RowHint), and the same hint to the left input,
  // whose rows come out in order (each one's partners before the next one's).
  void SetRowHint(size_t rows) override {
    hint_.Set(rows);
    left_->SetRowHint(rows);
  }

 private:
  // Fills `out` up to the batch limit (Next, which holds an error raised midway).
  void JoinRows(Batch& out);
  // Starts the right plan for left row `left_row_`.
  void StartInner();

  OperatorPtr left_;
  Batch left_batch_;
  size_t left_row_ = 0;
  bool left_valid_ = false;
  // The right plan of the current left row, its context (outer values: the left row's
  // lateral values) and its current batch.
  std::vector<types::Value> outer_values_;
  ExecContext inner_context_;
  OperatorPtr inner_;
  Batch inner_batch_;
  size_t inner_row_ = 0;
  bool inner_done_ = true;
  bool matched_ = false;
  Batch pair_;
  RowHint hint_;
  DeferredError deferred_;  // an error after some of a batch's rows (ProduceUntilError)
};

}  // namespace granary::executor
