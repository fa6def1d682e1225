// ExternalSorter: the same order in memory and through temporary files, stable ties, merges
// of more runs than one pass can take, and no files left behind.
#include "executor/spill/external_sorter.hpp"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "executor/spill/temp_file_space.hpp"
#include "storage/env/env.hpp"
#include "../storage/temp_directory.hpp"

using granary::executor::ExternalSorter;
using granary::executor::TempFileSpace;
using granary::types::Value;

namespace {

// Rows (key, position): keys repeat, so the position shows whether ties kept their order.
std::vector<ExternalSorter::Row> Input(int64_t count, int64_t distinct_keys) {
  std::vector<ExternalSorter::Row> rows;
  for (int64_t i = 0; i < count; ++i) {
    rows.push_back({Value::Int8((i * 7919) % distinct_keys), Value::Int8(i), Value::Text(std::string(20, 'p'))});
  }
  return rows;
}

bool ByKey(const ExternalSorter::Row& a, const ExternalSorter::Row& b) { return a[0].AsInt() < b[0].AsInt(); }

std::vector<int64_t> Sorted(TempFileSpace* space, size_t memory_bytes, const std::vector<ExternalSorter::Row>& input,
                            ExternalSorter* inspect = nullptr) {
  ExternalSorter own(space, memory_bytes, ByKey);
  ExternalSorter& sorter = inspect != nullptr ? *inspect : own;
  for (const ExternalSorter::Row& row : input) sorter.Add(row);
  sorter.Finish();
  std::vector<int64_t> positions;
  ExternalSorter::Row row;
  while (sorter.Next(row)) positions.push_back(row[1].AsInt());
  return positions;
}

std::vector<int64_t> Expected(const std::vector<ExternalSorter::Row>& input) {
  std::vector<ExternalSorter::Row> rows = input;
  std::stable_sort(rows.begin(), rows.end(), ByKey);
  std::vector<int64_t> positions;
  for (const ExternalSorter::Row& row : rows) positions.push_back(row[1].AsInt());
  return positions;
}

}  // namespace

TEST_CASE("in-memory sort is stable and does not touch disk", "[executor][spill]") {
  granary::storage::testing::TempDirectory directory;
  TempFileSpace space(granary::storage::DefaultEnv(), directory.Sub("pgsql_tmp"), -1);
  const std::vector<ExternalSorter::Row> input = Input(2000, 37);
  ExternalSorter sorter(&space, size_t{64} << 20, ByKey);
  CHECK(Sorted(&space, 0, input, &sorter) == Expected(input));
  CHECK_FALSE(sorter.spilled());
  CHECK(sorter.peak_memory_bytes() > 0);
  CHECK_FALSE(std::filesystem::exists(directory.Sub("pgsql_tmp")));
}

TEST_CASE("external merge sort matches the in-memory order, ties included", "[executor][spill]") {
  granary::storage::testing::TempDirectory directory;
  TempFileSpace space(granary::storage::DefaultEnv(), directory.Sub("pgsql_tmp"), -1);
  const std::vector<ExternalSorter::Row> input = Input(30000, 101);
  const std::vector<int64_t> expected = Expected(input);
  SECTION("a few runs, one merge") {
    ExternalSorter sorter(&space, size_t{1} << 20, ByKey);
    CHECK(Sorted(&space, 0, input, &sorter) == expected);
    CHECK(sorter.spilled());
    CHECK(sorter.disk_bytes() > 0);
  }
  SECTION("hundreds of runs, several merge passes") {
    ExternalSorter sorter(&space, 16 * 1024, ByKey);
    CHECK(Sorted(&space, 0, input, &sorter) == expected);
    CHECK(sorter.spilled());
  }
  SECTION("one row per run") {
    const std::vector<ExternalSorter::Row> small = Input(500, 7);
    CHECK(Sorted(&space, 1, small) == Expected(small));
  }
  CHECK(space.used_bytes() == 0);
  CHECK(std::distance(std::filesystem::directory_iterator(directory.Sub("pgsql_tmp")), {}) == 0);
}

TEST_CASE("without temporary files the sorter stays in memory", "[executor][spill]") {
  const std::vector<ExternalSorter::Row> input = Input(3000, 11);
  ExternalSorter sorter(nullptr, 1024, ByKey);
  CHECK(Sorted(nullptr, 0, input, &sorter) == Expected(input));
  CHECK_FALSE(sorter.spilled());
}

TEST_CASE("an empty input sorts to nothing", "[executor][spill]") {
  ExternalSorter sorter(nullptr, 1024, ByKey);
  sorter.Finish();
  ExternalSorter::Row row;
  CHECK_FALSE(sorter.Next(row));
}

TEST_CASE("a bounded sort keeps the first rows, ties in input order", "[executor][spill]") {
  const std::vector<ExternalSorter::Row> input = Input(20000, 53);
  const std::vector<int64_t> expected = Expected(input);
  for (const size_t bound : {size_t{1}, size_t{10}, size_t{500}}) {
    ExternalSorter sorter(nullptr, size_t{4} << 20, ByKey);
    sorter.SetBound(bound);
    const std::vector<int64_t> got = Sorted(nullptr, 0, input, &sorter);
    CHECK(sorter.bounded());
    REQUIRE(got.size() == bound);
    CHECK(std::equal(got.begin(), got.end(), expected.begin()));
  }
  // A bound whose rows do not fit the budget: the ordinary sort, all rows.
  granary::storage::testing::TempDirectory directory;
  TempFileSpace space(granary::storage::DefaultEnv(), directory.Sub("pgsql_tmp"), -1);
  ExternalSorter sorter(&space, 64 * 1024, ByKey);
  sorter.SetBound(5000);
  CHECK(Sorted(&space, 0, input, &sorter) == expected);
  CHECK_FALSE(sorter.bounded());
  // Few rows for the bound: a plain sort.
  ExternalSorter small(nullptr, size_t{4} << 20, ByKey);
  small.SetBound(100);
  const std::vector<ExternalSorter::Row> few = Input(150, 7);
  CHECK(Sorted(nullptr, 0, few, &small) == Expected(few));
  CHECK_FALSE(small.bounded());
}
