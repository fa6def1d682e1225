#include "executor/operators/limit.hpp"

#include <limits>

#include "common/sqlstate.hpp"
#include "executor/expr/evaluator.hpp"
#include "granary/error.hpp"
#include "types/value_ops.hpp"

namespace granary::executor {

Limit::Limit(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
    : Operator(plan, context), child_(std::move(child)) {
  const Batch no_input;
  if (plan.limit) {
    const types::Value limit = Evaluate(*plan.limit, no_input, 0, context);
    if (!limit.is_null()) {
      if (limit.AsInt() < 0) {
        throw Error(sqlstate::kInvalidRowCountInLimitClause, "LIMIT must not be negative");
      }
      remaining_ = limit.AsInt();
    } else if (plan.limit_with_ties) {
      throw Error(sqlstate::kInvalidRowCountInLimitClause,
                  "row count cannot be null in FETCH FIRST ... WITH TIES clause");
    }
  }
  with_ties_ = plan.limit_with_ties;
  if (plan.offset) {
    const types::Value offset = Evaluate(*plan.offset, no_input, 0, context);
    if (!offset.is_null()) {
      if (offset.AsInt() < 0) {
        throw Error(sqlstate::kInvalidRowCountInResultOffsetClause, "OFFSET must not be negative");
      }
      to_skip_ = offset.AsInt();
    }
  }
  // Before the bound and the hint: rows the child leaves out are not among those it returns.
  if (to_skip_ > 0 && child_->SkipRows(static_cast<size_t>(to_skip_))) to_skip_ = 0;
  if (remaining_ && *remaining_ <= std::numeric_limits<int64_t>::max() - to_skip_) {
    if (!with_ties_) child_->SetRowBound(static_cast<size_t>(*remaining_ + to_skip_));
    // The same number as a hint, which also passes where the promise cannot (the outer side
    // of a nested loop: its rows may find no partner, so the loop may pull more).
    hinted_ = static_cast<size_t>(*remaining_ + to_skip_);
    child_->SetRowHint(*hinted_);
  }
}

void Limit::SetRowHint(size_t rows) {
  const size_t skip = static_cast<size_t>(to_skip_);
  if (rows > std::numeric_limits<size_t>::max() - skip) return;
  if (hinted_ && *hinted_ <= rows + skip) return;
  hinted_ = rows + skip;
  child_->SetRowHint(*hinted_);
}

bool Limit::Tied(const Batch& out, size_t row) const {
  const std::vector<planner::SortKey>& keys = plan_.sort_keys;
  for (size_t k = 0; k < keys.size(); ++k) {
    const types::Value& x = (*tie_key_)[k];
    const types::Value& y = out.columns[keys[k].column][row];
    if (x.is_null() || y.is_null()) {
      if (x.is_null() != y.is_null()) return false;
      continue;
    }
    if (types::Compare(x, y, keys[k].collation) != 0) return false;
  }
  return true;
}

size_t Limit::TakeTies(const Batch& out, size_t begin, size_t end) {
  if (end > begin && *remaining_ == static_cast<int64_t>(end - begin)) {
    // The count runs out in this batch: its last row is the one ties are equal to.
    tie_key_.emplace();
    for (const planner::SortKey& key : plan_.sort_keys) tie_key_->push_back(out.columns[key.column][end - 1]);
  }
  if (!tie_key_) return end;
  while (end < out.row_count && Tied(out, end)) ++end;
  if (end < out.row_count) done_ = true;
  return end;
}

bool Limit::Next(Batch& out) {
  while (!remaining_ || *remaining_ > 0 || (with_ties_ && tie_key_ && !done_)) {
    if (!child_->Next(out)) return false;
    size_t begin = 0;
    if (to_skip_ > 0) {
      begin = static_cast<size_t>(std::min<int64_t>(to_skip_, static_cast<int64_t>(out.row_count)));
      to_skip_ -= static_cast<int64_t>(begin);
    }
    size_t end = out.row_count;
    if (remaining_) end = std::min(end, begin + static_cast<size_t>(*remaining_));
    if (with_ties_ && begin < out.row_count) end = TakeTies(out, begin, end);
    if (begin == end) continue;
    if (begin > 0 || end < out.row_count) {
      for (Column& column : out.columns) {
        column.erase(column.begin() + static_cast<std::ptrdiff_t>(end), column.end());
        column.erase(column.begin(), column.begin() + static_cast<std::ptrdiff_t>(begin));
      }
      out.row_count = end - begin;
    }
    if (remaining_) *remaining_ = std::max<int64_t>(0, *remaining_ - static_cast<int64_t>(out.row_count));
    return true;
  }
  return false;
}

}  // namespace granary::executor
