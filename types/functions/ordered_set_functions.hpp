// The final functions of the ordered-set aggregates (PostgreSQL's orderedsetaggs.c):
// percentile_cont, percentile_disc and mode over a group's sorted input, and the
// hypothetical-set aggregates rank, dense_rank, percent_rank and cume_dist from the counts
// of rows sorting before the hypothetical row. The executor's Aggregate sorts the input
// (WITHIN GROUP's ORDER BY) and evaluates the direct arguments once per group.
//
// Errors: 22003 `percentile value 2 is not between 0 and 1`.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "types/functions/aggregate_functions.hpp"
#include "types/value.hpp"

namespace granary::types {

bool IsOrderedSetKind(AggregateKind kind);
bool IsHypotheticalSetKind(AggregateKind kind);

// percentile_cont, percentile_disc or mode: `sorted` holds the group's non-NULL input values
// in WITHIN GROUP order, `direct` the direct argument (a float8 fraction, or a float8[] of
// fractions giving an array of the same shape; none for mode). NULL over no input or for a
// NULL fraction (a NULL element gives a NULL element).
Value FinishOrderedSet(const AggregateSignature& signature, const Value& direct,
                       const std::vector<Value>& sorted);

// rank, dense_rank, percent_rank or cume_dist of the hypothetical row among `rows` input
// rows, of which `before` sort before it, `not_after` not after it and `distinct_before`
// distinct sort-key rows before it.
Value FinishHypotheticalSet(AggregateKind kind, int64_t rows, int64_t before, int64_t not_after,
                            int64_t distinct_before);

}  // namespace granary::types
