// generate_series's overloads, resolved as PostgreSQL's function lookup picks among them:
// (int4, int4[, int4]), (int8, int8[, int8]), (numeric, numeric[, numeric]),
// (timestamp, timestamp, interval) and (timestamptz, timestamptz, interval). A timestamp
// argument with dates or untyped literals makes a timestamp series; a timestamptz
// argument, dates, or only untyped start and stop with an interval step make a timestamptz
// series (its category's preferred type). types/functions/series.hpp runs them.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "planner/analyze/analyze_context.hpp"
#include "planner/bound_expr.hpp"

namespace granary::planner {

// The series' element type, or nullopt when no overload takes arguments of these types.
std::optional<types::Type> GenerateSeriesType(std::span<const BoundExprPtr> args);

// Coerces the arguments to the overload of `type` (a timestamp series' step to interval).
void CoerceGenerateSeriesArgs(std::vector<BoundExprPtr>& args, const types::Type& type, AnalyzeContext& context);

}  // namespace granary::planner
