// Sort: returns its input ordered by the sort keys (NULLs last for ascending keys and first
// for descending ones unless NULLS FIRST/LAST says otherwise). Ties keep input order.
// In memory while the rows fit in work_mem, else an external merge sort through temporary
// files (spill/external_sorter.hpp); under a LIMIT (SetRowBound) a bounded heap of the top
// rows ("top-N heapsort"). EXPLAIN ANALYZE shows which ("Sort Method").
#pragma once

#include <memory>

#include "executor/operators/operator.hpp"
#include "executor/spill/external_sorter.hpp"

namespace granary::executor {

class Sort final : public Operator {
 public:
  Sort(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
      : Operator(plan, context), child_(std::move(child)) {}
  bool Next(Batch& out) override;
  void SetRowBound(size_t rows) override { bound_ = rows; }

 private:
  void Consume();

  OperatorPtr child_;
  std::unique_ptr<ExternalSorter> sorter_;
  ExternalSorter::Row row_;
  size_t bound_ = 0;  // 0: none
};

}  // namespace granary::executor
