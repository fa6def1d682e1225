// ExprBinder: aggregate calls (their level, arguments, DISTINCT, ORDER BY and FILTER inside
// the call) and GROUPING(...).
#include "planner/analyze/expr_binder.hpp"

#include <algorithm>
#include <utility>

#include "common/sqlstate.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/collation_assign.hpp"
#include "planner/analyze/operators.hpp"
#include "types/functions/aggregate_functions.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;
using types::Value;

BoundExprPtr MakeNode(BoundKind kind, Type type, int location) {
  auto node = std::make_unique<BoundExpr>();
  node->kind = kind;
  node->type = type;
  node->location = location;
  return node;
}

}  // namespace

BoundExprPtr ExprBinder::BindAggregate(const parser::FuncCallExpr& expr, const std::string& name) {
  // An aggregate whose arguments read only enclosing queries' columns is theirs
  // (aggregate_level.cpp); this query reads its result like an outer column.
  if (const int level = AggregateLevel(expr); level > 0) {
    CheckNestedInFilter(expr, level);
    return OuterReference(outer_->BindAggregate(expr, name), expr.location);
  }
  if (!aggregates_) {
    throw context_.ErrorAt(sqlstate::kGroupingError,
                           "aggregate functions are not allowed in " + clause_, expr.location);
  }
  if (inside_aggregate_) {
    throw context_.ErrorAt(sqlstate::kGroupingError, "aggregate function calls cannot be nested",
                           expr.location);
  }
  BoundAggregate aggregate;
  aggregate.name = name;
  aggregate.distinct = expr.distinct;
  aggregate.location = expr.location;
  TypeId argument_type = TypeId::kUnknown;
  if (!expr.star) {
    const size_t arity = types::TakesDelimiter(name) ? 2 : 1;
    if (expr.args.size() != arity) {
      std::vector<BoundExprPtr> bound;
      for (const parser::ExprPtr& arg : expr.args) bound.push_back(Bind(*arg));
      throw context_
          .ErrorAt(sqlstate::kUndefinedFunction,
                   "function " + FunctionSignatureText(name, bound) + " does not exist",
                   expr.location)
          .WithHint(
              kNoFunctionMatchesHint);
    }
    inside_aggregate_ = true;
    aggregate.argument = Bind(*expr.args[0]);
    if (arity == 2) {
      // The second argument's type follows from both (string_agg's text or bytea delimiter,
      // the regression aggregates' float8 X, json_object_agg's value of any type).
      BoundExprPtr second = Bind(*expr.args[1]);
      const std::optional<TypeId> second_type =
          types::SecondArgumentType(name, aggregate.argument->type.id, second->type.id);
      if (!second_type) {
        std::vector<BoundExprPtr> shown;
        shown.push_back(std::move(aggregate.argument));
        shown.push_back(std::move(second));
        throw context_
            .ErrorAt(sqlstate::kUndefinedFunction,
                     "function " + FunctionSignatureText(name, shown) + " does not exist", expr.location)
            .WithHint(
                kNoFunctionMatchesHint);
      }
      aggregate.delimiter = Coerce(std::move(second), Type{*second_type, -1}, types::CastContext::kImplicit, context_);
    }
    inside_aggregate_ = false;
    argument_type = aggregate.argument->type.id;
  }
  const auto signature = types::ResolveAggregate(name, argument_type, expr.star);
  if (!signature) {
    std::vector<BoundExprPtr> shown;
    if (aggregate.argument) shown.push_back(std::move(aggregate.argument));
    throw context_
        .ErrorAt(sqlstate::kUndefinedFunction,
                 "function " + (expr.star ? name + "(*)" : FunctionSignatureText(name, shown)) +
                     " does not exist",
                 expr.location)
        .WithHint(
            kNoFunctionMatchesHint);
  }
  aggregate.signature = *signature;
  if (aggregate.argument && signature->argument != TypeId::kUnknown) {
    aggregate.argument = Coerce(std::move(aggregate.argument), Type{signature->argument, -1},
                                types::CastContext::kImplicit, context_);
  }
  BindAggregateOrderBy(expr, aggregate);
  if (expr.filter) aggregate.filter = BindFilter(*expr.filter);
  BoundExprPtr ref = MakeNode(BoundKind::kAggregateRef, Type{signature->result, -1}, expr.location);
  // min/max/array_agg of an enum give that enum (or its array): the typmod names it.
  if (aggregate.argument && aggregate.argument->type.id == TypeId::kEnum &&
      (signature->result == TypeId::kEnum || signature->result == TypeId::kEnumArray)) {
    ref->type = Type{signature->result, aggregate.argument->type.typmod};
  }
  // The aggregate's expressions live outside the tree being bound: derive theirs here. A
  // collatable result (min, max, string_agg) has its argument's collation.
  for (BoundExprPtr* part : {&aggregate.argument, &aggregate.delimiter, &aggregate.filter}) {
    if (*part) AssignCollations(**part, context_);
  }
  for (BoundExprPtr& key : aggregate.order_by) AssignCollations(*key, context_);
  if (aggregate.argument && types::IsString(ref->type.id) && types::IsString(aggregate.argument->type.id)) {
    ref->type.collation = aggregate.argument->type.collation;
  }
  ref->index = aggregates_->size();
  aggregates_->push_back(std::move(aggregate));
  return ref;
}

// GROUPING(a, b, ...): allowed where aggregates are; the select binder checks that each
// argument is a grouped expression (42803) when it moves the query onto the aggregate's
// output.
BoundExprPtr ExprBinder::BindGrouping(const parser::FuncCallExpr& expr) {
  // Like an aggregate, GROUPING belongs to the nearest query whose columns it reads.
  int level = -1;
  for (const parser::ExprPtr& arg : expr.args) {
    const int found = LowestLevel(*arg, true).level;
    if (found >= 0 && (level < 0 || found < level)) level = found;
  }
  if (level > 0) return OuterReference(outer_->BindGrouping(expr), expr.location);
  if (!aggregates_) {
    throw context_.ErrorAt(sqlstate::kGroupingError,
                           "grouping operations are not allowed in " + clause_, expr.location);
  }
  if (inside_aggregate_) {
    throw context_.ErrorAt(sqlstate::kGroupingError, "aggregate function calls cannot be nested",
                           expr.location);
  }
  constexpr size_t kMaxGroupingArguments = 31;  // the result is an int4 bit mask
  if (expr.args.size() > kMaxGroupingArguments) {
    throw context_.ErrorAt(sqlstate::kTooManyArguments,
                           "GROUPING must have fewer than 32 arguments", expr.location);
  }
  BoundExprPtr node = MakeNode(BoundKind::kGroupingRef, Type{TypeId::kInt4, -1}, expr.location);
  inside_aggregate_ = true;
  for (const parser::ExprPtr& arg : expr.args) node->args.push_back(Bind(*arg));
  inside_aggregate_ = false;
  return node;
}

// ORDER BY inside an aggregate call: keys bound over the input like the arguments (so an
// aggregate inside is "nested", 42803). With DISTINCT each key must equal an argument, as
// PostgreSQL's transformDistinctClause demands (42P10).
void ExprBinder::BindAggregateOrderBy(const parser::FuncCallExpr& expr, BoundAggregate& aggregate) {
  inside_aggregate_ = true;
  for (const parser::SortBy& sort_by : expr.order_by) {
    BoundExprPtr key = Bind(*sort_by.expr);
    if (key->type.id == TypeId::kUnknown) {
      key = Coerce(std::move(key), Type{TypeId::kText, -1}, types::CastContext::kImplicit, context_);
    }
    if (aggregate.distinct) {
      // An argument's implicit cast does not count (PostgreSQL's findTargetlistEntrySQL99),
      // so `string_agg(DISTINCT v, ',' ORDER BY v)` over varchar v is accepted.
      const auto matches = [&](const BoundExprPtr& argument) {
        if (!argument) return false;
        const BoundExpr* stripped = argument.get();
        while (stripped->kind == BoundKind::kCast && stripped->cast_context == types::CastContext::kImplicit) {
          stripped = stripped->args[0].get();
        }
        return stripped->Equals(*key);
      };
      if (!matches(aggregate.argument) && !matches(aggregate.delimiter)) {
        // At the key's leftmost token, as PostgreSQL's exprLocation (`v` of `v::text`).
        int location = sort_by.expr->location;
        for (const parser::Expr* part = sort_by.expr.get(); part->kind == parser::ExprKind::kTypeCast;) {
          part = part->As<parser::TypeCastExpr>().arg.get();
          if (part->location >= 0 && part->location < location) location = part->location;
        }
        throw context_.ErrorAt(sqlstate::kInvalidColumnReference,
                               "in an aggregate with DISTINCT, ORDER BY expressions must appear in "
                               "argument list",
                               location);
      }
    }
    const bool descending = sort_by.direction == parser::SortDirection::kDescending;
    aggregate.order_by.push_back(std::move(key));
    aggregate.descending.push_back(descending);
    aggregate.nulls_first.push_back(sort_by.nulls == parser::NullsOrder::kDefault
                                        ? descending
                                        : sort_by.nulls == parser::NullsOrder::kFirst);
  }
  inside_aggregate_ = false;
}

// FILTER (WHERE ...) of an aggregate (also one called with OVER): a boolean condition over
// the input in which aggregates (42803) and window functions (42P20) are not allowed.
BoundExprPtr ExprBinder::BindFilter(const parser::Expr& filter) {
  // An error ends the statement and its binders, so the state is restored on success only.
  std::vector<BoundAggregate>* aggregates = std::exchange(aggregates_, nullptr);
  std::vector<BoundWindow>* windows = std::exchange(windows_, nullptr);
  std::string clause = std::exchange(clause_, "FILTER");
  const bool inside_aggregate = std::exchange(inside_aggregate_, false);
  const WindowPart window_part = std::exchange(window_part_, WindowPart::kNone);
  BoundExprPtr bound = BindCondition(filter, "FILTER");
  aggregates_ = aggregates;
  windows_ = windows;
  clause_ = std::move(clause);
  inside_aggregate_ = inside_aggregate;
  window_part_ = window_part;
  return bound;
}

}  // namespace granary::planner
