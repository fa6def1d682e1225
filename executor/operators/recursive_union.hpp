// Recursive Union: a recursive WITH item's rows, by PostgreSQL's work-table iteration. The
// non-recursive term runs first; then, while the last round produced rows, those rows become
// the work table and the recursive term runs again over them (a fresh operator tree per
// round). Every row produced is emitted as it comes. UNION (not ALL) keeps a hash set of
// the rows emitted so far and drops repeats, across all rounds, which is what stops a walk
// around a cycle.
#pragma once

#include <memory>
#include <unordered_set>

#include "executor/operators/operator.hpp"
#include "executor/row_key.hpp"

namespace granary::executor {

class RecursiveUnion final : public Operator {
 public:
  using Operator::Operator;
  ~RecursiveUnion() override;
  bool Next(Batch& out) override;

 private:
  // Starts the next round; false when the last one produced nothing.
  bool StartRound();

  OperatorPtr current_;  // the term running now
  bool recursive_ = false;
  std::shared_ptr<RowBuffer> produced_ = std::make_shared<RowBuffer>();  // this round's rows
  std::unordered_set<RowKey, RowKeyHash, RowKeyEqual> seen_;
  Batch input_;
};

}  // namespace granary::executor
