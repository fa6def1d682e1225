// Window frames: for each row of one sorted partition, the rows of its frame, as PostgreSQL's
// WindowAgg computes them (update_frameheadpos / update_frametailpos) for ROWS, RANGE and
// GROUPS frames. Positions are 0-based within the partition; a frame is [begin, end), empty when
// begin >= end. Pure logic over values, so it is unit-tested on its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "parser/ast_expr.hpp"
#include "types/value.hpp"

namespace granary::executor {

// The peer groups of a partition (rows with equal ORDER BY keys; all rows when there is no
// ORDER BY): for each position, where its group begins and ends.
struct PeerGroups {
  std::vector<size_t> begin;
  std::vector<size_t> end;
};

// A frame with its offsets evaluated: ROWS and GROUPS offsets as counts (of rows, of peer
// groups), RANGE offsets as values of
// the ORDER BY key's offset type (bigint, numeric or double precision). Offsets are never
// NULL or negative (the caller raises 22004 / 22013 first).
struct FrameSpec {
  bool rows = false;
  bool groups = false;  // neither: RANGE
  parser::FrameBoundKind start = parser::FrameBoundKind::kUnboundedPreceding;
  parser::FrameBoundKind end = parser::FrameBoundKind::kCurrentRow;
  parser::FrameExclusion exclusion = parser::FrameExclusion::kNoOthers;
  int64_t start_rows = 0;
  int64_t end_rows = 0;
  types::Value start_value;
  types::Value end_value;
};

// The single ORDER BY key of a RANGE frame with offsets, for each position in sort order.
struct RangeKeys {
  std::span<const types::Value> keys;
  bool descending = false;
  bool nulls_first = false;
};

// Each row's frame [begin, end), less what EXCLUDE removes from it: the row itself
// (CURRENT ROW), its peer group (GROUP) or its peer group but the row itself (TIES).
struct Frames {
  std::vector<size_t> begin;
  std::vector<size_t> end;
  parser::FrameExclusion exclusion = parser::FrameExclusion::kNoOthers;
  const PeerGroups* peers = nullptr;  // for GROUP and TIES

  bool Excludes() const { return exclusion != parser::FrameExclusion::kNoOthers; }
  // Whether the row at `candidate` (inside [begin, end) of `position`) is in the frame of
  // the row at `position` after the exclusion.
  bool Includes(size_t position, size_t candidate) const {
    switch (exclusion) {
      case parser::FrameExclusion::kNoOthers: return true;
      case parser::FrameExclusion::kCurrentRow: return candidate != position;
      case parser::FrameExclusion::kGroup:
        return candidate < peers->begin[position] || candidate >= peers->end[position];
      case parser::FrameExclusion::kTies:
        return candidate == position || candidate < peers->begin[position] ||
               candidate >= peers->end[position];
    }
    return true;
  }
};

// Computes the frame of every row. `keys` is read only for RANGE frames with an offset
// bound; a row whose key is NULL has its peer group as the offset bound (NULLs are peers
// of each other and never within an offset of a value).
Frames ComputeFrames(const FrameSpec& spec, const PeerGroups& peers, const RangeKeys& keys);

}  // namespace granary::executor
