// Hash: the build input of a hash join (PostgreSQL's Hash node). It passes its child's rows
// on unchanged; the HashJoin above, its only reader, hashes every row it returns before
// probing (hash_join.hpp), so EXPLAIN ANALYZE's rows for it are the rows hashed.
#pragma once

#include "executor/operators/operator.hpp"

namespace granary::executor {

class Hash final : public Operator {
 public:
  Hash(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
      : Operator(plan, context), child_(std::move(child)) {}
  bool Next(Batch& out) override { return child_->Next(out); }
  bool Rescan() override { return child_->Rescan(); }

 private:
  OperatorPtr child_;
};

}  // namespace granary::executor
