// Ordered-set and hypothetical-set aggregates: percentile_disc_final,
// percentile_cont_final_common (float8_lerp, interval_lerp), mode_final and the
// hypothetical_*_final functions of PostgreSQL's orderedsetaggs.c.
#include "types/functions/ordered_set_functions.hpp"

#include <cmath>
#include <cstdio>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/array.hpp"
#include "types/interval.hpp"
#include "types/value_ops.hpp"

namespace granary::types {
namespace {

// 22003 unless 0 <= fraction <= 1 (NaN is outside).
void CheckFraction(double fraction) {
  if (fraction >= 0 && fraction <= 1) return;
  char text[64];
  std::snprintf(text, sizeof(text), "%g", fraction);
  throw Error(sqlstate::kNumericValueOutOfRange,
              std::string("percentile value ") + text + " is not between 0 and 1");
}

// lo + (hi - lo) * proportion, as float8_lerp and interval_lerp compute it.
Value Interpolate(const Value& low, const Value& high, double proportion) {
  if (low.type() == TypeId::kInterval) {
    const Interval difference = SubtractIntervals(high.AsInterval(), low.AsInterval());
    return Value::OfInterval(AddIntervals(low.AsInterval(), MultiplyInterval(difference, proportion)));
  }
  const double lo = low.AsDouble();
  return Value::Float8(lo + (high.AsDouble() - lo) * proportion);
}

Value Percentile(AggregateKind kind, double fraction, const std::vector<Value>& sorted) {
  const auto rows = static_cast<double>(sorted.size());
  if (kind == AggregateKind::kPercentileDisc) {
    // The smallest K (1-based) with K / N >= fraction.
    const auto k = static_cast<int64_t>(std::ceil(fraction * rows));
    return sorted[k > 1 ? k - 1 : 0];
  }
  const double position = fraction * (rows - 1);
  const auto first = static_cast<size_t>(std::floor(position));
  const auto second = static_cast<size_t>(std::ceil(position));
  if (first == second) return sorted[first];
  return Interpolate(sorted[first], sorted[second], position - static_cast<double>(first));
}

// The most frequent value; of equally frequent ones the first in sort order.
Value Mode(const std::vector<Value>& sorted) {
  if (sorted.empty()) return Value::Null();
  size_t best = 0;
  size_t best_count = 0;
  for (size_t start = 0; start < sorted.size();) {
    size_t end = start + 1;
    while (end < sorted.size() && Compare(sorted[end], sorted[start]) == 0) ++end;
    if (end - start > best_count) {
      best = start;
      best_count = end - start;
    }
    start = end;
  }
  return sorted[best];
}

}  // namespace

bool IsOrderedSetKind(AggregateKind kind) {
  return kind == AggregateKind::kPercentileCont || kind == AggregateKind::kPercentileDisc ||
         kind == AggregateKind::kMode || IsHypotheticalSetKind(kind);
}

bool IsHypotheticalSetKind(AggregateKind kind) {
  return kind == AggregateKind::kHypotheticalRank || kind == AggregateKind::kHypotheticalDenseRank ||
         kind == AggregateKind::kHypotheticalPercentRank || kind == AggregateKind::kHypotheticalCumeDist;
}

Value FinishOrderedSet(const AggregateSignature& signature, const Value& direct,
                       const std::vector<Value>& sorted) {
  if (signature.kind == AggregateKind::kMode) return Mode(sorted);
  const Value null = Value::Null(signature.result);
  if (!IsArray(signature.direct)) {
    // percentile_*_final: a NULL fraction gives NULL, then the fraction is checked, then
    // no input gives NULL.
    if (direct.is_null()) return null;
    CheckFraction(direct.AsDouble());
    if (sorted.empty()) return null;
    return Percentile(signature.kind, direct.AsDouble(), sorted);
  }
  // percentile_*_multi_final: no input, then a NULL array, give NULL.
  if (sorted.empty() || direct.is_null()) return null;
  const Array& fractions = direct.AsArray();
  Array result;
  result.element_type = *ElementTypeOf(signature.result);
  result.dimensions = fractions.dimensions;
  for (const Value& fraction : fractions.elements) {
    if (!fraction.is_null()) CheckFraction(fraction.AsDouble());
  }
  for (const Value& fraction : fractions.elements) {
    result.elements.push_back(fraction.is_null() ? Value::Null(result.element_type)
                                                 : Percentile(signature.kind, fraction.AsDouble(), sorted));
  }
  return MakeArray(signature.result, std::move(result));
}

Value FinishHypotheticalSet(AggregateKind kind, int64_t rows, int64_t before, int64_t not_after,
                            int64_t distinct_before) {
  switch (kind) {
    case AggregateKind::kHypotheticalRank: return Value::Int8(before + 1);
    case AggregateKind::kHypotheticalDenseRank: return Value::Int8(distinct_before + 1);
    case AggregateKind::kHypotheticalPercentRank:
      return Value::Float8(rows == 0 ? 0.0 : static_cast<double>(before) / static_cast<double>(rows));
    case AggregateKind::kHypotheticalCumeDist:
      return Value::Float8(static_cast<double>(not_after + 1) / static_cast<double>(rows + 1));
    default: return Value::Null();
  }
}

}  // namespace granary::types
