#include "types/functions/series.hpp"

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/datetime_session.hpp"
#include "types/interval.hpp"
#include "types/numeric.hpp"
#include "types/value_ops.hpp"

namespace granary::types {
namespace {

[[noreturn]] void ZeroStep() { throw Error(sqlstate::kInvalidParameterValue, "step size cannot equal zero"); }

// generate_series_step_numeric refuses NaN and infinities in every argument.
void CheckFinite(const Value& value, const char* what) {
  const Numeric& number = value.AsNumeric();
  if (number.IsNaN()) throw Error(sqlstate::kInvalidParameterValue, std::string(what) + " cannot be NaN");
  if (number.IsInfinite()) throw Error(sqlstate::kInvalidParameterValue, std::string(what) + " cannot be infinity");
}

}  // namespace

Series::Series(std::span<const Value> args, TypeId type) : type_(type) {
  if (type == TypeId::kInt4 || type == TypeId::kInt8) {
    next_integer_ = args[0].AsInt();
    stop_integer_ = args[1].AsInt();
    step_integer_ = args.size() > 2 ? args[2].AsInt() : 1;
    if (step_integer_ == 0) ZeroStep();
    ascending_ = step_integer_ > 0;
    return;
  }
  next_ = args[0];
  stop_ = args[1];
  if (type == TypeId::kNumeric) {
    CheckFinite(next_, "start value");
    CheckFinite(stop_, "stop value");
    step_ = args.size() > 2 ? args[2] : Value::OfNumeric(Numeric::FromInt64(1));
    CheckFinite(step_, "step size");
    if (step_.AsNumeric().IsZero()) ZeroStep();
    ascending_ = !step_.AsNumeric().IsNegative();
    return;
  }
  step_ = args[2];
  const int sign = CompareIntervals(step_.AsInterval(), Interval{});
  if (sign == 0) ZeroStep();
  ascending_ = sign > 0;
}

bool Series::Next(Value& out) {
  if (done_) return false;
  if (type_ == TypeId::kInt4 || type_ == TypeId::kInt8) {
    if (ascending_ ? next_integer_ > stop_integer_ : next_integer_ < stop_integer_) {
      done_ = true;
      return false;
    }
    out = Value::OfInt(type_, static_cast<int64_t>(next_integer_));
    next_integer_ += step_integer_;
    return true;
  }
  const int position = Compare(next_, stop_);
  if (ascending_ ? position > 0 : position < 0) {
    done_ = true;
    return false;
  }
  out = next_;
  switch (type_) {
    case TypeId::kNumeric:
      next_ = Value::OfNumeric(next_.AsNumeric().Add(step_.AsNumeric()));
      break;
    case TypeId::kTimestamp:
      next_ = Value::Timestamp(TimestampPlusInterval(next_.AsInt(), step_.AsInterval()));
      break;
    default:
      next_ = Value::TimestampTz(TimestampTzPlusInterval(next_.AsInt(), step_.AsInterval(), SessionTimeZone()));
      break;
  }
  return true;
}

}  // namespace granary::types
