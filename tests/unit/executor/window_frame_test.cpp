// ComputeFrames: ROWS and RANGE frames of one sorted partition.
#include "executor/window/window_frame.hpp"

#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

using granary::executor::ComputeFrames;
using granary::executor::Frames;
using granary::executor::FrameSpec;
using granary::executor::PeerGroups;
using granary::executor::RangeKeys;
using granary::parser::FrameBoundKind;
using granary::types::Value;

namespace {

// Peer groups of sorted keys (NULLs equal).
PeerGroups PeersOf(const std::vector<Value>& keys) {
  PeerGroups peers;
  for (size_t i = 0; i < keys.size();) {
    size_t j = i + 1;
    while (j < keys.size() && keys[j].is_null() == keys[i].is_null() &&
           (keys[i].is_null() || keys[j].AsInt() == keys[i].AsInt())) {
      ++j;
    }
    for (size_t k = i; k < j; ++k) {
      peers.begin.push_back(i);
      peers.end.push_back(j);
    }
    i = j;
  }
  return peers;
}

std::vector<Value> Ints(std::initializer_list<int> values) {
  std::vector<Value> keys;
  for (int value : values) keys.push_back(value < 0 ? Value::Null() : Value::Int4(value));
  return keys;
}

}  // namespace

TEST_CASE("the default frame runs to the last peer of the current row", "[executor][window]") {
  const std::vector<Value> keys = Ints({1, 2, 2, 5});
  const Frames frames = ComputeFrames(FrameSpec{}, PeersOf(keys), RangeKeys{keys});
  CHECK(frames.begin == std::vector<size_t>{0, 0, 0, 0});
  CHECK(frames.end == std::vector<size_t>{1, 3, 3, 4});
}

TEST_CASE("ROWS offsets clamp to the partition and may leave the frame empty",
          "[executor][window]") {
  const std::vector<Value> keys = Ints({1, 2, 3, 4, 5});
  FrameSpec spec;
  spec.rows = true;
  spec.start = FrameBoundKind::kPreceding;
  spec.start_rows = 2;
  spec.end = FrameBoundKind::kPreceding;
  spec.end_rows = 1;
  Frames frames = ComputeFrames(spec, PeersOf(keys), RangeKeys{keys});
  CHECK(frames.begin == std::vector<size_t>{0, 0, 0, 1, 2});
  CHECK(frames.end == std::vector<size_t>{0, 1, 2, 3, 4});

  spec.start = FrameBoundKind::kFollowing;
  spec.start_rows = 1;
  spec.end = FrameBoundKind::kFollowing;
  spec.end_rows = INT64_MAX;
  frames = ComputeFrames(spec, PeersOf(keys), RangeKeys{keys});
  CHECK(frames.begin == std::vector<size_t>{1, 2, 3, 4, 5});
  CHECK(frames.end == std::vector<size_t>{5, 5, 5, 5, 5});
}

TEST_CASE("RANGE offsets compare key values; NULL keys frame their peers", "[executor][window]") {
  const std::vector<Value> keys = Ints({1, 2, 2, 4, 7, -1, -1});
  FrameSpec spec;
  spec.start = FrameBoundKind::kPreceding;
  spec.start_value = Value::Int8(1);
  spec.end = FrameBoundKind::kFollowing;
  spec.end_value = Value::Int8(2);
  const Frames frames = ComputeFrames(spec, PeersOf(keys), RangeKeys{keys, false, false});
  CHECK(frames.begin == std::vector<size_t>{0, 0, 0, 3, 4, 5, 5});
  CHECK(frames.end == std::vector<size_t>{3, 4, 4, 4, 5, 7, 7});
}

TEST_CASE("RANGE offsets in descending order and with NULLs first", "[executor][window]") {
  const std::vector<Value> keys = Ints({-1, 9, 8, 6, 2});
  FrameSpec spec;
  spec.start = FrameBoundKind::kPreceding;
  spec.start_value = Value::Int8(1);
  spec.end = FrameBoundKind::kCurrentRow;
  const Frames frames = ComputeFrames(spec, PeersOf(keys), RangeKeys{keys, true, true});
  CHECK(frames.begin == std::vector<size_t>{0, 1, 1, 3, 4});
  CHECK(frames.end == std::vector<size_t>{1, 2, 3, 4, 5});
}

TEST_CASE("RANGE offsets near the integer limits do not overflow", "[executor][window]") {
  const std::vector<Value> keys{Value::Int8(INT64_MIN), Value::Int8(0), Value::Int8(INT64_MAX)};
  FrameSpec spec;
  spec.start = FrameBoundKind::kPreceding;
  spec.start_value = Value::Int8(INT64_MAX);
  spec.end = FrameBoundKind::kFollowing;
  spec.end_value = Value::Int8(INT64_MAX);
  PeerGroups peers{{0, 1, 2}, {1, 2, 3}};
  const Frames frames = ComputeFrames(spec, peers, RangeKeys{keys});
  CHECK(frames.begin == std::vector<size_t>{0, 1, 1});
  CHECK(frames.end == std::vector<size_t>{1, 3, 3});
}

TEST_CASE("GROUPS offsets count peer groups", "[executor][window]") {
  const std::vector<Value> keys = Ints({1, 2, 2, 4, 7});
  FrameSpec spec;
  spec.groups = true;
  spec.start = FrameBoundKind::kPreceding;
  spec.start_rows = 1;
  spec.end = FrameBoundKind::kFollowing;
  spec.end_rows = 1;
  const Frames frames = ComputeFrames(spec, PeersOf(keys), RangeKeys{keys});
  CHECK(frames.begin == std::vector<size_t>{0, 0, 0, 1, 3});
  CHECK(frames.end == std::vector<size_t>{3, 4, 4, 5, 5});
}

TEST_CASE("EXCLUDE removes the current row, its peer group or its ties from the frame",
          "[executor][window]") {
  using granary::parser::FrameExclusion;
  const std::vector<Value> keys = Ints({1, 2, 2, 2, 3});
  const PeerGroups peers = PeersOf(keys);
  FrameSpec spec;
  spec.rows = true;
  spec.end = FrameBoundKind::kUnboundedFollowing;
  // The frame rows of position 2 (a peer of 1 and 3) that remain.
  const auto remaining = [&](FrameExclusion exclusion) {
    spec.exclusion = exclusion;
    const Frames frames = ComputeFrames(spec, peers, RangeKeys{keys});
    std::vector<size_t> rows;
    for (size_t candidate = frames.begin[2]; candidate < frames.end[2]; ++candidate) {
      if (frames.Includes(2, candidate)) rows.push_back(candidate);
    }
    return rows;
  };
  CHECK(remaining(FrameExclusion::kNoOthers) == std::vector<size_t>{0, 1, 2, 3, 4});
  CHECK(remaining(FrameExclusion::kCurrentRow) == std::vector<size_t>{0, 1, 3, 4});
  CHECK(remaining(FrameExclusion::kGroup) == std::vector<size_t>{0, 4});
  CHECK(remaining(FrameExclusion::kTies) == std::vector<size_t>{0, 2, 4});
}
