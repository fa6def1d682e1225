#include "executor/operators/filter.hpp"

#include "executor/expr/evaluator.hpp"

namespace granary::executor {

bool Filter::Next(Batch& out) {
  while (child_->Next(out)) {
    FilterBatch(*plan_.predicate, out, context_);
    if (out.row_count > 0) return true;
  }
  return false;
}

}  // namespace granary::executor
