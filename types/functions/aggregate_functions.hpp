// Built-in aggregate functions: count, sum, avg, min, max, string_agg, array_agg, json_agg,
// jsonb_agg, json_object_agg, jsonb_object_agg, bool_and,
// bool_or, every, and the variance and standard deviation family — signatures, result types and the
// running state that computes them, with PostgreSQL's result types (sum(int4) is int8,
// sum(int8) and avg of integers are numeric, ...).
#pragma once

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
};

// The running state of one aggregate over one group.
class AggregateState {
 public:
  virtual ~AggregateState() = default;
  // Adds one input value (count(*) receives a NULL placeholder per row).
  virtual void Add(const Value& value) = 0;
  // string_agg: adds a value with the delimiter that goes before it (unless it is first).
  virtual void AddDelimited(const Value& value, const Value& delimiter) { Add(value); }
  virtual Value Finish() const = 0;
  // Undoes an earlier Add(value), for window frames whose start moves (PostgreSQL's inverse
  // transition functions). False when this state cannot, as for float sums (rounding) and
  // min/max; the state is then unusable and the caller starts a new one.
  virtual bool Remove(const Value& value) { return false; }
};

struct AggregateSignature {
  AggregateKind kind;
  TypeId argument;  // the type the argument is coerced to (kUnknown for count(*))
  TypeId result;
};

// Resolves `name(argument_type)`; nullopt when there is no such aggregate.
std::optional<AggregateSignature> ResolveAggregate(std::string_view name, TypeId argument,
                                                   bool star);
bool IsAggregateName(std::string_view name);
// Aggregates taking a second argument (string_agg's delimiter, bound as text; the value of
// json_object_agg and jsonb_object_agg, of any type).
bool TakesDelimiter(std::string_view name);
// json_object_agg and jsonb_object_agg: the second argument is a value of any type.
bool SecondArgumentIsValue(std::string_view name);
std::unique_ptr<AggregateState> MakeAggregateState(const AggregateSignature& signature);

}  // namespace granary::types
