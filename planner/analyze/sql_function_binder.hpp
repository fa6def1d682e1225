// SQL functions (CREATE FUNCTION ... LANGUAGE sql): resolving a call to a user function and
// binding its body for that call.
//
// A call binds the body's final statement as a subquery of the calling expression (or, for
// a function in FROM, as a LATERAL subquery): the call's arguments are the subquery's outer
// values, so $n and the parameter names bind to kOuterRef n-1 and the executor's correlated
// subquery machinery runs the body once per calling row with the arguments' values. A
// scalar call reads the first row (`LIMIT 1`), as PostgreSQL's SQL functions return the
// final statement's first row; a STRICT function's body is filtered on its arguments being
// non-null, so a NULL argument gives NULL (no rows for a set-returning one) without reading
// anything. Binding unfolds nested calls, so a function that reaches itself again cannot be
// bound: 54001, what PostgreSQL reports for unbounded recursion (a recursion that would end
// is refused too; see docs/architecture.md).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/function_schema.hpp"
#include "parser/ast.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "planner/bound_expr.hpp"
#include "planner/query.hpp"

namespace granary::planner {

// The function whose body is being bound (AnalyzeContext::function).
struct FunctionBodyScope {
  std::string name;
  std::vector<std::string> arg_names;  // '' for unnamed parameters
  std::vector<types::Type> arg_types;
};

// A resolved call: the function and its arguments coerced to its parameter types, with the
// defaults of omitted trailing arguments appended.
struct UserFunctionCall {
  catalog::FunctionSchema function;
  std::vector<BoundExprPtr> args;
};

// The user function `name` (qualified by `schema`, else along the search path) that takes
// `args` as PostgreSQL's func_select_candidate would choose it: every argument casts
// implicitly (parameters with defaults may be omitted); most exact matches win, then the
// earlier schema on the path. `arg_names`: the arguments' names ('' positional; empty when
// none is named), matched to the parameters' (call_arguments.hpp). A VARIADIC parameter
// takes the trailing arguments as its array's elements, or with `variadic_call` (the call
// wrote VARIADIC) the last argument as the array. nullopt when none takes them. 3F000 for an unknown schema, 42725 when two
// candidates tie.
std::optional<UserFunctionCall> ResolveUserFunction(const std::string& schema, const std::string& name,
                                                    std::vector<BoundExprPtr>& args, int location,
                                                    AnalyzeContext& context,
                                                    const std::vector<std::string>& arg_names = {},
                                                    bool variadic_call = false);

// Binds `function`'s body for a call: the returned query reads argument i as kOuterRef i
// (the caller supplies the argument values in that order: a kSubquery node's args or a FROM
// item's lateral_args) and its output columns have the declared result types. `scalar`: the
// body's first row only. 0A000 for statements other than SELECT / VALUES, 54001 for
// recursion.
std::unique_ptr<BoundQuery> BindFunctionBody(const catalog::FunctionSchema& function, AnalyzeContext& caller,
                                             bool scalar);

// The result type of a single-valued function (its return type) as a Type.
types::Type FunctionResultType(const catalog::FunctionSchema& function);

// CREATE FUNCTION's check of the body against the declared result, as PostgreSQL's
// check_sql_fn_retval: the final statement must return one column that casts to the return
// type by assignment (42P13 `return type mismatch in function declared to return integer`,
// with the DETAIL PostgreSQL gives), or the OUT / TABLE columns.
void CheckFunctionBody(const catalog::FunctionSchema& function, AnalyzeContext& context);

}  // namespace granary::planner
