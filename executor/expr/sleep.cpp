// The sleep functions (see the header).
#include "executor/expr/sleep.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "common/blocking_region.hpp"
#include "types/datetime_session.hpp"
#include "types/interval.hpp"

namespace granary::executor {
namespace {

using Clock = std::chrono::steady_clock;

// How often the wait looks at the cancel flag: a CancelRequest ends a sleep within this.
constexpr std::chrono::milliseconds kPollInterval{10};
constexpr double kMicrosecondsPerSecond = 1e6;

double SecondsNow() { return std::chrono::duration<double>(Clock::now().time_since_epoch()).count(); }

// The seconds to sleep, as PostgreSQL computes them: pg_sleep_for(i) is pg_sleep(epoch of
// clock_timestamp() + i minus epoch of clock_timestamp()), pg_sleep_until(t) is
// pg_sleep(epoch of t minus epoch of clock_timestamp()).
double Seconds(catalog::CatalogFunction function, std::span<const types::Value> args) {
  switch (function) {
    case catalog::CatalogFunction::kSleepFor: {
      const int64_t now = types::ClockTimestamp();
      const int64_t end = types::TimestampTzPlusInterval(now, args[0].AsInterval(), types::SessionTimeZone());
      return static_cast<double>(end - now) / kMicrosecondsPerSecond;
    }
    case catalog::CatalogFunction::kSleepUntil:
      return static_cast<double>(args[0].AsInt() - types::ClockTimestamp()) / kMicrosecondsPerSecond;
    default:
      return args[0].AsDouble();
  }
}

}  // namespace

bool IsSleepFunction(catalog::CatalogFunction function) {
  return function == catalog::CatalogFunction::kSleep || function == catalog::CatalogFunction::kSleepFor ||
         function == catalog::CatalogFunction::kSleepUntil;
}

types::Value Sleep(catalog::CatalogFunction function, std::span<const types::Value> args,
                   const ExecContext& context) {
  // As misc.c's pg_sleep: the end time in floating-point seconds, so NaN and negative
  // durations end at once and an infinite one never does.
  const double end = SecondsNow() + Seconds(function, args);
  BlockingRegion blocking;  // another session's statement may run on the pool meanwhile
  for (;;) {
    context.CheckForCancel();
    const double delay = end - SecondsNow();
    if (!(delay > 0)) break;
    const auto slice = delay >= std::chrono::duration<double>(kPollInterval).count()
                           ? kPollInterval
                           : std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(delay));
    std::this_thread::sleep_for(slice);
  }
  return types::Value::OfInt(types::TypeId::kVoid, 0);
}

}  // namespace granary::executor
