// Hash join (inner, left, right, full) on equality keys: builds a hash table over the right
// input, probes it with each left row, then applies the residual predicate. NULL keys never
// match; right rows that never matched are NULL-extended at the end for right/full joins.
//
// Past work_mem * hash_mem_multiplier on the right side it becomes a grace hash join: the
// right rows (those already read, and the rest) go to kSpillPartitions temporary files by
// the hash of their key, then the left rows to as many files by the same hash, and each
// pair of files is joined in memory as one batch: an outer row can only match inner rows of
// its own batch, so per-batch matching, NULL-extension of unmatched left rows and, at the
// end of the batch, of unmatched right rows are those of the whole join. A batch whose
// right rows still do not fit is split again with the next level's hash (up to
// kMaxSplitLevels; past that, as when its rows share one key, it is joined over budget). Rows
// with a NULL key, which match nothing, form batches of their own (left rows with an empty
// right side, right rows with an empty left side), kept only when the join preserves them.
// Spilled output comes batch by batch, not in the left input's order.
//
// The right rows in memory are a HashJoinTable (hash_join_table.hpp): rows in their encoded
// form in one arena, keys in one flat vector, chained by hash; a partner row is decoded only
// when it is paired. The budget counts those bytes.
//
// Departures from PostgreSQL's hybrid hash join: batch 0 is not kept in memory while
// partitioning, the number of batches is fixed per level rather than doubled, and a right
// side's NULL-key rows are held in memory together.
#pragma once

#include <memory>
#include <vector>

#include "executor/operators/hash_join_table.hpp"
#include "executor/expr/evaluator.hpp"
#include "executor/operators/operator.hpp"
#include "executor/operators/row_hint.hpp"
#include "executor/row_key.hpp"
#include "executor/spill/partition_set.hpp"

namespace granary::executor {

class HashJoin final : public Operator {
 public:
  HashJoin(const planner::PlanNode& plan, ExecContext& context, OperatorPtr left, OperatorPtr right)
      : Operator(plan, context), left_(std::move(left)), right_(std::move(right)) {}
  bool Next(Batch& out) override;
  // LIMIT's hint: batches of about the hinted rows (RowHint), and the same hint to the left (probe)
  // input, whose rows come out in order (each one's partners before the next one's). The
  // right input is read whole before the first row in any case.
  void SetRowHint(size_t rows) override {
    hint_.Set(rows);
    left_->SetRowHint(rows);
  }

 private:
  // Fills `out` up to the batch limit (Next, which holds an error raised midway).
  void JoinRows(Batch& out);
  enum class Phase { kProbe, kUnmatchedRight, kNextBatch, kDone };
  // A pair of spilled files joined together (either may be absent: no rows).
  struct SpilledBatch {
    std::unique_ptr<TempFile> inner;
    std::unique_ptr<TempFile> outer;
    size_t level = 0;
    bool splittable = true;  // false for the NULL-key batches
  };
  static constexpr size_t kMaxSplitLevels = 4;

  void Build();
  // Adds the rows of `batch` (right input columns) to the in-memory table, stopping (when
  // `stop_when_full` and there are temporary files) once the table is past its budget;
  // returns how many rows it took.
  size_t AddInnerRows(Batch& batch, bool stop_when_full);
  // Evaluates `exprs` on a row into `key`; true when a key value is NULL.
  bool KeyOf(const std::vector<planner::BoundExprPtr>& exprs, const Batch& batch, size_t row, RowKey& key) const;
  // Moves the in-memory right rows, the rows of `pending` from `first_pending` on, and the
  // rest of the right input to partition files; then partitions the left input.
  void SpillBuild(const Batch& pending, size_t first_pending);
  // Splits a batch whose right rows did not fit into the next level's batches.
  void Split(SpilledBatch batch);
  // Loads the next spilled batch's right rows; false when none is left.
  bool LoadNextBatch();
  bool NextLeftBatch();
  void Probe(Batch& out);
  void ClearTable();
  // Decodes table row `row` into right_row_.
  void LoadRightRow(size_t row);
  void EmitUnmatchedRightRows(Batch& out);
  void RecordDetails();

  OperatorPtr left_;
  OperatorPtr right_;
  bool built_ = false;
  Phase phase_ = Phase::kProbe;
  HashJoinTable table_;
  Batch right_row_;  // the partner being paired, decoded from table_ (one row)
  Batch left_batch_;
  size_t left_row_ = 0;
  // Matches of the current left row still to emit.
  std::vector<uint32_t> matches_;
  size_t match_position_ = 0;
  bool probing_ = false;
  bool matched_ = false;
  Batch pair_;
  std::vector<bool> right_matched_;
  size_t unmatched_right_ = 0;
  RowHint hint_;
  DeferredError deferred_;  // an error after some of a batch's rows (ProduceUntilError)

  // Spilling.
  size_t peak_memory_bytes_ = 0;
  size_t peak_rows_ = 0;
  size_t batch_count_ = 1;
  uint64_t disk_bytes_ = 0;
  bool batched_ = false;
  std::vector<SpilledBatch> waiting_;
  SpilledBatch current_;
  std::unique_ptr<SpillReader> outer_reader_;
};

}  // namespace granary::executor
