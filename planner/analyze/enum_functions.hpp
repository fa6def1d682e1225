// enum_first, enum_last and enum_range (PostgreSQL 15's utils/adt/enum.c). Their results
// depend on the argument's type, which a value does not carry (types/enum.hpp), so they are
// bound here, where the type is known: the one-argument forms become constants read from
// pg_enum under the statement's snapshot, and enum_range(a, b) a call that picks its labels
// from a constant array of all of them.
#pragma once

#include <string>
#include <vector>

#include "planner/analyze/analyze_context.hpp"
#include "planner/bound_expr.hpp"

namespace granary::planner {

// Null when `name` is not one of them or no argument is of an enum type (PostgreSQL's 42883
// follows from the ordinary lookup). 55000 `enum mood contains no values` for enum_first
// and enum_last of an enum without labels.
BoundExprPtr BindEnumFunction(const std::string& name, std::vector<BoundExprPtr>& args, int location,
                              AnalyzeContext& context);

}  // namespace granary::planner
