// The tree-walking expression interpreter.
#include "executor/expr/evaluator.hpp"

#include "catalog/catalog_functions.hpp"
#include "executor/expr/array_eval.hpp"
#include "executor/expr/compiled_predicate.hpp"
#include "executor/expr/sleep.hpp"
#include "types/array.hpp"
#include "types/collation.hpp"
#include "types/powers_of_ten.hpp"
#include "types/record.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_set>

#include "common/sqlstate.hpp"
#include "executor/instrumentation.hpp"
#include "executor/operators/operator.hpp"
#include "executor/row_key.hpp"
#include "granary/error.hpp"
#include "planner/plan.hpp"

namespace granary::executor {

// PostgreSQL's hashed SubPlan: the distinct non-NULL values of an uncorrelated sub-select
// compared by `=`, and whether it yielded a NULL.
struct HashedSubquery {
  std::unordered_set<RowKey, RowKeyHash, RowKeyEqual> values;
  bool saw_null = false;
};

namespace {

using planner::BoundExpr;
using planner::BoundKind;
using types::Value;

Value EvaluateCall(const BoundExpr& expr, const Batch& input, size_t row, const ExecContext& context) {
  constexpr size_t kInlineArgs = 4;
  std::array<Value, kInlineArgs> inline_args;
  std::vector<Value> heap_args;
  std::span<Value> args;
  if (expr.args.size() <= kInlineArgs) {
    args = std::span<Value>(inline_args.data(), expr.args.size());
  } else {
    heap_args.resize(expr.args.size());
    args = heap_args;
  }
  for (size_t i = 0; i < expr.args.size(); ++i) {
    args[i] = Evaluate(*expr.args[i], input, row, context);
    if (expr.strict && args[i].is_null()) return Value::Null(expr.type.id);
  }
  // The call's input collation, as PostgreSQL passes fcinfo->fncollation (types::Compare
  // and the case mappings read it).
  const types::ScopedCollation collation(expr.input_collation);
  Value result = expr.function(args);
  // Functions on varchar return text payloads; keep the declared type tag.
  if (!result.is_null() && result.type() != expr.type.id) return result.Retag(expr.type.id);
  return result;
}

// An argument's value: in place for a column or a constant, else computed into `scratch`.
const Value& ArgumentValue(const BoundExpr& arg, const Batch& input, size_t row,
                           const ExecContext& context, Value& scratch) {
  if (arg.kind == BoundKind::kColumn) return input.columns[arg.index][row];
  if (arg.kind == BoundKind::kConstant) return arg.constant;
  scratch = Evaluate(arg, input, row, context);
  return scratch;
}

// A comparison the planner marked (planner::ComparisonKind): types::Compare on the two
// arguments where they are, as the operator's function would (strict: NULL gives NULL).
Value EvaluateComparison(const BoundExpr& expr, const Batch& input, size_t row,
                         const ExecContext& context) {
  Value left_scratch;
  const Value& left = ArgumentValue(*expr.args[0], input, row, context, left_scratch);
  if (left.is_null()) return Value::Null(types::TypeId::kBool);
  Value right_scratch;
  const Value& right = ArgumentValue(*expr.args[1], input, row, context, right_scratch);
  if (right.is_null()) return Value::Null(types::TypeId::kBool);
  const int order = types::Compare(left, right);
  switch (expr.comparison) {
    case planner::ComparisonKind::kEqual: return Value::Bool(order == 0);
    case planner::ComparisonKind::kNotEqual: return Value::Bool(order != 0);
    case planner::ComparisonKind::kLess: return Value::Bool(order < 0);
    case planner::ComparisonKind::kLessEqual: return Value::Bool(order <= 0);
    case planner::ComparisonKind::kGreater: return Value::Bool(order > 0);
    case planner::ComparisonKind::kGreaterEqual: return Value::Bool(order >= 0);
    case planner::ComparisonKind::kNone: break;
  }
  throw Error(sqlstate::kInternalError, "unrecognized comparison");
}

__int128 Magnitude(__int128 value) { return value < 0 ? -value : value; }

// A tree of numeric +, - and * (planner::NumericArithmetic) on scaled integers: kValue with
// the exact result at the scale Numeric's own arithmetic gives it (add and subtract: the larger
// scale; multiply: the sum of the scales), kNull when an operand is NULL (the operators are
// strict), kGeneral when an operand is NaN or infinite or a count could leave the range that
// Numeric::FromScaled and the next operator accept; the caller then evaluates the tree the
// general way (it reads only columns and constants, so evaluating it again changes nothing).
ScaledOutcome EvaluateScaledTree(const BoundExpr& expr, const Batch& input, size_t row, ScaledNumeric& out) {
  if (expr.kind != BoundKind::kCall) {
    const Value& value = expr.kind == BoundKind::kColumn ? input.columns[expr.index][row] : expr.constant;
    if (value.is_null()) return ScaledOutcome::kNull;
    const types::Numeric& number = value.AsNumeric();
    const std::optional<__int128> units = number.TryScaled(number.Scale());
    if (!units) return ScaledOutcome::kGeneral;
    out = {*units, number.Scale()};
    return ScaledOutcome::kValue;
  }
  ScaledNumeric left;
  ScaledOutcome outcome = EvaluateScaledTree(*expr.args[0], input, row, left);
  if (outcome != ScaledOutcome::kValue) return outcome;
  ScaledNumeric right;
  outcome = EvaluateScaledTree(*expr.args[1], input, row, right);
  if (outcome != ScaledOutcome::kValue) return outcome;
  if (expr.numeric_arithmetic == planner::NumericArithmetic::kMultiply) {
    // Both counts below 10^19, so the product is below 10^38 (Numeric's TryFastProduct).
    constexpr size_t kFactorDigits = 19;
    if (left.scale + right.scale > types::Numeric::kMaxFastScale ||
        Magnitude(left.units) >= types::SignedPowerOfTen(kFactorDigits) || Magnitude(right.units) >= types::SignedPowerOfTen(kFactorDigits)) {
      return ScaledOutcome::kGeneral;
    }
    out = {left.units * right.units, left.scale + right.scale};
    return ScaledOutcome::kValue;
  }
  // Add and subtract at the larger scale, both counts below 10^37 there (TryFastSum).
  const int scale = std::max(left.scale, right.scale);
  for (ScaledNumeric* operand : {&left, &right}) {
    const auto shift = static_cast<size_t>(scale - operand->scale);
    if (shift > static_cast<size_t>(types::Numeric::kMaxFastDigits) ||
        Magnitude(operand->units) >= types::SignedPowerOfTen(static_cast<size_t>(types::Numeric::kMaxFastDigits) - shift)) {
      return ScaledOutcome::kGeneral;
    }
    operand->units *= types::SignedPowerOfTen(shift);
  }
  const bool subtract = expr.numeric_arithmetic == planner::NumericArithmetic::kSubtract;
  out = {subtract ? left.units - right.units : left.units + right.units, scale};
  return ScaledOutcome::kValue;
}

Value EvaluateNumericArithmetic(const BoundExpr& expr, const Batch& input, size_t row, const ExecContext& context) {
  ScaledNumeric result;
  switch (EvaluateScaledTree(expr, input, row, result)) {
    case ScaledOutcome::kValue: return Value::OfNumeric(types::Numeric::FromScaled(result.units, result.scale));
    case ScaledOutcome::kNull: return Value::Null(expr.type.id);
    case ScaledOutcome::kGeneral: break;
  }
  return EvaluateCall(expr, input, row, context);
}

Value EvaluateCatalogCall(const BoundExpr& expr, const Batch& input, size_t row,
                          const ExecContext& context) {
  std::vector<Value> args;
  args.reserve(expr.args.size());
  for (const auto& arg : expr.args) {
    args.push_back(Evaluate(*arg, input, row, context));
    if (expr.strict && args.back().is_null()) return Value::Null(expr.type.id);
  }
  const auto function = static_cast<catalog::CatalogFunction>(expr.index);
  if (IsSleepFunction(function)) return Sleep(function, args, context);
  Value result = catalog::CallCatalogFunction(function, args, context.Catalog(), context.Environment(),
                                              context.snapshot);
  if (!result.is_null() && result.type() != expr.type.id) return result.Retag(expr.type.id);
  return result;
}

// A PL/pgSQL function (kRoutineCall): the arguments here, the body by the statement's
// RoutineCaller. STRICTness is the caller's to apply (it knows the function).
Value EvaluateRoutineCall(const BoundExpr& expr, const Batch& input, size_t row, const ExecContext& context) {
  if (context.routines == nullptr) {
    throw Error(sqlstate::kFeatureNotSupported, "function " + expr.name + "() cannot be called here");
  }
  std::vector<Value> args;
  args.reserve(expr.args.size());
  for (const auto& arg : expr.args) args.push_back(Evaluate(*arg, input, row, context));
  Value result = context.routines->Call(static_cast<uint32_t>(expr.index), std::move(args), context);
  if (result.is_null()) return Value::Null(expr.type.id);
  return result;
}

// Three-valued AND/OR with short-circuit: AND stops at false, OR at true.
Value EvaluateJunction(const BoundExpr& expr, const Batch& input, size_t row,
                       const ExecContext& context, bool is_and) {
  bool saw_null = false;
  for (const auto& arg : expr.args) {
    const Value value = Evaluate(*arg, input, row, context);
    if (value.is_null()) {
      saw_null = true;
    } else if (value.AsBool() != is_and) {
      return Value::Bool(!is_and);
    }
  }
  return saw_null ? Value::Null(types::TypeId::kBool) : Value::Bool(is_and);
}

// The first `width` columns of the subquery's rows (at most `limit` rows), one row after
// another, for the current row's correlation values. Uncorrelated subqueries run once per
// statement.
std::vector<Value> RunSubquery(const BoundExpr& expr, const Batch& input, size_t row,
                               const ExecContext& context, size_t limit, size_t width = 1) {
  const planner::SubqueryInfo& info = *expr.subquery;
  std::vector<Value> outer;
  for (size_t i = info.test_count; i < expr.args.size(); ++i) {
    outer.push_back(Evaluate(*expr.args[i], input, row, context));
  }
  const bool cached_result = outer.empty() && !info.volatile_call;
  if (cached_result) {
    auto cached = context.subquery_results->find(&info);
    if (cached != context.subquery_results->end()) return cached->second;
    limit = SIZE_MAX;  // cache the whole result: later rows may need more of it
  }
  ExecContext sub = context;
  sub.outer_values = &outer;
  OperatorPtr root = BuildOperator(*info.plan, sub);
  // EXISTS needs one row, a scalar subquery two (the second is an error): small batches
  // first, as under a LIMIT (PostgreSQL's subplans stop at those rows too).
  if (limit != SIZE_MAX) root->SetRowHint(limit);
  std::vector<Value> values;
  Batch batch;
  size_t rows = 0;
  while (rows < limit && root->Next(batch)) {
    for (size_t r = 0; r < batch.row_count && rows < limit; ++r, ++rows) {
      if (batch.columns.empty()) {
        values.push_back(Value::Bool(true));
        continue;
      }
      for (size_t c = 0; c < width; ++c) values.push_back(std::move(batch.columns[c][r]));
    }
  }
  if (cached_result) (*context.subquery_results)[&info] = values;
  return values;
}

// Whether `x = ANY (sub-select)` is answered from a hash set of the inner values: the
// sub-select reads no enclosing row and `=` compares values of x's own type (whose equality
// is the one RowKey hashes and compares: not arrays or records).
bool Hashable(const BoundExpr& expr) {
  const planner::SubqueryInfo& info = *expr.subquery;
  const types::TypeId type = info.compare_type.id;
  return info.mode == planner::SubqueryMode::kAny && info.operator_name == "=" && info.test_count == 1 &&
         expr.args.size() == 1 && expr.args[0]->type.id == type && !types::IsArray(type) &&
         type != types::TypeId::kRecord;
}

const HashedSubquery& HashedValues(const BoundExpr& expr, const Batch& input, size_t row, const ExecContext& context) {
  const planner::SubqueryInfo& info = *expr.subquery;
  auto found = context.hashed_subqueries->find(&info);
  if (found != context.hashed_subqueries->end()) return *found->second;
  auto hashed = std::make_shared<HashedSubquery>();
  for (const Value& inner : RunSubquery(expr, input, row, context, SIZE_MAX)) {
    if (inner.is_null()) {
      hashed->saw_null = true;
      continue;
    }
    hashed->values.insert(RowKey{inner.type() == info.compare_type.id
                                     ? inner
                                     : types::Cast(inner, info.compare_type, types::CastContext::kImplicit)});
  }
  const HashedSubquery& result = *hashed;
  (*context.hashed_subqueries)[&info] = std::move(hashed);
  return result;
}

// (a, b) op ANY / ALL (SELECT x, y ...): the row comparison per inner row, three-valued.
Value EvaluateRowSubquery(const BoundExpr& expr, const Batch& input, size_t row, const ExecContext& context) {
  const planner::SubqueryInfo& info = *expr.subquery;
  const bool any = info.mode == planner::SubqueryMode::kAny;
  const size_t width = info.test_count;
  Batch pair;  // the test values, then one inner row
  pair.Reset(2 * width);
  pair.row_count = 1;
  for (size_t i = 0; i < width; ++i) pair.columns[i].push_back(Evaluate(*expr.args[i], input, row, context));
  for (size_t i = 0; i < width; ++i) pair.columns[width + i].emplace_back();
  const std::vector<Value> values = RunSubquery(expr, input, row, context, SIZE_MAX, width);
  bool saw_null = false;
  for (size_t start = 0; start + width <= values.size(); start += width) {
    for (size_t i = 0; i < width; ++i) {
      const Value& inner = values[start + i];
      // An untyped literal of the sub-select is compared as text (BindRowSubqueryTest).
      pair.columns[width + i][0] = inner.type() == types::TypeId::kUnknown && !inner.is_null()
                                       ? inner.Retag(types::TypeId::kText)
                                       : inner;
    }
    const Value result = Evaluate(*info.row_compare, pair, 0, context);
    if (result.is_null()) {
      saw_null = true;
    } else if (result.AsBool() == any) {
      return Value::Bool(any);
    }
  }
  if (saw_null) return Value::Null(types::TypeId::kBool);
  return Value::Bool(!any);
}

Value EvaluateSubquery(const BoundExpr& expr, const Batch& input, size_t row,
                       const ExecContext& context) {
  const planner::SubqueryInfo& info = *expr.subquery;
  switch (info.mode) {
    case planner::SubqueryMode::kExists:
      return Value::Bool(!RunSubquery(expr, input, row, context, 1).empty());
    case planner::SubqueryMode::kScalar: {
      std::vector<Value> values = RunSubquery(expr, input, row, context, 2);
      if (values.size() > 1) {
        throw Error(sqlstate::kCardinalityViolation,
                    "more than one row returned by a subquery used as an expression");
      }
      if (values.empty() || values[0].is_null()) return Value::Null(expr.type.id);
      return values[0].type() == expr.type.id ? values[0] : values[0].Retag(expr.type.id);
    }
    case planner::SubqueryMode::kArray: {
      std::vector<Value> values = RunSubquery(expr, input, row, context, SIZE_MAX);
      for (Value& value : values) {
        if (!value.is_null() && value.type() != info.compare_type.id) {
          value = value.Retag(info.compare_type.id);
        }
      }
      return types::MakeArray(expr.type.id, std::move(values));
    }
    case planner::SubqueryMode::kAny:
    case planner::SubqueryMode::kAll: break;
  }
  // x op ANY / ALL: three-valued over every inner value.
  const bool any = info.mode == planner::SubqueryMode::kAny;
  if (info.row_compare) return EvaluateRowSubquery(expr, input, row, context);
  const Value test = Evaluate(*expr.args[0], input, row, context);
  if (Hashable(expr)) {
    const HashedSubquery& hashed = HashedValues(expr, input, row, context);
    if (hashed.values.empty() && !hashed.saw_null) return Value::Bool(false);
    if (test.is_null()) return Value::Null(types::TypeId::kBool);
    if (hashed.values.contains(RowKey{test})) return Value::Bool(true);
    return hashed.saw_null ? Value::Null(types::TypeId::kBool) : Value::Bool(false);
  }
  const std::vector<Value> values = RunSubquery(expr, input, row, context, SIZE_MAX);
  bool saw_null = false;
  for (const Value& inner : values) {
    if (test.is_null() || inner.is_null()) {
      saw_null = true;
      continue;
    }
    std::array<Value, 2> args{test, inner.type() == info.compare_type.id
                                        ? inner
                                        : types::Cast(inner, info.compare_type,
                                                      types::CastContext::kImplicit)};
    const types::ScopedCollation collation(expr.input_collation);
    const bool result = info.compare(args).AsBool();
    if (result == any) return Value::Bool(any);
  }
  if (saw_null) return Value::Null(types::TypeId::kBool);
  return Value::Bool(!any);
}

// nextval, currval, setval, lastval, and the columns of SELECT * FROM seq (kSequenceCall).
Value EvaluateSequenceCall(const BoundExpr& expr, const Batch& input, size_t row,
                           const ExecContext& context) {
  if (context.sequences == nullptr) {
    throw Error(sqlstate::kFeatureNotSupported, expr.name + "() cannot be used here yet");
  }
  SequenceAccess& sequences = *context.sequences;
  if (expr.name == "lastval") return Value::Int8(sequences.LastValue());
  std::vector<Value> args;
  for (const planner::BoundExprPtr& arg : expr.args) {
    args.push_back(Evaluate(*arg, input, row, context));
    if (args.back().is_null()) return Value::Null(expr.type.id);  // strict, as in PostgreSQL
  }
  const std::string& name = args[0].AsString();
  if (expr.name == "pg_get_serial_sequence") {
    const std::optional<std::string> found = sequences.SerialSequence(name, args[1].AsString());
    return found ? Value::Text(*found) : Value::Null(expr.type.id);
  }
  if (expr.name == "nextval") return Value::Int8(sequences.NextValue(name));
  if (expr.name == "currval") return Value::Int8(sequences.CurrentValue(name));
  if (expr.name == "setval") {
    const bool is_called = args.size() < 3 || args[2].AsBool();
    return Value::Int8(sequences.SetValue(name, args[1].AsInt(), is_called));
  }
  const storage::SequenceState state = sequences.ReadState(name);
  if (expr.name == "last_value") return Value::Int8(state.last_value);
  if (expr.name == "log_cnt") return Value::Int8(state.log_cnt);
  return Value::Bool(state.is_called);
}

}  // namespace

Value Evaluate(const BoundExpr& expr, const Batch& input, size_t row, const ExecContext& context) {
  switch (expr.kind) {
    case BoundKind::kConstant: return expr.constant;
    case BoundKind::kColumn: return input.columns[expr.index][row];
    case BoundKind::kParam: {
      if (expr.index >= context.params.size()) {
        throw Error(sqlstate::kUndefinedParameter,
                    "there is no parameter $" + std::to_string(expr.index + 1));
      }
      const Value& param = context.params[expr.index];
      if (param.type() == expr.type.id || param.is_null()) return param.is_null() ? Value::Null(expr.type.id) : param;
      return types::Cast(param, expr.type, types::CastContext::kExplicit);
    }
    case BoundKind::kCall:
      if (expr.comparison != planner::ComparisonKind::kNone) return EvaluateComparison(expr, input, row, context);
      if (expr.numeric_arithmetic != planner::NumericArithmetic::kNone) {
        return EvaluateNumericArithmetic(expr, input, row, context);
      }
      return EvaluateCall(expr, input, row, context);
    case BoundKind::kCatalogCall: return EvaluateCatalogCall(expr, input, row, context);
    case BoundKind::kRoutineCall: return EvaluateRoutineCall(expr, input, row, context);
    case BoundKind::kCast:
      return types::Cast(Evaluate(*expr.args[0], input, row, context), expr.type, expr.cast_context);
    case BoundKind::kAnd: return EvaluateJunction(expr, input, row, context, true);
    case BoundKind::kOr: return EvaluateJunction(expr, input, row, context, false);
    case BoundKind::kNot: {
      const Value value = Evaluate(*expr.args[0], input, row, context);
      return value.is_null() ? value : Value::Bool(!value.AsBool());
    }
    case BoundKind::kIsNull: {
      const Value value = Evaluate(*expr.args[0], input, row, context);
      if (!value.is_null() && value.type() == types::TypeId::kRecord) {
        // A row IS NULL when every field is, IS NOT NULL when none is (ExecEvalRowNull).
        bool all = true;
        for (const Value& field : value.AsRecord().fields) all = all && field.is_null() != expr.negated;
        return Value::Bool(all);
      }
      return Value::Bool(value.is_null() != expr.negated);
    }
    case BoundKind::kBooleanTest: {
      const Value value = Evaluate(*expr.args[0], input, row, context);
      bool result = false;
      switch (expr.boolean_test) {
        case planner::BooleanTest::kTrue: result = !value.is_null() && value.AsBool(); break;
        case planner::BooleanTest::kFalse: result = !value.is_null() && !value.AsBool(); break;
        case planner::BooleanTest::kUnknown: result = value.is_null(); break;
      }
      return Value::Bool(result != expr.negated);
    }
    case BoundKind::kCase: {
      for (size_t i = 0; i + 1 < expr.args.size(); i += 2) {
        const Value condition = Evaluate(*expr.args[i], input, row, context);
        if (!condition.is_null() && condition.AsBool()) {
          return Evaluate(*expr.args[i + 1], input, row, context);
        }
      }
      return Evaluate(*expr.args.back(), input, row, context);
    }
    case BoundKind::kCoalesce: {
      for (const auto& arg : expr.args) {
        Value value = Evaluate(*arg, input, row, context);
        if (!value.is_null()) return value;
      }
      return Value::Null(expr.type.id);
    }
    case BoundKind::kNullIf: {
      const Value equal = Evaluate(*expr.args[2], input, row, context);
      if (!equal.is_null() && equal.AsBool()) return Value::Null(expr.type.id);
      return Evaluate(*expr.args[0], input, row, context);
    }
    case BoundKind::kGreatest: {
      // NULLs are ignored; the result is NULL only when every argument is NULL.
      Value best = Value::Null(expr.type.id);
      for (const auto& arg : expr.args) {
        Value value = Evaluate(*arg, input, row, context);
        if (value.is_null()) continue;
        if (best.is_null()) {
          best = std::move(value);
          continue;
        }
        const int order = types::Compare(value, best, expr.input_collation);
        if (expr.negated ? order < 0 : order > 0) best = std::move(value);
      }
      return best;
    }
    case BoundKind::kDistinctFrom: {
      const Value left = Evaluate(*expr.args[0], input, row, context);
      const Value right = Evaluate(*expr.args[1], input, row, context);
      bool distinct;
      if (left.is_null() || right.is_null()) {
        distinct = left.is_null() != right.is_null();
      } else {
        distinct = types::Compare(left, right) != 0;
      }
      return Value::Bool(distinct != expr.negated);
    }
    case BoundKind::kSubquery: return EvaluateSubquery(expr, input, row, context);
    case BoundKind::kArray: return EvaluateArrayConstructor(expr, input, row, context);
    case BoundKind::kSubscript: return EvaluateSubscript(expr, input, row, context);
    case BoundKind::kArrayComparison: return EvaluateArrayComparison(expr, input, row, context);
    case BoundKind::kRow: {
      std::vector<Value> fields;
      fields.reserve(expr.args.size());
      for (const auto& arg : expr.args) fields.push_back(Evaluate(*arg, input, row, context));
      return types::MakeRecord(std::move(fields), expr.type.typmod);
    }
    case BoundKind::kFieldSelect: {
      const Value record = Evaluate(*expr.args[0], input, row, context);
      if (record.is_null()) return Value::Null(expr.type.id);
      return record.AsRecord().fields.at(expr.index);
    }
    case BoundKind::kSetFunction:
      throw Error(sqlstate::kFeatureNotSupported, "set-returning functions are not allowed here");
    case BoundKind::kOuterRef: return (*context.outer_values)[expr.index];
    case BoundKind::kSequenceCall: return EvaluateSequenceCall(expr, input, row, context);
    case BoundKind::kAggregateRef:
      throw Error(sqlstate::kInternalError, "aggregate reference outside an aggregate");
    case BoundKind::kWindowRef:
      throw Error(sqlstate::kInternalError, "window reference outside a window");
    case BoundKind::kGroupingRef:
      throw Error(sqlstate::kInternalError, "GROUPING outside an aggregate");
  }
  throw Error(sqlstate::kInternalError, "unrecognized expression kind");
}

void EvaluateColumn(const BoundExpr& expr, const Batch& input, const ExecContext& context,
                    Column& out) {
  out.clear();
  out.reserve(input.row_count);
  if (expr.kind == BoundKind::kColumn) {
    out = input.columns[expr.index];
    return;
  }
  for (size_t row = 0; row < input.row_count; ++row) out.push_back(Evaluate(expr, input, row, context));
}

size_t EvaluateColumnUntilError(const BoundExpr& expr, const Batch& input, const ExecContext& context,
                                size_t rows, Column& out, DeferredError& deferred) {
  out.clear();
  if (expr.kind == BoundKind::kColumn) {
    out = input.columns[expr.index];
    return rows;
  }
  out.reserve(rows);
  for (size_t row = 0; row < rows; ++row) {
    try {
      out.push_back(Evaluate(expr, input, row, context));
    } catch (const Error&) {
      deferred.Hold();
      return row;
    }
  }
  return rows;
}

ScaledOutcome EvaluateScaled(const BoundExpr& expr, const Batch& input, size_t row, ScaledNumeric& out) {
  return EvaluateScaledTree(expr, input, row, out);
}

bool EvaluatePredicate(const BoundExpr& expr, const Batch& input, size_t row,
                       const ExecContext& context) {
  const Value value = Evaluate(expr, input, row, context);
  return !value.is_null() && value.AsBool();
}

namespace {

// Whether a filter's qual, given as its conjuncts, holds for `row`: ExecQual's implicit AND,
// which stops at the first conjunct that is not true (false or NULL).
bool QualHolds(std::span<const BoundExpr* const> conjuncts, const Batch& batch, size_t row,
               const ExecContext& context) {
  for (const BoundExpr* conjunct : conjuncts) {
    if (!EvaluatePredicate(*conjunct, batch, row, context)) return false;
  }
  return true;
}

// Narrows `kept` to the rows (in order) for which `conjuncts` hold, evaluating them row by row;
// returns the number of rows of `rows` evaluated: all, or those before the first one that
// raised an Error (held in `deferred`; raised at once without it).
size_t NarrowRows(std::span<const BoundExpr* const> conjuncts, const Batch& batch, const ExecContext& context,
                  std::vector<uint32_t>& kept, DeferredError* deferred) {
  size_t evaluated = batch.row_count;
  size_t out = 0;
  for (const uint32_t row : kept) {
    bool holds = false;
    try {
      holds = QualHolds(conjuncts, batch, row, context);
    } catch (const Error&) {
      if (deferred == nullptr) throw;
      deferred->Hold();
      evaluated = row;
      break;
    }
    if (holds) kept[out++] = row;
  }
  kept.resize(out);
  return evaluated;
}

}  // namespace

size_t SelectRows(const BoundExpr& predicate, const Batch& batch, const ExecContext& context,
                  std::vector<uint32_t>& kept, DeferredError* deferred) {
  size_t evaluated = batch.row_count;
  const std::optional<CompiledPredicate> compiled = CompiledPredicate::Compile(predicate);
  if (compiled && compiled->SelectCompiled(batch, context, kept) == CompiledPredicate::Outcome::kDecided) {
    // The compiled conjuncts decided every row; the rest run for the rows they kept.
    if (!compiled->residual().empty()) evaluated = NarrowRows(compiled->residual(), batch, context, kept, deferred);
  } else {
    std::vector<const BoundExpr*> conjuncts;
    QualConjuncts(predicate, conjuncts);
    kept.resize(batch.row_count);
    for (size_t row = 0; row < batch.row_count; ++row) kept[row] = static_cast<uint32_t>(row);
    evaluated = NarrowRows(conjuncts, batch, context, kept, deferred);
  }
  if (context.instrumentation != nullptr) context.instrumentation->At(&predicate).removed += evaluated - kept.size();
  return evaluated;
}

void KeepRows(Column& column, std::span<const uint32_t> kept) {
  for (size_t k = 0; k < kept.size(); ++k) {
    if (kept[k] != k) column[k] = std::move(column[kept[k]]);
  }
  column.resize(kept.size());
}

void FilterBatch(const BoundExpr& predicate, Batch& batch, const ExecContext& context,
                 std::vector<uint32_t>* kept_rows, DeferredError* deferred) {
  std::vector<uint32_t> local;
  std::vector<uint32_t>& kept = kept_rows != nullptr ? *kept_rows : local;
  SelectRows(predicate, batch, context, kept, deferred);
  for (Column& column : batch.columns) KeepRows(column, kept);
  batch.row_count = kept.size();
}

}  // namespace granary::executor
