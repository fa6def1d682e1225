// Limit: skips OFFSET rows, then passes at most LIMIT rows. It tells its child it will pull
// at most LIMIT + OFFSET rows (SetRowBound), so a Sort below keeps only those.
// Errors: 2201W `LIMIT must not be negative`, 2201X `OFFSET must not be negative`.
#pragma once

#include <optional>

#include "executor/operators/operator.hpp"

namespace granary::executor {

class Limit final : public Operator {
 public:
  Limit(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child);
  bool Next(Batch& out) override;

 private:
  OperatorPtr child_;
  std::optional<int64_t> remaining_;  // rows still to return; nullopt: no limit
  int64_t to_skip_ = 0;
};

}  // namespace granary::executor
