#include "executor/window/window_ordering.hpp"

#include <algorithm>
#include <numeric>

#include "executor/expr/evaluator.hpp"
#include "types/value_ops.hpp"

namespace granary::executor {
namespace {

// NULLs compare equal to each other and after (or, with nulls_first, before) everything.
int CompareKeys(const types::Value& x, const types::Value& y, bool nulls_first, uint32_t collation = 0) {
  if (x.is_null() || y.is_null()) {
    if (x.is_null() == y.is_null()) return 0;
    return x.is_null() == nulls_first ? -1 : 1;
  }
  return types::Compare(x, y, collation);
}

bool SameList(const std::vector<planner::BoundExprPtr>& a,
              const std::vector<planner::BoundExprPtr>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i]->Equals(*b[i])) return false;
  }
  return true;
}

}  // namespace

bool WindowOrdering::SameWindow(const planner::BoundWindow& a, const planner::BoundWindow& b) {
  return SameList(a.partition_by, b.partition_by) && SameList(a.order_by, b.order_by) &&
         a.descending == b.descending && a.nulls_first == b.nulls_first;
}

WindowOrdering::WindowOrdering(const planner::BoundWindow& window, const Batch& rows,
                               const ExecContext& context) {
  const size_t count = rows.row_count;
  std::vector<Column> partition(window.partition_by.size());
  std::vector<Column> order(window.order_by.size());
  for (size_t k = 0; k < partition.size(); ++k)
    EvaluateColumn(*window.partition_by[k], rows, context, partition[k]);
  for (size_t k = 0; k < order.size(); ++k)
    EvaluateColumn(*window.order_by[k], rows, context, order[k]);
  context.CheckForCancel();

  sorted_.resize(count);
  std::iota(sorted_.begin(), sorted_.end(), size_t{0});
  std::stable_sort(sorted_.begin(), sorted_.end(), [&](size_t a, size_t b) {
    for (const Column& key : partition) {
      const int c = CompareKeys(key[a], key[b], false);
      if (c != 0) return c < 0;
    }
    for (size_t k = 0; k < order.size(); ++k) {
      const types::Value& x = order[k][a];
      const types::Value& y = order[k][b];
      // NULLS FIRST / LAST hold in either direction; DESC reverses only the values.
      const int c = x.is_null() || y.is_null()
                        ? CompareKeys(x, y, window.nulls_first[k])
                        : (window.descending[k] ? -1 : 1) * types::Compare(x, y, window.order_by[k]->type.collation);
      if (c != 0) return c < 0;
    }
    return false;
  });
  context.CheckForCancel();

  auto same_partition = [&](size_t a, size_t b) {
    for (const Column& key : partition) {
      if (CompareKeys(key[a], key[b], false) != 0) return false;
    }
    return true;
  };
  auto peers = [&](size_t a, size_t b) {
    for (size_t k = 0; k < order.size(); ++k) {
      if (CompareKeys(order[k][a], order[k][b], window.nulls_first[k]) != 0) return false;
    }
    return true;
  };
  peer_begin_.resize(count);
  peer_end_.resize(count);
  for (size_t begin = 0; begin < count;) {
    partition_starts_.push_back(begin);
    size_t end = begin + 1;
    while (end < count && same_partition(sorted_[begin], sorted_[end])) ++end;
    for (size_t position = begin; position < end;) {
      size_t last = position + 1;
      while (last < end && peers(sorted_[position], sorted_[last])) ++last;
      for (size_t i = position; i < last; ++i) {
        peer_begin_[i] = position - begin;
        peer_end_[i] = last - begin;
      }
      position = last;
    }
    begin = end;
  }
  partition_starts_.push_back(count);
  if (!order.empty()) {
    first_key_.reserve(count);
    for (size_t row : sorted_) first_key_.push_back(order[0][row]);
    descending_ = window.descending[0];
    nulls_first_ = window.nulls_first[0];
  }
}

WindowPartition WindowOrdering::Partition(size_t index) const {
  const size_t begin = partition_starts_[index];
  const size_t end = partition_starts_[index + 1];
  WindowPartition part;
  part.rows = std::span<const size_t>(sorted_.data() + begin, end - begin);
  part.peers.begin.assign(peer_begin_.begin() + begin, peer_begin_.begin() + end);
  part.peers.end.assign(peer_end_.begin() + begin, peer_end_.begin() + end);
  if (!first_key_.empty()) {
    part.keys = RangeKeys{std::span<const types::Value>(first_key_.data() + begin, end - begin),
                          descending_, nulls_first_};
  }
  return part;
}

}  // namespace granary::executor
