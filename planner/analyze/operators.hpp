// Operator resolution: picks the implementation and operand types of a prefix or binary
// operator the way PostgreSQL's operator lookup does for the built-in types, inserting the
// implicit casts. Raises 42883 (undefined_function) `operator does not exist: text + integer`
// with PostgreSQL's hint when no operator matches.
#pragma once

#include <string_view>

#include "planner/analyze/analyze_context.hpp"
#include "planner/bound_expr.hpp"

namespace granary::planner {

BoundExprPtr BindBinaryOperator(std::string_view name, BoundExprPtr left, BoundExprPtr right,
                                int location, AnalyzeContext& context);
BoundExprPtr BindPrefixOperator(std::string_view name, BoundExprPtr operand, int location,
                                AnalyzeContext& context);
// A comparison (=, <>, <, >, <=, >=) after coercing both sides to their common type.
BoundExprPtr BindComparison(std::string_view name, BoundExprPtr left, BoundExprPtr right,
                            int location, AnalyzeContext& context);
// A call node for `function` returning `result`.
BoundExprPtr MakeCall(std::string_view name, types::ScalarFunction function, types::Type result,
                      std::vector<BoundExprPtr> args, int location, bool strict = true);

}  // namespace granary::planner
