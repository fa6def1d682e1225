// WorkTable Scan: inside a recursive union's recursive term, the rows the previous round
// produced (published by the RecursiveUnion operator in the statement's CteStore).
#pragma once

#include <memory>

#include "executor/operators/operator.hpp"

namespace granary::executor {

class WorkTableScan final : public Operator {
 public:
  using Operator::Operator;
  bool Next(Batch& out) override;

 private:
  std::shared_ptr<const RowBuffer> rows_;
  size_t next_batch_ = 0;
};

}  // namespace granary::executor
