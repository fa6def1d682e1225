// RowHint and ScanRowBound: the batch sizes under LIMIT's hint and promise.
#include "executor/operators/row_hint.hpp"

#include <cstddef>
#include <vector>

#include <catch2/catch.hpp>

#include "executor/operators/scan_decoder.hpp"

using granary::executor::kBatchSize;
using granary::executor::RowHint;
using granary::executor::ScanRowBound;

namespace {

// The batch limits an operator gets when it returns full batches `count` times.
std::vector<size_t> LimitsOfFullBatches(RowHint& hint, size_t count) {
  std::vector<size_t> limits;
  for (size_t i = 0; i < count; ++i) {
    limits.push_back(hint.BatchLimit());
    hint.Returned(hint.BatchLimit());
  }
  return limits;
}

}  // namespace

TEST_CASE("without a hint every batch is full", "[executor][row_hint]") {
  RowHint hint;
  CHECK_FALSE(hint.hinted());
  CHECK(LimitsOfFullBatches(hint, 2) == std::vector<size_t>{kBatchSize, kBatchSize});
}

TEST_CASE("hinted batches start at the hint and double up to a full batch", "[executor][row_hint]") {
  RowHint hint;
  hint.Set(20);
  CHECK(LimitsOfFullBatches(hint, 8) ==
        std::vector<size_t>{20, 40, 80, 160, 320, 640, kBatchSize, kBatchSize});
  CHECK_FALSE(hint.hinted());
}

TEST_CASE("a window is used up by smaller batches before it grows", "[executor][row_hint]") {
  RowHint hint;
  hint.Set(20);
  hint.Returned(3);
  CHECK(hint.BatchLimit() == 17);
  hint.Returned(16);
  CHECK(hint.BatchLimit() == 1);
  hint.Returned(5);  // more than the window held: the next one starts
  CHECK(hint.BatchLimit() == 40);
}

TEST_CASE("a hint of 0 asks for one row, a hint of a batch or more is none", "[executor][row_hint]") {
  RowHint zero;
  zero.Set(0);
  CHECK(zero.BatchLimit() == 1);
  RowHint large;
  large.Set(kBatchSize);
  CHECK_FALSE(large.hinted());
  CHECK(large.BatchLimit() == kBatchSize);
}

TEST_CASE("a scan under a hint reads the hinted rows, at least 128 when filtered", "[executor][row_hint]") {
  ScanRowBound plain;
  plain.SetHint(20);
  CHECK(plain.BatchLimit(false) == 20);
  plain.Returned(20);
  CHECK(plain.BatchLimit(false) == 40);

  ScanRowBound filtered;
  filtered.SetHint(20);
  CHECK(filtered.BatchLimit(true) == ScanRowBound::kMinimumFiltered);
  for (int i = 0; i < 5; ++i) filtered.Returned(filtered.BatchLimit(false));  // 20 .. 320
  CHECK(filtered.BatchLimit(true) == 640);
}

TEST_CASE("a scan's promise comes before its hint", "[executor][row_hint]") {
  ScanRowBound bound;
  bound.Set(30);
  bound.SetHint(10);
  CHECK(bound.BatchLimit(false) == 30);
  bound.Returned(30);
  // The promise is kept; past it (a parent that promised wrongly) the hint's windows apply.
  CHECK(bound.BatchLimit(false) == 20);
}
