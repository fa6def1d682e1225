// Expression evaluation over batches.
//
// Expressions are evaluated row by row inside a batch by walking the bound tree; AND, OR,
// CASE and COALESCE evaluate lazily so that `x <> 0 AND 10 / x > 1` never divides by zero, as
// in PostgreSQL. (DESIGN.md's flat, vectorised expression programs and the LLVM JIT replace
// this interpreter later behind the same interface.)
#pragma once

#include <cstdint>
#include <vector>

#include "executor/batch.hpp"
#include "executor/exec_context.hpp"
#include "planner/bound_expr.hpp"

namespace granary::executor {

// The value of `expr` for row `row` of `input` (input may be empty for expressions without
// columns).
types::Value Evaluate(const planner::BoundExpr& expr, const Batch& input, size_t row,
                      const ExecContext& context);

// Evaluates `expr` for every row of `input` into `out` (cleared first).
void EvaluateColumn(const planner::BoundExpr& expr, const Batch& input, const ExecContext& context,
                    Column& out);

// True when the predicate is true (not false, not NULL) for the row.
bool EvaluatePredicate(const planner::BoundExpr& expr, const Batch& input, size_t row,
                       const ExecContext& context);

// Keeps the rows of `batch` for which `predicate` is true; with `kept_rows`, also says which
// input rows those were (their indexes before the filter, in order).
void FilterBatch(const planner::BoundExpr& predicate, Batch& batch, const ExecContext& context,
                 std::vector<uint32_t>* kept_rows = nullptr);

}  // namespace granary::executor
