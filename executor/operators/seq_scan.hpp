// Sequential scan: every row of a table visible to the statement's snapshot, decoded as far
// as the plan reads it (ScanDecoder). With TABLESAMPLE (plan.sample), a Sample Scan: only
// the rows the TableSampler keeps.
#pragma once

#include "executor/operators/operator.hpp"
#include "executor/operators/scan_decoder.hpp"
#include "executor/operators/table_sample.hpp"

#include <optional>
#include "storage/heap/heap_file.hpp"

namespace granary::executor {

class SeqScan final : public Operator {
 public:
  SeqScan(const planner::PlanNode& plan, ExecContext& context);
  bool Next(Batch& out) override;
  void SetRowBound(size_t rows) override { bound_.Set(rows); }
  void SetRowHint(size_t rows) override { bound_.SetHint(rows); }

 private:
  storage::HeapFile heap_;
  storage::HeapFile::Scan scan_;
  ScanDecoder decoder_;
  std::vector<storage::HeapTuple> tuples_;  // reused: a batch's are the first `count`
  ScanRowBound bound_;
  std::optional<TableSampler> sampler_;  // TABLESAMPLE
  bool counted_ = false;  // the scan's start, for pg_stat_user_tables
};

}  // namespace granary::executor
