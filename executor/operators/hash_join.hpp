// Hash join (inner, left, right, full) on equality keys: builds a hash table over the right
// input, probes it with each left row, then applies the residual predicate. NULL keys never
// match; right rows that never matched are NULL-extended at the end for right/full joins.
#pragma once

#include <unordered_map>

#include "executor/operators/operator.hpp"
#include "executor/row_key.hpp"

namespace granary::executor {

class HashJoin final : public Operator {
 public:
  HashJoin(const planner::PlanNode& plan, ExecContext& context, OperatorPtr left, OperatorPtr right)
      : Operator(plan, context), left_(std::move(left)), right_(std::move(right)) {}
  bool Next(Batch& out) override;

 private:
  void Build();

  OperatorPtr left_;
  OperatorPtr right_;
  bool built_ = false;
  Batch right_rows_;
  std::unordered_multimap<RowKey, size_t, RowKeyHash, RowKeyEqual> table_;
  Batch left_batch_;
  size_t left_row_ = 0;
  // Matches of the current left row still to emit.
  std::vector<size_t> matches_;
  size_t match_position_ = 0;
  bool probing_ = false;
  bool matched_ = false;
  Batch pair_;
  std::vector<bool> right_matched_;
  size_t unmatched_right_ = 0;
};

}  // namespace granary::executor
