// Ordered-set aggregates: f(direct arguments) WITHIN GROUP (ORDER BY aggregated arguments).
//
// After PostgreSQL's ParseFuncOrColumn and the pg_aggregate entries of aggkind 'o'
// (percentile_cont(float8 | float8[]) over float8 or interval, percentile_disc(float8 |
// float8[]) over anyelement, mode() over anyelement) and 'h' (rank, dense_rank,
// percent_rank, cume_dist: one hypothetical value per ordering column, each pair coerced to
// a common type as unify_hypothetical_args does). The direct arguments may read only the
// query's grouped columns (checked when the query moves onto the aggregate's output) and are
// evaluated once per group; the ordering columns are the aggregate's ORDER BY.
#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/collation_assign.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/json_binder.hpp"
#include "types/functions/aggregate_functions.hpp"

namespace granary::planner {
namespace {

using types::AggregateKind;
using types::Type;
using types::TypeId;

Type OfId(TypeId id) { return Type{id, -1}; }

}  // namespace

BoundExprPtr ExprBinder::BindOrderedSetAggregate(const parser::FuncCallExpr& expr,
                                                 const std::string& name) {
  const bool hypothetical = types::IsHypotheticalSetAggregateName(name);
  const bool ordered_set = hypothetical || types::IsOrderedSetAggregateName(name);
  // `function name(direct..., ordering...) does not exist` with PostgreSQL's hint.
  const auto no_function = [&](std::string hint) {
    std::vector<BoundExprPtr> shown;
    for (const parser::ExprPtr& arg : expr.args) shown.push_back(Bind(*arg));
    for (const parser::SortBy& key : expr.within_group) shown.push_back(Bind(*key.expr));
    return context_
        .ErrorAt(sqlstate::kUndefinedFunction,
                 "function " + FunctionSignatureText(name, shown) + " does not exist", expr.location)
        .WithHint(std::move(hint));
  };
  const auto not_ordered_set = [&] {
    return context_.ErrorAt(sqlstate::kWrongObjectType,
                            name + " is not an ordered-set aggregate, so it cannot have WITHIN GROUP",
                            expr.location);
  };
  if (expr.within_group.empty()) {
    // The call is looked up by its arguments alone, as PostgreSQL's func_get_detail: rank(x)
    // matches the hypothetical-set aggregate rank(VARIADIC "any"), percentile_cont(f, x)
    // percentile_cont(float8 ORDER BY float8 | interval), percentile_disc(f, x) and mode(x)
    // theirs over anyelement; other argument counts match nothing.
    const size_t count = expr.args.size();
    bool found = hypothetical || (name == "mode" && count == 1);
    if ((name == "percentile_cont" || name == "percentile_disc") && count == 2) {
      const TypeId ordered = Bind(*expr.args[1])->type.id;
      found = name == "percentile_disc" || ordered == TypeId::kUnknown || ordered == TypeId::kInterval ||
              types::IsNumericCategory(ordered) || ordered == TypeId::kFloat4;
    }
    if (found) {
      throw context_.ErrorAt(sqlstate::kWrongObjectType,
                             "WITHIN GROUP is required for ordered-set aggregate " + name, expr.location);
    }
    throw no_function(kNoFunctionMatchesHint);
  }
  if (!ordered_set) {
    if (expr.star) throw not_ordered_set();
    // A plain aggregate that takes the direct and ordering arguments together, such as
    // sum() WITHIN GROUP (ORDER BY x), is found and then refused (42809).
    const size_t count = expr.args.size() + expr.within_group.size();
    if (types::IsAggregateName(name) && count == (types::TakesDelimiter(name) ? 2u : 1u)) {
      const parser::Expr& first = expr.args.empty() ? *expr.within_group.front().expr : *expr.args.front();
      const TypeId argument = Bind(first)->type.id;
      if (types::ResolveAggregate(name, argument, false)) throw not_ordered_set();
    }
    throw no_function(kNoFunctionMatchesHint);
  }
  if (expr.over) {
    throw context_.ErrorAt(sqlstate::kFeatureNotSupported,
                           "OVER is not supported for ordered-set aggregate " + name, expr.location);
  }
  if (const int level = AggregateLevel(expr); level > 0) {
    // Its direct arguments are evaluated by the outer query too (PostgreSQL's
    // check_agg_arguments).
    for (const parser::ExprPtr& arg : expr.args) {
      const LevelFound lowest = LowestLevel(*arg, true);
      if (lowest.level >= 0 && lowest.level < level) {
        throw context_.ErrorAt(sqlstate::kGroupingError,
                               "outer-level aggregate cannot contain a lower-level variable in its "
                               "direct arguments",
                               lowest.location);
      }
    }
    return OuterReference(outer_->BindOrderedSetAggregate(expr, name), expr.location);
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
  aggregate.location = expr.location;
  inside_aggregate_ = true;
  std::vector<BoundExprPtr> direct;
  for (const parser::ExprPtr& arg : expr.args) direct.push_back(Bind(*arg));
  std::vector<BoundExprPtr> keys;
  for (const parser::SortBy& key : expr.within_group) {
    keys.push_back(Bind(*key.expr));
    const bool descending = key.direction == parser::SortDirection::kDescending;
    aggregate.descending.push_back(descending);
    aggregate.nulls_first.push_back(key.nulls == parser::NullsOrder::kDefault
                                        ? descending
                                        : key.nulls == parser::NullsOrder::kFirst);
  }
  inside_aggregate_ = false;

  types::AggregateSignature signature{AggregateKind::kMode, TypeId::kUnknown, TypeId::kUnknown};
  // anyelement cannot be resolved from an untyped literal alone.
  const auto polymorphic = [&](const BoundExprPtr& key) {
    if (key->type.id == TypeId::kUnknown) {
      throw Error(sqlstate::kDatatypeMismatch,
                  "could not determine polymorphic type because input has type unknown");
    }
    return key->type.id;
  };
  if (hypothetical) {
    if (direct.size() != keys.size()) {
      throw no_function("To use the hypothetical-set aggregate " + name +
                        ", the number of hypothetical direct arguments (here " +
                        std::to_string(direct.size()) +
                        ") must match the number of ordering columns (here " +
                        std::to_string(keys.size()) + ").");
    }
    for (size_t i = 0; i < keys.size(); ++i) {
      std::vector<BoundExprPtr> pair;  // PostgreSQL names the ordering column's type first
      pair.push_back(std::move(keys[i]));
      pair.push_back(std::move(direct[i]));
      Type common = CoerceToCommonType(pair, "WITHIN GROUP", context_);
      if (common.id == TypeId::kUnknown) {
        common = OfId(TypeId::kText);
        for (BoundExprPtr& value : pair) {
          value = Coerce(std::move(value), common, types::CastContext::kImplicit, context_);
        }
      }
      keys[i] = std::move(pair[0]);
      direct[i] = std::move(pair[1]);
    }
    signature.kind = name == "rank"         ? AggregateKind::kHypotheticalRank
                     : name == "dense_rank" ? AggregateKind::kHypotheticalDenseRank
                     : name == "percent_rank" ? AggregateKind::kHypotheticalPercentRank
                                              : AggregateKind::kHypotheticalCumeDist;
    signature.result = name == "rank" || name == "dense_rank" ? TypeId::kInt8 : TypeId::kFloat8;
  } else if (name == "mode") {
    if (!direct.empty() || keys.size() != 1) throw no_function(kNoFunctionMatchesHint);
    signature.kind = AggregateKind::kMode;
    signature.argument = polymorphic(keys[0]);
    signature.result = signature.argument;
  } else {
    // percentile_cont / percentile_disc (fraction or fractions) WITHIN GROUP (ORDER BY x).
    if (direct.size() != 1 || keys.size() != 1) throw no_function(kNoFunctionMatchesHint);
    const TypeId fractions = *types::ArrayTypeOf(TypeId::kFloat8);
    const TypeId have = direct[0]->type.id;
    if (types::IsArray(have) && CanImplicitlyCast(have, fractions)) {
      signature.direct = fractions;
    } else if (have == TypeId::kUnknown || CanImplicitlyCast(have, TypeId::kFloat8)) {
      signature.direct = TypeId::kFloat8;
    } else {
      throw no_function(kNoFunctionMatchesHint);
    }
    const TypeId key = keys[0]->type.id;
    if (name == "percentile_cont") {
      signature.kind = AggregateKind::kPercentileCont;
      if (key == TypeId::kInterval) {
        signature.argument = TypeId::kInterval;
      } else if (key == TypeId::kUnknown || CanImplicitlyCast(key, TypeId::kFloat8)) {
        signature.argument = TypeId::kFloat8;
      } else {
        throw no_function(kNoFunctionMatchesHint);
      }
    } else {
      signature.kind = AggregateKind::kPercentileDisc;
      signature.argument = polymorphic(keys[0]);
    }
    signature.result = signature.argument;
    if (signature.direct == fractions) {
      const std::optional<TypeId> array = types::ArrayTypeOf(signature.argument);
      if (!array) {
        throw Error(sqlstate::kUndefinedObject, "could not find array type for data type " +
                                                    types::FormatType(OfId(signature.argument)));
      }
      signature.result = *array;
    }
    direct[0] = Coerce(std::move(direct[0]), OfId(signature.direct), types::CastContext::kImplicit, context_);
    keys[0] = Coerce(std::move(keys[0]), OfId(signature.argument), types::CastContext::kImplicit, context_);
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (LacksComparison(keys[i]->type.id)) {
      throw context_
          .ErrorAt(sqlstate::kUndefinedFunction,
                   "could not identify an ordering operator for type " + types::FormatType(keys[i]->type),
                   expr.within_group[i].expr->location)
          .WithHint("Use an explicit ordering operator or modify the query.");
    }
  }
  // The call's collation, derived over the direct and the ordering arguments together as
  // PostgreSQL's assign_collations does for an Aggref: 42P21 for two different explicit
  // ones; a string result (percentile_disc, mode) has it.
  BoundExpr merged;
  merged.kind = BoundKind::kCoalesce;
  merged.type = OfId(TypeId::kText);
  for (const BoundExprPtr& arg : direct) merged.args.push_back(arg->Clone());
  for (const BoundExprPtr& key : keys) merged.args.push_back(key->Clone());
  AssignCollations(merged, context_);
  aggregate.signature = signature;
  aggregate.argument = keys[0]->Clone();
  aggregate.order_by = std::move(keys);
  aggregate.direct_args = std::move(direct);
  if (expr.filter) aggregate.filter = BindFilter(*expr.filter);
  BoundExprPtr ref = std::make_unique<BoundExpr>();
  ref->kind = BoundKind::kAggregateRef;
  ref->type = OfId(signature.result);
  if (types::IsString(signature.result)) ref->type.collation = merged.type.collation;
  ref->location = expr.location;
  ref->index = aggregates_->size();
  aggregates_->push_back(std::move(aggregate));
  return ref;
}

}  // namespace granary::planner
