#include "executor/operators/aggregate.hpp"

#include <algorithm>
#include <numeric>

#include "executor/expr/evaluator.hpp"

namespace granary::executor {

Aggregate::Aggregate(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
    : Operator(plan, context), child_(std::move(child)), sets_(plan.grouping_sets) {
  if (sets_.empty()) {
    sets_.emplace_back(plan.group_keys.size());
    std::iota(sets_.back().begin(), sets_.back().end(), size_t{0});
  }
}

Aggregate::Group& Aggregate::GroupFor(size_t set, RowKey key) {
  RowKey lookup;
  lookup.reserve(key.size() + 1);
  lookup.push_back(types::Value::Int8(static_cast<int64_t>(set)));
  lookup.insert(lookup.end(), key.begin(), key.end());
  auto [it, inserted] = index_.emplace(std::move(lookup), groups_.size());
  if (inserted) {
    Group group;
    group.set = set;
    group.key = std::move(key);
    for (const planner::BoundAggregate& aggregate : plan_.aggregates) {
      group.states.push_back(types::MakeAggregateState(aggregate.signature));
    }
    group.seen.resize(plan_.aggregates.size());
    group.pending.resize(plan_.aggregates.size());
    groups_.push_back(std::move(group));
  }
  return groups_[it->second];
}

void Aggregate::Accumulate(Group& group, size_t a, const Batch& batch, size_t row) {
  const planner::BoundAggregate& aggregate = plan_.aggregates[a];
  if (aggregate.filter) {
    const types::Value keep = Evaluate(*aggregate.filter, batch, row, context_);
    if (keep.is_null() || !keep.AsBool()) return;
  }
  if (!aggregate.argument) {
    group.states[a]->Add(types::Value());
    return;
  }
  types::Value value = Evaluate(*aggregate.argument, batch, row, context_);
  if (aggregate.distinct) {
    if (value.is_null() || !group.seen[a].insert(RowKey{value}).second) return;
  }
  types::Value delimiter =
      aggregate.delimiter ? Evaluate(*aggregate.delimiter, batch, row, context_) : types::Value();
  if (!aggregate.order_by.empty()) {
    PendingRow pending{std::move(value), std::move(delimiter), {}};
    for (const auto& key : aggregate.order_by) pending.sort_keys.push_back(Evaluate(*key, batch, row, context_));
    group.pending[a].push_back(std::move(pending));
    return;
  }
  if (aggregate.delimiter) {
    group.states[a]->AddDelimited(value, delimiter);
    return;
  }
  // min/max compare strings under the argument's collation.
  const types::ScopedCollation collation(aggregate.argument->type.collation);
  group.states[a]->Add(value);
}

// Sorts an aggregate's kept rows by its ORDER BY (stable, so ties keep input order) and
// feeds them to its state.
void Aggregate::FeedOrdered(Group& group, size_t a) {
  const planner::BoundAggregate& aggregate = plan_.aggregates[a];
  std::vector<PendingRow>& rows = group.pending[a];
  std::stable_sort(rows.begin(), rows.end(), [&](const PendingRow& x, const PendingRow& y) {
    for (size_t k = 0; k < aggregate.order_by.size(); ++k) {
      const types::Value& left = x.sort_keys[k];
      const types::Value& right = y.sort_keys[k];
      if (left.is_null() || right.is_null()) {
        if (left.is_null() == right.is_null()) continue;
        return left.is_null() == aggregate.nulls_first[k];
      }
      const int order = types::Compare(left, right, aggregate.order_by[k]->type.collation);
      if (order != 0) return aggregate.descending[k] ? order > 0 : order < 0;
    }
    return false;
  });
  for (const PendingRow& pending : rows) {
    if (aggregate.delimiter) {
      group.states[a]->AddDelimited(pending.value, pending.delimiter);
    } else {
      group.states[a]->Add(pending.value);
    }
  }
  rows.clear();
}

void Aggregate::Consume() {
  Batch batch;
  while (child_->Next(batch)) {
    context_.CheckForCancel();
    for (size_t row = 0; row < batch.row_count; ++row) {
      RowKey values;
      values.reserve(plan_.group_keys.size());
      for (const auto& key_expr : plan_.group_keys) values.push_back(Evaluate(*key_expr, batch, row, context_));
      for (size_t s = 0; s < sets_.size(); ++s) {
        RowKey key;
        key.reserve(sets_[s].size());
        for (size_t k : sets_[s]) key.push_back(values[k]);
        Group& group = GroupFor(s, std::move(key));
        for (size_t a = 0; a < plan_.aggregates.size(); ++a) Accumulate(group, a, batch, row);
      }
    }
  }
  // An empty grouping set (and so a query without GROUP BY) has its row over no input too.
  for (size_t s = 0; s < sets_.size(); ++s) {
    if (sets_[s].empty()) GroupFor(s, RowKey{});
  }
  consumed_ = true;
}

bool Aggregate::Next(Batch& out) {
  if (!consumed_) Consume();
  out.Reset(width());
  const size_t key_count = plan_.group_keys.size();
  const size_t aggregate_count = plan_.aggregates.size();
  while (next_group_ < groups_.size() && out.row_count < kBatchSize) {
    Group& group = groups_[next_group_++];
    const std::vector<size_t>& set = sets_[group.set];
    std::vector<bool> grouped(key_count, false);
    for (size_t k = 0; k < key_count; ++k) out.columns[k].push_back(types::Value::Null(plan_.group_keys[k]->type.id));
    for (size_t i = 0; i < set.size(); ++i) {
      out.columns[set[i]].back() = std::move(group.key[i]);
      grouped[set[i]] = true;
    }
    for (size_t a = 0; a < aggregate_count; ++a) {
      if (!plan_.aggregates[a].order_by.empty()) FeedOrdered(group, a);
      out.columns[key_count + a].push_back(group.states[a]->Finish());
    }
    // GROUPING(a, b, ...): bit n-1-i is set when argument i is not grouped in this set.
    for (size_t c = 0; c < plan_.grouping_calls.size(); ++c) {
      const std::vector<size_t>& arguments = plan_.grouping_calls[c];
      int32_t bits = 0;
      for (size_t k : arguments) bits = (bits << 1) | (grouped[k] ? 0 : 1);
      out.columns[key_count + aggregate_count + c].push_back(types::Value::Int4(bits));
    }
    ++out.row_count;
  }
  return out.row_count > 0;
}

}  // namespace granary::executor
