// ExprBinder::BindVariadicAny: the built-ins whose last parameter is variadic.
//
// Listed arguments: concat(VARIADIC "any"), concat_ws(text, VARIADIC "any"), format(text,
// VARIADIC "any"), num_nulls / num_nonnulls(VARIADIC "any") keep each argument's own type
// (untyped literals read as text); the json builders and json(b)_extract_path are bound in
// json_binder.cpp. With VARIADIC written, PostgreSQL's non-expanded form: exactly the fixed
// arguments and one array, whose elements are the values (types/functions/
// variadic_functions.hpp); for VARIADIC "any" the argument must be of an array type (42804),
// for extract_path's VARIADIC text[] it must cast to text[] implicitly (42883 otherwise).
#include "common/sqlstate.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/operators.hpp"
#include "types/functions/json_functions.hpp"
#include "types/functions/string_functions.hpp"
#include "types/functions/text_functions.hpp"
#include "types/functions/variadic_functions.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;

struct VariadicBuiltin {
  std::string_view name;
  size_t fixed;                   // arguments before the variadic one
  TypeId fixed_type;              // their type
  bool any;                       // VARIADIC "any" (else VARIADIC text[])
  types::ScalarFunction function;  // the listed form's implementation
  TypeId result;
};

const VariadicBuiltin* FindVariadicBuiltin(std::string_view name) {
  static const VariadicBuiltin kBuiltins[] = {
      {"concat", 0, TypeId::kText, true, types::Concat, TypeId::kText},
      {"concat_ws", 1, TypeId::kText, true, types::ConcatWs, TypeId::kText},
      {"format", 1, TypeId::kText, true, types::Format, TypeId::kText},
      {"num_nulls", 0, TypeId::kText, true, types::NumNulls, TypeId::kInt4},
      {"num_nonnulls", 0, TypeId::kText, true, types::NumNonNulls, TypeId::kInt4},
      {"json_build_object", 0, TypeId::kText, true, types::JsonBuildObject, TypeId::kJson},
      {"jsonb_build_object", 0, TypeId::kText, true, types::JsonbBuildObject, TypeId::kJsonb},
      {"json_build_array", 0, TypeId::kText, true, types::JsonBuildArray, TypeId::kJson},
      {"jsonb_build_array", 0, TypeId::kText, true, types::JsonbBuildArray, TypeId::kJsonb},
      {"json_extract_path", 1, TypeId::kJson, false, types::JsonExtractPath, TypeId::kJson},
      {"jsonb_extract_path", 1, TypeId::kJsonb, false, types::JsonExtractPath, TypeId::kJsonb},
      {"json_extract_path_text", 1, TypeId::kJson, false, types::JsonExtractPathText, TypeId::kText},
      {"jsonb_extract_path_text", 1, TypeId::kJsonb, false, types::JsonExtractPathText, TypeId::kText},
  };
  for (const VariadicBuiltin& builtin : kBuiltins) {
    if (builtin.name == name) return &builtin;
  }
  return nullptr;
}

}  // namespace

BoundExprPtr ExprBinder::BindVariadicAny(const parser::FuncCallExpr& expr, const std::string& name,
                                         std::vector<BoundExprPtr>& args) {
  const VariadicBuiltin* builtin = FindVariadicBuiltin(name);
  if (builtin == nullptr) return nullptr;
  const bool json = name.find("json") != std::string::npos;
  if (!expr.variadic && json) return nullptr;  // json_binder.cpp
  const auto no_such_function = [&] {
    return context_
        .ErrorAt(sqlstate::kUndefinedFunction, "function " + FunctionSignatureText(name, args) + " does not exist",
                 expr.location)
        .WithHint(kNoFunctionMatchesHint);
  };
  const size_t fixed = builtin->fixed;
  if (args.size() < fixed + (expr.variadic || fixed == 0 ? 1 : 0) || (expr.variadic && args.size() != fixed + 1)) {
    throw no_such_function();
  }
  for (size_t i = 0; i < fixed; ++i) {
    if (!CanImplicitlyCast(args[i]->type.id, builtin->fixed_type)) throw no_such_function();
    args[i] = Coerce(std::move(args[i]), Type{builtin->fixed_type, -1}, types::CastContext::kImplicit, context_);
  }
  if (expr.variadic) {
    BoundExprPtr& array = args.back();
    if (!builtin->any) {
      if (!CanImplicitlyCast(array->type.id, TypeId::kTextArray)) throw no_such_function();
      array = Coerce(std::move(array), Type{TypeId::kTextArray, -1}, types::CastContext::kImplicit, context_);
    } else if (array->type.id == TypeId::kUnknown || !types::IsArray(array->type.id)) {
      throw context_.ErrorAt(sqlstate::kDatatypeMismatch, "VARIADIC argument must be an array", array->location);
    }
    return MakeCall(name, types::VariadicArrayForm(builtin->function), Type{builtin->result, -1}, std::move(args),
                    expr.location, false);
  }
  for (BoundExprPtr& arg : args) {
    if (arg->type.id == TypeId::kUnknown) {
      arg = Coerce(std::move(arg), Type{TypeId::kText, -1}, types::CastContext::kImplicit, context_);
    }
  }
  return MakeCall(name, builtin->function, Type{builtin->result, -1}, std::move(args), expr.location, false);
}

}  // namespace granary::planner
