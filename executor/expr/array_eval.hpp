// Evaluation of kArray, kSubscript and kArrayComparison nodes (evaluator.cpp dispatches).
#pragma once

#include "executor/batch.hpp"
#include "executor/exec_context.hpp"
#include "planner/bound_expr.hpp"

namespace granary::executor {

types::Value EvaluateArrayConstructor(const planner::BoundExpr& expr, const Batch& input,
                                      size_t row, const ExecContext& context);
types::Value EvaluateSubscript(const planner::BoundExpr& expr, const Batch& input, size_t row,
                               const ExecContext& context);
types::Value EvaluateArrayComparison(const planner::BoundExpr& expr, const Batch& input,
                                     size_t row, const ExecContext& context);

}  // namespace granary::executor
