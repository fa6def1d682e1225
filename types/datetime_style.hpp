// The DateStyle and IntervalStyle settings: how date, timestamp, timestamptz and interval
// values are written as text (and, for DateStyle's field order, how ambiguous dates such as
// '1/2/2024' are read).
//
// Like the time zone (datetime_session.hpp), the style is per thread: the engine installs the
// session's style while it plans, runs or renders a statement. Without a scope it is
// PostgreSQL's default, ISO, MDY and IntervalStyle postgres.
// Thread-safety: the state is per thread by design.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace granary::types {

// DateStyle's output format (PostgreSQL's USE_*_DATES) and field order (DATEORDER_*).
enum class DateFormat { kIso, kSql, kPostgres, kGerman };
enum class DateOrder { kYmd, kDmy, kMdy };
// IntervalStyle (INTSTYLE_*).
enum class IntervalStyle { kPostgres, kPostgresVerbose, kSqlStandard, kIso8601 };

struct DatetimeStyle {
  DateFormat format = DateFormat::kIso;
  DateOrder order = DateOrder::kMdy;
  IntervalStyle interval = IntervalStyle::kPostgres;
  bool operator==(const DatetimeStyle&) const = default;
};

// This thread's style.
const DatetimeStyle& SessionDatetimeStyle();

// Sets this thread's style for its lifetime; restores the previous one.
class ScopedDatetimeStyle {
 public:
  explicit ScopedDatetimeStyle(const DatetimeStyle& style);
  ~ScopedDatetimeStyle();
  ScopedDatetimeStyle(const ScopedDatetimeStyle&) = delete;
  ScopedDatetimeStyle& operator=(const ScopedDatetimeStyle&) = delete;

 private:
  DatetimeStyle previous_;
};

// A DateStyle value as check_datestyle reads it: a list of ISO, SQL, Postgres, German, YMD,
// DMY (Euro...), MDY (US, NonEuro...) and Default, each part keeping `current`'s other half
// (German alone also means DMY). On error, nullopt and the DETAIL PostgreSQL gives.
std::optional<DatetimeStyle> ParseDateStyle(std::string_view value, const DatetimeStyle& current,
                                            std::string& detail);
// The canonical text SHOW prints: "ISO, MDY", "Postgres, DMY", ...
std::string DateStyleText(const DatetimeStyle& style);
// An IntervalStyle value (case-insensitive), or nullopt.
std::optional<IntervalStyle> ParseIntervalStyle(std::string_view value);
std::string_view IntervalStyleText(IntervalStyle style);

}  // namespace granary::types
