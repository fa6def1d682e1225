// Named and VARIADIC arguments of function calls, as PostgreSQL's ParseFuncOrColumn and
// FuncnameGetCandidates treat them.
//
// A call's named arguments (`f(a, c => 3)`, `f(c := 3)`) come from the grammar as
// NamedArgExprs in FuncCallExpr::args. The analyzer checks their order (42601), binds their
// values, and matches them to a candidate's parameter names (MatchCallArguments); the call
// is then resolved with its arguments in parameter order, the omitted ones filled with the
// parameters' defaults. Built-ins take their names from types/functions/parameter_names.hpp,
// SQL functions from pg_proc.proargnames.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "parser/ast.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "planner/bound_expr.hpp"

namespace granary::planner {

// The argument names of `call`, '' for positional ones; empty when none is named.
std::vector<std::string> CallArgumentNames(const parser::FuncCallExpr& call);
// The value of an argument: a named argument's, else the argument itself.
const parser::Expr& ArgumentValue(const parser::Expr& arg);
// PostgreSQL's checks of a call's named arguments, in its order: 42601 `argument name "x"
// used more than once` (at the second) and `positional argument cannot follow named
// argument` (at the positional one).
void CheckArgumentNames(const parser::FuncCallExpr& call, AnalyzeContext& context);

// PostgreSQL's MatchNamedCall for a function of `parameters` (their names, '' unnamed) whose
// last `defaults` have defaults: for each parameter, the index of the call argument that
// supplies it, or -1 for its default. Arguments named '' in `arg_names` (or all, when it is
// empty) are positional and come first. nullopt when the call does not fit: too many
// arguments, a name that is no parameter's or that names a positional one, or an omitted
// parameter without a default.
std::optional<std::vector<int>> MatchCallArguments(const std::vector<std::string>& parameters, size_t defaults,
                                                   size_t arg_count, const std::vector<std::string>& arg_names);

// "name(integer, b => text)": the call as the 42883 `function ... does not exist` error
// shows it (untyped arguments as unknown; a VARIADIC array as its array type).
std::string CallSignatureText(const std::string& name, const std::vector<BoundExprPtr>& args,
                              const std::vector<std::string>& arg_names);

}  // namespace granary::planner
