#include "executor/window/window_frame.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "types/value_ops.hpp"

namespace granary::executor {
namespace {

using parser::FrameBoundKind;
using types::TypeId;
using types::Value;

// Compares `key` with `base + sign * offset` without overflow: integers in 128 bits,
// numeric exactly, doubles in double (PostgreSQL's in_range functions).
int CompareShifted(const Value& key, const Value& base, const Value& offset, int sign) {
  if (offset.type() == TypeId::kNumeric) {
    const types::Numeric target = sign > 0 ? base.AsNumeric().Add(offset.AsNumeric())
                                           : base.AsNumeric().Subtract(offset.AsNumeric());
    return key.AsNumeric().Compare(target);
  }
  if (offset.type() == TypeId::kFloat8) {
    // As in_range_float8_float8: NaN sorts after everything and equals NaN; an infinite
    // offset from the infinity it cannot move away from (+inf PRECEDING, -inf FOLLOWING)
    // reaches every value.
    const double value = key.AsDouble();
    const double from = base.AsDouble();
    const double shift = offset.AsDouble();
    if (std::isnan(value)) return std::isnan(from) ? 0 : 1;
    if (std::isnan(from)) return -1;
    if (std::isinf(shift) && std::isinf(from) && (sign < 0 ? from > 0 : from < 0)) return 0;
    const double target = from + sign * shift;
    return value < target ? -1 : value > target ? 1 : 0;
  }
  const __int128 target =
      static_cast<__int128>(base.AsInt()) + sign * static_cast<__int128>(offset.AsInt());
  const __int128 value = key.AsInt();
  return value < target ? -1 : value > target ? 1 : 0;
}

// The non-NULL keys sit in one run [first, last) in sort order.
struct NonNullRun {
  size_t first = 0;
  size_t last = 0;
};

NonNullRun FindNonNullRun(const RangeKeys& keys) {
  const size_t n = keys.keys.size();
  size_t nulls = 0;
  for (const Value& key : keys.keys) nulls += key.is_null() ? 1 : 0;
  return keys.nulls_first ? NonNullRun{nulls, n} : NonNullRun{0, n - nulls};
}

// RANGE `offset` PRECEDING/FOLLOWING of the row at `position`: the first row of the frame
// when `is_start`, one past its last row otherwise.
size_t RangeOffsetBound(const RangeKeys& keys, const NonNullRun& run, const PeerGroups& peers,
                        size_t position, bool preceding, const Value& offset, bool is_start) {
  const Value& base = keys.keys[position];
  if (base.is_null()) return is_start ? peers.begin[position] : peers.end[position];
  // In ascending order PRECEDING subtracts the offset; in descending order it adds it.
  const int sign = preceding != keys.descending ? -1 : 1;
  const int direction = keys.descending ? -1 : 1;
  const auto first = keys.keys.begin() + static_cast<std::ptrdiff_t>(run.first);
  const auto last = keys.keys.begin() + static_cast<std::ptrdiff_t>(run.last);
  // Rows before the bound: strictly before the target (start) or not after it (end).
  const auto bound = std::partition_point(first, last, [&](const Value& key) {
    const int order = direction * CompareShifted(key, base, offset, sign);
    return is_start ? order < 0 : order <= 0;
  });
  return static_cast<size_t>(bound - keys.keys.begin());
}

size_t RowsBound(size_t position, size_t count, FrameBoundKind kind, int64_t offset,
                 bool is_start) {
  const size_t shift = static_cast<size_t>(offset);
  const size_t past = is_start ? 0 : 1;  // an end bound points one past its row
  switch (kind) {
    case FrameBoundKind::kUnboundedPreceding:
      return 0;
    case FrameBoundKind::kUnboundedFollowing:
      return count;
    case FrameBoundKind::kCurrentRow:
      return position + past;
    case FrameBoundKind::kPreceding:
      return shift > position ? 0 : position - shift + past;
    case FrameBoundKind::kFollowing:
      return shift >= count - position ? count : std::min(count, position + shift + past);
  }
  return 0;
}

// GROUPS `offset` PRECEDING/FOLLOWING: whole peer groups counted from the current row's.
class GroupIndex {
 public:
  explicit GroupIndex(const PeerGroups& peers) : peers_(peers) {
    for (size_t position = 0; position < peers.begin.size(); position = peers.end[position]) {
      starts_.push_back(position);
    }
    number_.resize(peers.begin.size());
    for (size_t group = 0; group < starts_.size(); ++group) {
      for (size_t position = starts_[group]; position < peers.end[starts_[group]]; ++position)
        number_[position] = group;
    }
  }

  size_t Bound(size_t position, bool preceding, int64_t offset, bool is_start) const {
    const size_t group = number_[position];
    const size_t shift = static_cast<size_t>(offset);
    const size_t groups = starts_.size();
    if (preceding && shift > group) return 0;  // before the first group
    if (!preceding && shift >= groups - group) return peers_.begin.size();  // past the last
    const size_t target = preceding ? group - shift : group + shift;
    return is_start ? starts_[target] : peers_.end[starts_[target]];
  }

 private:
  const PeerGroups& peers_;
  std::vector<size_t> starts_;
  std::vector<size_t> number_;
};

}  // namespace

Frames ComputeFrames(const FrameSpec& spec, const PeerGroups& peers, const RangeKeys& keys) {
  const size_t count = peers.begin.size();
  Frames frames;
  frames.exclusion = spec.exclusion;
  frames.peers = &peers;
  frames.begin.resize(count);
  frames.end.resize(count);
  const bool offsets =
      spec.start == FrameBoundKind::kPreceding || spec.start == FrameBoundKind::kFollowing ||
      spec.end == FrameBoundKind::kPreceding || spec.end == FrameBoundKind::kFollowing;
  const bool range_offsets = !spec.rows && !spec.groups && offsets;
  const NonNullRun run = range_offsets ? FindNonNullRun(keys) : NonNullRun{};
  std::optional<GroupIndex> groups;
  if (spec.groups && offsets) groups.emplace(peers);
  auto bound = [&](size_t position, FrameBoundKind kind, int64_t rows, const Value& value,
                   bool is_start) {
    if (spec.rows) return RowsBound(position, count, kind, rows, is_start);
    switch (kind) {
      case FrameBoundKind::kUnboundedPreceding:
        return size_t{0};
      case FrameBoundKind::kUnboundedFollowing:
        return count;
      case FrameBoundKind::kCurrentRow:
        return is_start ? peers.begin[position] : peers.end[position];
      case FrameBoundKind::kPreceding:
      case FrameBoundKind::kFollowing:
        if (spec.groups)
          return groups->Bound(position, kind == FrameBoundKind::kPreceding, rows, is_start);
        return RangeOffsetBound(keys, run, peers, position, kind == FrameBoundKind::kPreceding,
                                value, is_start);
    }
    return size_t{0};
  };
  for (size_t position = 0; position < count; ++position) {
    frames.begin[position] = bound(position, spec.start, spec.start_rows, spec.start_value, true);
    frames.end[position] = bound(position, spec.end, spec.end_rows, spec.end_value, false);
  }
  return frames;
}

}  // namespace granary::executor
