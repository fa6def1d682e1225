// Binding of the json/jsonb operators, variadic functions and set-returning functions.
#include "planner/analyze/json_binder.hpp"

#include "common/sqlstate.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/operators.hpp"
#include "types/functions/json_functions.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;

const Type kTextType{TypeId::kText, -1};
const Type kTextArrayType{TypeId::kTextArray, -1};
const Type kJsonbType{TypeId::kJsonb, -1};
const Type kBoolType{TypeId::kBool, -1};

std::string TypeText(const Type& type) {
  return type.id == TypeId::kUnknown ? "unknown" : types::FormatType(Type{type.id, -1});
}

[[noreturn]] void NoOperator(std::string_view name, const BoundExpr& left, const BoundExpr& right,
                             int location, AnalyzeContext& context) {
  throw context
      .ErrorAt(sqlstate::kUndefinedFunction,
               "operator does not exist: " + TypeText(left.type) + " " + std::string(name) + " " +
                   TypeText(right.type),
               location)
      .WithHint(
          "No operator matches the given name and argument types. You might need to add "
          "explicit type casts.");
}

[[noreturn]] void NoFunction(const std::string& name, const std::vector<BoundExprPtr>& args,
                             int location, AnalyzeContext& context) {
  std::string signature = name + "(";
  for (size_t i = 0; i < args.size(); ++i) signature += (i > 0 ? ", " : "") + TypeText(args[i]->type);
  throw context
      .ErrorAt(sqlstate::kUndefinedFunction, "function " + signature + ") does not exist", location)
      .WithHint(
          kNoFunctionMatchesHint);
}

bool IsTextLike(TypeId id) {
  return id == TypeId::kText || id == TypeId::kVarchar || id == TypeId::kUnknown ||
         id == TypeId::kName || id == TypeId::kChar;
}

bool IsTextArrayLike(TypeId id) {
  return id == TypeId::kTextArray || id == TypeId::kVarcharArray || id == TypeId::kUnknown ||
         id == TypeId::kNameArray;
}

BoundExprPtr Call(std::string_view name, types::ScalarFunction function, Type result,
                  BoundExprPtr left, Type left_type, BoundExprPtr right, Type right_type,
                  int location, AnalyzeContext& context) {
  std::vector<BoundExprPtr> args;
  args.push_back(Coerce(std::move(left), left_type, types::CastContext::kImplicit, context));
  args.push_back(Coerce(std::move(right), right_type, types::CastContext::kImplicit, context));
  return MakeCall(name, function, result, std::move(args), location);
}

const std::vector<JsonSetFunction>& SetFunctions() {
  using enum TypeId;
  static const std::vector<JsonSetFunction> functions = {
      {"jsonb_array_elements", kJsonb, {"value"}, {kJsonb}, {types::JsonArrayElementsArray}},
      {"json_array_elements", kJson, {"value"}, {kJson}, {types::JsonArrayElementsArray}},
      {"jsonb_array_elements_text", kJsonb, {"value"}, {kText}, {types::JsonArrayElementsTextArray}},
      {"json_array_elements_text", kJson, {"value"}, {kText}, {types::JsonArrayElementsTextArray}},
      {"jsonb_object_keys", kJsonb, {""}, {kText}, {types::JsonObjectKeysArray}},
      {"json_object_keys", kJson, {""}, {kText}, {types::JsonObjectKeysArray}},
      {"jsonb_each", kJsonb, {"key", "value"}, {kText, kJsonb},
       {types::JsonEachKeysArray, types::JsonEachValuesArray}},
      {"json_each", kJson, {"key", "value"}, {kText, kJson},
       {types::JsonEachKeysArray, types::JsonEachValuesArray}},
      {"jsonb_each_text", kJsonb, {"key", "value"}, {kText, kText},
       {types::JsonEachKeysArray, types::JsonEachTextValuesArray}},
      {"json_each_text", kJson, {"key", "value"}, {kText, kText},
       {types::JsonEachKeysArray, types::JsonEachTextValuesArray}},
  };
  return functions;
}

}  // namespace

bool LacksComparison(TypeId id) {
  return id == TypeId::kJson || id == TypeId::kJsonArray || id == TypeId::kVoid;
}

BoundExprPtr BindJsonOperator(std::string_view name, BoundExprPtr& left, BoundExprPtr& right,
                              int location, AnalyzeContext& context) {
  const TypeId l = left->type.id;
  const TypeId r = right->type.id;
  const bool left_json = l == TypeId::kJson || l == TypeId::kJsonb;
  const Type left_type{l, -1};
  if (name == "->" || name == "->>") {
    if (!left_json) return nullptr;
    const bool as_text = name == "->>";
    const Type result = as_text ? kTextType : left_type;
    if (types::IsInteger(r)) {
      return Call(name, as_text ? types::JsonElementTextOperator : types::JsonElementOperator, result,
                  std::move(left), left_type, std::move(right), Type{TypeId::kInt4, -1}, location, context);
    }
    if (!IsTextLike(r)) NoOperator(name, *left, *right, location, context);
    return Call(name, as_text ? types::JsonFieldTextOperator : types::JsonFieldOperator, result,
                std::move(left), left_type, std::move(right), kTextType, location, context);
  }
  if (name == "#>" || name == "#>>") {
    if (!left_json) return nullptr;
    if (!IsTextArrayLike(r)) NoOperator(name, *left, *right, location, context);
    const bool as_text = name == "#>>";
    return Call(name, as_text ? types::JsonPathTextOperator : types::JsonPathOperator,
                as_text ? kTextType : left_type, std::move(left), left_type, std::move(right),
                kTextArrayType, location, context);
  }
  if (name == "||") {
    const bool applies = (l == TypeId::kJsonb && (r == TypeId::kJsonb || r == TypeId::kUnknown)) ||
                         (r == TypeId::kJsonb && l == TypeId::kUnknown);
    if (!applies) return nullptr;
    return Call(name, types::JsonbConcatenate, kJsonbType, std::move(left), kJsonbType,
                std::move(right), kJsonbType, location, context);
  }
  if (name == "@>" || name == "<@") {
    if (l != TypeId::kJsonb && r != TypeId::kJsonb) return nullptr;
    const bool fits = (l == TypeId::kJsonb || l == TypeId::kUnknown) &&
                      (r == TypeId::kJsonb || r == TypeId::kUnknown);
    if (!fits) NoOperator(name, *left, *right, location, context);
    return Call(name, name == "@>" ? types::JsonbContains : types::JsonbContainedBy, kBoolType,
                std::move(left), kJsonbType, std::move(right), kJsonbType, location, context);
  }
  if (l != TypeId::kJsonb) return nullptr;
  if (name == "?") {
    if (!IsTextLike(r)) NoOperator(name, *left, *right, location, context);
    return Call(name, types::JsonbExists, kBoolType, std::move(left), kJsonbType, std::move(right),
                kTextType, location, context);
  }
  if (name == "?|" || name == "?&") {
    if (!IsTextArrayLike(r)) NoOperator(name, *left, *right, location, context);
    return Call(name, name == "?|" ? types::JsonbExistsAny : types::JsonbExistsAll, kBoolType,
                std::move(left), kJsonbType, std::move(right), kTextArrayType, location, context);
  }
  if (name == "#-") {
    if (!IsTextArrayLike(r)) NoOperator(name, *left, *right, location, context);
    return Call(name, types::JsonbDeletePath, kJsonbType, std::move(left), kJsonbType,
                std::move(right), kTextArrayType, location, context);
  }
  if (name == "-") {
    if (types::IsInteger(r)) {
      return Call(name, types::JsonbDeleteIndex, kJsonbType, std::move(left), kJsonbType,
                  std::move(right), Type{TypeId::kInt4, -1}, location, context);
    }
    if (IsTextLike(r)) {
      return Call(name, types::JsonbDeleteKey, kJsonbType, std::move(left), kJsonbType,
                  std::move(right), kTextType, location, context);
    }
    if (r == TypeId::kTextArray || r == TypeId::kVarcharArray) {
      return Call(name, types::JsonbDeleteKeys, kJsonbType, std::move(left), kJsonbType,
                  std::move(right), kTextArrayType, location, context);
    }
    NoOperator(name, *left, *right, location, context);
  }
  return nullptr;
}

BoundExprPtr BindJsonFunction(const std::string& name, std::vector<BoundExprPtr>& args, int location,
                              AnalyzeContext& context) {
  const bool to_json = name == "to_json";
  if (to_json || name == "to_jsonb") {
    if (args.size() != 1) NoFunction(name, args, location, context);
    if (args[0]->type.id == TypeId::kUnknown) {
      throw context.ErrorAt(sqlstate::kDatatypeMismatch,
                            "could not determine polymorphic type because input has type unknown",
                            location);
    }
    return MakeCall(name, to_json ? types::ToJson : types::ToJsonb,
                    Type{to_json ? TypeId::kJson : TypeId::kJsonb, -1}, std::move(args), location);
  }
  if (name == "row_to_json" || name == "array_to_json") {
    // (record | anyarray [, pretty boolean]) -> json
    const bool row = name == "row_to_json";
    if (args.empty() || args.size() > 2) NoFunction(name, args, location, context);
    const TypeId id = args[0]->type.id;
    if (row ? id != TypeId::kRecord : (!types::IsArray(id) || id == TypeId::kInt2Vector || id == TypeId::kOidVector)) {
      NoFunction(name, args, location, context);
    }
    if (args.size() == 2) {
      if (args[1]->type.id != TypeId::kBool && args[1]->type.id != TypeId::kUnknown) NoFunction(name, args, location, context);
      args[1] = Coerce(std::move(args[1]), Type{TypeId::kBool, -1}, types::CastContext::kImplicit, context);
    }
    return MakeCall(name, row ? types::RowToJson : types::ArrayToJson, Type{TypeId::kJson, -1}, std::move(args),
                    location);
  }
  types::ScalarFunction variadic = nullptr;
  TypeId result = TypeId::kJson;
  if (name == "json_build_object") variadic = types::JsonBuildObject;
  if (name == "jsonb_build_object") variadic = types::JsonbBuildObject, result = TypeId::kJsonb;
  if (name == "json_build_array") variadic = types::JsonBuildArray;
  if (name == "jsonb_build_array") variadic = types::JsonbBuildArray, result = TypeId::kJsonb;
  if (variadic != nullptr) {
    for (BoundExprPtr& arg : args) {
      if (arg->type.id == TypeId::kUnknown) {
        arg = Coerce(std::move(arg), kTextType, types::CastContext::kImplicit, context);
      }
    }
    return MakeCall(name, variadic, Type{result, -1}, std::move(args), location, false);
  }
  const bool extract = name == "json_extract_path" || name == "jsonb_extract_path";
  const bool extract_text = name == "json_extract_path_text" || name == "jsonb_extract_path_text";
  if (!extract && !extract_text) return nullptr;
  const TypeId document = name.starts_with("jsonb") ? TypeId::kJsonb : TypeId::kJson;
  const TypeId first = args.empty() ? TypeId::kUnknown : args[0]->type.id;
  bool usable = args.size() >= 2 && (first == document || first == TypeId::kUnknown ||
                                      CanImplicitlyCast(first, document));
  for (size_t i = 1; usable && i < args.size(); ++i) {
    usable = IsTextLike(args[i]->type.id) || CanImplicitlyCast(args[i]->type.id, TypeId::kText);
  }
  if (!usable) NoFunction(name, args, location, context);
  args[0] = Coerce(std::move(args[0]), Type{document, -1}, types::CastContext::kImplicit, context);
  for (size_t i = 1; i < args.size(); ++i) {
    args[i] = Coerce(std::move(args[i]), kTextType, types::CastContext::kImplicit, context);
  }
  return MakeCall(name, extract ? types::JsonExtractPath : types::JsonExtractPathText,
                  extract ? Type{document, -1} : kTextType, std::move(args), location, false);
}

const JsonSetFunction* FindJsonSetFunction(std::string_view name) {
  for (const JsonSetFunction& function : SetFunctions()) {
    if (function.name == name) return &function;
  }
  return nullptr;
}

std::vector<BoundExprPtr> JsonSetArrays(const JsonSetFunction& function, BoundExprPtr argument,
                                        int location, AnalyzeContext& context) {
  const TypeId have = argument->type.id;
  if (have != function.argument && have != TypeId::kUnknown) {
    std::vector<BoundExprPtr> shown;
    shown.push_back(std::move(argument));
    NoFunction(std::string(function.name), shown, location, context);
  }
  const Type type{function.argument, -1};
  BoundExprPtr coerced = Coerce(std::move(argument), type, types::CastContext::kImplicit, context);
  std::vector<BoundExprPtr> arrays;
  for (size_t i = 0; i < function.arrays.size(); ++i) {
    const TypeId array_type = *types::ArrayTypeOf(function.column_types[i]);
    std::vector<BoundExprPtr> args;
    args.push_back(i + 1 < function.arrays.size() ? coerced->Clone() : std::move(coerced));
    arrays.push_back(MakeCall(function.name, function.arrays[i], Type{array_type, -1}, std::move(args), location));
  }
  return arrays;
}

}  // namespace granary::planner
