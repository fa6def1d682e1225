#include "executor/operators/result.hpp"

#include "executor/expr/evaluator.hpp"

namespace granary::executor {

bool Result::Next(Batch& out) {
  if (!checked_) {
    checked_ = true;
    const Batch no_input;
    const types::Value value = Evaluate(*plan_.predicate, no_input, 0, context_);
    passed_ = !value.is_null() && value.AsBool();
    if (passed_ && !child_) {
      // Without a child: the one row of a SELECT without FROM (no columns).
      passed_ = false;
      out.Reset(width());
      out.row_count = 1;
      return true;
    }
  }
  if (!passed_ || !child_) return false;
  return child_->Next(out);
}

}  // namespace granary::executor
