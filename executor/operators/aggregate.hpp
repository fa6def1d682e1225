// Hash aggregation: groups input rows by the group keys and runs every aggregate per group.
// Without group keys there is exactly one group, even over no rows (count(*) = 0).
// Output columns: the group keys, then the aggregate results, groups in first-seen order.
#pragma once

#include <unordered_map>
#include <unordered_set>

#include "executor/operators/operator.hpp"
#include "executor/row_key.hpp"
#include "types/functions/aggregate_functions.hpp"

namespace granary::executor {

class Aggregate final : public Operator {
 public:
  Aggregate(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
      : Operator(plan, context), child_(std::move(child)) {}
  bool Next(Batch& out) override;

 private:
  struct Group {
    RowKey key;
    std::vector<std::unique_ptr<types::AggregateState>> states;
    // For aggregates with DISTINCT: the argument values already fed to the state.
    std::vector<std::unordered_set<RowKey, RowKeyHash, RowKeyEqual>> seen;
  };

  void Consume();
  Group& GroupFor(RowKey key);

  OperatorPtr child_;
  bool consumed_ = false;
  std::vector<Group> groups_;
  std::unordered_map<RowKey, size_t, RowKeyHash, RowKeyEqual> index_;
  size_t next_group_ = 0;
};

}  // namespace granary::executor
