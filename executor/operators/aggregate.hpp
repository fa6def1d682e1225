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
//
// Spilling (PostgreSQL 13's hash aggregation): when the groups' estimated memory passes
// work_mem * hash_mem_multiplier, no new group is made; an input row of a group not in
// memory is written, with its grouping set, to one of kSpillPartitions (16) temporary files by
// the hash of its key. Rows of groups in memory keep going to them. When the input ends
// the groups in memory are emitted, then each partition is read back as input in turn (the
// groups of a partition come out after those in memory, so spilled output is not in
// first-seen order), spilling again at the next level with another hash if it does not fit
// either. Every partition makes at least one group, so this ends. The empty grouping set's
// one group is always kept in memory.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_set>

#include "executor/operators/operator.hpp"
#include "executor/row_key.hpp"
#include "executor/spill/partition_set.hpp"
#include "types/functions/aggregate_functions.hpp"

namespace granary::executor {

// In a parallel plan (planner::AggregateSplit): a Partial Aggregate is run by the Gather in
// every participant through ConsumeInput, its groups' states left unfinished and never
// spilled (its context has no temporary files); the Finalize Aggregate (built without a
// child) runs the Gather under it when first pulled and combines each participant's groups
// into its own (AggregateState::Combine), then emits them as any aggregate does.
class Aggregate final : public Operator {
 public:
  // `child` is null for a Finalize Aggregate (its Gather is run, not pulled).
  Aggregate(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child);
  bool Next(Batch& out) override;
  // A Partial Aggregate: reads its whole input into its groups (the Gather's participants).
  void ConsumeInput() { Consume(); }
  size_t group_count() const { return groups_.size(); }

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
    size_t hash = 0;                  // of (set, key), see HashOf
    uint32_t next = kNoGroup;         // the next group in its bucket's chain
    std::vector<std::unique_ptr<types::AggregateState>> states;
    // For aggregates with DISTINCT: the argument values already fed to the state.
    std::vector<std::unordered_set<RowKey, RowKeyHash, RowKeyEqual>> seen;
    // For aggregates with ORDER BY: the rows not yet fed to the state.
    std::vector<std::vector<PendingRow>> pending;
  };

  // A spilled partition: input rows (grouping set first) of groups not in memory.
  struct Partition {
    std::unique_ptr<TempFile> file;
    size_t level = 0;  // the level whose hash chose it; its rows are read at level + 1
  };

  void Consume();
  // A Finalize Aggregate's input: the groups of every participant of the Gather below.
  void ConsumeGathered();
  // Adds a Partial Aggregate's groups to this one's (same keys and aggregates).
  void MergeGroups(Aggregate& partial);
  // Reads the next spilled partition back as input (false when none is left).
  bool ConsumePartition();
  // Adds input row `row` to its group in every grouping set (only in set `only_set` when
  // it is not kAllSets), or spills it.
  void AddRow(const Batch& batch, size_t row, size_t only_set);
  // The hash of grouping set `set`'s key, read from the group key values `values`.
  size_t HashOf(size_t set, const RowKey& values) const;
  // The group of set `set` whose key is read from `values` (hash `hash`); null when it is
  // not in memory and cannot be made (spilling). The key is copied only for a new group.
  Group* GroupFor(size_t set, const RowKey& values, size_t hash);
  void Grow();
  void Spill(size_t set, size_t hash, const Batch& batch, size_t row);
  void Accumulate(Group& group, size_t aggregate, const Batch& batch, size_t row);
  void FeedOrdered(Group& group, size_t aggregate);
  void SortPending(Group& group, size_t aggregate);
  static int CompareSortKeys(const planner::BoundAggregate& aggregate, const RowKey& x,
                             const RowKey& y);
  types::Value FinishOrderedSet(Group& group, size_t aggregate, const Batch& out);
  void RecordDetails();

  static constexpr size_t kAllSets = static_cast<size_t>(-1);
  static constexpr uint32_t kNoGroup = UINT32_MAX;

  OperatorPtr child_;
  bool consumed_ = false;
  std::vector<std::vector<size_t>> sets_;  // never empty: one set of every key by default
  std::vector<Group> groups_;
  // Chained hash index of groups_ by (set, key): a power-of-two array of first groups, the
  // chains through Group::next. No key is built to look a row's group up.
  std::vector<uint32_t> buckets_;
  RowKey values_;  // the current row's group key values (reused)
  size_t next_group_ = 0;

  // Spilling: the estimated memory of the groups, the level being read (0: the child), the
  // partitions being written at that level, and those written and waiting to be read.
  size_t memory_bytes_ = 0;
  size_t peak_memory_bytes_ = 0;
  uint64_t disk_bytes_ = 0;
  size_t batches_ = 1;
  size_t level_ = 0;
  bool spilling_ = false;
  bool details_recorded_ = false;
  std::unique_ptr<PartitionSet> writing_;
  std::vector<Partition> waiting_;
  std::vector<types::Value> spill_row_;
};

}  // namespace granary::executor
