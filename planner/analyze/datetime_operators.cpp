// Date/time operator resolution (see datetime_operators.hpp).
#include "planner/analyze/datetime_operators.hpp"

#include "planner/analyze/coercion.hpp"
#include "planner/analyze/operators.hpp"
#include "types/datetime_internal.hpp"
#include "types/datetime_session.hpp"
#include "types/interval.hpp"
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

bool IsTimestampish(TypeId id) {
  return id == TypeId::kDate || id == TypeId::kTimestamp || id == TypeId::kTimestampTz;
}

// date ± interval works on the date as a timestamp, as PostgreSQL's date_pl_interval does.
Type TimestampTypeOf(TypeId id) { return id == TypeId::kTimestampTz ? kTimestampTz : kTimestamp; }

bool IsNumberOperand(TypeId id) { return types::IsNumericCategory(id) || id == TypeId::kUnknown; }

}  // namespace

BoundExprPtr BindDatetimeOperator(std::string_view name, BoundExprPtr& left, BoundExprPtr& right,
                                  int location, AnalyzeContext& context) {
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
  (void)context;
  if (operand->type.id != TypeId::kInterval || (name != "-" && name != "+")) return nullptr;
  if (name == "+") return std::move(operand);
  std::vector<BoundExprPtr> args;
  args.push_back(std::move(operand));
  return MakeCall(name, IntervalNegate, kInterval, std::move(args), location);
}

}  // namespace granary::planner
