// Operator resolution for the built-in types.
#include "planner/analyze/operators.hpp"

#include <cmath>

#include "common/sqlstate.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/datetime_operators.hpp"
#include "planner/analyze/json_binder.hpp"
#include "types/functions/array_functions.hpp"
#include "types/functions/builtin_functions.hpp"
#include "types/functions/bytea_functions.hpp"
#include "types/functions/math_functions.hpp"
#include "types/functions/pattern_functions.hpp"
#include "types/functions/regex_functions.hpp"
#include "types/varlena_limits.hpp"

namespace granary::planner {
namespace {

using types::ArithmeticOp;
using types::Type;
using types::TypeId;
using types::Value;

Value Equal(std::span<const Value> a) { return Value::Bool(types::Compare(a[0], a[1]) == 0); }
Value NotEqual(std::span<const Value> a) { return Value::Bool(types::Compare(a[0], a[1]) != 0); }
Value Less(std::span<const Value> a) { return Value::Bool(types::Compare(a[0], a[1]) < 0); }
Value LessEqual(std::span<const Value> a) { return Value::Bool(types::Compare(a[0], a[1]) <= 0); }
Value Greater(std::span<const Value> a) { return Value::Bool(types::Compare(a[0], a[1]) > 0); }
Value GreaterEqual(std::span<const Value> a) { return Value::Bool(types::Compare(a[0], a[1]) >= 0); }

Value Add(std::span<const Value> a) { return types::Arithmetic(ArithmeticOp::kAdd, a[0], a[1]); }
Value Subtract(std::span<const Value> a) { return types::Arithmetic(ArithmeticOp::kSubtract, a[0], a[1]); }
Value Multiply(std::span<const Value> a) { return types::Arithmetic(ArithmeticOp::kMultiply, a[0], a[1]); }
Value Divide(std::span<const Value> a) { return types::Arithmetic(ArithmeticOp::kDivide, a[0], a[1]); }
Value Modulo(std::span<const Value> a) { return types::Arithmetic(ArithmeticOp::kModulo, a[0], a[1]); }
// int2and/int4and/int8and, the or and xor forms: the operands share one integer type.
Value BitAnd(std::span<const Value> a) { return Value::OfInt(a[0].type(), a[0].AsInt() & a[1].AsInt()); }
Value BitOr(std::span<const Value> a) { return Value::OfInt(a[0].type(), a[0].AsInt() | a[1].AsInt()); }
Value BitXor(std::span<const Value> a) { return Value::OfInt(a[0].type(), a[0].AsInt() ^ a[1].AsInt()); }

Value Negate(std::span<const Value> a) { return types::Negate(a[0]); }
Value Identity(std::span<const Value> a) { return a[0]; }

// The integer bitwise operators (int2/int4/int8 &, |, #, ~, << and >>), as C computes them
// on the type's width: shift counts are taken modulo the width, as x86 does.
int64_t Narrow(TypeId type, int64_t value) {
  if (type == TypeId::kInt2) return static_cast<int16_t>(value);
  if (type == TypeId::kInt4) return static_cast<int32_t>(value);
  return value;
}
Value BitNot(std::span<const Value> a) { return Value::OfInt(a[0].type(), ~a[0].AsInt()); }
Value ShiftLeft(std::span<const Value> a) {
  const TypeId type = a[0].type();
  const int64_t mask = type == TypeId::kInt8 ? 63 : 31;
  const auto shifted = static_cast<uint64_t>(a[0].AsInt()) << (a[1].AsInt() & mask);
  return Value::OfInt(type, Narrow(type, static_cast<int64_t>(shifted)));
}
Value ShiftRight(std::span<const Value> a) {
  const TypeId type = a[0].type();
  const int64_t mask = type == TypeId::kInt8 ? 63 : 31;
  return Value::OfInt(type, Narrow(type, a[0].AsInt() >> (a[1].AsInt() & mask)));
}

Value Concatenate(std::span<const Value> a) {
  types::CheckValueSize(a[0].AsString().size() + a[1].AsString().size());
  return Value::Text(a[0].AsString() + a[1].AsString());
}

Value DatePlus(std::span<const Value> a) { return types::DatePlusDays(a[0], a[1]); }
Value IntegerPlusDate(std::span<const Value> a) { return types::DatePlusDays(a[1], a[0]); }
Value DateMinus(std::span<const Value> a) { return types::DateMinusDays(a[0], a[1]); }
Value DateDifference(std::span<const Value> a) { return types::DateMinusDate(a[0], a[1]); }

// Types that read as text for || and the regular expression operators (name and "char"
// through their implicit casts to text).
bool IsStringish(TypeId id) {
  return id == TypeId::kText || id == TypeId::kVarchar || id == TypeId::kBpchar ||
         id == TypeId::kUnknown || id == TypeId::kName || id == TypeId::kChar;
}

std::string TypeNameForOperator(const Type& type) {
  return type.id == TypeId::kUnknown ? "unknown" : types::FormatType(Type{type.id, -1});
}

[[noreturn]] void NoSuchOperator(std::string_view name, const BoundExpr* left,
                                 const BoundExpr& right, int location, AnalyzeContext& context) {
  std::string signature = left ? TypeNameForOperator(left->type) + " " : "";
  signature += std::string(name) + " " + TypeNameForOperator(right.type);
  throw context
      .ErrorAt(sqlstate::kUndefinedFunction, "operator does not exist: " + signature, location)
      .WithHint(
          "No operator matches the given name and argument types. You might need to add "
          "explicit type casts.");
}

types::ScalarFunction ComparisonFunction(std::string_view name) {
  if (name == "=") return Equal;
  if (name == "<>") return NotEqual;
  if (name == "<") return Less;
  if (name == "<=") return LessEqual;
  if (name == ">") return Greater;
  if (name == ">=") return GreaterEqual;
  return nullptr;
}

types::ScalarFunction ArithmeticFunction(std::string_view name) {
  if (name == "+") return Add;
  if (name == "-") return Subtract;
  if (name == "*") return Multiply;
  if (name == "/") return Divide;
  if (name == "%") return Modulo;
  return nullptr;
}

types::ScalarFunction RegexFunction(std::string_view name) {
  if (name == "~") return types::RegexMatchOperator;
  if (name == "!~") return types::RegexNotMatchOperator;
  if (name == "~*") return types::CaseInsensitiveRegexMatchOperator;
  if (name == "!~*") return types::CaseInsensitiveRegexNotMatchOperator;
  // LIKE and ILIKE by their operator names, which `x LIKE ANY (array)` and deparsed views use.
  if (name == "~~") return types::Like;
  if (name == "!~~") return types::NotLike;
  if (name == "~~*") return types::CaseInsensitiveLike;
  if (name == "!~~*") return types::CaseInsensitiveNotLike;
  return nullptr;
}

// Resolves the operand type of an arithmetic operator: an untyped literal takes the other
// side's type (two literals are an error, as in PostgreSQL).
std::optional<TypeId> ArithmeticType(TypeId left, TypeId right) {
  if (left == TypeId::kUnknown && right == TypeId::kUnknown) return std::nullopt;
  if (left == TypeId::kUnknown) left = right;
  if (right == TypeId::kUnknown) right = left;
  if (!types::IsNumericCategory(left) || !types::IsNumericCategory(right)) return std::nullopt;
  // real with anything but real resolves to double precision (PostgreSQL's float48 operators
  // and float8 as the category's preferred type).
  if ((left == TypeId::kFloat4) != (right == TypeId::kFloat4)) return TypeId::kFloat8;
  return CommonType(std::vector<TypeId>{left, right});
}

// ||, @>, <@ and && with an array operand (array_cat, array_append, array_prepend,
// arraycontains, arraycontained, arrayoverlap). An untyped literal beside an array is an
// array of the same type; elements of different types meet at their common type. Null when
// the operator does not apply to these operands.
BoundExprPtr BindArrayOperator(std::string_view name, BoundExprPtr& left, BoundExprPtr& right,
                               int location, AnalyzeContext& context) {
  const bool is_concat = name == "||";
  if (!is_concat && name != "@>" && name != "<@" && name != "&&") return nullptr;
  TypeId left_id = left->type.id;
  TypeId right_id = right->type.id;
  if (!types::IsArray(left_id) && !types::IsArray(right_id)) return nullptr;
  if (left_id == TypeId::kUnknown) left_id = right_id;
  if (right_id == TypeId::kUnknown) right_id = left_id;
  const bool left_array = types::IsArray(left_id);
  const bool right_array = types::IsArray(right_id);
  if (!is_concat && !(left_array && right_array)) return nullptr;
  const TypeId left_element = left_array ? *types::ElementTypeOf(left_id) : left_id;
  const TypeId right_element = right_array ? *types::ElementTypeOf(right_id) : right_id;
  const std::optional<TypeId> element = CommonType(std::vector<TypeId>{left_element, right_element});
  const std::optional<TypeId> array = element ? types::ArrayTypeOf(*element) : std::nullopt;
  if (!array) return nullptr;
  // Records of one descriptor keep it, so that `path || row(a, b)` has the type of
  // `ARRAY[row(a, b)]` (PostgreSQL's record[] has no typmod; ours names the fields).
  const int32_t typmod =
      is_concat && *element == TypeId::kRecord && left->type.typmod == right->type.typmod ? left->type.typmod : -1;
  const Type element_type{*element, typmod};
  const Type array_type{*array, typmod};
  std::vector<BoundExprPtr> args;
  args.push_back(Coerce(std::move(left), left_array ? array_type : element_type,
                        types::CastContext::kImplicit, context));
  args.push_back(Coerce(std::move(right), right_array ? array_type : element_type,
                        types::CastContext::kImplicit, context));
  const Type boolean{TypeId::kBool, -1};
  if (name == "@>") return MakeCall(name, types::ArrayContains, boolean, std::move(args), location);
  if (name == "<@") return MakeCall(name, types::ArrayContainedBy, boolean, std::move(args), location);
  if (name == "&&") return MakeCall(name, types::ArrayOverlaps, boolean, std::move(args), location);
  types::ScalarFunction function = left_array && right_array ? types::ArrayCat
                                   : left_array              ? types::ArrayAppend
                                                             : types::ArrayPrepend;
  return MakeCall(name, function, array_type, std::move(args), location, false);
}

// xideq / xidneq and xideqint4 / xidneqint4: the low 32 bits of both sides (an int4 as
// PostgreSQL's TransactionId conversion reads it: -1 is 4294967295).
types::Value XidEqual(std::span<const types::Value> args) {
  return types::Value::Bool(static_cast<uint32_t>(args[0].AsInt()) == static_cast<uint32_t>(args[1].AsInt()));
}
types::Value XidNotEqual(std::span<const types::Value> args) {
  return types::Value::Bool(static_cast<uint32_t>(args[0].AsInt()) != static_cast<uint32_t>(args[1].AsInt()));
}

// A comparison with an xid on one side: PostgreSQL has only xid = xid, xid <> xid and the
// same with an int4 on the right; an untyped literal reads as xid.
BoundExprPtr BindXidComparison(std::string_view name, BoundExprPtr left, BoundExprPtr right, int location,
                               AnalyzeContext& context) {
  const auto operand = [](const BoundExpr& expr, bool right_side) {
    const TypeId id = expr.type.id;
    return id == TypeId::kXid || id == TypeId::kUnknown || (right_side && id == TypeId::kInt4);
  };
  if ((name != "=" && name != "<>") || !operand(*left, false) || !operand(*right, true) ||
      (left->type.id != TypeId::kXid && right->type.id == TypeId::kInt4)) {
    NoSuchOperator(name, left.get(), *right, location, context);
  }
  const Type xid{TypeId::kXid, -1};
  std::vector<BoundExprPtr> args;
  args.push_back(Coerce(std::move(left), xid, types::CastContext::kImplicit, context));
  if (right->type.id != TypeId::kInt4) right = Coerce(std::move(right), xid, types::CastContext::kImplicit, context);
  args.push_back(std::move(right));
  return MakeCall(name, name == "=" ? XidEqual : XidNotEqual, Type{TypeId::kBool, -1}, std::move(args), location);
}

}  // namespace

BoundExprPtr MakeCall(std::string_view name, types::ScalarFunction function, Type result,
                      std::vector<BoundExprPtr> args, int location, bool strict) {
  auto call = std::make_unique<BoundExpr>();
  call->kind = BoundKind::kCall;
  call->name = std::string(name);
  call->function = function;
  call->strict = strict;
  call->type = result;
  call->location = location;
  call->args = std::move(args);
  return call;
}

BoundExprPtr BindComparison(std::string_view name, BoundExprPtr left, BoundExprPtr right,
                            int location, AnalyzeContext& context) {
  if (left->type.id == TypeId::kXid || right->type.id == TypeId::kXid) {
    return BindXidComparison(name, std::move(left), std::move(right), location, context);
  }
  std::optional<TypeId> common = CommonType(std::vector<TypeId>{left->type.id, right->type.id});
  // Operator resolution (oper_select_candidate) for bpchar beside another string type:
  // with varchar it is bpchareq whichever side is which (one exact argument type beats
  // texteq's none); with text or name it is texteq or texteqname (a tie broken by text, the
  // preferred type).
  const TypeId other = left->type.id == TypeId::kBpchar ? right->type.id : left->type.id;
  if (left->type.id == TypeId::kBpchar || right->type.id == TypeId::kBpchar) {
    if (other == TypeId::kVarchar) common = TypeId::kBpchar;
    if (other == TypeId::kText || other == TypeId::kName) common = TypeId::kText;
  }
  // time beside interval compares as interval (time_interval is implicit; the categories
  // differ, so CommonType has no answer).
  if ((left->type.id == TypeId::kTime && right->type.id == TypeId::kInterval) ||
      (left->type.id == TypeId::kInterval && right->type.id == TypeId::kTime)) {
    common = TypeId::kInterval;
  }
  const bool comparable =
      common && (left->type.id == TypeId::kUnknown || right->type.id == TypeId::kUnknown ||
                 left->type.id == right->type.id ||
                 (CanImplicitlyCast(left->type.id, *common) &&
                  CanImplicitlyCast(right->type.id, *common)));
  if (!comparable || LacksComparison(*common)) {
    NoSuchOperator(name, left.get(), *right, location, context);
  }
  Type target{*common, -1};
  if (*common == TypeId::kEnum || *common == TypeId::kEnumArray) {
    // enum_eq and friends take two values of one enum (its oid is the typmod).
    if (left->type.id == *common && right->type.id == *common && !(left->type == right->type)) {
      NoSuchOperator(name, left.get(), *right, location, context);
    }
    target = left->type.id == *common ? left->type : right->type;
  }
  std::vector<BoundExprPtr> args;
  args.push_back(Coerce(std::move(left), target, types::CastContext::kImplicit, context));
  args.push_back(Coerce(std::move(right), target, types::CastContext::kImplicit, context));
  return MakeCall(name, ComparisonFunction(name), Type{TypeId::kBool, -1}, std::move(args), location);
}

BoundExprPtr BindBinaryOperator(std::string_view name, BoundExprPtr left, BoundExprPtr right,
                                int location, AnalyzeContext& context) {
  // OPERATOR(pg_catalog.op) names the built-in operator.
  if (name.starts_with("pg_catalog.")) name.remove_prefix(std::string_view("pg_catalog.").size());
  if (ComparisonFunction(name)) {
    return BindComparison(name, std::move(left), std::move(right), location, context);
  }
  const TypeId left_id = left->type.id;
  const TypeId right_id = right->type.id;
  std::vector<BoundExprPtr> args;
  auto coerce_both = [&](Type left_type, Type right_type) {
    args.push_back(Coerce(std::move(left), left_type, types::CastContext::kImplicit, context));
    args.push_back(Coerce(std::move(right), right_type, types::CastContext::kImplicit, context));
  };
  const Type int4{TypeId::kInt4, -1};
  const Type date{TypeId::kDate, -1};
  if (BoundExprPtr bound = BindJsonOperator(name, left, right, location, context)) return bound;
  if (BoundExprPtr bound = BindArrayOperator(name, left, right, location, context)) return bound;

  if (name == "||" && (left_id == TypeId::kBytea || right_id == TypeId::kBytea) &&
      (left_id == TypeId::kBytea || left_id == TypeId::kUnknown) &&
      (right_id == TypeId::kBytea || right_id == TypeId::kUnknown)) {
    // byteacat; bytea || text is text || anynonarray below, as in PostgreSQL.
    const Type bytea{TypeId::kBytea, -1};
    coerce_both(bytea, bytea);
    return MakeCall(name, types::ByteaConcatenate, bytea, std::move(args), location);
  }
  if (name == "||") {
    // text || anything (and anything || text): the non-text side is output as text.
    if (!IsStringish(left_id) && !IsStringish(right_id)) {
      NoSuchOperator(name, left.get(), *right, location, context);
    }
    const Type text{TypeId::kText, -1};
    const types::CastContext how = types::CastContext::kExplicit;
    args.push_back(Coerce(std::move(left), text, how, context));
    args.push_back(Coerce(std::move(right), text, how, context));
    return MakeCall(name, Concatenate, text, std::move(args), location);
  }
  if (BoundExprPtr bound = BindDatetimeOperator(name, left, right, location, context)) return bound;
  if (left_id == TypeId::kDate || right_id == TypeId::kDate) {
    const bool left_integer = types::IsInteger(left_id) || left_id == TypeId::kUnknown;
    const bool right_integer = types::IsInteger(right_id) || right_id == TypeId::kUnknown;
    if (name == "+" && left_id == TypeId::kDate && right_integer) {
      coerce_both(date, int4);
      return MakeCall(name, DatePlus, date, std::move(args), location);
    }
    if (name == "+" && left_integer && right_id == TypeId::kDate) {
      coerce_both(int4, date);
      return MakeCall(name, IntegerPlusDate, date, std::move(args), location);
    }
    if (name == "-" && left_id == TypeId::kDate && right_id == TypeId::kDate) {
      coerce_both(date, date);
      return MakeCall(name, DateDifference, int4, std::move(args), location);
    }
    if (name == "-" && left_id == TypeId::kDate && right_integer && right_id != TypeId::kUnknown) {
      coerce_both(date, int4);
      return MakeCall(name, DateMinus, date, std::move(args), location);
    }
    if (name == "-" && left_id == TypeId::kDate && right_id == TypeId::kUnknown) {
      coerce_both(date, date);
      return MakeCall(name, DateDifference, int4, std::move(args), location);
    }
    NoSuchOperator(name, left.get(), *right, location, context);
  }
  if (types::ScalarFunction function = RegexFunction(name)) {
    // textregexeq and friends: both sides as text (varchar and untyped literals cast);
    // bpcharregexeq matches a bpchar subject with its padding.
    if (!IsStringish(left_id) || !IsStringish(right_id)) {
      NoSuchOperator(name, left.get(), *right, location, context);
    }
    const Type text{TypeId::kText, -1};
    coerce_both(left_id == TypeId::kBpchar ? Type{TypeId::kBpchar, -1} : text, text);
    return MakeCall(name, function, Type{TypeId::kBool, -1}, std::move(args), location);
  }
  if (name == "^") {
    const std::optional<TypeId> operand = ArithmeticType(left_id, right_id);
    if (!operand) NoSuchOperator(name, left.get(), *right, location, context);
    // numeric_power when both sides are (or coerce to) numeric, else dpow: integers go to
    // float8, the numeric category's preferred type.
    const bool numeric = *operand == TypeId::kNumeric;
    const Type type{numeric ? TypeId::kNumeric : TypeId::kFloat8, -1};
    coerce_both(type, type);
    return MakeCall(name, numeric ? types::PowerNumeric : types::PowerFloat8, type, std::move(args), location);
  }
  if (name == "&" || name == "|" || name == "#") {
    const std::optional<TypeId> operand = ArithmeticType(left_id, right_id);
    if (!operand || !types::IsInteger(*operand)) NoSuchOperator(name, left.get(), *right, location, context);
    const Type type{*operand, -1};
    coerce_both(type, type);
    return MakeCall(name, name == "&" ? BitAnd : name == "|" ? BitOr : BitXor, type, std::move(args), location);
  }
  if (name == "<<" || name == ">>") {
    const TypeId operand = left_id == TypeId::kUnknown ? TypeId::kInt4 : left_id;
    if (!types::IsInteger(operand) || !(types::IsInteger(right_id) || right_id == TypeId::kUnknown) ||
        right_id == TypeId::kInt8) {
      NoSuchOperator(name, left.get(), *right, location, context);
    }
    coerce_both(Type{operand, -1}, Type{TypeId::kInt4, -1});
    return MakeCall(name, name == "<<" ? ShiftLeft : ShiftRight, Type{operand, -1}, std::move(args), location);
  }
  if (types::ScalarFunction function = ArithmeticFunction(name)) {
    const std::optional<TypeId> operand = ArithmeticType(left_id, right_id);
    if (!operand || (name == "%" && (*operand == TypeId::kFloat8 || *operand == TypeId::kFloat4))) {
      NoSuchOperator(name, left.get(), *right, location, context);
    }
    const Type type{*operand, -1};
    coerce_both(type, type);
    return MakeCall(name, function, type, std::move(args), location);
  }
  NoSuchOperator(name, left.get(), *right, location, context);
}

BoundExprPtr BindPrefixOperator(std::string_view name, BoundExprPtr operand, int location,
                                AnalyzeContext& context) {
  if (BoundExprPtr bound = BindDatetimePrefixOperator(name, operand, location, context)) return bound;
  TypeId id = operand->type.id;
  if ((name == "-" || name == "+") && (types::IsNumericCategory(id) || id == TypeId::kUnknown)) {
    // An untyped literal under a prefix sign is numeric text, as PostgreSQL resolves it.
    if (id == TypeId::kUnknown) {
      operand = Coerce(std::move(operand), Type{TypeId::kNumeric, -1},
                       types::CastContext::kImplicit, context);
    }
    const Type type = Type{operand->type.id, -1};
    std::vector<BoundExprPtr> args;
    args.push_back(std::move(operand));
    return MakeCall(name, name == "-" ? Negate : Identity, type, std::move(args), location);
  }
  if ((name == "@" || name == "|/" || name == "||/") && (types::IsNumericCategory(id) || id == TypeId::kUnknown)) {
    // @ is abs over each numeric type; |/ and ||/ are float8's square and cube roots.
    const std::string_view function = name == "@" ? "abs" : name == "|/" ? "sqrt" : "cbrt";
    const TypeId operand_type = name == "@" && id != TypeId::kUnknown ? id : TypeId::kFloat8;
    for (const types::FunctionSignature* signature : types::FindFunctions(function)) {
      if (signature->arguments.size() != 1 || signature->arguments[0] != operand_type) continue;
      std::vector<BoundExprPtr> args;
      args.push_back(Coerce(std::move(operand), Type{operand_type, -1}, types::CastContext::kImplicit, context));
      return MakeCall(name, signature->implementation, Type{signature->result, -1}, std::move(args), location);
    }
  }
  if (name == "~" && types::IsInteger(id)) {
    const Type type = Type{id, -1};
    std::vector<BoundExprPtr> args;
    args.push_back(std::move(operand));
    return MakeCall(name, BitNot, type, std::move(args), location);
  }
  NoSuchOperator(name, nullptr, *operand, location, context);
}

}  // namespace granary::planner
