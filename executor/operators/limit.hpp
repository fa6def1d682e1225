// Limit: skips OFFSET rows, then passes at most LIMIT rows. It tells its child it will pull
// at most LIMIT + OFFSET rows (SetRowBound), so a Sort below keeps only those, and hints the
// same number (SetRowHint), so the scans under nested loops read about that many rows first.
// The OFFSET rows are left out below when the child can count them without computing their
// values (SkipRows).
// FETCH FIRST n ROWS WITH TIES (plan.limit_with_ties) also returns the rows after the n-th
// that are equal to it on the sort keys (compared as Sort orders them, NULLs equal), and then
// stops; it promises its child no bound, since a top-N sort would drop the ties.
// Errors: 2201W `LIMIT must not be negative`, 2201X `OFFSET must not be negative`, 2201W
// `row count cannot be null in FETCH FIRST ... WITH TIES clause`.
#pragma once

#include <optional>
#include <vector>

#include "executor/operators/operator.hpp"

namespace granary::executor {

class Limit final : public Operator {
 public:
  Limit(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child);
  bool Next(Batch& out) override;
  // An outer LIMIT's smaller hint, plus this one's OFFSET, replaces this one's.
  void SetRowHint(size_t rows) override;

 private:
  // WITH TIES: the rows [begin, end) of `out` to return, extended past `end` by the rows
  // tied with the last counted one; sets done_ at the first row that is not.
  size_t TakeTies(const Batch& out, size_t begin, size_t end);
  bool Tied(const Batch& out, size_t row) const;

  OperatorPtr child_;
  bool with_ties_ = false;
  std::optional<std::vector<types::Value>> tie_key_;  // the sort keys of the last counted row
  bool done_ = false;
  std::optional<int64_t> remaining_;  // rows still to return; nullopt: no limit
  int64_t to_skip_ = 0;  // OFFSET rows still to drop here (0 when the child leaves them out)
  std::optional<size_t> hinted_;  // the hint given to the child
};

}  // namespace granary::executor
