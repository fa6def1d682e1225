// Type names as written in SQL, resolved to types with modifiers.
#include <algorithm>

#include "common/sqlstate.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "types/enum.hpp"

namespace granary::planner {

void CheckColumnType(const std::string& column, const types::Type& type) {
  if (type.id == types::TypeId::kEnumArray) {
    // An array of enum values is stored as the labels' oids only in memory (array_send
    // writes labels), so that no stored array depends on a label's text.
    throw Error(sqlstate::kFeatureNotSupported, "column \"" + column + "\" has type " + types::FormatType(type) +
                                                    ": arrays of enum types cannot be stored yet");
  }
  if (type.id == types::TypeId::kRecord || type.id == types::TypeId::kRecordArray ||
      type.id == types::TypeId::kVoid || types::IsPseudoType(type.id)) {
    throw Error(sqlstate::kInvalidTableDefinition,
                "column \"" + column + "\" has pseudo-type " + types::FormatType(types::Type{type.id, -1}));
  }
}

types::Type ResolveTypeName(const parser::TypeName& name, const AnalyzeContext& context) {
  if (name.array_bounds > 0) {
    // int[], int[][] and int ARRAY are one type: the array of the element type, whose typmod
    // the array keeps.
    parser::TypeName element = name;
    element.array_bounds = 0;
    const types::Type element_type = ResolveTypeName(element, context);
    const std::optional<types::TypeId> array = types::IsArray(element_type.id)
                                                   ? std::optional<types::TypeId>(element_type.id)
                                                   : types::ArrayTypeOf(element_type.id);
    if (!array || types::IsPseudoType(element_type.id)) {
      throw context.ErrorAt(sqlstate::kUndefinedObject,
                            "type \"" + name.names.back() + "[]\" does not exist", name.location);
    }
    return types::Type{*array, element_type.typmod};
  }
  const std::string& spelled = name.names.back();
  const bool qualified = name.names.size() > 1;
  const std::string schema = qualified ? name.names[name.names.size() - 2] : "";
  // pg_catalog comes first in every search path: the built-in types, then the enums.
  const std::optional<types::TypeId> id =
      !qualified || schema == "pg_catalog" ? types::LookupTypeName(spelled) : std::nullopt;
  if (!id) {
    std::optional<types::EnumTypeDefinition> user_type;
    if (name.names.size() <= 3 && schema != "pg_catalog") {
      user_type = context.catalog.FindEnumType(schema, spelled, context.SearchPath(), context.snapshot);
    }
    if (!user_type) {
      std::string shown;
      for (const std::string& part : name.names) shown += (shown.empty() ? "" : ".") + part;
      throw context.ErrorAt(sqlstate::kUndefinedObject, "type \"" + shown + "\" does not exist", name.location);
    }
    if (!name.modifiers.empty()) {
      throw context.ErrorAt(sqlstate::kSyntaxError,
                            "type modifier is not allowed for type \"" + spelled + "\"", name.location);
    }
    return types::Type{types::TypeId::kEnum, static_cast<int32_t>(user_type->oid)};
  }
  const auto& mods = name.modifiers;
  if ((*id == types::TypeId::kVarchar || *id == types::TypeId::kBpchar) && !mods.empty()) {
    // anychar_typmodin: one length in 1..10485760 (MaxAttrSize).
    constexpr int64_t kMaxLength = 10485760;
    const std::string type_word = *id == types::TypeId::kVarchar ? "varchar" : "char";
    if (mods.size() != 1) {
      throw context.ErrorAt(sqlstate::kInvalidParameterValue, "invalid type modifier", name.location);
    }
    if (mods[0] < 1) {
      throw context.ErrorAt(sqlstate::kInvalidParameterValue,
                            "length for type " + type_word + " must be at least 1", name.location);
    }
    if (mods[0] > kMaxLength) {
      throw context.ErrorAt(sqlstate::kInvalidParameterValue,
                            "length for type " + type_word + " cannot exceed 10485760",
                            name.location);
    }
    const int length = static_cast<int>(mods[0]);
    return *id == types::TypeId::kVarchar ? types::Type::Varchar(length) : types::Type::Bpchar(length);
  }
  if (*id == types::TypeId::kNumeric && !mods.empty()) {
    const int64_t precision = mods[0];
    const int64_t scale = mods.size() > 1 ? mods[1] : 0;
    if (precision < 1 || precision > 1000) {
      throw context.ErrorAt(sqlstate::kInvalidParameterValue,
                            "NUMERIC precision " + std::to_string(precision) +
                                " must be between 1 and 1000",
                            name.location);
    }
    if (scale < 0 || scale > precision) {
      throw context.ErrorAt(sqlstate::kInvalidParameterValue,
                            "NUMERIC scale " + std::to_string(scale) +
                                " must be between 0 and precision " + std::to_string(precision),
                            name.location);
    }
    return types::Type::NumericOf(static_cast<int>(precision), static_cast<int>(scale));
  }
  if (!mods.empty() && (*id == types::TypeId::kTimestamp || *id == types::TypeId::kTimestampTz ||
                        *id == types::TypeId::kTime || *id == types::TypeId::kTimeTz)) {
    if (mods.size() != 1) {
      throw context.ErrorAt(sqlstate::kInvalidParameterValue, "invalid type modifier", name.location);
    }
    // PostgreSQL warns and reduces a precision above 6; the value is the same.
    return types::Type{*id, static_cast<int32_t>(std::min<int64_t>(mods[0], 6))};
  }
  if (*id == types::TypeId::kInterval) {
    // PostgreSQL's interval typmod: the field mask (parser::interval_mask; all fields for
    // interval(p)) in the high 16 bits, the seconds precision in the low 16 (0xFFFF: none).
    if (mods.empty() || mods[0] <= 0 || mods[0] > parser::interval_mask::kFullRange) return types::Type{*id, -1};
    constexpr int64_t kNoPrecision = 0xFFFF;
    int64_t precision = kNoPrecision;
    if (mods.size() == 2) {
      if (mods[1] < 0) return types::Type{*id, -1};
      precision = std::min<int64_t>(mods[1], 6);
    }
    if (mods[0] == parser::interval_mask::kFullRange && precision == kNoPrecision) return types::Type{*id, -1};
    return types::Type{*id, static_cast<int32_t>((mods[0] << 16) | precision)};
  }
  if (!mods.empty()) {
    throw context.ErrorAt(sqlstate::kSyntaxError,
                          "type modifier is not allowed for type \"" + spelled + "\"",
                          name.location);
  }
  return types::Type{*id, -1};
}

}  // namespace granary::planner
