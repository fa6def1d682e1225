// The parameter names and defaults of built-in functions, as PostgreSQL 15's pg_proc gives
// them (proargnames, proargdefaults): what lets a call name its arguments
// (`make_interval(days => 3)`, `jsonb_set(j, p, v, create_if_missing => false)`).
//
// Only functions PostgreSQL names the parameters of are listed; a call with named arguments
// of any other built-in is 42883, as there. The builtin table (builtin_functions.cpp) still
// holds one overload per number of arguments: a named call is rewritten to positional
// arguments, the omitted ones filled from `defaults`, and then resolved as any call.
#pragma once

#include <string_view>
#include <vector>

namespace granary::types {

struct ParameterNames {
  std::string_view function;
  std::vector<std::string_view> names;
  // The defaults of the last parameters, as SQL text (pg_get_function_arguments' DEFAULT).
  std::vector<std::string_view> defaults;
};

// The named signatures of built-in `function` (lower case); empty if none.
std::vector<const ParameterNames*> FindParameterNames(std::string_view function);

}  // namespace granary::types
