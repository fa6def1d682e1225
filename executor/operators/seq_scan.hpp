// Sequential scan: every row of a table visible to the statement's snapshot.
#pragma once

#include "executor/operators/operator.hpp"
#include "storage/heap/heap_file.hpp"

namespace granary::executor {

class SeqScan final : public Operator {
 public:
  SeqScan(const planner::PlanNode& plan, ExecContext& context);
  bool Next(Batch& out) override;

 private:
  storage::HeapFile heap_;
  storage::HeapFile::Scan scan_;
  std::vector<types::Type> column_types_;
  std::vector<storage::HeapTuple> tuples_;
};

}  // namespace granary::executor
