// Binding of the array constructs: ARRAY[...], ARRAY(SELECT ...), subscripts and slices,
// and `x op ANY/ALL (array)` (PostgreSQL's transformArrayExpr, transformContainerSubscripts
// and make_scalar_array_op).
#include "catalog/catalog_functions.hpp"
#include "common/sqlstate.hpp"
#include "planner/analyze/generate_series.hpp"
#include "planner/analyze/json_binder.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/operators.hpp"
#include "planner/optimize/optimizer.hpp"
#include "types/array.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;

BoundExprPtr MakeArrayNode(BoundKind kind, Type type, int location) {
  auto node = std::make_unique<BoundExpr>();
  node->kind = kind;
  node->type = type;
  node->location = location;
  return node;
}

std::string TypeText(const Type& type) {
  return type.id == TypeId::kUnknown ? "unknown" : types::FormatType(Type{type.id, -1});
}

}  // namespace

BoundExprPtr ExprBinder::BindArray(const parser::ArrayExpr& expr, const Type* target) {
  if (expr.select) return BindArraySubquery(expr);
  // The element type an enclosing cast asks for (ARRAY[]::int[], ARRAY['1']::int[]).
  std::optional<Type> wanted_element;
  if (target && types::IsArray(target->id)) {
    wanted_element = Type{*types::ElementTypeOf(target->id), target->typmod};
  }
  std::vector<BoundExprPtr> elements;
  for (const parser::ExprPtr& element : expr.elements) {
    if (element->kind == parser::ExprKind::kArray && element->As<parser::ArrayExpr>().nested) {
      elements.push_back(BindArray(element->As<parser::ArrayExpr>(), target));
    } else {
      elements.push_back(Bind(*element));
    }
  }
  if (elements.empty()) {
    if (!target || !types::IsArray(target->id)) {
      throw context_.ErrorAt(sqlstate::kIndeterminateDatatype, "cannot determine type of empty array",
                             expr.location)
          .WithHint("Explicitly cast to the desired type, for example ARRAY[]::integer[].");
    }
    return MakeConstant(types::MakeArray(target->id, std::vector<types::Value>{}), *target);
  }
  bool all_unknown = true;
  for (const BoundExprPtr& element : elements) all_unknown &= element->type.id == TypeId::kUnknown;
  Type common;
  if (all_unknown && wanted_element) {
    common = *wanted_element;
    for (BoundExprPtr& element : elements) {
      element = Coerce(std::move(element), common, types::CastContext::kImplicit, context_);
    }
  } else {
    common = CoerceToCommonType(elements, "ARRAY", context_);
  }
  const bool multidimensional = types::IsArray(common.id);
  Type result = common;
  if (!multidimensional) {
    const std::optional<TypeId> array = types::ArrayTypeOf(common.id);
    if (!array) {
      throw context_.ErrorAt(sqlstate::kUndefinedObject,
                             "could not find array type for data type " + TypeText(common),
                             expr.location);
    }
    result = Type{*array, common.typmod};
  }
  BoundExprPtr node = MakeArrayNode(BoundKind::kArray, result, expr.location);
  node->negated = multidimensional;
  node->args = std::move(elements);
  return node;
}

BoundExprPtr ExprBinder::BindArraySubquery(const parser::ArrayExpr& expr) {
  auto info = std::make_shared<SubqueryInfo>();
  std::vector<BoundExprPtr> arguments;
  std::unique_ptr<BoundQuery> query = BindSubselect(*expr.select, arguments);
  const std::vector<Type> output = query->OutputTypes();
  if (output.size() != 1) {
    throw context_.ErrorAt(sqlstate::kSyntaxError, "subquery must return only one column",
                           expr.location);
  }
  const Type element = output[0].id == TypeId::kUnknown ? Type{TypeId::kText, -1} : output[0];
  const std::optional<TypeId> array = types::ArrayTypeOf(element.id);
  if (!array) {
    throw context_.ErrorAt(sqlstate::kFeatureNotSupported,
                           "ARRAY(SELECT ...) over values of type " + TypeText(element) +
                               " is not supported",
                           expr.location);
  }
  info->mode = SubqueryMode::kArray;
  info->compare_type = element;
  info->plan = std::shared_ptr<const PlanNode>(PlanQuery(*query));
  BoundExprPtr node = MakeArrayNode(BoundKind::kSubquery, Type{*array, element.typmod}, expr.location);
  for (BoundExprPtr& argument : arguments) node->args.push_back(std::move(argument));
  node->subquery = std::move(info);
  return node;
}

BoundExprPtr ExprBinder::BindSubscript(const parser::SubscriptExpr& expr) {
  BoundExprPtr base = Bind(*expr.base);
  if (!types::IsArray(base->type.id)) {
    throw context_.ErrorAt(sqlstate::kDatatypeMismatch,
                           "cannot subscript type " + TypeText(base->type) +
                               " because it does not support subscripting",
                           expr.base->location);
  }
  if (expr.subscripts.size() > static_cast<size_t>(types::kMaxArrayDimensions)) {
    throw context_.ErrorAt(sqlstate::kProgramLimitExceeded,
                           "number of array dimensions (" + std::to_string(expr.subscripts.size()) +
                               ") exceeds the maximum allowed (" +
                               std::to_string(types::kMaxArrayDimensions) + ")",
                           expr.location);
  }
  bool slice = false;
  for (const parser::Subscript& subscript : expr.subscripts) slice |= subscript.slice;
  const Type int4{TypeId::kInt4, -1};
  auto bind_index = [&](const parser::ExprPtr& index) {
    BoundExprPtr bound = Bind(*index);
    // Any type with an assignment cast to integer: numeric subscripts round.
    if (!types::IsNumericCategory(bound->type.id) && bound->type.id != TypeId::kUnknown) {
      throw context_.ErrorAt(sqlstate::kDatatypeMismatch, "array subscript must have type integer",
                             index->location);
    }
    return Coerce(std::move(bound), int4, types::CastContext::kAssignment, context_);
  };
  const Type element{*types::ElementTypeOf(base->type.id), base->type.typmod};
  BoundExprPtr node = MakeArrayNode(BoundKind::kSubscript, slice ? base->type : element, expr.location);
  node->negated = slice;
  node->args.push_back(std::move(base));
  for (size_t i = 0; i < expr.subscripts.size(); ++i) {
    const parser::Subscript& subscript = expr.subscripts[i];
    if (!slice) {
      node->args.push_back(bind_index(subscript.lower));
      continue;
    }
    // In a slice every subscript is a range; [n] alone means [1:n].
    if (!subscript.slice) {
      node->args.push_back(MakeConstant(types::Value::Int4(1), int4));
      node->args.push_back(bind_index(subscript.lower));
      continue;
    }
    for (int side = 0; side < 2; ++side) {
      const parser::ExprPtr& bound = side == 0 ? subscript.lower : subscript.upper;
      if (bound) {
        node->args.push_back(bind_index(bound));
      } else {
        node->args.push_back(MakeConstant(types::Value::Null(TypeId::kInt4), int4));
        node->index |= size_t{1} << (2 * i + side);
      }
    }
  }
  return node;
}

BoundExprPtr ExprBinder::BindArrayComparison(const parser::ArrayComparisonExpr& expr) {
  BoundExprPtr left = Bind(*expr.left);
  BoundExprPtr array = Bind(*expr.array);
  if (array->type.id == TypeId::kUnknown) {
    // '{1,2}' takes the array type of the left side (text[] when that is unknown too).
    const TypeId element = left->type.id == TypeId::kUnknown ? TypeId::kText : left->type.id;
    const std::optional<TypeId> array_type = types::ArrayTypeOf(element);
    if (array_type) {
      array = Coerce(std::move(array), Type{*array_type, -1}, types::CastContext::kImplicit, context_);
    }
  }
  if (!types::IsArray(array->type.id)) {
    throw context_.ErrorAt(sqlstate::kWrongObjectType,
                           "op ANY/ALL (array) requires array on right side", expr.location);
  }
  const Type element{*types::ElementTypeOf(array->type.id), -1};
  // Resolve the operator against one element, then make the array match its operand type.
  BoundExprPtr comparison = BindBinaryOperator(expr.operator_name, std::move(left),
                                               MakeColumn(0, element), expr.location, context_);
  if (comparison->kind != BoundKind::kCall || comparison->args.size() != 2) {
    throw context_.ErrorAt(sqlstate::kFeatureNotSupported,
                           "operator " + expr.operator_name + " is not supported with ANY/ALL (array)",
                           expr.location);
  }
  if (comparison->type.id != TypeId::kBool) {
    throw context_.ErrorAt(sqlstate::kWrongObjectType,
                           "op ANY/ALL (array) requires operator to yield boolean", expr.location);
  }
  const Type operand = comparison->args[1]->type;
  if (operand.id != element.id) {
    const std::optional<TypeId> array_type = types::ArrayTypeOf(operand.id);
    array = Coerce(std::move(array), Type{*array_type, -1}, types::CastContext::kImplicit, context_);
  }
  BoundExprPtr node = MakeArrayNode(BoundKind::kArrayComparison, Type{TypeId::kBool, -1}, expr.location);
  node->name = expr.operator_name;
  node->negated = expr.all;
  node->function = comparison->function;
  node->strict = comparison->strict;
  node->args.push_back(std::move(comparison->args[0]));
  node->args.push_back(std::move(array));
  return node;
}

BoundExprPtr ExprBinder::BindSetFunction(const parser::FuncCallExpr& expr, const std::string& name,
                                         std::vector<BoundExprPtr> args) {
  const auto no_such_function = [&] {
    std::string signature = name + "(";
    for (size_t i = 0; i < args.size(); ++i) signature += (i > 0 ? ", " : "") + TypeText(args[i]->type);
    return context_
        .ErrorAt(sqlstate::kUndefinedFunction, "function " + signature + ") does not exist",
                 expr.location)
        .WithHint(kNoFunctionMatchesHint);
  };
  BoundExprPtr node = MakeArrayNode(BoundKind::kSetFunction, Type{}, expr.location);
  node->name = name;
  if (name == "pg_partition_ancestors") {
    // Granary has no partitioning: a relation's only ancestor is itself.
    node->type = Type{TypeId::kRegclass, -1};
    node->args.push_back(Coerce(std::move(args[0]), node->type, types::CastContext::kImplicit, context_));
    return node;
  }
  if (const JsonSetFunction* json = FindJsonSetFunction(name)) {
    if (json->arrays.size() > 1) {
      throw context_.ErrorAt(sqlstate::kFeatureNotSupported,
                             name + "() returns rows of several columns, which is supported only in FROM",
                             expr.location);
    }
    // Bound as unnest over the array of the set's members.
    std::vector<BoundExprPtr> arrays = JsonSetArrays(*json, std::move(args[0]), expr.location, context_);
    node->name = "unnest";
    node->type = Type{json->column_types[0], -1};
    node->args = std::move(arrays);
    return node;
  }
  if (name == "unnest") {
    if (!types::IsArray(args[0]->type.id)) throw no_such_function();
    node->type = Type{*types::ElementTypeOf(args[0]->type.id), args[0]->type.typmod};
    node->args = std::move(args);
    return node;
  }
  if (name == "regexp_matches" || name == "regexp_split_to_table") {
    // (string, pattern[, flags]), all text: setof text[] and setof text.
    if (args.size() != 2 && args.size() != 3) throw no_such_function();
    for (const BoundExprPtr& arg : args) {
      if (!CanImplicitlyCast(arg->type.id, TypeId::kText)) throw no_such_function();
    }
    node->type = Type{name == "regexp_matches" ? TypeId::kTextArray : TypeId::kText, -1};
    for (BoundExprPtr& arg : args) {
      node->args.push_back(Coerce(std::move(arg), Type{TypeId::kText, -1}, types::CastContext::kImplicit, context_));
    }
    return node;
  }
  // generate_series: integers, numeric or timestamps (generate_series.hpp).
  const std::optional<Type> series = GenerateSeriesType(args);
  if (!series) throw no_such_function();
  node->type = *series;
  CoerceGenerateSeriesArgs(args, *series, context_);
  node->args = std::move(args);
  return node;
}

}  // namespace granary::planner
