// enum_first, enum_last and enum_range, bound with their argument's enum type.
#include "planner/analyze/enum_functions.hpp"

#include "common/sqlstate.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/operators.hpp"
#include "types/array.hpp"
#include "types/enum.hpp"
#include "types/value_ops.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;
using types::Value;

// enum_range(lower, upper, all labels): the labels from lower to upper (a NULL bound is
// open), in order. Not strict: NULL bounds are the point.
Value EnumRangeBetween(std::span<const Value> args) {
  std::vector<Value> labels;
  for (const Value& label : args[2].AsArray().elements) {
    if (!args[0].is_null() && types::Compare(label, args[0]) < 0) continue;
    if (!args[1].is_null() && types::Compare(label, args[1]) > 0) continue;
    labels.push_back(label);
  }
  return types::MakeArray(TypeId::kEnumArray, std::move(labels));
}

}  // namespace

BoundExprPtr BindEnumFunction(const std::string& name, std::vector<BoundExprPtr>& args, int location,
                              AnalyzeContext& context) {
  if (name != "enum_first" && name != "enum_last" && name != "enum_range") return nullptr;
  if (args.empty() || args.size() > (name == "enum_range" ? 2u : 1u)) return nullptr;
  std::optional<Type> type;
  for (const BoundExprPtr& arg : args) {
    if (arg->type.id == TypeId::kEnum && arg->type.typmod > 0) type = arg->type;
  }
  if (!type) return nullptr;
  for (BoundExprPtr& arg : args) {
    if (arg->type.id == TypeId::kUnknown) arg = Coerce(std::move(arg), *type, types::CastContext::kImplicit, context);
    if (!(arg->type == *type)) return nullptr;
  }
  const std::vector<types::EnumLabel> labels =
      context.catalog.EnumLabels(static_cast<catalog::Oid>(type->typmod), context.snapshot);
  std::vector<Value> values;
  for (const types::EnumLabel& label : labels) values.push_back(Value::OfInt(TypeId::kEnum, label.oid));
  const Type array_type{TypeId::kEnumArray, type->typmod};
  if (name == "enum_range" && args.size() == 1) {
    BoundExprPtr constant = MakeConstant(types::MakeArray(TypeId::kEnumArray, std::move(values)), array_type);
    constant->location = location;
    return constant;
  }
  if (name == "enum_range") {
    args.push_back(MakeConstant(types::MakeArray(TypeId::kEnumArray, std::move(values)), array_type));
    return MakeCall(name, EnumRangeBetween, array_type, std::move(args), location, false);
  }
  if (values.empty()) {
    throw Error(sqlstate::kObjectNotInPrerequisiteState, "enum " + types::FormatType(*type) + " contains no values");
  }
  BoundExprPtr constant = MakeConstant(name == "enum_first" ? values.front() : values.back(), *type);
  constant->location = location;
  return constant;
}

}  // namespace granary::planner
