// The window functions of PostgreSQL's windowfuncs.c over one partition: ranking
// (row_number, rank, dense_rank, percent_rank, cume_dist, ntile), offsets (lag, lead) and
// frame values (first_value, last_value, nth_value); aggregates go to window_aggregate.cpp.
#include <cstdint>
#include <optional>

#include "common/sqlstate.hpp"
#include "executor/window/window_partition.hpp"
#include "granary/error.hpp"

namespace granary::executor {
namespace {

using planner::WindowFunction;
using types::Value;

// ntile(buckets): the first `count % buckets` buckets hold one row more than the others.
void Ntile(const WindowPartition& partition, const WindowArguments& arguments,
           WindowResults& results) {
  const size_t count = partition.rows.size();
  const Value& argument = arguments.Arg(0, partition.rows[0]);
  if (argument.is_null()) {
    for (size_t row : partition.rows) results.Set(row, Value::Null(types::TypeId::kInt4));
    return;
  }
  if (argument.AsInt() <= 0) {
    throw Error(sqlstate::kInvalidArgumentForNtileFunction,
                "argument of ntile must be greater than zero");
  }
  const size_t buckets = static_cast<size_t>(argument.AsInt());
  const size_t per_bucket = count / buckets;
  const size_t larger = count % buckets;  // buckets with per_bucket + 1 rows
  const size_t in_larger = larger * (per_bucket + 1);
  for (size_t position = 0; position < count; ++position) {
    const size_t bucket = position < in_larger ? position / (per_bucket + 1)
                                               : larger + (position - in_larger) / per_bucket;
    results.Set(partition.rows[position], Value::Int4(static_cast<int64_t>(bucket + 1)));
  }
}

// lag/lead(value [, offset [, default]]): the value `offset` rows before/after in the
// partition, else the default (evaluated at the current row); NULL for a NULL offset.
void Shift(const planner::BoundWindow& window, const WindowPartition& partition,
           const WindowArguments& arguments, WindowResults& results) {
  const int64_t count = static_cast<int64_t>(partition.rows.size());
  const bool lag = window.function == WindowFunction::kLag;
  for (int64_t position = 0; position < count; ++position) {
    const size_t row = partition.rows[position];
    int64_t offset = 1;
    if (arguments.args.size() >= 2) {
      const Value& given = arguments.Arg(1, row);
      if (given.is_null()) {
        results.Set(row, Value::Null(window.type.id));
        continue;
      }
      offset = given.AsInt();
    }
    const int64_t target = lag ? position - offset : position + offset;
    if (target >= 0 && target < count) {
      results.Set(row, arguments.Arg(0, partition.rows[target]));
    } else {
      results.Set(row, arguments.args.size() == 3 ? arguments.Arg(2, row) : Value::Null(window.type.id));
    }
  }
}

void FrameValue(const planner::BoundWindow& window, const Frames& frames,
                const WindowPartition& partition, const WindowArguments& arguments,
                WindowResults& results) {
  for (size_t position = 0; position < partition.rows.size(); ++position) {
    const size_t row = partition.rows[position];
    const size_t begin = frames.begin[position];
    const size_t end = frames.end[position];
    std::optional<size_t> chosen;
    if (frames.Excludes()) {
      // The frame's rows that EXCLUDE leaves, counted from its start (or its end).
      int64_t wanted = 1;
      if (window.function == WindowFunction::kNthValue) {
        const Value& nth = arguments.Arg(1, row);
        if (!nth.is_null() && nth.AsInt() <= 0) {
          throw Error(sqlstate::kInvalidArgumentForNthValueFunction,
                      "argument of nth_value must be greater than zero");
        }
        wanted = nth.is_null() ? 0 : nth.AsInt();
      }
      const bool from_end = window.function == WindowFunction::kLastValue;
      int64_t seen = 0;
      for (size_t k = 0; wanted > 0 && k < (end > begin ? end - begin : 0); ++k) {
        const size_t candidate = from_end ? end - 1 - k : begin + k;
        if (frames.Includes(position, candidate) && ++seen == wanted) {
          chosen = candidate;
          break;
        }
      }
    } else if (window.function == WindowFunction::kNthValue) {
      const Value& nth = arguments.Arg(1, row);
      if (!nth.is_null() && nth.AsInt() <= 0) {
        throw Error(sqlstate::kInvalidArgumentForNthValueFunction,
                    "argument of nth_value must be greater than zero");
      }
      if (!nth.is_null() && begin < end && static_cast<size_t>(nth.AsInt()) <= end - begin) {
        chosen = begin + static_cast<size_t>(nth.AsInt()) - 1;
      }
    } else if (begin < end) {
      chosen = window.function == WindowFunction::kFirstValue ? begin : end - 1;
    }
    results.Set(row, chosen ? arguments.Arg(0, partition.rows[*chosen]) : Value::Null(window.type.id));
  }
}

}  // namespace

void ComputeWindowPartition(const planner::BoundWindow& window, const FrameSpec& frame,
                            const WindowPartition& partition, const WindowArguments& arguments,
                            WindowResults& results) {
  const size_t count = partition.rows.size();
  const PeerGroups& peers = partition.peers;
  switch (window.function) {
    case WindowFunction::kRowNumber:
      for (size_t position = 0; position < count; ++position) {
        results.Set(partition.rows[position], Value::Int8(static_cast<int64_t>(position + 1)));
      }
      return;
    case WindowFunction::kRank:
    case WindowFunction::kDenseRank:
    case WindowFunction::kPercentRank:
    case WindowFunction::kCumeDist: {
      int64_t dense = 0;
      for (size_t position = 0; position < count; ++position) {
        if (peers.begin[position] == position) ++dense;
        const size_t rank = peers.begin[position] + 1;
        Value value;
        switch (window.function) {
          case WindowFunction::kRank:
            value = Value::Int8(static_cast<int64_t>(rank));
            break;
          case WindowFunction::kDenseRank:
            value = Value::Int8(dense);
            break;
          case WindowFunction::kPercentRank:
            value = Value::Float8(
                count > 1 ? static_cast<double>(rank - 1) / static_cast<double>(count - 1) : 0.0);
            break;
          default:
            value = Value::Float8(static_cast<double>(peers.end[position]) /
                                  static_cast<double>(count));
            break;
        }
        results.Set(partition.rows[position], std::move(value));
      }
      return;
    }
    case WindowFunction::kNtile:
      Ntile(partition, arguments, results);
      return;
    case WindowFunction::kLag:
    case WindowFunction::kLead:
      Shift(window, partition, arguments, results);
      return;
    case WindowFunction::kFirstValue:
    case WindowFunction::kLastValue:
    case WindowFunction::kNthValue:
      FrameValue(window, ComputeFrames(frame, peers, partition.keys), partition, arguments,
                 results);
      return;
    case WindowFunction::kAggregate:
      ComputeFrameAggregate(window, ComputeFrames(frame, peers, partition.keys), partition,
                            arguments, results);
      return;
  }
}

}  // namespace granary::executor
