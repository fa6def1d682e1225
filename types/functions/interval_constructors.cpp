#include "types/functions/interval_constructors.hpp"

#include <cmath>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "types/datetime.hpp"
#include "types/interval.hpp"

namespace granary::types {

Value MakeInterval(std::span<const Value> args) {
  const auto part = [&](size_t i) { return i < args.size() ? args[i].AsInt() : int64_t{0}; };
  const double seconds = args.size() > 6 ? args[6].AsDouble() : 0.0;
  if (std::isinf(seconds) || std::isnan(seconds)) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "interval out of range");
  }
  constexpr int64_t kMicrosecondsPerMinute = 60 * int64_t{1000000};
  Interval interval;
  interval.month = static_cast<int32_t>(part(0) * 12 + part(1));
  interval.day = static_cast<int32_t>(part(2) * 7 + part(3));
  interval.time = part(4) * 60 * kMicrosecondsPerMinute + part(5) * kMicrosecondsPerMinute +
                  static_cast<int64_t>(std::rint(seconds * 1e6));
  return Value::OfInterval(interval);
}

Value DateBin(std::span<const Value> args) {
  const Interval& stride = args[0].AsInterval();
  const int64_t source = args[1].AsInt();
  const int64_t origin = args[2].AsInt();
  const TypeId type = args[1].type();
  if (source == kTimestampInfinity || source == kTimestampNegativeInfinity) return args[1];
  if (origin == kTimestampInfinity || origin == kTimestampNegativeInfinity) {
    throw Error(sqlstate::kDatetimeFieldOverflow, "origin out of range");
  }
  if (stride.month != 0) {
    throw Error(sqlstate::kFeatureNotSupported, "timestamps cannot be binned into intervals containing months or years");
  }
  const int64_t stride_microseconds = stride.day * int64_t{86400000000} + stride.time;
  if (stride_microseconds <= 0) throw Error(sqlstate::kDatetimeFieldOverflow, "stride must be greater than zero");
  const int64_t difference = source - origin;
  const int64_t remainder = difference % stride_microseconds;
  int64_t delta = difference - remainder;
  // The start of the bin even when the origin lies after the source (C's % keeps the sign
  // of the difference).
  if (remainder < 0) delta -= stride_microseconds;
  return Value::OfInt(type, origin + delta);
}

}  // namespace granary::types
