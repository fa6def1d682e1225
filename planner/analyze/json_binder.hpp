// Binding of the json and jsonb operators, the variadic json functions and the json
// set-returning functions (PostgreSQL 15's operator and function lookup reduced to what
// these types need).
//
// - Operators: -> ->> (text key or int index), #> #>> (text[] path) for json and jsonb;
//   @> <@ ? ?| ?& || - #- for jsonb. An untyped literal takes the type the operator needs
//   (jsonb for the other side of @>, text or text[] for keys and paths). json has no
//   comparison operators: `json = json` is 42883, as in PostgreSQL.
// - Variadic "any" functions: to_json, to_jsonb, json(b)_build_object,
//   json(b)_build_array, json(b)_extract_path(_text); untyped literals are text.
// - Set-returning functions: json(b)_array_elements(_text), json(b)_object_keys and, in
//   FROM only, json(b)_each(_text), bound as unnest over the arrays that
//   types/functions/json_functions.hpp builds.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "planner/analyze/analyze_context.hpp"
#include "planner/bound_expr.hpp"

namespace granary::planner {

// The operator `name` on json/jsonb operands, or null when neither operand makes it a json
// operator. Raises 42883 for a json operator with operands it has no variant for.
BoundExprPtr BindJsonOperator(std::string_view name, BoundExprPtr& left, BoundExprPtr& right,
                              int location, AnalyzeContext& context);
// True for the types PostgreSQL has no equality or ordering operator for: json (and json[])
// and void.
bool LacksComparison(types::TypeId id);
// The variadic json functions; null when `name` is not one of them.
BoundExprPtr BindJsonFunction(const std::string& name, std::vector<BoundExprPtr>& args, int location,
                              AnalyzeContext& context);

// A json set-returning function: the arrays its columns are unnested from.
struct JsonSetFunction {
  std::string_view name;
  types::TypeId argument;                  // json or jsonb
  std::vector<std::string_view> columns;   // the column names in FROM ("" = the function's name)
  std::vector<types::TypeId> column_types;
  std::vector<types::ScalarFunction> arrays;  // one per column
};
const JsonSetFunction* FindJsonSetFunction(std::string_view name);
// The calls that build the set's arrays from `argument` (coerced to the function's type;
// 42883 when it cannot be).
std::vector<BoundExprPtr> JsonSetArrays(const JsonSetFunction& function, BoundExprPtr argument,
                                        int location, AnalyzeContext& context);

}  // namespace granary::planner
