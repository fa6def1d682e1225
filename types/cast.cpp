// Casts between the supported types, following PostgreSQL 15's pg_cast: conversions in two
// steps, first to the target's base type (the cast function or I/O conversion), then to its
// modifier (the length-coercion function: varchar(n), numeric(p, s)).
#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/array.hpp"
#include "types/bpchar.hpp"
#include "types/datetime.hpp"
#include "types/enum.hpp"
#include "types/json.hpp"
#include "types/datetime_internal.hpp"
#include "types/datetime_session.hpp"
#include "types/time.hpp"
#include "types/timestamptz.hpp"
#include "types/float_format.hpp"
#include "types/value_internal.hpp"
#include "types/value_ops.hpp"

#include <cstdio>

namespace granary::types {
namespace {

using value_internal::CheckIntegerRange;
using value_internal::ThrowIntegerOutOfRange;

[[noreturn]] void ThrowCannotCast(TypeId from, TypeId to) {
  throw Error(sqlstate::kCannotCoerce, "cannot cast type " + std::string(InfoOf(from).sql_name) +
                                           " to " + std::string(InfoOf(to).sql_name));
}

// float8 -> int2/int4/int8: round half to even first (rint), so values just outside the
// range that round into it are accepted; NaN is out of range.
int64_t Float8ToInteger(double number, TypeId type) {
  number = std::rint(number);
  double bound = 0;  // the exclusive upper bound, -min
  switch (type) {
    case TypeId::kInt2:
      bound = 32768.0;
      break;
    case TypeId::kInt4:
      bound = 2147483648.0;
      break;
    default:
      bound = 9223372036854775808.0;
      break;
  }
  if (std::isnan(number) || number < -bound || number >= bound) ThrowIntegerOutOfRange(type);
  return static_cast<int64_t>(number);
}

// numeric -> int2/int4/int8: rounds half away from zero.
int64_t NumericToInteger(const Numeric& number, TypeId type) {
  if (number.IsNaN() || number.IsInfinite()) {
    throw Error(sqlstate::kFeatureNotSupported, std::string("cannot convert ") +
                                                    (number.IsNaN() ? "NaN" : "infinity") + " to " +
                                                    std::string(InfoOf(type).sql_name));
  }
  const std::optional<int64_t> value = number.ToInt64();
  if (!value) ThrowIntegerOutOfRange(type);
  return CheckIntegerRange(*value, type);
}

// numeric -> float8 goes through text, as numeric_float8 does, so that its range errors
// (`"1e400..." is out of range for type double precision`) are PostgreSQL's.
double NumericToFloat8(const Numeric& number) {
  if (number.IsNaN() || number.IsInfinite()) return number.ToDouble();
  return ParseFloat8(number.ToString());
}

// float8 -> float4 (float8_to_float4): overflow and underflow are errors, not inf and 0.
double Float8ToFloat4(double number) {
  const float result = static_cast<float>(number);
  if (std::isinf(result) && !std::isinf(number)) {
    throw Error(sqlstate::kNumericValueOutOfRange, "value out of range: overflow");
  }
  if (result == 0.0f && number != 0.0) {
    throw Error(sqlstate::kNumericValueOutOfRange, "value out of range: underflow");
  }
  return result;
}

// float4 -> numeric keeps FLT_DIG (6) significant digits, as float4_numeric does.
Numeric Float4ToNumeric(double number) {
  if (std::isnan(number)) return Numeric::NaN();
  if (std::isinf(number)) return Numeric::Infinity(number < 0);
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.6g", number);
  return Numeric::Parse(buffer);
}

// The text a value becomes when cast to text or varchar; booleans spell themselves out
// (booltext), everything else uses its output function.
std::string CastToString(const Value& value) {
  if (value.type() == TypeId::kBool) return value.AsBool() ? "true" : "false";
  return ToText(value);
}

// Casts into, out of and within the oid family (oid, regclass, regtype, regproc): the reg
// types are binary-coercible with oid; int4 -> oid keeps the 32 bits (-1 is 4294967295),
// int8 -> oid checks the range, oid -> int4 wraps and oid -> int8 widens.
Value CastOidFamily(const Value& value, TypeId to) {
  const TypeId from = value.type();
  if (IsOidType(from) && IsOidType(to)) return Value::OfInt(to, value.AsInt());
  if (IsOidType(to)) {
    const int64_t number = value.AsInt();
    if (from == TypeId::kInt8 && (number < 0 || number > 0xFFFFFFFFll)) {
      throw Error(sqlstate::kNumericValueOutOfRange, "OID out of range");
    }
    return Value::OfInt(to, static_cast<int64_t>(static_cast<uint32_t>(number)));
  }
  if (to == TypeId::kInt4) return Value::Int4(static_cast<int32_t>(static_cast<uint32_t>(value.AsInt())));
  return Value::Int8(value.AsInt());
}

// "char" <-> int4: the byte as a signed number (i4tochar checks -128..127).
Value CastChar(const Value& value, TypeId to) {
  if (to == TypeId::kInt4) {
    const std::string& byte = value.AsString();
    return Value::Int4(byte.empty() ? 0 : static_cast<int8_t>(byte[0]));
  }
  const int64_t number = value.AsInt();
  if (number < -128 || number > 127) {
    throw Error(sqlstate::kNumericValueOutOfRange, "\"char\" out of range");
  }
  return Value::OfString(TypeId::kChar,
                         number == 0 ? std::string() : std::string(1, static_cast<char>(number)));
}

Value CastToBaseType(const Value& value, TypeId to);

bool IsTimeOfDay(TypeId id) { return id == TypeId::kTime || id == TypeId::kTimeTz; }

// The casts into and out of time and timetz (date.c's timestamp_time, timestamptz_time,
// timestamptz_timetz, time_timetz, timetz_time, interval_time, time_interval). An infinite
// timestamp has no time of day: the result is NULL, as in PostgreSQL.
Value CastTime(const Value& value, TypeId to) {
  const TypeId from = value.type();
  const int64_t payload = from == TypeId::kInterval ? 0 : value.AsInt();
  const bool infinite = (from == TypeId::kTimestamp || from == TypeId::kTimestampTz) &&
                        (payload == kTimestampInfinity || payload == kTimestampNegativeInfinity);
  if (infinite) return Value::Null(to);
  switch (from) {
    case TypeId::kTime:
      if (to == TypeId::kInterval) return Value::OfInterval(IntervalFromTime(payload));
      return Value::OfInt(TypeId::kTimeTz, PackTimeTz(TimeTzFromTime(payload)));
    case TypeId::kTimeTz:
      return Value::OfInt(TypeId::kTime, UnpackTimeTz(payload).time);
    case TypeId::kTimestamp:
      return Value::OfInt(TypeId::kTime, TimeFromTimestamp(payload));
    case TypeId::kTimestampTz: {
      const TimeTz local = TimeTzFromTimestampTz(payload);
      if (to == TypeId::kTime) return Value::OfInt(TypeId::kTime, local.time);
      return Value::OfInt(TypeId::kTimeTz, PackTimeTz(local));
    }
    case TypeId::kInterval:
      return Value::OfInt(TypeId::kTime, TimeFromInterval(value.AsInterval()));
    default:
      ThrowCannotCast(from, to);
  }
}

// json <-> jsonb, and jsonb's scalar casts (jsonb_int4, jsonb_numeric, jsonb_bool, ...):
// 22023 `cannot cast jsonb string to type integer` when the value is not of the kind.
Value CastJson(const Value& value, TypeId to) {
  if (value.type() == TypeId::kJson) {
    return Value::OfString(TypeId::kJsonb, JsonbFromJsonText(value.AsString()));
  }
  if (to == TypeId::kJson) return Value::OfString(TypeId::kJson, value.AsString());
  const JsonNode node = JsonbNode(value);
  const bool wanted = to == TypeId::kBool ? node.kind == JsonNode::Kind::kBool
                                          : node.kind == JsonNode::Kind::kNumber;
  if (!wanted) {
    const std::string_view kind = node.kind == JsonNode::Kind::kNumber ? "numeric"
                                  : node.kind == JsonNode::Kind::kBool ? "boolean"
                                                                       : JsonTypeName(node);
    throw Error(sqlstate::kInvalidParameterValue, "cannot cast jsonb " + std::string(kind) +
                                                      " to type " + std::string(InfoOf(to).sql_name));
  }
  if (to == TypeId::kBool) return Value::Bool(node.boolean);
  return CastToBaseType(Value::OfNumeric(Numeric::Parse(node.text)), to);
}

// Step one: `value` converted to the target's base type, no modifier applied.
Value CastToBaseType(const Value& value, TypeId to) {
  const TypeId from = value.type();
  if (from == to) return value;
  if (!CanCast(from, to)) ThrowCannotCast(from, to);
  if (IsString(to)) {
    // bpchar to text or varchar drops the trailing spaces (rtrim1); text and varchar to
    // bpchar are binary coercions.
    if (from == TypeId::kBpchar) return Value::Text(std::string(BpcharStripped(value.AsString()))).Retag(to);
    if (IsString(from)) return value.Retag(to);
    return Value::Text(CastToString(value)).Retag(to);
  }
  // bpchar_name drops the trailing spaces too; other types read the padded text (I/O).
  if (from == TypeId::kBpchar && to == TypeId::kName) {
    return FromText(BpcharStripped(value.AsString()), Type{to, -1});
  }
  if (IsString(from)) return FromText(value.AsString(), Type{to, -1});
  if (IsOidType(to) || IsOidType(from)) return CastOidFamily(value, to);
  if (from == TypeId::kChar || to == TypeId::kChar) return CastChar(value, to);
  if (from == TypeId::kJson || from == TypeId::kJsonb) return CastJson(value, to);
  if (IsTimeOfDay(from) || IsTimeOfDay(to)) return CastTime(value, to);
  switch (from) {
    case TypeId::kBool:
      return Value::Int4(value.AsBool() ? 1 : 0);  // only bool -> int4 exists
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
      switch (to) {
        case TypeId::kBool:
          return Value::Bool(value.AsInt() != 0);
        case TypeId::kInt2:
        case TypeId::kInt4:
        case TypeId::kInt8:
          return Value::OfInt(to, CheckIntegerRange(value.AsInt(), to));
        case TypeId::kFloat8:
          return Value::Float8(static_cast<double>(value.AsInt()));
        case TypeId::kFloat4:
          return Value::Float4(static_cast<double>(value.AsInt()));
        case TypeId::kNumeric:
          return Value::OfNumeric(Numeric::FromInt64(value.AsInt()));
        default:
          break;
      }
      break;
    case TypeId::kFloat8:
      if (IsInteger(to)) return Value::OfInt(to, Float8ToInteger(value.AsDouble(), to));
      if (to == TypeId::kNumeric) return Value::OfNumeric(Numeric::FromDouble(value.AsDouble()));
      if (to == TypeId::kFloat4) return Value::Float4(Float8ToFloat4(value.AsDouble()));
      break;
    case TypeId::kFloat4:
      if (IsInteger(to)) return Value::OfInt(to, Float8ToInteger(value.AsDouble(), to));
      if (to == TypeId::kNumeric) return Value::OfNumeric(Float4ToNumeric(value.AsDouble()));
      if (to == TypeId::kFloat8) return Value::Float8(value.AsDouble());
      break;
    case TypeId::kNumeric:
      if (IsInteger(to)) return Value::OfInt(to, NumericToInteger(value.AsNumeric(), to));
      if (to == TypeId::kFloat8) return Value::Float8(NumericToFloat8(value.AsNumeric()));
      if (to == TypeId::kFloat4) {
        const Numeric& number = value.AsNumeric();
        if (number.IsNaN() || number.IsInfinite()) return Value::Float4(number.ToDouble());
        return Value::Float4(ParseFloat4(number.ToString()));
      }
      break;
    case TypeId::kDate: {
      const int64_t timestamp =
          datetime_internal::TimestampFromDate(static_cast<int32_t>(value.AsInt()));
      if (to == TypeId::kTimestamp) return Value::Timestamp(timestamp);
      return Value::TimestampTz(TimestampTzFromLocal(timestamp, SessionTimeZone()));
    }
    case TypeId::kTimestamp:
      if (to == TypeId::kDate) return Value::Date(datetime_internal::DateFromTimestamp(value.AsInt()));
      return Value::TimestampTz(TimestampTzFromLocal(value.AsInt(), SessionTimeZone()));
    case TypeId::kTimestampTz: {
      const int64_t local = LocalFromTimestampTz(value.AsInt(), SessionTimeZone());
      if (to == TypeId::kTimestamp) return Value::Timestamp(local);
      return Value::Date(datetime_internal::DateFromTimestamp(local));
    }
    default:
      break;
  }
  ThrowCannotCast(from, to);
}

}  // namespace

Value ApplySecondsPrecision(const Value& value, const Type& type) {
  if (!value.is_null() && value.type() == TypeId::kInterval && type.IntervalRange()) {
    Interval truncated = TruncateIntervalToRange(value.AsInterval(), type.typmod);
    if (const std::optional<int> precision = type.SecondsPrecision()) truncated = RoundInterval(truncated, *precision);
    return Value::OfInterval(truncated);
  }
  const std::optional<int> precision = type.SecondsPrecision();
  if (!precision || value.is_null()) return value;
  switch (value.type()) {
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return Value::OfInt(value.type(), RoundTimestamp(value.AsInt(), *precision));
    case TypeId::kTime:
      return Value::OfInt(TypeId::kTime, RoundTime(value.AsInt(), *precision));
    case TypeId::kTimeTz: {
      TimeTz time = UnpackTimeTz(value.AsInt());
      time.time = RoundTime(time.time, *precision);
      return Value::OfInt(TypeId::kTimeTz, PackTimeTz(time));
    }
    case TypeId::kInterval:
      return Value::OfInterval(RoundInterval(value.AsInterval(), *precision));
    default:
      return value;
  }
}

bool CanCast(TypeId from, TypeId to) {
  if (from == to) return true;
  // Every type has text input and output, so strings convert to and from everything.
  if (IsString(from) || IsString(to)) return to != TypeId::kUnknown || IsString(from);
  if (IsArray(from) || IsArray(to)) {
    return IsArray(from) && IsArray(to) && CanCast(*ElementTypeOf(from), *ElementTypeOf(to));
  }
  if (IsOidType(to)) return IsOidType(from) || from == TypeId::kInt4 || from == TypeId::kInt8;
  if (IsOidType(from)) return to == TypeId::kInt4 || to == TypeId::kInt8;
  if (from == TypeId::kChar || to == TypeId::kChar) {
    return from == TypeId::kInt4 || to == TypeId::kInt4;
  }
  if (from == TypeId::kName || to == TypeId::kName) return false;  // strings only (above)
  if (from == TypeId::kJson || to == TypeId::kJson) {
    return from == TypeId::kJsonb || to == TypeId::kJsonb;
  }
  if (from == TypeId::kJsonb) return to == TypeId::kBool || IsNumericCategory(to);
  if (to == TypeId::kJsonb || from == TypeId::kUuid || to == TypeId::kUuid) return false;
  // pg_cast's rows for time and timetz (no date -> time, no timestamp -> timetz).
  switch (to) {
    case TypeId::kTime:
      return from == TypeId::kTimeTz || from == TypeId::kTimestamp || from == TypeId::kTimestampTz ||
             from == TypeId::kInterval;
    case TypeId::kTimeTz:
      return from == TypeId::kTime || from == TypeId::kTimestampTz;
    default:
      break;
  }
  if (from == TypeId::kTime) return to == TypeId::kInterval;
  if (from == TypeId::kTimeTz) return false;
  switch (from) {
    case TypeId::kBool:
      return to == TypeId::kInt4;
    case TypeId::kInt4:
      if (to == TypeId::kBool) return true;
      [[fallthrough]];
    case TypeId::kInt2:
    case TypeId::kInt8:
      return IsNumericCategory(to);
    case TypeId::kFloat8:
    case TypeId::kFloat4:
    case TypeId::kNumeric:
      return IsNumericCategory(to);
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return to == TypeId::kDate || to == TypeId::kTimestamp || to == TypeId::kTimestampTz;
    default:
      return false;
  }
}

Value Cast(const Value& value, const Type& target, CastContext context) {
  if (value.is_null()) return Value::Null(target.id);
  // Integer widening (int2/int4 -> int8, int2 -> int4), as where an int4 meets an int8 in
  // arithmetic per row: it cannot fail and needs no lookups.
  if (target.id == TypeId::kInt8 && (value.type() == TypeId::kInt4 || value.type() == TypeId::kInt2)) {
    return Value::Int8(value.AsInt());
  }
  if (target.id == TypeId::kInt4 && value.type() == TypeId::kInt2) return Value::Int4(value.AsInt());
  // date -> timestamp, evaluated per row where a date column meets date ± interval: no
  // lookups (a date has no fraction for a precision to round).
  if (value.type() == TypeId::kDate && target.id == TypeId::kTimestamp) {
    return Value::Timestamp(datetime_internal::TimestampFromDate(static_cast<int32_t>(value.AsInt())));
  }
  if (IsArray(target.id)) {
    if (IsArray(value.type())) {
      if (!CanCast(value.type(), target.id)) ThrowCannotCast(value.type(), target.id);
      return CastArrayElements(value, target, context);
    }
    if (IsString(value.type())) {
      // array_in without the modifier, then the modifier per element in this cast's context
      // (an explicit cast truncates varchar(n) elements, an assignment checks them). An
      // enum array's typmod names the enum, which its elements' input needs.
      if (target.id == TypeId::kEnumArray) return ArrayFromText(value.AsString(), target);
      const Value parsed = ArrayFromText(value.AsString(), Type{target.id, -1});
      return target.typmod < 0 ? parsed : CastArrayElements(parsed, target, context);
    }
    ThrowCannotCast(value.type(), target.id);
  }
  if (target.id == TypeId::kEnum && target.typmod > 0) {
    // enum_in needs the enum's oid (the typmod); one enum never casts to another.
    if (IsString(value.type())) {
      return FromText(value.type() == TypeId::kBpchar ? BpcharStripped(value.AsString()) : value.AsString(), target);
    }
    if (value.type() == TypeId::kEnum) {
      const std::optional<EnumLabel> label = FindEnumLabel(static_cast<uint32_t>(value.AsInt()));
      if (label && label->type_oid != static_cast<uint32_t>(target.typmod)) {
        throw Error(sqlstate::kCannotCoerce,
                    "cannot cast type " + FormatType(Type{TypeId::kEnum, static_cast<int32_t>(label->type_oid)}) +
                        " to " + FormatType(target));
      }
      return value;
    }
  }
  // interval_in reads a number without a unit by the typmod's field range ('90'::interval
  // day), so text reaches it with the modifier; every other type's input ignores it here.
  Value result = target.id == TypeId::kInterval && target.IntervalRange() && IsString(value.type())
                     ? FromText(value.AsString(), target)
                     : CastToBaseType(value, target.id);
  // Step two: the modifier.
  if (const auto length = target.VarcharLength()) {
    return Value::Varchar(value_internal::CoerceToLength(result.AsString(), *length,
                                                         context == CastContext::kExplicit));
  }
  if (const auto length = target.BpcharLength()) {
    return Value::Bpchar(BpcharCoerce(result.AsString(), *length, context == CastContext::kExplicit));
  }
  if (const auto precision_scale = target.NumericPrecisionScale()) {
    return Value::OfNumeric(
        result.AsNumeric().ApplyPrecisionScale(precision_scale->first, precision_scale->second));
  }
  return ApplySecondsPrecision(result, target);
}

}  // namespace granary::types
