// Constant folding over bound expressions, bottom-up.
#include "planner/finalize/constant_folding.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "granary/error.hpp"
#include "planner/query.hpp"
#include "types/collation.hpp"

namespace granary::planner {
namespace {

using types::TypeId;
using types::Value;

// Built-in functions that are volatile or stable in PostgreSQL (pg_proc.provolatile 'v' or
// 's') whatever their argument types.
constexpr std::array<std::string_view, 22> kNotImmutable = {
    "random",       "setseed",          "gen_random_uuid",       "clock_timestamp",
    "current_date", "current_timestamp", "localtimestamp",       "now",
    "statement_timestamp", "timeofday", "transaction_timestamp", "version",
    "age",          "to_char",          "to_date",               "to_timestamp",
    "to_number",    "timezone",         "make_timestamptz",      "pg_size_pretty",
    "current_time", "localtime",
};

// Types whose values and operations do not depend on any setting.
bool IsPlainType(TypeId type) {
  switch (type) {
    case TypeId::kBool:
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kFloat4:
    case TypeId::kFloat8:
    case TypeId::kNumeric:
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kBytea:
    case TypeId::kName:
    case TypeId::kChar:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTime:
    case TypeId::kInterval:
      return true;
    default:
      return false;
  }
}

bool IsDateTime(TypeId type) {
  return type == TypeId::kDate || type == TypeId::kTimestamp || type == TypeId::kInterval ||
         type == TypeId::kTime;
}

bool IsCharacterString(TypeId type) {
  return type == TypeId::kText || type == TypeId::kVarchar || type == TypeId::kBpchar ||
         type == TypeId::kName || type == TypeId::kChar;
}

bool IsFloat(TypeId type) { return type == TypeId::kFloat4 || type == TypeId::kFloat8; }

bool AllArgumentsConstant(const BoundExpr& expr) {
  return std::all_of(expr.args.begin(), expr.args.end(),
                     [](const BoundExprPtr& arg) { return arg->kind == BoundKind::kConstant; });
}

bool ArgumentTypesPlain(const BoundExpr& expr) {
  return std::all_of(expr.args.begin(), expr.args.end(),
                     [](const BoundExprPtr& arg) { return IsPlainType(arg->type.id); });
}

bool FoldableCall(const BoundExpr& expr) {
  if (expr.function == nullptr || !IsPlainType(expr.type.id) || !ArgumentTypesPlain(expr)) return false;
  return std::find(kNotImmutable.begin(), kNotImmutable.end(), expr.name) == kNotImmutable.end();
}

bool FoldableCast(const BoundExpr& expr) {
  if (expr.args.size() != 1) return false;
  const TypeId from = expr.args[0]->type.id;
  const TypeId to = expr.type.id;
  if (!IsPlainType(from) || !IsPlainType(to)) return false;
  // Date/time text forms follow DateStyle and IntervalStyle, float text extra_float_digits.
  if ((IsDateTime(from) && IsCharacterString(to)) || (IsCharacterString(from) && IsDateTime(to))) return false;
  if (IsFloat(from) && IsCharacterString(to)) return false;
  return true;
}

// The value of a foldable node over its constant arguments, as the evaluator computes it
// (executor/expr/evaluator.cpp). Its errors propagate: the statement fails while planning,
// as in PostgreSQL.
Value Compute(const BoundExpr& expr) {
  if (expr.kind == BoundKind::kCast) return types::Cast(expr.args[0]->constant, expr.type, expr.cast_context);
  std::vector<Value> args;
  args.reserve(expr.args.size());
  for (const BoundExprPtr& arg : expr.args) {
    if (expr.strict && arg->constant.is_null()) return Value::Null(expr.type.id);
    args.push_back(arg->constant);
  }
  const types::ScopedCollation collation(expr.input_collation);
  Value result = expr.function(args);
  if (!result.is_null() && result.type() != expr.type.id) return result.Retag(expr.type.id);
  return result;
}

bool IsConstantBool(const BoundExpr& expr, bool value) {
  return expr.kind == BoundKind::kConstant && !expr.constant.is_null() &&
         expr.constant.type() == TypeId::kBool && expr.constant.AsBool() == value;
}

bool IsConstantFalseOrNull(const BoundExpr& expr) {
  return expr.kind == BoundKind::kConstant && (expr.constant.is_null() || IsConstantBool(expr, false));
}

// Folds the arguments PostgreSQL's eval_const_expressions reaches: after a CASE arm whose
// condition is constant true nothing more, an arm whose condition is constant false or NULL
// not at all; COALESCE's arguments up to the first non-NULL constant; AND's up to a constant
// false, OR's up to a constant true. The others are left for the rows that reach them.
void FoldArguments(BoundExpr& expr, FoldingErrors errors) {
  switch (expr.kind) {
    case BoundKind::kCase: {
      for (size_t i = 0; i + 1 < expr.args.size(); i += 2) {
        FoldConstants(expr.args[i], errors);
        if (IsConstantFalseOrNull(*expr.args[i])) continue;
        FoldConstants(expr.args[i + 1], errors);
        if (IsConstantBool(*expr.args[i], true)) return;
      }
      FoldConstants(expr.args.back(), errors);
      return;
    }
    case BoundKind::kCoalesce:
      for (BoundExprPtr& arg : expr.args) {
        FoldConstants(arg, errors);
        if (arg->kind == BoundKind::kConstant && !arg->constant.is_null()) return;
      }
      return;
    case BoundKind::kAnd:
    case BoundKind::kOr: {
      const bool stop_at = expr.kind == BoundKind::kOr;
      for (BoundExprPtr& arg : expr.args) {
        FoldConstants(arg, errors);
        if (IsConstantBool(*arg, stop_at)) return;
      }
      return;
    }
    default:
      // A sub-select's test and correlation values fold; its plan was folded when planned.
      for (BoundExprPtr& arg : expr.args) FoldConstants(arg, errors);
      return;
  }
}

bool IsConstant(const BoundExpr& expr) { return expr.kind == BoundKind::kConstant; }

BoundExprPtr BoolConstant(bool value, const BoundExpr& like) {
  BoundExprPtr constant = MakeConstant(Value::Bool(value), types::Type{TypeId::kBool, -1});
  constant->location = like.location;
  return constant;
}

// The simplifications of eval_const_expressions beyond calls and casts, over arguments
// already folded: NOT, IS [NOT] NULL, IS [NOT] TRUE/FALSE/UNKNOWN and NULLIF over constants;
// AND and OR decided by a constant operand or left without their constant true (false)
// ones; CASE without the arms whose condition is constant false or NULL, and the arm whose
// condition is constant true in place of the CASE; COALESCE whose first argument is a
// constant that is not NULL. Null when `expr` stays as it is.
BoundExprPtr Simplified(BoundExpr& expr) {
  switch (expr.kind) {
    case BoundKind::kNot: {
      const BoundExpr& arg = *expr.args[0];
      if (!IsConstant(arg) || (!arg.constant.is_null() && arg.constant.type() != TypeId::kBool)) return nullptr;
      if (arg.constant.is_null()) return MakeConstant(Value::Null(TypeId::kBool), expr.type);
      return BoolConstant(!arg.constant.AsBool(), expr);
    }
    case BoundKind::kIsNull: {
      const BoundExpr& arg = *expr.args[0];
      if (!IsConstant(arg) || (!arg.constant.is_null() && arg.constant.type() == TypeId::kRecord)) return nullptr;
      return BoolConstant(arg.constant.is_null() != expr.negated, expr);
    }
    case BoundKind::kBooleanTest: {
      const BoundExpr& arg = *expr.args[0];
      if (!IsConstant(arg) || (!arg.constant.is_null() && arg.constant.type() != TypeId::kBool)) return nullptr;
      const Value& value = arg.constant;
      bool result = false;
      switch (expr.boolean_test) {
        case BooleanTest::kTrue: result = !value.is_null() && value.AsBool(); break;
        case BooleanTest::kFalse: result = !value.is_null() && !value.AsBool(); break;
        case BooleanTest::kUnknown: result = value.is_null(); break;
      }
      return BoolConstant(result != expr.negated, expr);
    }
    case BoundKind::kNullIf: {
      if (expr.args.size() != 3 || !IsConstant(*expr.args[0]) || !IsConstant(*expr.args[2])) return nullptr;
      const Value& equal = expr.args[2]->constant;
      if (!equal.is_null() && equal.type() != TypeId::kBool) return nullptr;
      if (!equal.is_null() && equal.AsBool()) return MakeConstant(Value::Null(expr.type.id), expr.type);
      return expr.args[0]->Clone();
    }
    case BoundKind::kAnd:
    case BoundKind::kOr: {
      // AND: a false operand decides it, true ones drop out (OR: the other way round).
      const bool decides = expr.kind == BoundKind::kOr;
      std::vector<BoundExprPtr> kept;
      for (BoundExprPtr& arg : expr.args) {
        if (IsConstant(*arg) && !arg->constant.is_null() && arg->constant.type() == TypeId::kBool) {
          if (arg->constant.AsBool() == decides) return BoolConstant(decides, expr);
          continue;
        }
        kept.push_back(arg->Clone());
      }
      if (kept.size() == expr.args.size()) return nullptr;
      if (kept.empty()) return BoolConstant(!decides, expr);
      if (kept.size() == 1) return std::move(kept[0]);
      BoundExprPtr rest = expr.Clone();
      rest->args = std::move(kept);
      return rest;
    }
    case BoundKind::kCase: {
      std::vector<BoundExprPtr> kept;
      bool changed = false;
      for (size_t i = 0; i + 1 < expr.args.size(); i += 2) {
        const BoundExpr& condition = *expr.args[i];
        if (IsConstantFalseOrNull(condition)) {
          changed = true;
          continue;
        }
        if (IsConstantBool(condition, true)) {
          if (kept.empty()) return expr.args[i + 1]->Clone();
          // The arms before stay; this one becomes the ELSE.
          BoundExprPtr rest = expr.Clone();
          kept.push_back(expr.args[i + 1]->Clone());
          rest->args = std::move(kept);
          return rest;
        }
        kept.push_back(expr.args[i]->Clone());
        kept.push_back(expr.args[i + 1]->Clone());
      }
      if (!changed) return nullptr;
      if (kept.empty()) return expr.args.back()->Clone();
      BoundExprPtr rest = expr.Clone();
      kept.push_back(expr.args.back()->Clone());
      rest->args = std::move(kept);
      return rest;
    }
    case BoundKind::kCoalesce: {
      const BoundExpr& first = *expr.args[0];
      if (!IsConstant(first) || first.constant.is_null() || first.type.id != expr.type.id) return nullptr;
      return first.Clone();
    }
    default:
      return nullptr;
  }
}

}  // namespace

void FoldConstants(BoundExprPtr& expr, FoldingErrors errors) {
  if (!expr) return;
  FoldArguments(*expr, errors);
  if (BoundExprPtr simpler = Simplified(*expr)) {
    // The node's collation stays with its value.
    if (simpler->kind == BoundKind::kConstant) {
      simpler->explicit_collation = expr->explicit_collation;
      simpler->collation_location = expr->collation_location;
    }
    expr = std::move(simpler);
    return;
  }
  const bool foldable = (expr->kind == BoundKind::kCall && FoldableCall(*expr)) ||
                        (expr->kind == BoundKind::kCast && FoldableCast(*expr));
  if (!foldable || !AllArgumentsConstant(*expr)) return;
  Value value;
  try {
    value = Compute(*expr);
  } catch (const Error&) {
    if (errors == FoldingErrors::kRaise) throw;
    return;  // left for the rows that reach it
  }
  if (!value.is_null() && value.type() != expr->type.id) return;  // not the declared type
  BoundExprPtr constant = MakeConstant(std::move(value), expr->type);
  constant->location = expr->location;
  constant->explicit_collation = expr->explicit_collation;
  constant->collation_location = expr->collation_location;
  expr = std::move(constant);
}

namespace {

void CheckExpression(const BoundExprPtr& expr) {
  if (!expr) return;
  BoundExprPtr copy = expr->Clone();
  FoldConstants(copy, FoldingErrors::kRaise);
}

void CheckItem(const BoundFromItem& item) {
  CheckExpression(item.condition);
  for (const BoundExprPtr& arg : item.function_args) CheckExpression(arg);
  if (item.left) CheckItem(*item.left);
  if (item.right) CheckItem(*item.right);
}

}  // namespace

thread_local int folding_errors_deferred = 0;

ScopedFoldingErrorsDeferred::ScopedFoldingErrorsDeferred() { ++folding_errors_deferred; }
ScopedFoldingErrorsDeferred::~ScopedFoldingErrorsDeferred() { --folding_errors_deferred; }

void CheckFoldingErrors(const BoundQuery& query) {
  if (folding_errors_deferred > 0) return;
  for (const auto& item : query.from) CheckItem(*item);
  CheckExpression(query.where);
  for (const BoundExprPtr& expr : query.group_keys) CheckExpression(expr);
  for (const BoundAggregate& aggregate : query.aggregates) {
    CheckExpression(aggregate.argument);
    CheckExpression(aggregate.filter);
  }
  CheckExpression(query.having);
  for (const BoundExprPtr& expr : query.targets) CheckExpression(expr);
  CheckExpression(query.limit);
  CheckExpression(query.offset);
}

}  // namespace granary::planner
