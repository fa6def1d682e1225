// BatchSource — rows handed in from outside the plan: COPY FROM's parsed rows feed an INSERT
// through it. Next() returns the batch given to Supply() once, then false until the next
// Supply(), so the operator above it may be pulled again after it reported the end.
#pragma once

#include "executor/operators/operator.hpp"

namespace granary::executor {

class BatchSource final : public Operator {
 public:
  using Operator::Operator;
  // Takes `batch` (leaving it empty) as the next batch to return.
  void Supply(Batch& batch) {
    std::swap(pending_, batch);
    has_pending_ = pending_.row_count > 0;
  }
  bool Next(Batch& out) override {
    if (!has_pending_) return false;
    std::swap(out, pending_);
    has_pending_ = false;
    return true;
  }

 private:
  Batch pending_;
  bool has_pending_ = false;
};

}  // namespace granary::executor
