// RecheckScan — stands in for the scan of the changed table while a statement is evaluated
// again for a newer version of a row (ExecContext::recheck): yields that one tuple, as it is
// now, if the scan's index conditions (PlanNode::index_quals) and predicate still hold.
#pragma once

#include "executor/operators/operator.hpp"
#include "storage/heap/heap_file.hpp"

namespace granary::executor {

class RecheckScan final : public Operator {
 public:
  RecheckScan(const planner::PlanNode& plan, ExecContext& context);
  bool Next(Batch& out) override;

 private:
  storage::HeapFile heap_;
  bool done_ = false;
};

}  // namespace granary::executor
