// CompiledPredicate — the first step of DESIGN.md's flat expression programs: a filter's
// leading conjuncts that compare a column with a constant, a parameter or another column of
// the same type, evaluated over a whole batch a comparison at a time on a selection vector,
// instead of walking the bound tree row by row.
//
// The predicate is a filter's qual, evaluated as PostgreSQL's ExecQual evaluates the implicit
// AND of a WHERE clause's conjuncts (nested ANDs flattened into it, as the planner's
// canonicalisation does): in order, stopping at the first conjunct that is not true (false or
// NULL), the row then being rejected. (A tree-walking AND goes on past a NULL, which may raise
// an error in a later conjunct PostgreSQL never evaluates for that row.)
//
// What compiles: the leading conjuncts that are comparisons the finishing pass marked
// (planner::ComparisonKind) over int2, int4, int8, date, timestamp, timestamptz, float4, float8
// or numeric, whose operands are columns, constants, parameters, and casts of a column that
// cannot raise an error: integer widening (int2 -> int4 -> int8), float4 -> float8 and
// date -> timestamp (whose overflow past timestamp's range sends the batch to the general
// path, which raises it). At least one operand is a column. The conjuncts after the first one
// that does not compile stay a residual evaluated by the tree walk, row by row in row order,
// for the rows the compiled ones kept, so a residual conjunct that can raise raises for
// exactly the rows, and the first of them, that ExecQual evaluates it for: the compiled
// comparisons themselves can neither raise nor have effects, so evaluating them for every
// row of the batch first changes nothing a row would see.
//
// Semantics kept: types::Compare's (PostgreSQL's btree) orderings: float NaN equal to itself
// and above every number, -0 = 0, numeric by value whatever the scale with NaN above
// +Infinity; strict NULLs (a NULL operand makes the comparison NULL: the row is rejected).
//
// Thread-safety: a value type built per batch from a read-only BoundExpr.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "executor/batch.hpp"
#include "executor/exec_context.hpp"
#include "planner/bound_expr.hpp"

namespace granary::executor {

// Appends the conjuncts of the filter qual `qual` to `out`, in order, nested ANDs flattened.
void QualConjuncts(const planner::BoundExpr& qual, std::vector<const planner::BoundExpr*>& out);

class CompiledPredicate {
 public:
  // The compiled form of the filter qual `predicate`, or nullopt when its first conjunct does
  // not compile.
  // Reads the expression tree only (a few nodes): cheaper than one row's evaluation.
  static std::optional<CompiledPredicate> Compile(const planner::BoundExpr& predicate);

  enum class Outcome { kDecided, kGeneral };
  // Puts into `kept` (cleared first) the rows of `batch`, in order, for which the compiled
  // conjuncts are all true. kGeneral (with `kept` unspecified) when a value of the batch is
  // one the compiled form does not decide (a date past timestamp's range under a cast, a value
  // or parameter whose type tag is not the comparison's, a parameter that does not exist): the
  // caller then evaluates the batch by the tree. Raises nothing.
  // With `step_count`, only the first that many compiled conjuncts are evaluated (a scan's
  // first pass over the columns it has decoded so far).
  Outcome SelectCompiled(const Batch& batch, const ExecContext& context, std::vector<uint32_t>& kept,
                         size_t step_count = SIZE_MAX) const;

  // The columns the compiled conjunct `step` reads (one or two).
  std::vector<size_t> StepColumns(size_t step) const;
  // How many of the leading compiled conjuncts read only columns flagged in `available`.
  size_t LeadingStepsReading(const std::vector<bool>& available) const;

  // The first compiled conjunct as a test of one column's stored integer value against a
  // value fixed for the batch: `column <comparison> key`. kNone when it is not of that form
  // (both operands columns, a date -> timestamp conversion, floats or numerics) or when the
  // fixed operand is a parameter of another type or missing (the tree decides those);
  // kRejectsAll when the fixed operand is NULL.
  struct ColumnTest {
    enum class Kind : uint8_t { kNone, kTest, kRejectsAll };
    Kind kind = Kind::kNone;
    size_t column = 0;
    types::TypeId stored_type{};  // the type tag the column's decoded values carry
    planner::ComparisonKind comparison = planner::ComparisonKind::kNone;
    int64_t key = 0;
    // Whether `value` (the column's stored value, as Value::AsInt gives it) passes. Inline:
    // a scan's pre-filter asks it for every row it reads (ScanDecoder::Rejects).
    bool Passes(int64_t value) const {
      switch (comparison) {
        case planner::ComparisonKind::kEqual: return value == key;
        case planner::ComparisonKind::kNotEqual: return value != key;
        case planner::ComparisonKind::kLess: return value < key;
        case planner::ComparisonKind::kLessEqual: return value <= key;
        case planner::ComparisonKind::kGreater: return value > key;
        case planner::ComparisonKind::kGreaterEqual: return value >= key;
        case planner::ComparisonKind::kNone: break;
      }
      return false;
    }
  };
  ColumnTest LeadingColumnTest(const ExecContext& context) const;

  // The conjuncts after the compiled ones, in order (empty when everything compiled).
  const std::vector<const planner::BoundExpr*>& residual() const { return residual_; }
  size_t compiled_count() const { return steps_.size(); }

 private:
  // Where an operand's values come from.
  enum class Source : uint8_t { kColumn, kConstant, kParam };
  // A conversion applied to a column's values before comparing (casts that cannot raise;
  // kDateToTimestamp sends the batch to the general path past timestamp's range).
  enum class Conversion : uint8_t { kNone, kDateToTimestamp };
  struct Operand {
    Source source = Source::kConstant;
    Conversion conversion = Conversion::kNone;
    size_t index = 0;                    // kColumn: the column; kParam: the parameter
    types::TypeId stored_type{};         // the type tag the column's or parameter's values carry
    const types::Value* constant = nullptr;  // kConstant
  };
  // How the compared values are ordered.
  enum class Ordering : uint8_t { kInteger, kFloat, kNumeric };
  struct Step {
    planner::ComparisonKind comparison = planner::ComparisonKind::kNone;
    Ordering ordering = Ordering::kInteger;
    Operand left;
    Operand right;
  };

  static bool CompileComparison(const planner::BoundExpr& expr, Step& step);
  static bool CompileOperand(const planner::BoundExpr& expr, types::TypeId compared, Operand& operand);

  std::vector<Step> steps_;
  std::vector<const planner::BoundExpr*> residual_;
};

}  // namespace granary::executor
