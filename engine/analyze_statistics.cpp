// Column statistics from a sample (see analyze_statistics.hpp).
#include "engine/analyze_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "types/value_ops.hpp"

namespace granary {
namespace {

using types::TypeId;
using types::Value;

// A varlena's bytes on a page: a 1-byte header up to 126 bytes of data, else 4 bytes.
int32_t VarlenaWidth(size_t data_bytes) {
  return static_cast<int32_t>(data_bytes + (data_bytes < 127 ? 1 : 4));
}

// numeric's on-page size: varlena header, 2-byte short header, 2 bytes per base-10000 digit.
int32_t NumericWidth(const Value& value) {
  const std::string text = types::ToText(value);
  const size_t point = text.find('.');
  std::string integer = text.substr(0, point);
  std::string fraction = point == std::string::npos ? "" : text.substr(point + 1);
  if (!integer.empty() && (integer[0] == '-' || integer[0] == '+')) integer.erase(0, 1);
  integer.erase(0, std::min(integer.find_first_not_of('0'), integer.size()));
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  const size_t digits = (integer.size() + 3) / 4 + (fraction.size() + 3) / 4;
  return static_cast<int32_t>(3 + 2 * digits);
}

// analyze_mcv_list: how many of the candidate counts (most common first) to keep, each kept
// value being significantly more common than the average of the values not kept.
size_t ChooseCommonValueCount(const std::vector<double>& counts, size_t keep, double distinct,
                              double null_fraction, double sample_rows, double total_rows) {
  if (sample_rows == total_rows || total_rows <= 1.0) return keep;
  const double distinct_in_table = distinct < 0 ? -distinct * total_rows : distinct;
  double sum = 0;
  for (size_t i = 0; i + 1 < keep; ++i) sum += counts[i];
  while (keep > 0) {
    double selectivity = std::clamp(1.0 - sum / sample_rows - null_fraction, 0.0, 1.0);
    const double other_distinct = distinct_in_table - static_cast<double>(keep - 1);
    if (other_distinct > 1) selectivity /= other_distinct;
    const double n = sample_rows;
    const double big_n = total_rows;
    const double k = big_n * counts[keep - 1] / n;
    const double variance = n * k * (big_n - k) * (big_n - n) / (big_n * big_n * (big_n - 1));
    const double deviation = std::sqrt(variance);
    if (counts[keep - 1] > selectivity * sample_rows + 2 * deviation + 0.5) break;
    --keep;
    if (keep == 0) break;
    sum -= counts[keep - 1];
  }
  return keep;
}

}  // namespace

int32_t StoredWidth(const Value& value, const types::Type& type) {
  const int16_t length = types::InfoOf(type.id).length;
  if (length > 0) return length;
  switch (type.id) {
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
    case TypeId::kBytea:
      return VarlenaWidth(value.AsString().size());
    case TypeId::kNumeric:
      return NumericWidth(value);
    default:
      return VarlenaWidth(types::ToText(value).size());
  }
}

catalog::ColumnStatistics ComputeColumnStatistics(const std::vector<Value>& sample, const types::Type& type,
                                                  double total_rows, int32_t attnum, int target) {
  catalog::ColumnStatistics stats;
  stats.attnum = attnum;
  const bool fixed_width = types::InfoOf(type.id).length > 0;
  const size_t max_common = static_cast<size_t>(target);
  const size_t bins = static_cast<size_t>(target);

  struct Item {
    const Value* value;
    size_t position;  // ordinal among the values kept, in physical order
  };
  std::vector<Item> values;
  size_t nulls = 0;
  size_t non_nulls = 0;
  size_t too_wide = 0;
  double total_width = 0;
  for (const Value& value : sample) {
    if (value.is_null()) {
      ++nulls;
      continue;
    }
    ++non_nulls;
    const int32_t width = StoredWidth(value, type);
    total_width += width;
    if (!fixed_width && static_cast<size_t>(width) > kWidthThreshold) {
      ++too_wide;
      continue;
    }
    values.push_back({&value, values.size()});
  }
  const double sample_rows = static_cast<double>(sample.size());
  if (sample.empty()) return stats;
  stats.null_fraction = static_cast<double>(nulls) / sample_rows;
  if (non_nulls == 0) {
    // All NULL: distinct unknown (0), the width a fixed-width type's, else 0.
    if (fixed_width) stats.average_width = types::InfoOf(type.id).length;
    return stats;
  }
  stats.average_width = fixed_width ? types::InfoOf(type.id).length
                                    : static_cast<int32_t>(total_width / static_cast<double>(non_nulls));
  if (values.empty()) {
    // Every value too wide: all of them distinct, as far as can be told.
    stats.distinct = -1.0 * (1.0 - stats.null_fraction);
    return stats;
  }

  std::sort(values.begin(), values.end(), [](const Item& a, const Item& b) {
    const int order = types::Compare(*a.value, *b.value);
    return order != 0 ? order < 0 : a.position < b.position;
  });

  // Groups of equal values: the distinct count, those seen more than once, and the most
  // common ones (count, first index), most common first, earlier first among equals.
  struct Track {
    size_t count;
    size_t first;
  };
  std::vector<Track> track;
  size_t distinct = 0;
  size_t multiple = 0;
  double xy_sum = 0;
  size_t duplicates = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    xy_sum += static_cast<double>(i) * static_cast<double>(values[i].position);
    ++duplicates;
    const bool last_of_group = i + 1 == values.size() || types::Compare(*values[i].value, *values[i + 1].value) != 0;
    if (!last_of_group) continue;
    ++distinct;
    if (duplicates > 1) {
      ++multiple;
      if (track.size() < max_common || duplicates > track.back().count) {
        if (track.size() < max_common) track.push_back({0, 0});
        size_t j = track.size() - 1;
        for (; j > 0; --j) {
          if (duplicates <= track[j - 1].count) break;
          track[j] = track[j - 1];
        }
        track[j] = {duplicates, i + 1 - duplicates};
      }
    }
    duplicates = 0;
  }

  if (multiple == 0) {
    stats.distinct = -1.0 * (1.0 - stats.null_fraction);  // every value unique
  } else if (too_wide == 0 && multiple == distinct) {
    stats.distinct = static_cast<double>(distinct);  // every value seen twice: all seen
  } else {
    // Haas-Stokes: n*d / (n - f1 + f1*n/N), f1 the values seen once.
    const double f1 = static_cast<double>(distinct - multiple + too_wide);
    const double d = f1 + static_cast<double>(multiple);
    const double n = sample_rows - static_cast<double>(nulls);
    const double big_n = total_rows * (1.0 - stats.null_fraction);
    double estimate = big_n > 0 ? (n * d) / ((n - f1) + f1 * n / big_n) : 0;
    if (estimate < d) estimate = d;
    if (estimate > big_n) estimate = big_n;
    stats.distinct = std::floor(estimate + 0.5);
  }
  if (stats.distinct > 0.1 * total_rows) stats.distinct = -(stats.distinct / total_rows);

  size_t common = max_common;
  if (track.size() == distinct && too_wide == 0 && stats.distinct > 0 && track.size() <= max_common) {
    common = track.size();
  } else {
    common = std::min(common, track.size());
    if (common > 0) {
      std::vector<double> counts;
      for (const Track& entry : track) counts.push_back(static_cast<double>(entry.count));
      common = ChooseCommonValueCount(counts, common, stats.distinct, stats.null_fraction, sample_rows, total_rows);
    }
  }
  for (size_t i = 0; i < common; ++i) {
    stats.common_values.push_back(*values[track[i].first].value);
    stats.common_frequencies.push_back(static_cast<double>(track[i].count) / sample_rows);
  }

  // The histogram covers the values outside the MCV list.
  size_t histogram_size = distinct - common;
  if (histogram_size > bins) histogram_size = bins + 1;
  if (histogram_size >= 2) {
    std::vector<bool> in_common(values.size(), false);
    for (size_t i = 0; i < common; ++i) {
      for (size_t k = 0; k < track[i].count; ++k) in_common[track[i].first + k] = true;
    }
    std::vector<const Value*> rest;
    for (size_t i = 0; i < values.size(); ++i) {
      if (!in_common[i]) rest.push_back(values[i].value);
    }
    const size_t steps = histogram_size - 1;
    const size_t delta = (rest.size() - 1) / steps;
    const size_t delta_fraction = (rest.size() - 1) % steps;
    size_t position = 0;
    size_t position_fraction = 0;
    for (size_t i = 0; i < histogram_size; ++i) {
      stats.histogram.push_back(*rest[position]);
      position += delta;
      position_fraction += delta_fraction;
      if (position_fraction >= steps) {
        ++position;
        position_fraction -= steps;
      }
    }
  }

  if (values.size() > 1) {
    const double count = static_cast<double>(values.size());
    const double x_sum = (count - 1) * count / 2.0;
    const double x2_sum = (count - 1) * count * (2 * count - 1) / 6.0;
    stats.correlation = (count * xy_sum - x_sum * x_sum) / (count * x2_sum - x_sum * x_sum);
  }
  return stats;
}

}  // namespace granary
