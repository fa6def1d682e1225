// Hash aggregation: groups input rows by the group keys and runs every aggregate per group.
// Without group keys there is exactly one group, even over no rows (count(*) = 0).
// With grouping sets (GROUPING SETS, ROLLUP, CUBE) every row joins one group per set: the
// group is (set, that set's key values), the keys outside the set come out NULL, and an empty
// set yields its one row even over no input, as PostgreSQL's MixedAggregate does.
// Output columns: the group keys, then the aggregate results, then the GROUPING(...) results;
// groups in first-seen order.
//
// FILTER (WHERE ...) drops a row before it reaches its aggregate; an aggregate with ORDER BY
// keeps its group's rows (after FILTER and DISTINCT) and feeds them to its state in that
// order, stable, when the groups are emitted. An ordered-set aggregate (percentile_cont,
// percentile_disc, mode, hypothetical rank & co.) keeps its rows the same way; its result is
// computed from them sorted by WITHIN GROUP's ORDER BY and from its direct arguments, which
// are evaluated over the group's keys (they may read nothing else).
#pragma once

#include <unordered_map>
#include <unordered_set>

#include "executor/operators/operator.hpp"
#include "executor/row_key.hpp"
#include "types/functions/aggregate_functions.hpp"

namespace granary::executor {

class Aggregate final : public Operator {
 public:
  Aggregate(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child);
  bool Next(Batch& out) override;

 private:
  // One row kept for an aggregate with ORDER BY: its inputs and its sort keys.
  struct PendingRow {
    types::Value value;
    types::Value delimiter;
    RowKey sort_keys;
  };
  struct Group {
    size_t set = 0;  // the grouping set (0 without grouping sets)
    RowKey key;      // the values of the set's keys, in the set's order
    std::vector<std::unique_ptr<types::AggregateState>> states;
    // For aggregates with DISTINCT: the argument values already fed to the state.
    std::vector<std::unordered_set<RowKey, RowKeyHash, RowKeyEqual>> seen;
    // For aggregates with ORDER BY: the rows not yet fed to the state.
    std::vector<std::vector<PendingRow>> pending;
  };

  void Consume();
  Group& GroupFor(size_t set, RowKey key);
  void Accumulate(Group& group, size_t aggregate, const Batch& batch, size_t row);
  void FeedOrdered(Group& group, size_t aggregate);
  void SortPending(Group& group, size_t aggregate);
  static int CompareSortKeys(const planner::BoundAggregate& aggregate, const RowKey& x,
                             const RowKey& y);
  types::Value FinishOrderedSet(Group& group, size_t aggregate, const Batch& out);

  OperatorPtr child_;
  bool consumed_ = false;
  std::vector<std::vector<size_t>> sets_;  // never empty: one set of every key by default
  std::vector<Group> groups_;
  std::unordered_map<RowKey, size_t, RowKeyHash, RowKeyEqual> index_;  // (set, key...) -> group
  size_t next_group_ = 0;
};

}  // namespace granary::executor
