// Bound expressions: the analyzer's output for every scalar expression, with names resolved
// to input column positions, types resolved, implicit casts made explicit and operators and
// functions resolved to their implementations. The executor evaluates them column-at-a-time
// over batches (executor/expr).
//
// Column indexes refer to the layout of the operator's input row (the planner rewrites them
// when it moves an expression to another operator).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "types/functions/builtin_functions.hpp"
#include "types/value.hpp"
#include "types/value_ops.hpp"

namespace granary::planner {

enum class BoundKind {
  kConstant,
  kColumn,     // input column `index`
  kParam,      // statement parameter `index` (0-based: $1 is 0)
  kCall,       // scalar function or operator `function` over args
  kCast,       // args[0] cast to `type` in `cast_context`
  kAnd,        // three-valued AND over args (2+)
  kOr,         // three-valued OR over args (2+)
  kNot,
  kIsNull,     // args[0] IS NULL (negated: IS NOT NULL)
  kBooleanTest,// args[0] IS [NOT] TRUE/FALSE/UNKNOWN (boolean_test, negated)
  kCase,       // args = [when1, then1, when2, then2, ..., else]; searched form
  kCoalesce,   // first non-NULL of args
  kNullIf,     // NULLIF(args[0], args[1]): args[2] is the equality test of args[0] and args[1]
  kGreatest,   // GREATEST/LEAST over args (least when negated)
  kDistinctFrom, // args[0] IS [NOT] DISTINCT FROM args[1] (negated: NOT DISTINCT)
  kAggregateRef, // during analysis only: the result of aggregate `index` of the query
  kWindowRef,    // during analysis only: the result of window function `index` of the query
  kGroupingRef,  // during analysis only: GROUPING(args), args over the query's input
  kSubquery,   // a sub-select (subquery->mode); args = [test expr if any] ++ correlation values
  kOuterRef,   // inside a subquery: correlation value `index` supplied by the enclosing row
  kSequenceCall, // `name` is nextval, currval, setval or lastval over args (sequence name
                 // text first), or last_value, log_cnt, is_called (SELECT * FROM seq);
                 // volatile: evaluated for every row, never folded
  kArray,      // ARRAY[args...] of `type`; negated: args are arrays, stacked into one more
               // dimension (multi-dimensional constructor)
  kSubscript,  // args[0][args[1]][args[2]]... (negated = false: element access, one arg per
               // subscript) or a slice (negated = true: a lower and an upper arg per subscript;
               // bit 2i / 2i+1 of `index` set when subscript i's lower / upper is omitted)
  kArrayComparison, // args[0] op ANY (args[1]) (negated: ALL), `function` comparing
                    // args[0] with one element
  kSetFunction,// a set-returning function in a select-list entry: unnest(array) or
               // generate_series(start, stop[, step]) (`name`) over args; the projection
               // whose entry it tops expands each input row into as many rows as the
               // longest set (optimize/project_set.hpp moves inner ones below)
  kRow,        // ROW(args...): a record of `type`, whose typmod describes its fields
               // (types/record.hpp)
  kFieldSelect,// field `index` (named `name`) of the record args[0]; NULL for a NULL record
  kCatalogCall,// catalog function `index` (catalog::CatalogFunction) over args, run with the
               // statement's catalog snapshot and session (catalog/catalog_functions.hpp)
  kRoutineCall,// a PL/pgSQL function (pg_proc oid `index`, `name`) over args, run by the
               // statement's routine caller (executor/routine_caller.hpp) for every row:
               // volatile, never folded, parallel unsafe
};

enum class BooleanTest { kTrue, kFalse, kUnknown };

// A kCall that compares two values of one type by that type's btree ordering
// (types::Compare), marked by the plan's finishing pass (finalize/typed_comparisons.hpp) so
// that the evaluator compares its arguments in place instead of calling `function`.
enum class ComparisonKind : uint8_t { kNone, kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

// A kCall of numeric +, - or * whose operands are, all the way down, numeric columns, numeric
// constants and such calls, marked by the plan's finishing pass (finalize/typed_comparisons.hpp)
// so that the evaluator computes the whole tree on 128-bit scaled integers
// (types::Numeric::TryScaled) and builds a Numeric for its result only.
enum class NumericArithmetic : uint8_t { kNone, kAdd, kSubtract, kMultiply };

struct BoundExpr;
using BoundExprPtr = std::unique_ptr<BoundExpr>;
struct PlanNode;
struct BoundQuery;

enum class SubqueryMode {
  kScalar,  // the single value of the single row (NULL for no row; 21000 for several)
  kExists,  // whether any row comes back
  kAny,     // test op ANY (values); IN is = ANY
  kAll,     // test op ALL (values)
  kArray,   // ARRAY(SELECT ...): the values as a one-dimensional array
};

// A planned sub-select inside an expression. Correlated subqueries receive the enclosing
// row's values for their outer references (kOuterRef) through the kSubquery node's args;
// uncorrelated ones run once per statement.
struct SubqueryInfo {
  SubqueryMode mode = SubqueryMode::kScalar;
  std::shared_ptr<const PlanNode> plan;
  std::string operator_name;                 // kAny/kAll
  types::ScalarFunction compare = nullptr;   // kAny/kAll: (test, inner value) -> bool
  types::Type compare_type;                  // inner values are cast to this first
  size_t test_count = 0;                     // leading args that are test expressions
  // (a, b) op ANY/ALL (SELECT x, y ...): the row comparison of one inner row, reading the
  // test values as columns 0..n-1 and the inner row as columns n..2n-1 (`compare` is then
  // unused); null for a single test value.
  std::shared_ptr<const BoundExpr> row_compare;
  // The sub-select as bound (before planning), kept for EXISTS and `= ANY` so that the
  // planner may turn a WHERE conjunct into a semi or anti join (optimize/semi_join.hpp).
  std::shared_ptr<const BoundQuery> query;
  // A call of a volatile SQL function: run for every row even when it reads no outer value
  // (uncorrelated subqueries are otherwise run once per statement).
  bool volatile_call = false;
};

struct BoundExpr {
  BoundKind kind = BoundKind::kConstant;
  types::Type type;
  types::Value constant;           // kConstant
  size_t index = 0;                // kColumn, kParam
  std::string name;                // function/operator name, for EXPLAIN and equality
  types::ScalarFunction function = nullptr;  // kCall
  bool strict = true;              // kCall: NULL argument -> NULL result without calling
  ComparisonKind comparison = ComparisonKind::kNone;  // kCall: see ComparisonKind
  NumericArithmetic numeric_arithmetic = NumericArithmetic::kNone;  // kCall: see NumericArithmetic
  types::CastContext cast_context = types::CastContext::kExplicit;  // kCast
  bool negated = false;            // kIsNull, kBooleanTest, kGreatest, kDistinctFrom
  BooleanTest boolean_test = BooleanTest::kTrue;
  std::vector<BoundExprPtr> args;
  std::shared_ptr<const SubqueryInfo> subquery;  // kSubquery
  int location = -1;               // byte offset in the statement text, for error positions
  // Collations (analyze/collation_assign.hpp). The result's collation is type.collation.
  // input_collation: the collation the node's own comparisons use (kCall, kGreatest,
  // kArrayComparison, kSubquery, kNullIf): a pg_collation oid, 0 for the default or
  // types::kIndeterminateCollation after a conflict of implicit collations.
  uint32_t input_collation = 0;
  bool explicit_collation = false;  // x COLLATE name: type.collation was given explicitly
  int collation_location = -1;      // that COLLATE's position

  BoundExprPtr Clone() const;
  // Structural equality (used to match select-list expressions with GROUP BY keys).
  bool Equals(const BoundExpr& other) const;
  // Calls `visit` on this node and every descendant.
  void Walk(const std::function<void(const BoundExpr&)>& visit) const;
  // True if some node is a column reference.
  bool ReferencesColumns() const;
  // True if some node must be evaluated for every row (nextval and friends): never an index
  // scan's key value.
  bool IsVolatile() const;
  // Rewrites every column index through `map`.
  void RemapColumns(const std::function<size_t(size_t)>& map);
  // An SQL-like rendering for EXPLAIN ("(a + 1)", "upper(b)").
  std::string ToString(const std::vector<std::string>& column_names) const;

 private:
  std::string ToStringWithoutCollation(const std::vector<std::string>& column_names) const;
};

BoundExprPtr MakeConstant(types::Value value, types::Type type);
BoundExprPtr MakeColumn(size_t index, types::Type type);

}  // namespace granary::planner
