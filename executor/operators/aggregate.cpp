#include "executor/operators/aggregate.hpp"

#include "executor/expr/evaluator.hpp"

namespace granary::executor {

Aggregate::Group& Aggregate::GroupFor(RowKey key) {
  auto [it, inserted] = index_.emplace(key, groups_.size());
  if (inserted) {
    Group group;
    group.key = std::move(key);
    for (const planner::BoundAggregate& aggregate : plan_.aggregates) {
      group.states.push_back(types::MakeAggregateState(aggregate.signature));
    }
    group.seen.resize(plan_.aggregates.size());
    groups_.push_back(std::move(group));
  }
  return groups_[it->second];
}

void Aggregate::Consume() {
  Batch batch;
  const types::Value placeholder;
  while (child_->Next(batch)) {
    context_.CheckForCancel();
    for (size_t row = 0; row < batch.row_count; ++row) {
      RowKey key;
      key.reserve(plan_.group_keys.size());
      for (const auto& key_expr : plan_.group_keys) key.push_back(Evaluate(*key_expr, batch, row, context_));
      Group& group = GroupFor(std::move(key));
      for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
        const planner::BoundAggregate& aggregate = plan_.aggregates[a];
        if (!aggregate.argument) {
          group.states[a]->Add(placeholder);
          continue;
        }
        types::Value value = Evaluate(*aggregate.argument, batch, row, context_);
        if (aggregate.distinct) {
          if (value.is_null() || !group.seen[a].insert(RowKey{value}).second) continue;
        }
        if (aggregate.delimiter) {
          group.states[a]->AddDelimited(value, Evaluate(*aggregate.delimiter, batch, row, context_));
          continue;
        }
        group.states[a]->Add(value);
      }
    }
  }
  if (plan_.group_keys.empty() && groups_.empty()) GroupFor(RowKey{});
  consumed_ = true;
}

bool Aggregate::Next(Batch& out) {
  if (!consumed_) Consume();
  out.Reset(width());
  const size_t key_count = plan_.group_keys.size();
  while (next_group_ < groups_.size() && out.row_count < kBatchSize) {
    Group& group = groups_[next_group_++];
    for (size_t k = 0; k < key_count; ++k) out.columns[k].push_back(std::move(group.key[k]));
    for (size_t a = 0; a < group.states.size(); ++a) {
      out.columns[key_count + a].push_back(group.states[a]->Finish());
    }
    ++out.row_count;
  }
  return out.row_count > 0;
}

}  // namespace granary::executor
