// The statistics ANALYZE computes from a sample of a table's rows: PostgreSQL's
// compute_scalar_stats (commands/analyze.c) for every column type (all of Granary's types
// have a btree order): null fraction, average width, the number of distinct values (exact
// when every value was seen more than once, else the Haas-Stokes estimator of Haas, Naughton,
// Seshadri and Stokes, "Sampling-Based Estimation of the Number of Distinct Values of an
// Attribute", VLDB 1995), most common values chosen by analyze_mcv_list's test, an
// equi-depth histogram of the rest and the correlation between physical and sorted order.
// Pure functions: no catalog, no storage.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "catalog/statistics.hpp"
#include "types/type.hpp"
#include "types/value.hpp"

namespace granary {

// PostgreSQL's default_statistics_target: MCV entries and histogram bins per column; the
// sample is 300 times it.
inline constexpr int kDefaultStatisticsTarget = 100;

// Values wider than this (PostgreSQL's WIDTH_THRESHOLD) count as distinct and take no part
// in MCVs or histograms.
inline constexpr size_t kWidthThreshold = 1024;

// Statistics of one column from `sample` (its values in the sampled rows, in physical
// order), the table having `total_rows` rows. `attnum` is the 1-based column number.
catalog::ColumnStatistics ComputeColumnStatistics(const std::vector<types::Value>& sample,
                                                  const types::Type& type, double total_rows,
                                                  int32_t attnum, int target = kDefaultStatisticsTarget);

// The bytes a value takes on a PostgreSQL page (typlen, or a varlena's header and data), as
// pg_stats.avg_width reports it.
int32_t StoredWidth(const types::Value& value, const types::Type& type);

// Reservoir sampling (Vitter's algorithm R): keeps `capacity` of the rows offered one by one,
// each with the same probability, and returns them in the order they were offered.
template <typename Row>
class Reservoir {
 public:
  explicit Reservoir(size_t capacity, uint64_t seed = 0x5eed) : capacity_(capacity), random_(seed) {}

  void Offer(Row row) {
    ++seen_;
    if (rows_.size() < capacity_) {
      rows_.push_back({seen_, std::move(row)});
      return;
    }
    std::uniform_int_distribution<uint64_t> pick(0, seen_ - 1);
    const uint64_t slot = pick(random_);
    if (slot < capacity_) rows_[slot] = {seen_, std::move(row)};
  }

  uint64_t seen() const { return seen_; }

  // The kept rows in the order they were offered (PostgreSQL sorts its sample by tuple id).
  std::vector<Row> Take() {
    std::sort(rows_.begin(), rows_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Row> rows;
    rows.reserve(rows_.size());
    for (auto& entry : rows_) rows.push_back(std::move(entry.second));
    rows_.clear();
    return rows;
  }

 private:
  size_t capacity_;
  uint64_t seen_ = 0;
  std::mt19937_64 random_;
  std::vector<std::pair<uint64_t, Row>> rows_;
};

}  // namespace granary
