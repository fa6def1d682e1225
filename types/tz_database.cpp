// The tz database reader: TZif files (RFC 8536), POSIX TZ strings, and the process-wide
// cache of zones by name. See tz_database.hpp.
#include "types/tz_database.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <sstream>

namespace granary::types {
namespace {

constexpr int64_t kSecondsPerDay = 86400;
constexpr size_t kHeaderSize = 44;
constexpr size_t kMaxZoneFileSize = 1 << 20;

int64_t ReadBigEndian(std::string_view bytes, size_t at, size_t width) {
  uint64_t value = 0;
  for (size_t i = 0; i < width; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[at + i]);
  if (width == 4) return static_cast<int32_t>(static_cast<uint32_t>(value));
  return static_cast<int64_t>(value);
}

// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t year, int month, int day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

int64_t YearOfUnixSeconds(int64_t seconds) {
  int64_t days = seconds / kSecondsPerDay;
  if (seconds % kSecondsPerDay < 0) --days;
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_index = (5 * day_of_year + 2) / 153;
  return year_of_era + era * 400 + (month_index >= 10 ? 1 : 0);
}

bool IsLeap(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

// A cursor over a POSIX TZ string.
class PosixReader {
 public:
  explicit PosixReader(std::string_view text) : text_(text) {}
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  bool Consume(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }

  // A zone abbreviation: three or more letters, or anything between < and >.
  std::optional<std::string> Name() {
    std::string name;
    if (Consume('<')) {
      while (!AtEnd() && Peek() != '>') name += text_[pos_++];
      if (!Consume('>') || name.size() < 3) return std::nullopt;
      return name;
    }
    // PostgreSQL's getzname takes any run of letters, even an empty one ("+08").
    while (!AtEnd() && std::isalpha(static_cast<unsigned char>(Peek()))) name += text_[pos_++];
    return name;
  }

  // [+-]hh[:mm[:ss]] in seconds, hours up to `max_hours`.
  std::optional<int32_t> Time(int max_hours) {
    int sign = 1;
    if (Consume('-')) {
      sign = -1;
    } else {
      Consume('+');
    }
    std::optional<int> hours = Number(max_hours);
    if (!hours) return std::nullopt;
    int32_t seconds = *hours * 3600;
    if (Consume(':')) {
      const std::optional<int> minutes = Number(59);
      if (!minutes) return std::nullopt;
      seconds += *minutes * 60;
      if (Consume(':')) {
        const std::optional<int> secs = Number(59);
        if (!secs) return std::nullopt;
        seconds += *secs;
      }
    }
    return sign * seconds;
  }

  std::optional<int> Number(int max) {
    const size_t start = pos_;
    int value = 0;
    while (!AtEnd() && std::isdigit(static_cast<unsigned char>(Peek()))) {
      value = value * 10 + (text_[pos_++] - '0');
      if (value > max) return std::nullopt;
    }
    if (pos_ == start) return std::nullopt;
    return value;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::filesystem::path ZoneDirectory() {
  if (const char* directory = std::getenv("GRANARY_TZDIR")) return directory;
  return "/usr/share/zoneinfo";
}

// The file of zone `name` under the zoneinfo directory, matching each path component
// case-insensitively (pg_tzset's scan_directory_ci); `canonical` gets the name as the files
// spell it.
std::optional<std::filesystem::path> FindZoneFile(std::string_view name, std::string& canonical) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) {
    return std::nullopt;
  }
  std::filesystem::path path = ZoneDirectory();
  std::error_code error;
  size_t start = 0;
  canonical.clear();
  while (start <= name.size()) {
    const size_t slash = std::min(name.find('/', start), name.size());
    const std::string wanted = Lower(name.substr(start, slash - start));
    if (wanted.empty() || wanted == ".") return std::nullopt;
    std::optional<std::string> found;
    for (std::filesystem::directory_iterator it(path, error), end; !error && it != end;
         it.increment(error)) {
      const std::string entry = it->path().filename().string();
      if (Lower(entry) == wanted) {
        found = entry;
        break;
      }
    }
    if (!found) return std::nullopt;
    path /= *found;
    canonical += (canonical.empty() ? "" : "/") + *found;
    start = slash + 1;
  }
  if (!std::filesystem::is_regular_file(path, error)) return std::nullopt;
  return path;
}

std::optional<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::string bytes;
  char buffer[4096];
  while (file.read(buffer, sizeof(buffer)) || file.gcount() > 0) {
    bytes.append(buffer, static_cast<size_t>(file.gcount()));
    if (bytes.size() > kMaxZoneFileSize) return std::nullopt;
  }
  return bytes;
}

}  // namespace

std::shared_ptr<const TimeZone> TimeZone::Fixed(int32_t utc_offset, std::string name) {
  auto zone = std::make_shared<TimeZone>();
  zone->name_ = std::move(name);
  zone->types_.push_back(Type{utc_offset, false, zone->name_});
  return zone;
}

std::optional<int32_t> TimeZone::FixedOffset() const {
  const int32_t offset = types_.front().utc_offset;
  for (const Type& type : types_) {
    if (type.utc_offset != offset) return std::nullopt;
  }
  if (footer_ && (footer_->standard.utc_offset != offset ||
                  (footer_->daylight && footer_->daylight->utc_offset != offset))) {
    return std::nullopt;
  }
  return offset;
}

std::shared_ptr<const TimeZone> TimeZone::FromTzif(std::string_view bytes, std::string name) {
  auto zone = std::make_shared<TimeZone>();
  zone->name_ = std::move(name);
  if (bytes.size() < kHeaderSize || bytes.substr(0, 4) != "TZif") return nullptr;
  const char version = bytes[4];
  size_t at = 0;
  size_t time_width = 4;
  // Version 2+ files repeat the data with 64-bit times after the version 1 block: skip it.
  for (int pass = 0; pass < 2; ++pass) {
    if (bytes.size() < at + kHeaderSize || bytes.substr(at, 4) != "TZif") return nullptr;
    const int64_t is_ut_count = ReadBigEndian(bytes, at + 20, 4);
    const int64_t is_std_count = ReadBigEndian(bytes, at + 24, 4);
    const int64_t leap_count = ReadBigEndian(bytes, at + 28, 4);
    const int64_t time_count = ReadBigEndian(bytes, at + 32, 4);
    const int64_t type_count = ReadBigEndian(bytes, at + 36, 4);
    const int64_t char_count = ReadBigEndian(bytes, at + 40, 4);
    if (is_ut_count < 0 || is_std_count < 0 || leap_count < 0 || time_count < 0 ||
        type_count < 1 || type_count > 256 || char_count < 0) {
      return nullptr;
    }
    const size_t data_size = static_cast<size_t>(time_count) * (time_width + 1) +
                             static_cast<size_t>(type_count) * 6 + static_cast<size_t>(char_count) +
                             static_cast<size_t>(leap_count) * (time_width + 4) +
                             static_cast<size_t>(is_std_count + is_ut_count);
    at += kHeaderSize;
    if (bytes.size() < at + data_size) return nullptr;
    if (pass == 0 && version >= '2') {
      at += data_size;
      time_width = 8;
      continue;
    }
    const size_t times_at = at;
    const size_t indexes_at = times_at + static_cast<size_t>(time_count) * time_width;
    const size_t types_at = indexes_at + static_cast<size_t>(time_count);
    const size_t chars_at = types_at + static_cast<size_t>(type_count) * 6;
    const std::string_view chars = bytes.substr(chars_at, static_cast<size_t>(char_count));
    for (int64_t i = 0; i < type_count; ++i) {
      const size_t entry = types_at + static_cast<size_t>(i) * 6;
      const auto abbreviation_index = static_cast<uint8_t>(bytes[entry + 5]);
      if (abbreviation_index >= chars.size() && !chars.empty()) return nullptr;
      std::string abbreviation;
      for (size_t c = abbreviation_index; c < chars.size() && chars[c] != '\0'; ++c) {
        abbreviation += chars[c];
      }
      zone->types_.push_back(Type{static_cast<int32_t>(ReadBigEndian(bytes, entry, 4)),
                                  bytes[entry + 4] != 0, std::move(abbreviation)});
    }
    for (int64_t i = 0; i < time_count; ++i) {
      const int64_t time = ReadBigEndian(bytes, times_at + static_cast<size_t>(i) * time_width, time_width);
      const auto type = static_cast<uint8_t>(bytes[indexes_at + static_cast<size_t>(i)]);
      if (type >= zone->types_.size()) return nullptr;
      if (!zone->transition_times_.empty() && time <= zone->transition_times_.back()) return nullptr;
      zone->transition_times_.push_back(time);
      zone->transition_types_.push_back(type);
    }
    at += data_size;
    break;
  }
  // The footer: "\n<POSIX TZ string>\n" (version 2+).
  if (version >= '2' && at < bytes.size() && bytes[at] == '\n') {
    const size_t end = bytes.find('\n', at + 1);
    if (end != std::string_view::npos && end > at + 1) {
      zone->footer_ = ParsePosix(bytes.substr(at + 1, end - at - 1));
    }
  }
  return zone;
}

std::optional<TimeZone::Posix> TimeZone::ParsePosix(std::string_view spec) {
  PosixReader reader(spec);
  Posix posix;
  const std::optional<std::string> standard_name = reader.Name();
  if (!standard_name) return std::nullopt;
  // POSIX offsets are hours west of Greenwich; stored here as seconds east.
  const std::optional<int32_t> standard_west = reader.Time(24);
  if (!standard_west) return std::nullopt;
  posix.standard = Type{-*standard_west, false, *standard_name};
  if (reader.AtEnd()) return posix;
  const std::optional<std::string> daylight_name = reader.Name();
  if (!daylight_name) return std::nullopt;
  int32_t daylight_east = posix.standard.utc_offset + 3600;
  if (!reader.AtEnd() && reader.Peek() != ',') {
    const std::optional<int32_t> daylight_west = reader.Time(24);
    if (!daylight_west) return std::nullopt;
    daylight_east = -*daylight_west;
  }
  posix.daylight = Type{daylight_east, true, *daylight_name};
  auto parse_rule = [&reader](Rule& rule) {
    if (reader.Consume('J')) {
      rule.kind = Rule::Kind::kJulianNoLeap;
      const std::optional<int> day = reader.Number(365);
      if (!day || *day < 1) return false;
      rule.day = *day;
    } else if (reader.Consume('M')) {
      rule.kind = Rule::Kind::kMonthWeekDay;
      const std::optional<int> month = reader.Number(12);
      if (!month || *month < 1 || !reader.Consume('.')) return false;
      const std::optional<int> week = reader.Number(5);
      if (!week || *week < 1 || !reader.Consume('.')) return false;
      const std::optional<int> day = reader.Number(6);
      if (!day) return false;
      rule.month = *month;
      rule.week = *week;
      rule.day = *day;
    } else {
      rule.kind = Rule::Kind::kZeroBasedDay;
      const std::optional<int> day = reader.Number(365);
      if (!day) return false;
      rule.day = *day;
    }
    rule.time = 7200;
    if (reader.Consume('/')) {
      const std::optional<int32_t> time = reader.Time(167);  // RFC 8536 allows -167..167
      if (!time) return false;
      rule.time = *time;
    }
    return true;
  };
  if (reader.AtEnd()) {
    // No rules: the tz database's posixrules (US rules since 2007).
    posix.start = Rule{Rule::Kind::kMonthWeekDay, 0, 2, 3, 7200};
    posix.end = Rule{Rule::Kind::kMonthWeekDay, 0, 1, 11, 7200};
    return posix;
  }
  if (!reader.Consume(',') || !parse_rule(posix.start) || !reader.Consume(',') ||
      !parse_rule(posix.end) || !reader.AtEnd()) {
    return std::nullopt;
  }
  return posix;
}

std::shared_ptr<const TimeZone> TimeZone::FromPosix(std::string_view spec, std::string name) {
  std::optional<Posix> posix = ParsePosix(spec);
  if (!posix) return nullptr;
  auto zone = std::make_shared<TimeZone>();
  zone->name_ = std::move(name);
  zone->types_.push_back(posix->standard);
  zone->footer_ = std::move(posix);
  return zone;
}

void TimeZone::PosixTransitions(const Posix& posix, int64_t year, int64_t& start, int64_t& end) {
  auto local_seconds = [year](const Rule& rule) {
    int64_t days = DaysFromCivil(year, 1, 1);
    switch (rule.kind) {
      case Rule::Kind::kJulianNoLeap:
        days += rule.day - 1 + (IsLeap(year) && rule.day >= 60 ? 1 : 0);
        break;
      case Rule::Kind::kZeroBasedDay:
        days += rule.day;
        break;
      case Rule::Kind::kMonthWeekDay: {
        const int64_t first = DaysFromCivil(year, rule.month, 1);
        const int64_t first_weekday = ((first % 7) + 7 + 4) % 7;  // 1970-01-01 was a Thursday
        int64_t day = 1 + (rule.day - first_weekday + 7) % 7 + (rule.week - 1) * 7;
        while (day > DaysInMonth(year, rule.month)) day -= 7;
        days = first + day - 1;
        break;
      }
    }
    return days * kSecondsPerDay + rule.time;
  };
  // The start is given in standard time, the end in daylight time.
  start = local_seconds(posix.start) - posix.standard.utc_offset;
  end = local_seconds(posix.end) - posix.daylight->utc_offset;
}

TimeZone::LocalTime TimeZone::FromPosixAt(const Posix& posix, int64_t unix_seconds) const {
  const Type* type = &posix.standard;
  if (posix.daylight) {
    const int64_t year = YearOfUnixSeconds(unix_seconds + posix.standard.utc_offset);
    int64_t start = 0;
    int64_t end = 0;
    PosixTransitions(posix, year, start, end);
    const bool daylight = start < end ? (unix_seconds >= start && unix_seconds < end)
                                      : !(unix_seconds >= end && unix_seconds < start);
    if (daylight) type = &*posix.daylight;
  }
  return LocalTime{type->utc_offset, type->is_dst, type->abbreviation};
}

TimeZone::LocalTime TimeZone::AtUtc(int64_t unix_seconds) const {
  if (footer_ && (transition_times_.empty() || unix_seconds >= transition_times_.back())) {
    return FromPosixAt(*footer_, unix_seconds);
  }
  const Type* type = &types_.front();
  const auto next =
      std::upper_bound(transition_times_.begin(), transition_times_.end(), unix_seconds);
  if (next != transition_times_.begin()) {
    type = &types_[transition_types_[static_cast<size_t>(next - transition_times_.begin()) - 1]];
  }
  return LocalTime{type->utc_offset, type->is_dst, type->abbreviation};
}

std::optional<TimeZone::Transition> TimeZone::NextTransition(int64_t unix_seconds) const {
  const auto next =
      std::upper_bound(transition_times_.begin(), transition_times_.end(), unix_seconds);
  if (next != transition_times_.end()) {
    const size_t index = static_cast<size_t>(next - transition_times_.begin());
    return Transition{*next, types_[transition_types_[index]].utc_offset};
  }
  if (!footer_ || !footer_->daylight) return std::nullopt;
  const int64_t year = YearOfUnixSeconds(unix_seconds);
  std::optional<Transition> best;
  for (int64_t y = year - 1; y <= year + 1; ++y) {
    int64_t start = 0;
    int64_t end = 0;
    PosixTransitions(*footer_, y, start, end);
    for (const Transition candidate : {Transition{start, footer_->daylight->utc_offset},
                                       Transition{end, footer_->standard.utc_offset}}) {
      if (candidate.at > unix_seconds && (!best || candidate.at < best->at)) best = candidate;
    }
  }
  return best;
}

int32_t TimeZone::OffsetForLocal(int64_t local_seconds) const {
  // DetermineTimeZoneOffsetInternal: the boundary after a day before the target decides.
  const int64_t previous = local_seconds - kSecondsPerDay;
  const int32_t before = AtUtc(previous).utc_offset;
  const std::optional<Transition> boundary = NextTransition(previous);
  if (!boundary) return before;
  const int32_t after = boundary->offset_after;
  const int64_t before_time = local_seconds - before;
  const int64_t after_time = local_seconds - after;
  if (before_time < boundary->at && after_time < boundary->at) return before;
  if (before_time >= boundary->at && after_time >= boundary->at) return after;
  return before_time > after_time ? before : after;
}

std::shared_ptr<const TimeZone> FindTimeZone(std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const TimeZone>> cache;
  const std::string key = Lower(name);
  {
    const std::lock_guard<std::mutex> lock(mutex);
    const auto found = cache.find(key);
    if (found != cache.end()) return found->second;
  }
  std::shared_ptr<const TimeZone> zone;
  std::string canonical;
  if (const std::optional<std::filesystem::path> path = FindZoneFile(name, canonical)) {
    if (const std::optional<std::string> bytes = ReadFile(*path)) {
      zone = TimeZone::FromTzif(*bytes, canonical);
    }
  }
  if (!zone) zone = TimeZone::FromPosix(name, std::string(name));
  if (!zone) return nullptr;
  const std::lock_guard<std::mutex> lock(mutex);
  return cache.emplace(key, zone).first->second;
}

}  // namespace granary::types
