// UNION / INTERSECT / EXCEPT [ALL] by hashing whole rows (NULLs equal each other, as set
// operations treat them). INTERSECT ALL returns min(m, n) copies of a row occurring m times on
// the left and n on the right; EXCEPT ALL returns max(m - n, 0), as the SQL standard says.
#pragma once

#include <unordered_map>
#include <unordered_set>

#include "executor/operators/operator.hpp"
#include "executor/row_key.hpp"

namespace granary::executor {

class SetOperation final : public Operator {
 public:
  SetOperation(const planner::PlanNode& plan, ExecContext& context, OperatorPtr left,
               OperatorPtr right)
      : Operator(plan, context), left_(std::move(left)), right_(std::move(right)) {}
  bool Next(Batch& out) override;
  // LIMIT's hint goes to the inputs read as they stream: both of a UNION (the right one's
  // rows come after the left one's, so it is an upper estimate there), the left one of an
  // INTERSECT or EXCEPT, whose right input is counted whole first.
  void SetRowHint(size_t rows) override {
    left_->SetRowHint(rows);
    if (plan_.set_op == parser::SetOperation::kUnion) right_->SetRowHint(rows);
  }

 private:
  bool NextUnion(Batch& out);
  void CountRight();
  bool Keep(RowKey& row);

  OperatorPtr left_;
  OperatorPtr right_;
  bool left_done_ = false;
  bool right_counted_ = false;
  std::unordered_map<RowKey, int64_t, RowKeyHash, RowKeyEqual> right_counts_;
  std::unordered_set<RowKey, RowKeyHash, RowKeyEqual> emitted_;
  Batch input_;
};

}  // namespace granary::executor
