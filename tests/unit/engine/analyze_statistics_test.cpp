// ANALYZE's per-column statistics against what PostgreSQL 15 stores for the same samples.
#include <catch2/catch.hpp>

#include <algorithm>

#include "engine/analyze_statistics.hpp"

using granary::ComputeColumnStatistics;
using granary::types::Type;
using granary::types::TypeId;
using granary::types::Value;

TEST_CASE("a column of distinct values has n_distinct -1 and a histogram", "[engine][analyze]") {
  std::vector<Value> sample;
  for (int i = 1; i <= 12; ++i) sample.push_back(Value::Int4(i));
  const auto stats = ComputeColumnStatistics(sample, Type{TypeId::kInt4, -1}, 12, 1);
  CHECK(stats.null_fraction == 0);
  CHECK(stats.average_width == 4);
  CHECK(stats.distinct == -1);
  CHECK(stats.common_values.empty());
  CHECK(stats.histogram.size() == 12);
  CHECK(stats.correlation.value() == Approx(1));
}

TEST_CASE("repeated values become most common values, nulls a fraction", "[engine][analyze]") {
  // PostgreSQL: 'v' || (i % 4) for i in 1..12, NULL when i % 3 = 0: null_frac 0.33333334,
  // n_distinct -0.33333334, {v0,v1,v2,v3} each 0.16666667, correlation 0.54761904.
  std::vector<Value> sample;
  for (int i = 1; i <= 12; ++i) {
    sample.push_back(i % 3 == 0 ? Value::Null(TypeId::kText) : Value::Text("v" + std::to_string(i % 4)));
  }
  const auto stats = ComputeColumnStatistics(sample, Type{TypeId::kText, -1}, 12, 2);
  CHECK(stats.null_fraction == Approx(1.0 / 3));
  CHECK(stats.average_width == 3);
  CHECK(stats.distinct == Approx(-1.0 / 3));
  REQUIRE(stats.common_values.size() == 4);
  CHECK(stats.common_values[0].AsString() == "v0");
  CHECK(stats.common_frequencies[0] == Approx(1.0 / 6));
  CHECK(stats.histogram.empty());
  CHECK(stats.correlation.value() == Approx(0.54761904).margin(1e-6));
}

TEST_CASE("Haas-Stokes estimates the distinct values of a partial sample", "[engine][analyze]") {
  // 100 sampled rows of a 10,000-row table: 40 values seen once, 30 seen twice.
  std::vector<Value> sample;
  for (int i = 0; i < 40; ++i) sample.push_back(Value::Int4(i));
  for (int i = 100; i < 130; ++i) {
    sample.push_back(Value::Int4(i));
    sample.push_back(Value::Int4(i));
  }
  const auto stats = ComputeColumnStatistics(sample, Type{TypeId::kInt4, -1}, 10000, 1);
  // n*d / (n - f1 + f1*n/N) = 100*70 / (60 + 40*100/10000) = 115.9, rounded: 116.
  CHECK(stats.distinct == 116);
}

TEST_CASE("the reservoir keeps every row of a small table in order", "[engine][analyze]") {
  granary::Reservoir<int> reservoir(10);
  for (int i = 0; i < 5; ++i) reservoir.Offer(i);
  CHECK(reservoir.Take() == std::vector<int>{0, 1, 2, 3, 4});
  granary::Reservoir<int> small(3);
  for (int i = 0; i < 1000; ++i) small.Offer(i);
  const std::vector<int> kept = small.Take();
  CHECK(kept.size() == 3);
  CHECK(std::is_sorted(kept.begin(), kept.end()));
}
