#include "executor/operators/project.hpp"

#include "executor/expr/evaluator.hpp"

namespace granary::executor {

bool Project::Next(Batch& out) {
  if (!child_->Next(input_)) return false;
  out.Reset(width());
  for (size_t i = 0; i < plan_.expressions.size(); ++i) {
    EvaluateColumn(*plan_.expressions[i], input_, context_, out.columns[i]);
  }
  out.row_count = input_.row_count;
  return true;
}

}  // namespace granary::executor
