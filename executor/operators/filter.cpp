#include "executor/operators/filter.hpp"

#include "executor/expr/evaluator.hpp"

namespace granary::executor {

bool Filter::Next(Batch& out) {
  deferred_.RaiseIfHeld();
  while (child_->Next(out)) {
    FilterBatch(*plan_.predicate, out, context_, nullptr, &deferred_);
    if (out.row_count > 0) return true;
    deferred_.RaiseIfHeld();
  }
  return false;
}

}  // namespace granary::executor
