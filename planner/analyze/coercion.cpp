// Implicit casts, common types and coercion.
#include "planner/analyze/coercion.hpp"

#include "common/sqlstate.hpp"
#include "parser/parser.hpp"
#include "planner/query.hpp"

namespace granary::planner {
namespace {

using types::TypeId;

// Position on the numeric ladder, or -1.
int NumericRung(TypeId id) {
  switch (id) {
    case TypeId::kInt2: return 0;
    case TypeId::kInt4: return 1;
    case TypeId::kInt8: return 2;
    case TypeId::kNumeric: return 3;
    case TypeId::kFloat4: return 4;
    case TypeId::kFloat8: return 5;
    default: return -1;
  }
}

bool IsStringType(TypeId id) {
  return id == TypeId::kText || id == TypeId::kVarchar || id == TypeId::kBpchar;
}

}  // namespace

bool CanImplicitlyCast(TypeId from, TypeId to) {
  if (from == to || from == TypeId::kUnknown) return true;
  if (types::IsArray(from) || types::IsArray(to)) {
    return types::IsArray(from) && types::IsArray(to) &&
           CanImplicitlyCast(*types::ElementTypeOf(from), *types::ElementTypeOf(to));
  }
  // The oid family: integers become oids, and oid and the reg types are interchangeable.
  if (types::IsOidType(to)) {
    return types::IsOidType(from) || from == TypeId::kInt2 || from == TypeId::kInt4 ||
           from == TypeId::kInt8;
  }
  if (types::IsOidType(from)) return to == TypeId::kInt8;
  // name and "char" read as text; text, varchar and bpchar become name (name and "char"
  // become bpchar only by assignment).
  if (from == TypeId::kName || from == TypeId::kChar) return IsStringType(to) && to != TypeId::kBpchar;
  if (to == TypeId::kName) return IsStringType(from);
  const int from_rung = NumericRung(from);
  const int to_rung = NumericRung(to);
  if (from_rung >= 0 && to_rung >= 0) return from_rung <= to_rung;
  if (IsStringType(from) && IsStringType(to)) return true;
  // time becomes interval (time_interval) and timetz implicitly, as in pg_cast.
  if (from == TypeId::kTime) return to == TypeId::kInterval || to == TypeId::kTimeTz;
  // The datetime category: date -> timestamp -> timestamptz (the preferred type).
  return (from == TypeId::kDate && (to == TypeId::kTimestamp || to == TypeId::kTimestampTz)) ||
         (from == TypeId::kTimestamp && to == TypeId::kTimestampTz);
}

bool CanAssignmentCast(TypeId from, TypeId to) {
  if (CanImplicitlyCast(from, to)) return true;
  if (NumericRung(from) >= 0 && NumericRung(to) >= 0) return true;
  if (IsStringType(to)) return true;
  if ((from == TypeId::kJson && to == TypeId::kJsonb) || (from == TypeId::kJsonb && to == TypeId::kJson)) {
    return true;
  }
  // time from timetz, timestamp, timestamptz and interval; timetz from timestamptz.
  if (to == TypeId::kTime) {
    return from == TypeId::kTimeTz || from == TypeId::kTimestamp || from == TypeId::kTimestampTz ||
           from == TypeId::kInterval;
  }
  if (to == TypeId::kTimeTz) return from == TypeId::kTimestampTz;
  return (to == TypeId::kDate && (from == TypeId::kTimestamp || from == TypeId::kTimestampTz)) ||
         (from == TypeId::kTimestampTz && to == TypeId::kTimestamp);
}

BoundExprPtr CoerceToColumn(BoundExprPtr expr, const std::string& column_name, types::Type column_type,
                            AnalyzeContext& context) {
  const TypeId from = expr->type.id;
  const bool string_source = IsStringType(from) || from == TypeId::kName;
  // Strings reach the string types, name and "char" by assignment, and regclass implicitly.
  const bool string_target = IsStringType(column_type.id) || column_type.id == TypeId::kName ||
                             column_type.id == TypeId::kChar || column_type.id == TypeId::kRegclass;
  if (string_source && !string_target && !types::IsArray(column_type.id)) {
    // format_type_be: no modifier, except an enum's, which names it.
    const types::Type shown{column_type.id, column_type.id == TypeId::kEnum ? column_type.typmod : -1};
    throw context
        .ErrorAt(sqlstate::kDatatypeMismatch,
                 "column \"" + column_name + "\" is of type " + types::FormatType(shown) +
                     " but expression is of type " + types::FormatType(expr->type),
                 expr->location)
        .WithHint("You will need to rewrite or cast the expression.");
  }
  return Coerce(std::move(expr), column_type, types::CastContext::kAssignment, context);
}

namespace {

int DatetimeRung(TypeId id) {
  switch (id) {
    case TypeId::kDate: return 0;
    case TypeId::kTimestamp: return 1;
    case TypeId::kTimestampTz: return 2;
    default: return -1;
  }
}

}  // namespace

std::optional<TypeId> CommonType(std::span<const TypeId> ids) {
  std::optional<TypeId> result;
  for (TypeId id : ids) {
    if (id == TypeId::kUnknown) continue;
    if (!result || *result == id) {
      result = id;
      continue;
    }
    const int a = NumericRung(*result);
    const int b = NumericRung(id);
    if (types::IsArray(*result) && types::IsArray(id)) {
      const std::optional<TypeId> element = CommonType(std::vector<TypeId>{
          *types::ElementTypeOf(*result), *types::ElementTypeOf(id)});
      const std::optional<TypeId> array = element ? types::ArrayTypeOf(*element) : std::nullopt;
      if (!array) return std::nullopt;
      result = array;
    } else if (types::IsOidType(*result) || types::IsOidType(id)) {
      // oid with a reg type or an integer compares as oid (oideq); a reg type with an
      // integer keeps the reg type.
      const TypeId other = types::IsOidType(*result) ? id : *result;
      const TypeId oid_side = types::IsOidType(*result) ? *result : id;
      if (types::IsOidType(other)) {
        result = TypeId::kOid;
      } else if (types::IsInteger(other)) {
        result = oid_side;
      } else {
        return std::nullopt;
      }
    } else if (IsStringType(*result) && IsStringType(id)) {
      // text, varchar and bpchar each cast implicitly to the others, so the first one stays
      // (select_common_type moves only to a type the current one casts to one way).
      continue;
    } else if ((*result == TypeId::kBpchar && id == TypeId::kName) ||
               (*result == TypeId::kName && id == TypeId::kBpchar)) {
      result = TypeId::kName;  // bpchar casts implicitly to name, name to bpchar only by assignment
    } else if ((*result == TypeId::kName || *result == TypeId::kChar || IsStringType(*result)) &&
               (id == TypeId::kName || id == TypeId::kChar || IsStringType(id))) {
      result = TypeId::kText;
    } else if (a >= 0 && b >= 0) {
      result = a >= b ? *result : id;
    } else if ((*result == TypeId::kTime && id == TypeId::kTimeTz) ||
               (*result == TypeId::kTimeTz && id == TypeId::kTime)) {
      result = TypeId::kTimeTz;  // time casts implicitly to timetz, not back
    } else if (DatetimeRung(*result) >= 0 && DatetimeRung(id) >= 0) {
      result = DatetimeRung(*result) >= DatetimeRung(id) ? *result : id;
    } else {
      return std::nullopt;
    }
  }
  return result ? result : std::optional<TypeId>(TypeId::kText);
}

BoundExprPtr Coerce(BoundExprPtr expr, types::Type target, types::CastContext context,
                    AnalyzeContext& info) {
  if (expr->type == target) return expr;
  if (expr->type.id == target.id && target.typmod < 0) return expr;
  if (!types::CanCast(expr->type.id, target.id)) {
    throw info.ErrorAt(sqlstate::kCannotCoerce,
                       "cannot cast type " + types::FormatType(expr->type) + " to " +
                           types::FormatType(target),
                       expr->location);
  }
  if (expr->kind == BoundKind::kConstant) {
    try {
      expr->constant = types::Cast(expr->constant, target, context);
    } catch (Error& error) {
      // Like PostgreSQL, only the input of an untyped literal is reported at its position;
      // casts of typed constants fail as they would at run time, and so does the length
      // check of varchar(n) (22001: PostgreSQL's separate length coercion has no position).
      if (error.position() == 0 && expr->location >= 0 &&
          expr->constant.type() == TypeId::kUnknown &&
          error.sqlstate() != sqlstate::kStringDataRightTruncation) {
        error.WithPosition(parser::CharacterPosition(info.sql, expr->location));
      }
      throw;
    }
    expr->type = target;
    return expr;
  }
  if (expr->kind == BoundKind::kParam && expr->type.id == TypeId::kUnknown) {
    // The parameter takes the target's type without its modifier, except that an enum's
    // typmod names the enum, which the parameter's input (enum_in / enum_recv) needs.
    const bool enum_type = target.id == TypeId::kEnum || target.id == TypeId::kEnumArray;
    info.param_types[expr->index] = types::Type{target.id, enum_type ? target.typmod : -1};
    expr->type = info.param_types[expr->index];
    if (target.typmod < 0 || enum_type) return expr;
  }
  auto cast = std::make_unique<BoundExpr>();
  cast->kind = BoundKind::kCast;
  cast->type = target;
  cast->cast_context = context;
  cast->location = expr->location;
  cast->args.push_back(std::move(expr));
  return cast;
}

types::Type CoerceToCommonType(std::vector<BoundExprPtr>& exprs, std::string_view what,
                               AnalyzeContext& context) {
  std::vector<TypeId> ids;
  for (const BoundExprPtr& expr : exprs) ids.push_back(expr->type.id);
  const std::optional<TypeId> common = CommonType(ids);
  if (!common) {
    // Name the first two types that clash, as PostgreSQL does.
    TypeId first = TypeId::kUnknown;
    for (const BoundExprPtr& expr : exprs) {
      if (expr->type.id == TypeId::kUnknown) continue;
      if (first == TypeId::kUnknown) {
        first = expr->type.id;
        continue;
      }
      if (!CommonType(std::vector<TypeId>{first, expr->type.id})) {
        throw context.ErrorAt(sqlstate::kDatatypeMismatch,
                              std::string(what) + " types " +
                                  types::FormatType(types::Type{first, -1}) + " and " +
                                  types::FormatType(expr->type) + " cannot be matched",
                              expr->location);
      }
    }
  }
  // Keep a shared typmod only when every input has it (varchar(5) with varchar(5)).
  types::Type target{*common, -1};
  if (*common == TypeId::kEnum || *common == TypeId::kEnumArray) {
    // The typmod names the enum: the one every typed input has (untyped literals take it).
    const types::Type* first = nullptr;
    for (const BoundExprPtr& expr : exprs) {
      if (expr->type.id == TypeId::kUnknown) continue;
      if (first != nullptr && !(expr->type == *first)) {
        // Both of category E: select_common_type keeps the first, and the cast fails.
        throw context.ErrorAt(sqlstate::kCannotCoerce,
                              std::string(what) + " could not convert type " + types::FormatType(expr->type) +
                                  " to " + types::FormatType(*first),
                              expr->location);
      }
      if (first == nullptr) first = &expr->type;
    }
    if (first != nullptr) target = *first;
  }
  bool same_typmod = !exprs.empty();
  for (const BoundExprPtr& expr : exprs) {
    if (!(expr->type == exprs.front()->type)) same_typmod = false;
  }
  if (same_typmod && exprs.front()->type.id == *common) target = exprs.front()->type;
  for (BoundExprPtr& expr : exprs) {
    expr = Coerce(std::move(expr), target, types::CastContext::kImplicit, context);
  }
  return target;
}

void ResolveUnknownOutputs(BoundQuery& query, AnalyzeContext& context) {
  for (size_t i = 0; i < query.visible_targets; ++i) {
    if (query.targets[i]->type.id == types::TypeId::kUnknown) {
      query.targets[i] = Coerce(std::move(query.targets[i]), types::Type{types::TypeId::kText, -1},
                                types::CastContext::kImplicit, context);
    }
  }
}

}  // namespace granary::planner
