// Limit: skips OFFSET rows, then passes at most LIMIT rows. It tells its child it will pull
// at most LIMIT + OFFSET rows (SetRowBound), so a Sort below keeps only those, and hints the
// same number (SetRowHint), so the scans under nested loops read about that many rows first.
// The OFFSET rows are left out below when the child can count them without computing their
// values (SkipRows).
// Errors: 2201W `LIMIT must not be negative`, 2201X `OFFSET must not be negative`.
#pragma once

#include <optional>

#include "executor/operators/operator.hpp"

namespace granary::executor {

class Limit final : public Operator {
 public:
  Limit(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child);
  bool Next(Batch& out) override;
  // An outer LIMIT's smaller hint, plus this one's OFFSET, replaces this one's.
  void SetRowHint(size_t rows) override;

 private:
  OperatorPtr child_;
  std::optional<int64_t> remaining_;  // rows still to return; nullopt: no limit
  int64_t to_skip_ = 0;  // OFFSET rows still to drop here (0 when the child leaves them out)
  std::optional<size_t> hinted_;  // the hint given to the child
};

}  // namespace granary::executor
