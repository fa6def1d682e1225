// The VARIADIC-array calls of the built-ins whose last parameter is variadic: concat,
// concat_ws, format, num_nulls, num_nonnulls, json(b)_build_object, json(b)_build_array
// (VARIADIC "any") and json(b)_extract_path(_text) (VARIADIC text[]). Called as
// `f(fixed..., VARIADIC array)`, the array's elements are the variadic values, as
// PostgreSQL's functions read them when get_fn_expr_variadic is true.
//
// Not strict. A NULL array gives NULL, except for format, which takes it as no values (as
// text.c does). Elements of any dimension are taken in row-major order.
#pragma once

#include "types/functions/builtin_functions.hpp"

namespace granary::types {

// The VARIADIC-array form of `function` (one of the implementations above); null for any
// other function.
ScalarFunction VariadicArrayForm(ScalarFunction function);

}  // namespace granary::types
