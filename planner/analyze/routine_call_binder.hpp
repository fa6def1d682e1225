// Calls of PL/pgSQL functions. Unlike SQL functions (sql_function_binder.hpp) their bodies
// are not inlined: a call is a kRoutineCall node that the executor hands, for every row, to
// the statement's RoutineCaller (executor/routine_caller.hpp), which interprets the body
// (engine/plpgsql/). A set-returning call yields its rows as one array (`as_set`), which
// unnest expands: in a select list as a kSetFunction, in FROM as an unnest function scan.
#pragma once

#include <vector>

#include "catalog/function_schema.hpp"
#include "planner/bound_expr.hpp"

namespace granary::planner {

// The kRoutineCall of `function` over `args` (already coerced to its parameter types),
// returning `result`, or with `as_set` an array of `result` holding every row it returns (a
// function that is not set-returning: its one value).
BoundExprPtr MakeRoutineCall(const catalog::FunctionSchema& function, std::vector<BoundExprPtr> args,
                             types::Type result, bool as_set, int location);

}  // namespace granary::planner
