// Date/time operator resolution (see datetime_operators.hpp).
#include "planner/analyze/datetime_operators.hpp"

#include "common/sqlstate.hpp"
#include "planner/analyze/coercion.hpp"
#include "planner/analyze/operators.hpp"
#include "types/datetime_internal.hpp"
#include "types/datetime_session.hpp"
#include "types/interval.hpp"
#include "types/time.hpp"
#include "types/value_ops.hpp"

namespace granary::planner {
namespace {

using types::Type;
using types::TypeId;
using types::Value;

const Type kTimestamp{TypeId::kTimestamp, -1};
const Type kTimestampTz{TypeId::kTimestampTz, -1};
const Type kInterval{TypeId::kInterval, -1};
const Type kFloat8{TypeId::kFloat8, -1};
const Type kDate{TypeId::kDate, -1};
const Type kTime{TypeId::kTime, -1};
const Type kTimeTz{TypeId::kTimeTz, -1};

Value TimestampPlus(std::span<const Value> a) {
  return Value::Timestamp(types::TimestampPlusInterval(a[0].AsInt(), a[1].AsInterval()));
}
Value TimestampMinus(std::span<const Value> a) {
  return Value::Timestamp(
      types::TimestampPlusInterval(a[0].AsInt(), types::NegateInterval(a[1].AsInterval())));
}
Value IntervalPlusTimestamp(std::span<const Value> a) {
  return Value::Timestamp(types::TimestampPlusInterval(a[1].AsInt(), a[0].AsInterval()));
}
Value TimestampTzPlus(std::span<const Value> a) {
  return Value::TimestampTz(
      types::TimestampTzPlusInterval(a[0].AsInt(), a[1].AsInterval(), types::SessionTimeZone()));
}
Value TimestampTzMinus(std::span<const Value> a) {
  return Value::TimestampTz(types::TimestampTzPlusInterval(
      a[0].AsInt(), types::NegateInterval(a[1].AsInterval()), types::SessionTimeZone()));
}
Value IntervalPlusTimestampTz(std::span<const Value> a) {
  return Value::TimestampTz(
      types::TimestampTzPlusInterval(a[1].AsInt(), a[0].AsInterval(), types::SessionTimeZone()));
}
Value TimestampDifference(std::span<const Value> a) {
  return Value::OfInterval(types::TimestampDifference(a[0].AsInt(), a[1].AsInt()));
}
Value IntervalPlus(std::span<const Value> a) {
  return Value::OfInterval(types::AddIntervals(a[0].AsInterval(), a[1].AsInterval()));
}
Value IntervalMinus(std::span<const Value> a) {
  return Value::OfInterval(types::SubtractIntervals(a[0].AsInterval(), a[1].AsInterval()));
}
Value IntervalTimes(std::span<const Value> a) {
  return Value::OfInterval(types::MultiplyInterval(a[0].AsInterval(), a[1].AsDouble()));
}
Value TimesInterval(std::span<const Value> a) {
  return Value::OfInterval(types::MultiplyInterval(a[1].AsInterval(), a[0].AsDouble()));
}
Value IntervalDivide(std::span<const Value> a) {
  return Value::OfInterval(types::DivideInterval(a[0].AsInterval(), a[1].AsDouble()));
}
Value IntervalNegate(std::span<const Value> a) {
  return Value::OfInterval(types::NegateInterval(a[0].AsInterval()));
}

// The operators of time and timetz (date.c): time_pl_interval, time_mi_interval,
// time_mi_time, timetz_pl_interval, datetime_pl and its kin.
Value TimePlus(std::span<const Value> a) {
  return Value::OfInt(TypeId::kTime, types::TimePlusInterval(a[0].AsInt(), a[1].AsInterval()));
}
Value IntervalPlusTime(std::span<const Value> a) {
  return Value::OfInt(TypeId::kTime, types::TimePlusInterval(a[1].AsInt(), a[0].AsInterval()));
}
Value TimeMinus(std::span<const Value> a) {
  return Value::OfInt(TypeId::kTime,
                      types::TimePlusInterval(a[0].AsInt(), types::NegateInterval(a[1].AsInterval())));
}
Value TimeDifference(std::span<const Value> a) {
  return Value::OfInterval(types::TimeDifference(a[0].AsInt(), a[1].AsInt()));
}
Value TimeTzPlus(std::span<const Value> a) {
  return Value::OfInt(TypeId::kTimeTz, types::PackTimeTz(types::TimeTzPlusInterval(
                                           types::UnpackTimeTz(a[0].AsInt()), a[1].AsInterval())));
}
Value IntervalPlusTimeTz(std::span<const Value> a) {
  return Value::OfInt(TypeId::kTimeTz, types::PackTimeTz(types::TimeTzPlusInterval(
                                           types::UnpackTimeTz(a[1].AsInt()), a[0].AsInterval())));
}
Value TimeTzMinus(std::span<const Value> a) {
  return Value::OfInt(TypeId::kTimeTz,
                      types::PackTimeTz(types::TimeTzPlusInterval(types::UnpackTimeTz(a[0].AsInt()),
                                                                  types::NegateInterval(a[1].AsInterval()))));
}
Value DatePlusTime(std::span<const Value> a) {
  return Value::Timestamp(types::DatePlusTime(static_cast<int32_t>(a[0].AsInt()), a[1].AsInt()));
}
Value TimePlusDate(std::span<const Value> a) {
  return Value::Timestamp(types::DatePlusTime(static_cast<int32_t>(a[1].AsInt()), a[0].AsInt()));
}
Value DateMinusTime(std::span<const Value> a) {
  // date_mi_time: the date as a timestamp, minus the time as an interval.
  const int64_t start = types::DatePlusTime(static_cast<int32_t>(a[0].AsInt()), 0);
  return Value::Timestamp(
      types::TimestampPlusInterval(start, types::NegateInterval(types::IntervalFromTime(a[1].AsInt()))));
}
Value DatePlusTimeTz(std::span<const Value> a) {
  return Value::TimestampTz(
      types::DatePlusTimeTz(static_cast<int32_t>(a[0].AsInt()), types::UnpackTimeTz(a[1].AsInt())));
}
Value TimeTzPlusDate(std::span<const Value> a) {
  return Value::TimestampTz(
      types::DatePlusTimeTz(static_cast<int32_t>(a[1].AsInt()), types::UnpackTimeTz(a[0].AsInt())));
}

bool IsTimestampish(TypeId id) {
  return id == TypeId::kDate || id == TypeId::kTimestamp || id == TypeId::kTimestampTz;
}

// date ± interval works on the date as a timestamp, as PostgreSQL's date_pl_interval does.
Type TimestampTypeOf(TypeId id) { return id == TypeId::kTimestampTz ? kTimestampTz : kTimestamp; }

bool IsNumberOperand(TypeId id) { return types::IsNumericCategory(id) || id == TypeId::kUnknown; }

// The binary operators with a time or timetz operand, or null. An untyped literal takes
// the type PostgreSQL's resolution gives it: time + '1 hour' and '1 hour' + time read an
// interval, time - '01:00' a time; a time where an interval is wanted is cast (time_interval).
BoundExprPtr BindTimeOperator(std::string_view name, BoundExprPtr& left, BoundExprPtr& right,
                              int location, AnalyzeContext& context) {
  const TypeId l = left->type.id;
  const TypeId r = right->type.id;
  const bool time_left = l == TypeId::kTime || l == TypeId::kTimeTz;
  const bool time_right = r == TypeId::kTime || r == TypeId::kTimeTz;
  if (!time_left && !time_right) return nullptr;
  std::vector<BoundExprPtr> args;
  auto call = [&](Type left_type, Type right_type, types::ScalarFunction function, Type result) {
    args.push_back(Coerce(std::move(left), left_type, types::CastContext::kImplicit, context));
    args.push_back(Coerce(std::move(right), right_type, types::CastContext::kImplicit, context));
    return MakeCall(name, function, result, std::move(args), location);
  };
  const bool interval_right = r == TypeId::kInterval || r == TypeId::kUnknown;
  const bool interval_left = l == TypeId::kInterval || l == TypeId::kUnknown;
  if (name == "+") {
    if (l == TypeId::kTime && r == TypeId::kTime) {
      // time + interval and interval + time both take it, one cast each.
      throw context
          .ErrorAt(sqlstate::kAmbiguousFunction,
                   "operator is not unique: time without time zone + time without time zone", location)
          .WithHint("Could not choose a best candidate operator. You might need to add explicit type casts.");
    }
    if (l == TypeId::kTime && interval_right) return call(kTime, kInterval, TimePlus, kTime);
    if (interval_left && r == TypeId::kTime) return call(kInterval, kTime, IntervalPlusTime, kTime);
    if (l == TypeId::kTimeTz && (interval_right || r == TypeId::kTime)) {
      return call(kTimeTz, kInterval, TimeTzPlus, kTimeTz);
    }
    if ((interval_left || l == TypeId::kTime) && r == TypeId::kTimeTz) {
      return call(kInterval, kTimeTz, IntervalPlusTimeTz, kTimeTz);
    }
    if (l == TypeId::kDate && r == TypeId::kTime) return call(kDate, kTime, DatePlusTime, kTimestamp);
    if (l == TypeId::kTime && r == TypeId::kDate) return call(kTime, kDate, TimePlusDate, kTimestamp);
    if (l == TypeId::kDate && r == TypeId::kTimeTz) return call(kDate, kTimeTz, DatePlusTimeTz, kTimestampTz);
    if (l == TypeId::kTimeTz && r == TypeId::kDate) return call(kTimeTz, kDate, TimeTzPlusDate, kTimestampTz);
    return nullptr;
  }
  if (name == "-") {
    if (l == TypeId::kTime && (r == TypeId::kTime || r == TypeId::kUnknown)) {
      return call(kTime, kTime, TimeDifference, kInterval);
    }
    if (l == TypeId::kTime && r == TypeId::kInterval) return call(kTime, kInterval, TimeMinus, kTime);
    if (l == TypeId::kTimeTz && (interval_right || r == TypeId::kTime)) {
      return call(kTimeTz, kInterval, TimeTzMinus, kTimeTz);
    }
    if (l == TypeId::kDate && r == TypeId::kTime) return call(kDate, kTime, DateMinusTime, kTimestamp);
    if (l == TypeId::kInterval && r == TypeId::kTime) return call(kInterval, kInterval, IntervalMinus, kInterval);
    return nullptr;
  }
  return nullptr;
}

}  // namespace

BoundExprPtr BindDatetimeOperator(std::string_view name, BoundExprPtr& left, BoundExprPtr& right,
                                  int location, AnalyzeContext& context) {
  if (BoundExprPtr bound = BindTimeOperator(name, left, right, location, context)) return bound;
  const TypeId l = left->type.id;
  const TypeId r = right->type.id;
  if (l != TypeId::kInterval && r != TypeId::kInterval &&
      !(name == "-" && IsTimestampish(l) && IsTimestampish(r)) &&
      !(name == "-" && (l == TypeId::kTimestamp || l == TypeId::kTimestampTz) &&
        r == TypeId::kUnknown) &&
      !(name == "+" && (l == TypeId::kTimestamp || l == TypeId::kTimestampTz) &&
        r == TypeId::kUnknown) &&
      !(name == "+" && l == TypeId::kUnknown &&
        (r == TypeId::kTimestamp || r == TypeId::kTimestampTz))) {
    return nullptr;
  }
  std::vector<BoundExprPtr> args;
  auto call = [&](Type left_type, Type right_type, types::ScalarFunction function, Type result) {
    args.push_back(Coerce(std::move(left), left_type, types::CastContext::kImplicit, context));
    args.push_back(Coerce(std::move(right), right_type, types::CastContext::kImplicit, context));
    return MakeCall(name, function, result, std::move(args), location);
  };
  const bool right_interval = r == TypeId::kInterval || r == TypeId::kUnknown;
  const bool left_interval = l == TypeId::kInterval || l == TypeId::kUnknown;
  if (name == "+") {
    if (IsTimestampish(l) && right_interval && (l != TypeId::kDate || r == TypeId::kInterval)) {
      const Type type = TimestampTypeOf(l);
      return call(type, kInterval, type == kTimestampTz ? TimestampTzPlus : TimestampPlus, type);
    }
    if (left_interval && IsTimestampish(r) && (r != TypeId::kDate || l == TypeId::kInterval)) {
      const Type type = TimestampTypeOf(r);
      return call(kInterval, type, type == kTimestampTz ? IntervalPlusTimestampTz : IntervalPlusTimestamp,
                  type);
    }
    if (left_interval && right_interval) return call(kInterval, kInterval, IntervalPlus, kInterval);
    return nullptr;
  }
  if (name == "-") {
    if (IsTimestampish(l) && r == TypeId::kInterval) {
      const Type type = TimestampTypeOf(l);
      return call(type, kInterval, type == kTimestampTz ? TimestampTzMinus : TimestampMinus, type);
    }
    if (IsTimestampish(l) && (IsTimestampish(r) || r == TypeId::kUnknown)) {
      if (l == TypeId::kDate && (r == TypeId::kDate || r == TypeId::kUnknown)) return nullptr;
      const bool zoned = l == TypeId::kTimestampTz || r == TypeId::kTimestampTz;
      const Type type = zoned ? kTimestampTz : kTimestamp;
      return call(type, type, TimestampDifference, kInterval);
    }
    if (left_interval && right_interval) return call(kInterval, kInterval, IntervalMinus, kInterval);
    return nullptr;
  }
  if (name == "*") {
    if (l == TypeId::kInterval && IsNumberOperand(r)) return call(kInterval, kFloat8, IntervalTimes, kInterval);
    if (IsNumberOperand(l) && r == TypeId::kInterval) return call(kFloat8, kInterval, TimesInterval, kInterval);
    return nullptr;
  }
  if (name == "/" && l == TypeId::kInterval && IsNumberOperand(r)) {
    return call(kInterval, kFloat8, IntervalDivide, kInterval);
  }
  return nullptr;
}

BoundExprPtr BindDatetimePrefixOperator(std::string_view name, BoundExprPtr& operand,
                                        int location, AnalyzeContext& context) {
  // A time negates as the interval it casts to implicitly (- time '10:00' is '-10:00:00').
  const bool time = operand->type.id == TypeId::kTime && name == "-";
  if ((operand->type.id != TypeId::kInterval && !time) || (name != "-" && name != "+")) return nullptr;
  if (name == "+") return std::move(operand);
  std::vector<BoundExprPtr> args;
  args.push_back(Coerce(std::move(operand), kInterval, types::CastContext::kImplicit, context));
  return MakeCall(name, IntervalNegate, kInterval, std::move(args), location);
}

}  // namespace granary::planner
