#include "executor/operators/aggregate.hpp"

#include <algorithm>
#include <numeric>

#include "common/sqlstate.hpp"
#include "executor/expr/evaluator.hpp"
#include "executor/operators/gather.hpp"
#include "granary/error.hpp"
#include "types/functions/ordered_set_functions.hpp"
#include "executor/instrumentation.hpp"
#include "executor/spill/partition_set.hpp"

namespace granary::executor {

Aggregate::Aggregate(const planner::PlanNode& plan, ExecContext& context, OperatorPtr child)
    : Operator(plan, context), child_(std::move(child)), sets_(plan.grouping_sets) {
  if (sets_.empty()) {
    sets_.emplace_back(plan.group_keys.size());
    std::iota(sets_.back().begin(), sets_.back().end(), size_t{0});
  }
}

namespace {

// Estimated bytes of a group beyond its key: the group, its hash-table entry, and per
// aggregate a state.
constexpr size_t kGroupOverheadBytes = 160;
constexpr size_t kStateBytes = 64;

}  // namespace

size_t Aggregate::HashOf(size_t set, const RowKey& values) const {
  size_t hash = RowKeyHash::Mix(RowKeyHash::kStart, types::Value::Int8(static_cast<int64_t>(set)));
  for (size_t k : sets_[set]) hash = RowKeyHash::Mix(hash, values[k]);
  return hash;
}

Aggregate::Group* Aggregate::GroupFor(size_t set, const RowKey& values, size_t hash) {
  const std::vector<size_t>& keys = sets_[set];
  if (!buckets_.empty()) {
    for (uint32_t index = buckets_[hash & (buckets_.size() - 1)]; index != kNoGroup; index = groups_[index].next) {
      Group& group = groups_[index];
      if (group.hash != hash || group.set != set) continue;
      bool same = true;
      for (size_t i = 0; i < keys.size() && same; ++i) same = RowKeyEqual::Equal(group.key[i], values[keys[i]]);
      if (same) return &group;
    }
  }
  if (spilling_ && !keys.empty()) return nullptr;
  Group group;
  group.set = set;
  group.hash = hash;
  group.key.reserve(keys.size());
  for (size_t k : keys) group.key.push_back(values[k]);
  // The key counted twice (the group's and, as it used to be, the index's copy with the set).
  memory_bytes_ += kGroupOverheadBytes + 2 * (EstimateRowBytes(group.key) + sizeof(types::Value)) +
                   kStateBytes * plan_.aggregates.size();
  for (const planner::BoundAggregate& aggregate : plan_.aggregates) {
    group.states.push_back(types::MakeAggregateState(aggregate.signature));
  }
  group.seen.resize(plan_.aggregates.size());
  group.pending.resize(plan_.aggregates.size());
  const size_t index = groups_.size();
  groups_.push_back(std::move(group));
  if (groups_.size() > buckets_.size()) {
    Grow();
  } else {
    uint32_t& head = buckets_[hash & (buckets_.size() - 1)];
    groups_[index].next = head;
    head = static_cast<uint32_t>(index);
  }
  return &groups_[index];
}

// Doubles the bucket array (at least 256 buckets) and relinks every group.
void Aggregate::Grow() {
  constexpr size_t kMinBuckets = 256;
  buckets_.assign(std::max(kMinBuckets, buckets_.size() * 2), kNoGroup);
  const size_t mask = buckets_.size() - 1;
  for (size_t index = 0; index < groups_.size(); ++index) {
    uint32_t& head = buckets_[groups_[index].hash & mask];
    groups_[index].next = head;
    head = static_cast<uint32_t>(index);
  }
}

void Aggregate::Spill(size_t set, size_t hash, const Batch& batch, size_t row) {
  if (writing_ == nullptr) writing_ = std::make_unique<PartitionSet>(*context_.temp_files, kSpillPartitions);
  spill_row_.clear();
  spill_row_.push_back(types::Value::Int8(static_cast<int64_t>(set)));
  for (const Column& column : batch.columns) spill_row_.push_back(column[row]);
  writing_->Writer(PartitionOf(hash, level_, kSpillPartitions)).Write(spill_row_);
}

void Aggregate::AddRow(const Batch& batch, size_t row, size_t only_set) {
  values_.clear();
  for (const auto& key_expr : plan_.group_keys) values_.push_back(Evaluate(*key_expr, batch, row, context_));
  for (size_t s = 0; s < sets_.size(); ++s) {
    if (only_set != kAllSets && s != only_set) continue;
    const size_t hash = HashOf(s, values_);
    Group* group = GroupFor(s, values_, hash);
    if (group == nullptr) {
      Spill(s, hash, batch, row);
      continue;
    }
    for (size_t a = 0; a < plan_.aggregates.size(); ++a) Accumulate(*group, a, batch, row);
  }
  peak_memory_bytes_ = std::max(peak_memory_bytes_, memory_bytes_);
  if (!spilling_ && memory_bytes_ > context_.HashMemoryBytes() && context_.temp_files != nullptr) spilling_ = true;
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
  if (aggregate.argument->kind == planner::BoundKind::kColumn && !aggregate.distinct &&
      !aggregate.delimiter && aggregate.order_by.empty()) {
    // A plain column (sum(x), avg(x)): the state reads the batch's value in place.
    const types::ScopedCollation collation(aggregate.argument->type.collation);
    group.states[a]->Add(batch.columns[aggregate.argument->index][row]);
    return;
  }
  if (aggregate.argument->numeric_arithmetic != planner::NumericArithmetic::kNone && !aggregate.distinct &&
      !aggregate.delimiter && aggregate.order_by.empty()) {
    // sum(price * (1 - discount)): the state takes the product as a scaled integer, and no
    // Numeric is built for it.
    ScaledNumeric scaled;
    switch (EvaluateScaled(*aggregate.argument, batch, row, scaled)) {
      case ScaledOutcome::kValue:
        if (group.states[a]->AddScaled(scaled.units, scaled.scale)) return;
        group.states[a]->Add(types::Value::OfNumeric(types::Numeric::FromScaled(scaled.units, scaled.scale)));
        return;
      case ScaledOutcome::kNull: group.states[a]->Add(types::Value::Null(types::TypeId::kNumeric)); return;
      case ScaledOutcome::kGeneral: break;
    }
  }
  types::Value value = Evaluate(*aggregate.argument, batch, row, context_);
  if (aggregate.distinct) {
    // NULL is one distinct value: array_agg(DISTINCT x) keeps one, a strict aggregate's
    // state ignores it as it does without DISTINCT.
    if (!group.seen[a].insert(RowKey{value}).second) return;
    memory_bytes_ += EstimateBytes(value) + 64;
  }
  types::Value delimiter =
      aggregate.delimiter ? Evaluate(*aggregate.delimiter, batch, row, context_) : types::Value();
  if (!aggregate.order_by.empty()) {
    PendingRow pending{std::move(value), std::move(delimiter), {}};
    for (const auto& key : aggregate.order_by) pending.sort_keys.push_back(Evaluate(*key, batch, row, context_));
    memory_bytes_ += EstimateBytes(pending.value) + EstimateBytes(pending.delimiter) +
                     EstimateRowBytes(pending.sort_keys) + sizeof(PendingRow);
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

// <0, 0 or >0 as sort keys `x` come before, with or after `y` in the aggregate's ORDER BY.
int Aggregate::CompareSortKeys(const planner::BoundAggregate& aggregate, const RowKey& x,
                               const RowKey& y) {
  for (size_t k = 0; k < aggregate.order_by.size(); ++k) {
    const types::Value& left = x[k];
    const types::Value& right = y[k];
    if (left.is_null() || right.is_null()) {
      if (left.is_null() == right.is_null()) continue;
      return left.is_null() == aggregate.nulls_first[k] ? -1 : 1;
    }
    const int order = types::Compare(left, right, aggregate.order_by[k]->type.collation);
    if (order != 0) return aggregate.descending[k] ? -order : order;
  }
  return 0;
}

// Sorts an aggregate's kept rows by its ORDER BY (stable, so ties keep input order).
void Aggregate::SortPending(Group& group, size_t a) {
  const planner::BoundAggregate& aggregate = plan_.aggregates[a];
  std::stable_sort(group.pending[a].begin(), group.pending[a].end(),
                   [&](const PendingRow& x, const PendingRow& y) {
                     return CompareSortKeys(aggregate, x.sort_keys, y.sort_keys) < 0;
                   });
}

// Feeds an aggregate's kept rows to its state in its ORDER BY.
void Aggregate::FeedOrdered(Group& group, size_t a) {
  const planner::BoundAggregate& aggregate = plan_.aggregates[a];
  SortPending(group, a);
  std::vector<PendingRow>& rows = group.pending[a];
  for (const PendingRow& pending : rows) {
    if (aggregate.delimiter) {
      group.states[a]->AddDelimited(pending.value, pending.delimiter);
    } else {
      group.states[a]->Add(pending.value);
    }
  }
  rows.clear();
}

void Aggregate::MergeGroups(Aggregate& partial) {
  for (Group& source : partial.groups_) {
    context_.CheckForCancel();
    // A partial's groups are of the one set of every key, its key values in key order.
    Group* group = GroupFor(source.set, source.key, source.hash);
    for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
      const planner::BoundAggregate& aggregate = plan_.aggregates[a];
      // min/max compare strings under the argument's collation, as when adding.
      const types::ScopedCollation collation(aggregate.argument ? aggregate.argument->type.collation : 0);
      if (!group->states[a]->Combine(*source.states[a])) {
        throw Error(sqlstate::kInternalError, "aggregate " + aggregate.name + " cannot combine partial states");
      }
    }
  }
  peak_memory_bytes_ = std::max(peak_memory_bytes_, memory_bytes_);
}

void Aggregate::ConsumeGathered() {
  Gather gather(*plan_.children[0], context_);
  gather.Run([this](Aggregate& partial) { MergeGroups(partial); });
}

void Aggregate::Consume() {
  if (plan_.aggregate_split == planner::AggregateSplit::kFinalize) {
    ConsumeGathered();
  } else {
    Batch batch;
    while (child_->Next(batch)) {
      context_.CheckForCancel();
      for (size_t row = 0; row < batch.row_count; ++row) AddRow(batch, row, kAllSets);
    }
  }
  // An empty grouping set (and so a query without GROUP BY) has its row over no input too.
  for (size_t s = 0; s < sets_.size(); ++s) {
    if (sets_[s].empty()) GroupFor(s, RowKey{}, HashOf(s, RowKey{}));
  }
  consumed_ = true;
}

// An ordered-set aggregate's result for `group`: its direct arguments evaluated over the
// group's keys (the last row of `out`), its kept rows sorted by WITHIN GROUP's ORDER BY.
types::Value Aggregate::FinishOrderedSet(Group& group, size_t a, const Batch& out) {
  const planner::BoundAggregate& aggregate = plan_.aggregates[a];
  Batch keys;
  keys.Reset(plan_.group_keys.size());
  for (size_t k = 0; k < keys.columns.size(); ++k) keys.columns[k].push_back(out.columns[k].back());
  keys.row_count = 1;
  RowKey direct;
  for (const planner::BoundExprPtr& arg : aggregate.direct_args) direct.push_back(Evaluate(*arg, keys, 0, context_));
  SortPending(group, a);
  const std::vector<PendingRow>& rows = group.pending[a];
  const types::AggregateKind kind = aggregate.signature.kind;
  if (types::IsHypotheticalSetKind(kind)) {
    // The hypothetical row's place among the input rows: PostgreSQL sorts it in with them.
    int64_t before = 0;
    int64_t not_after = 0;
    int64_t distinct_before = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      const int order = CompareSortKeys(aggregate, rows[i].sort_keys, direct);
      if (order < 0) {
        ++before;
        if (i == 0 || CompareSortKeys(aggregate, rows[i - 1].sort_keys, rows[i].sort_keys) != 0) {
          ++distinct_before;
        }
      }
      if (order <= 0) ++not_after;
    }
    return types::FinishHypotheticalSet(kind, static_cast<int64_t>(rows.size()), before, not_after,
                                        distinct_before);
  }
  // percentile_cont, percentile_disc and mode ignore NULL inputs.
  std::vector<types::Value> sorted;
  sorted.reserve(rows.size());
  for (const PendingRow& row : rows) {
    if (!row.value.is_null()) sorted.push_back(row.value);
  }
  return types::FinishOrderedSet(aggregate.signature, direct.empty() ? types::Value() : direct[0], sorted);
}

bool Aggregate::ConsumePartition() {
  // What this level wrote waits behind what earlier levels wrote; the deepest goes first,
  // so few files are open at once.
  if (writing_ != nullptr) {
    for (std::unique_ptr<TempFile>& file : writing_->Finish(disk_bytes_)) {
      if (file != nullptr) waiting_.push_back({std::move(file), level_});
    }
    writing_.reset();
  }
  if (waiting_.empty()) return false;
  Partition partition = std::move(waiting_.back());
  waiting_.pop_back();
  groups_.clear();
  buckets_.clear();
  next_group_ = 0;
  memory_bytes_ = 0;
  spilling_ = false;
  level_ = partition.level + 1;
  ++batches_;
  const size_t child_width = plan_.children[0]->output_types.size();
  SpillReader reader(*partition.file);
  Batch batch;
  std::vector<size_t> sets;
  std::vector<types::Value> values;
  bool more = true;
  while (more) {
    batch.Reset(child_width);
    sets.clear();
    while (batch.row_count < kBatchSize && (more = reader.Read(values))) {
      sets.push_back(static_cast<size_t>(values[0].AsInt()));
      for (size_t c = 0; c < child_width; ++c) batch.columns[c].push_back(std::move(values[c + 1]));
      ++batch.row_count;
    }
    context_.CheckForCancel();
    for (size_t row = 0; row < batch.row_count; ++row) AddRow(batch, row, sets[row]);
  }
  return true;
}

void Aggregate::RecordDetails() {
  if (plan_.group_keys.empty() && plan_.grouping_sets.empty()) return;
  std::string line = "Batches: " + std::to_string(batches_) + "  Memory Usage: " + Kilobytes(peak_memory_bytes_);
  if (batches_ > 1) line += "  Disk Usage: " + Kilobytes(disk_bytes_);
  RecordNodeDetails(context_, plan_, {std::move(line)});
}

bool Aggregate::Next(Batch& out) {
  if (!consumed_) Consume();
  out.Reset(width());
  const size_t key_count = plan_.group_keys.size();
  const size_t aggregate_count = plan_.aggregates.size();
  while (out.row_count < kBatchSize) {
    if (next_group_ >= groups_.size()) {
      if (!ConsumePartition()) {
        if (!details_recorded_) RecordDetails();
        details_recorded_ = true;
        break;
      }
      continue;
    }
    Group& group = groups_[next_group_++];
    const std::vector<size_t>& set = sets_[group.set];
    std::vector<bool> grouped(key_count, false);
    for (size_t k = 0; k < key_count; ++k) out.columns[k].push_back(types::Value::Null(plan_.group_keys[k]->type.id));
    for (size_t i = 0; i < set.size(); ++i) {
      out.columns[set[i]].back() = std::move(group.key[i]);
      grouped[set[i]] = true;
    }
    for (size_t a = 0; a < aggregate_count; ++a) {
      if (types::IsOrderedSetKind(plan_.aggregates[a].signature.kind)) {
        out.columns[key_count + a].push_back(FinishOrderedSet(group, a, out));
        continue;
      }
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
