// Distinct: passes each distinct row once (NULLs equal to each other), in first-seen order;
// with distinct_columns (DISTINCT ON), the first row of each distinct key.
//
// Spilling, as hash aggregation (aggregate.hpp): once the keys seen pass work_mem *
// hash_mem_multiplier, a row whose key is not among them goes to a partition file by the
// hash of its key; when the input ends, each partition is read back with an empty set of
// keys (at the next level, so it may spill again). Rows keep their order inside a partition,
// so DISTINCT ON still returns the first row of each key; output is then no longer in
// first-seen order overall.
//
// When the input is a Sort whose leading keys are the distinct columns (DISTINCT ON's ORDER
// BY), equal keys arrive together: it compares each row with the previous one instead
// (PostgreSQL's Unique node), holds one key and keeps the sorted order.
#pragma once

#include <memory>
#include <unordered_set>

#include "executor/operators/operator.hpp"
#include "executor/row_key.hpp"
#include "executor/spill/partition_set.hpp"

namespace granary::executor {

class Distinct final : public Operator {
 public:
  Distinct(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child);
  bool Next(Batch& out) override;

 private:
  struct Partition {
    std::unique_ptr<TempFile> file;
    size_t level = 0;
  };

  // The next batch of input: the child's, then each spilled partition's.
  bool NextInput();
  RowKey KeyOf(size_t row) const;

  OperatorPtr child_;
  bool sorted_input_ = false;
  bool has_previous_ = false;
  RowKey previous_;
  std::unordered_set<RowKey, RowKeyHash, RowKeyEqual> seen_;
  Batch input_;
  bool child_done_ = false;
  size_t memory_bytes_ = 0;
  size_t level_ = 0;
  bool spilling_ = false;
  uint64_t disk_bytes_ = 0;
  size_t peak_memory_bytes_ = 0;
  size_t batches_ = 1;
  std::unique_ptr<PartitionSet> writing_;
  std::vector<Partition> waiting_;
  Partition reading_;
  std::unique_ptr<SpillReader> reader_;
};

}  // namespace granary::executor
