// Expression evaluation over batches.
//
// Expressions are evaluated row by row inside a batch by walking the bound tree; AND, OR,
// CASE and COALESCE evaluate lazily so that `x <> 0 AND 10 / x > 1` never divides by zero, as
// in PostgreSQL. Filters (SelectRows, FilterBatch) run their leading column comparisons
// compiled, a comparison at a time over the batch (compiled_predicate.hpp), the first step of
// DESIGN.md's flat, vectorised expression programs; the rest of those programs and the LLVM
// JIT replace this interpreter later behind the same interface.
#pragma once

#include <cstdint>
#include <exception>
#include <span>
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

// An error a row raised in the middle of a batch, held back so that the rows before it leave
// first: PostgreSQL produces a row at a time and sends every row before the failing one. An
// operator that evaluates row by row returns the rows before the failing row and raises the
// held error at its next Next (and every one after it, so it never reports an end instead).
// Only granary::Error is held; anything else propagates at once.
class DeferredError {
 public:
  // Inside a catch block: holds the exception being handled (replacing one held before,
  // which was raised by a later row).
  void Hold() { error_ = std::current_exception(); }
  void RaiseIfHeld() const {
    if (error_ != nullptr) std::rethrow_exception(error_);
  }
  bool held() const { return error_ != nullptr; }
  std::exception_ptr error() const { return error_; }

 private:
  std::exception_ptr error_;
};

// Evaluates `expr` for the first `rows` rows of `input` into `out` (cleared first) and returns
// `rows`; when row r raises an Error, holds it in `deferred` and returns r (`out` then holds
// at least the r rows before it).
size_t EvaluateColumnUntilError(const planner::BoundExpr& expr, const Batch& input, const ExecContext& context,
                                size_t rows, Column& out, DeferredError& deferred);

// A numeric as a count of 10^-scale units (types::Numeric::TryScaled's form).
struct ScaledNumeric {
  __int128 units = 0;
  int scale = 0;
};
enum class ScaledOutcome { kValue, kNull, kGeneral };

// The value of `expr`, a call marked planner::NumericArithmetic, for row `row` on scaled
// integers: kValue with `out` its exact value (|units| < 10^38, scale at most
// types::Numeric::kMaxFastScale, the display scale Numeric's arithmetic gives), kNull for
// NULL, kGeneral when it must be evaluated by Evaluate (NaN, infinities, values past the
// 128-bit range). Raises nothing.
ScaledOutcome EvaluateScaled(const planner::BoundExpr& expr, const Batch& input, size_t row, ScaledNumeric& out);

// True when the predicate is true (not false, not NULL) for the row.
bool EvaluatePredicate(const planner::BoundExpr& expr, const Batch& input, size_t row,
                       const ExecContext& context);

// Puts into `kept` (cleared first), in order, the indexes of the rows of `batch` for which
// the filter qual `predicate` is true, and returns how many rows were evaluated: all of them,
// or, with `deferred`, the rows before the first one that raised an Error (held there). The
// qual's conjuncts (its top-level AND's arguments, nested ANDs flattened) are evaluated as
// PostgreSQL's ExecQual does: in order, a row rejected at the first one that is false or
// NULL, so that later conjuncts never run (nor raise) for it. Leading comparisons of columns
// run compiled over the whole batch (compiled_predicate.hpp). Reads only the columns the
// predicate reads, so the others may still be empty. Counts the removed rows for EXPLAIN
// ANALYZE.
size_t SelectRows(const planner::BoundExpr& predicate, const Batch& batch, const ExecContext& context,
                  std::vector<uint32_t>& kept, DeferredError* deferred);

// Keeps rows `kept` (increasing indexes into `column`) of `column`, in order.
void KeepRows(Column& column, std::span<const uint32_t> kept);

// Keeps the rows of `batch` for which `predicate` is true; with `kept_rows`, also says which
// input rows those were (their indexes before the filter, in order). With `deferred`, an
// Error raised by row r is held there and the batch keeps only its rows before r.
void FilterBatch(const planner::BoundExpr& predicate, Batch& batch, const ExecContext& context,
                 std::vector<uint32_t>* kept_rows = nullptr, DeferredError* deferred = nullptr);

}  // namespace granary::executor
