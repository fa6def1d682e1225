// Built-in aggregate functions: count, sum, avg, min, max, string_agg, array_agg, json_agg,
// jsonb_agg, json_object_agg, jsonb_object_agg, bool_and,
// bool_or, every, the variance and standard deviation family, and the two-argument
// regression family (regr_*, covar_pop, covar_samp, corr) — signatures, result types and the
// running state that computes them, with PostgreSQL's result types (sum(int4) is int8,
// sum(int8) and avg of integers are numeric, ...).
#pragma once

#include <span>

#include <memory>
#include <optional>
#include <string_view>

#include "types/value.hpp"

namespace granary::types {

enum class AggregateKind {
  kCountStar,
  kCount,
  kSum,
  kAvg,
  kMin,
  kMax,
  kStringAgg,
  kBoolAnd,  // bool_and, every
  kBoolOr,
  kVarPop,
  kVarSamp,  // var_samp, variance
  kStddevPop,
  kStddevSamp,  // stddev_samp, stddev
  kArrayAgg,
  kJsonAgg,         // json_agg(any) -> json
  kJsonbAgg,        // jsonb_agg(any) -> jsonb
  kJsonObjectAgg,   // json_object_agg(key, value) -> json (the value rides as the "delimiter")
  kJsonbObjectAgg,  // jsonb_object_agg(key, value) -> jsonb
  // The float8 regression aggregates of (Y, X) pairs (the pair rides as value and
  // "delimiter"): regr_count -> bigint, the others -> double precision.
  kRegrCount,
  kRegrSxx,
  kRegrSyy,
  kRegrSxy,
  kRegrAvgX,
  kRegrAvgY,
  kRegrR2,
  kRegrSlope,
  kRegrIntercept,
  kCovarPop,
  kCovarSamp,
  kCorr,
  // Ordered-set aggregates (ordered_set_functions.hpp): the executor computes them from the
  // sorted WITHIN GROUP input, without an AggregateState.
  kPercentileCont,  // percentile_cont(float8 [or float8[]]) WITHIN GROUP (ORDER BY float8 | interval)
  kPercentileDisc,  // percentile_disc(float8 [or float8[]]) WITHIN GROUP (ORDER BY any)
  kMode,            // mode() WITHIN GROUP (ORDER BY any)
  kHypotheticalRank,         // rank(args) WITHIN GROUP (ORDER BY keys) -> bigint
  kHypotheticalDenseRank,    // dense_rank(...) -> bigint
  kHypotheticalPercentRank,  // percent_rank(...) -> float8
  kHypotheticalCumeDist,     // cume_dist(...) -> float8
};

// The running state of one aggregate over one group.
class AggregateState {
 public:
  virtual ~AggregateState() = default;
  // Adds one input value (count(*) receives a NULL placeholder per row).
  virtual void Add(const Value& value) = 0;
  // string_agg: adds a value with the delimiter that goes before it (unless it is first).
  virtual void AddDelimited(const Value& value, const Value& delimiter) { Add(value); }
  // Adds the finite numeric units * 10^-scale with display scale `scale` (the form of
  // Numeric::TryScaled and Numeric::FromScaled: |units| < 10^38, scale in [0,
  // Numeric::kMaxFastScale]) as Add would add that Numeric; false, having added nothing, when
  // this state takes it only through Add.
  virtual bool AddScaled(__int128 units, int scale) { return false; }
  virtual Value Finish() const = 0;
  // Undoes an earlier Add(value), for window frames whose start moves (PostgreSQL's inverse
  // transition functions). False when this state cannot, as for float sums (rounding) and
  // min/max; the state is then unusable and the caller starts a new one.
  virtual bool Remove(const Value& value) { return false; }
  // Adds what `other` (a state of the same aggregate, over other rows) has accumulated, as
  // PostgreSQL's combine functions merge the partial states of parallel workers. False when
  // this kind of state cannot (CanCombine says which can); nothing changes then.
  virtual bool Combine(const AggregateState& other) { return false; }
};

struct AggregateSignature {
  AggregateKind kind;
  TypeId argument;  // the type the argument is coerced to (kUnknown for count(*))
  TypeId result;
  // An ordered-set aggregate's direct argument type (float8 or float8[] for the
  // percentiles); kUnknown for the others.
  TypeId direct = TypeId::kUnknown;
};

// Resolves `name(argument_type)`; nullopt when there is no such aggregate.
std::optional<AggregateSignature> ResolveAggregate(std::string_view name, TypeId argument,
                                                   bool star);
bool IsAggregateName(std::string_view name);
// The ordered-set aggregates (percentile_cont, percentile_disc, mode), called with WITHIN
// GROUP; the hypothetical-set ones (rank, dense_rank, percent_rank, cume_dist) are window
// functions too, and aggregates only with WITHIN GROUP.
bool IsOrderedSetAggregateName(std::string_view name);
bool IsHypotheticalSetAggregateName(std::string_view name);
// Aggregates taking a second argument (string_agg's delimiter; the value of json_object_agg
// and jsonb_object_agg, of any type; X of the regression aggregates).
bool TakesDelimiter(std::string_view name);
// The type the second argument is coerced to, given the types of both arguments: text or
// bytea for string_agg's delimiter (string_agg(bytea, bytea)), float8 for the regression
// aggregates, the value's own type (text for an untyped literal) for json(b)_object_agg;
// nullopt when no overload takes these types (42883 for the caller).
std::optional<TypeId> SecondArgumentType(std::string_view name, TypeId first, TypeId second);
// json_object_agg and jsonb_object_agg: the second argument is a value of any type.
bool SecondArgumentIsValue(std::string_view name);
// Whether states of `signature` combine (AggregateState::Combine): count, sum, avg, min,
// max, bool_and and bool_or, PostgreSQL's aggregates with combine functions that Granary
// merges so far; a parallel plan uses no other.
bool CanCombine(const AggregateSignature& signature);
// Null for the ordered-set kinds.
std::unique_ptr<AggregateState> MakeAggregateState(const AggregateSignature& signature);

// PostgreSQL's transition and combine functions of the float variance and regression
// aggregates as SQL functions over their float8[] states: float8_accum(float8[3], x),
// float8_regr_accum(float8[6], y, x), float8_combine(float8[3], float8[3]),
// float8_regr_combine(float8[6], float8[6]). XX000 for a state of the wrong shape, 22003 on
// overflow, as in PostgreSQL.
Value Float8Accumulate(std::span<const Value> args);
Value Float8RegressionAccumulate(std::span<const Value> args);
Value Float8Combine(std::span<const Value> args);
Value Float8RegressionCombine(std::span<const Value> args);

}  // namespace granary::types
