// Operator resolution for the date/time types: timestamp, timestamptz and date ± interval,
// timestamp - timestamp, interval ± interval, interval * and / a number, - interval — the
// operators of PostgreSQL's pg_operator over these types, with an untyped literal taking the
// type PostgreSQL's resolution gives it (timestamp + '1 day' is timestamp + interval).
// time and timetz: ± interval, time - time, date ± time, date + timetz. date ± integer and
// date - date stay in operators.cpp.
#pragma once

#include <string_view>

#include "planner/analyze/analyze_context.hpp"
#include "planner/bound_expr.hpp"

namespace granary::planner {

// The bound operator, or null when no date/time operator applies (the caller goes on).
BoundExprPtr BindDatetimeOperator(std::string_view name, BoundExprPtr& left, BoundExprPtr& right,
                                  int location, AnalyzeContext& context);
// - interval, or null.
BoundExprPtr BindDatetimePrefixOperator(std::string_view name, BoundExprPtr& operand,
                                        int location, AnalyzeContext& context);

}  // namespace granary::planner
