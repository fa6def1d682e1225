#include "executor/operators/index_entry_source.hpp"

#include <algorithm>
#include <optional>

#include "executor/expr/evaluator.hpp"
#include "types/array.hpp"

namespace granary::executor {
namespace {

// The bound's value cast to the key column's type; nullopt for NULL (matches nothing).
std::optional<types::Value> BoundValue(const planner::BoundExpr& expr, const types::KeyColumn& column,
                                       const ExecContext& context) {
  const Batch no_input;
  types::Value value = Evaluate(expr, no_input, 0, context);
  if (value.is_null()) return std::nullopt;
  if (value.type() != column.type.id) value = types::Cast(value, column.type, types::CastContext::kImplicit);
  return value;
}

}  // namespace

IndexEntrySource::IndexEntrySource(const planner::PlanNode& plan, ExecContext& context)
    : plan_(plan), context_(context), tree_(context.pool, plan.index->schema.relfile, plan.index->schema.name) {}

bool IndexEntrySource::Start() {
  probes_.clear();
  next_probe_ = 0;
  exhausted_ = true;
  const planner::BoundIndex& index = *plan_.index;
  std::vector<types::Value>& equal = start_values_;
  std::vector<types::KeyColumn>& columns = start_columns_;
  equal.clear();
  columns.clear();
  for (size_t i = 0; i < plan_.index_values.size(); ++i) {
    if (i < plan_.index_null_keys.size() && plan_.index_null_keys[i]) {
      // `key IS NULL`: the NULL entries, which the key encoding orders like any value.
      equal.emplace_back();
      columns.push_back(index.keys[i].column);
      continue;
    }
    std::optional<types::Value> value = BoundValue(*plan_.index_values[i], index.keys[i].column, context_);
    if (!value) return false;
    equal.push_back(std::move(*value));
    columns.push_back(index.keys[i].column);
  }
  std::string prefix;
  types::EncodeKey(equal, columns, prefix);
  if (!plan_.index_alternatives.empty()) {
    if (!CollectProbes(prefix)) return false;
    exhausted_ = false;
    StartProbe();
    return true;
  }

  // The range on the next key, in key order (a DESC column stores larger values first).
  std::optional<std::string> low;
  std::optional<std::string> high;
  bool low_inclusive = true;
  bool high_inclusive = true;
  if (plan_.range_lower || plan_.range_upper) {
    const types::KeyColumn& column = index.keys[plan_.index_values.size()].column;
    auto encode = [&](const planner::BoundExprPtr& expr) -> std::optional<std::string> {
      std::optional<types::Value> value = BoundValue(*expr, column, context_);
      if (!value) return std::nullopt;
      std::string key = prefix;
      types::AppendKeyColumn(*value, column, key);
      return key;
    };
    if (plan_.range_lower) {
      auto key = encode(plan_.range_lower);
      if (!key) return false;
      (column.descending ? high : low) = std::move(key);
      (column.descending ? high_inclusive : low_inclusive) = plan_.lower_inclusive;
    }
    if (plan_.range_upper) {
      auto key = encode(plan_.range_upper);
      if (!key) return false;
      (column.descending ? low : high) = std::move(key);
      (column.descending ? low_inclusive : high_inclusive) = plan_.upper_inclusive;
    }
    // A range on a key excludes its NULLs, which the encoding puts at one end.
    std::string null_key = prefix;
    types::AppendKeyColumn(types::Value(), column, null_key);
    if (column.nulls_first && !low) {
      low = null_key;
      low_inclusive = false;
    }
    if (!column.nulls_first && !high) {
      high = null_key;
      high_inclusive = false;
    }
  }
  if (!low && !prefix.empty()) low = prefix;
  if (!high && !prefix.empty()) high = prefix;

  exhausted_ = false;
  NewScan();
  CountIndexScan();
  if (high) scan_->SetUpperBound(*high, high_inclusive);
  if (plan_.backward) {
    if (low) scan_->SetLowerBound(*low, low_inclusive);
    scan_->SeekLast();
  } else if (low) {
    scan_->Seek(*low, low_inclusive);
  } else {
    scan_->SeekFirst();
  }
  return true;
}

bool IndexEntrySource::CollectProbes(const std::string& prefix) {
  const types::KeyColumn& column = plan_.index->keys[plan_.index_values.size()].column;
  if (plan_.alternatives_from_array) {
    const Batch no_input;
    const types::Value array = Evaluate(*plan_.index_alternatives[0], no_input, 0, context_);
    if (!array.is_null()) {
      for (const types::Value& element : array.AsArray().elements) {
        if (element.is_null()) continue;  // `key = NULL` matches nothing
        std::string key = prefix;
        types::AppendKeyColumn(element, column, key);
        probes_.push_back(std::move(key));
      }
    }
  }
  for (const planner::BoundExprPtr& alternative : plan_.index_alternatives) {
    if (plan_.alternatives_from_array) break;
    std::optional<types::Value> value = BoundValue(*alternative, column, context_);
    if (!value) continue;  // `key = NULL` matches nothing
    std::string key = prefix;
    types::AppendKeyColumn(*value, column, key);
    probes_.push_back(std::move(key));
  }
  // Index order, each value once: `IN (2, 1, 2)` reads the rows of 1, then of 2.
  std::sort(probes_.begin(), probes_.end());
  probes_.erase(std::unique(probes_.begin(), probes_.end()), probes_.end());
  return !probes_.empty();
}

void IndexEntrySource::NewScan() {
  if (scan_ == nullptr) {
    scan_ = std::make_unique<storage::BTreeScan>(tree_);
  } else {
    scan_->Restart();
  }
}

void IndexEntrySource::StartProbe() {
  const std::string& key = probes_[next_probe_++];
  NewScan();
  CountIndexScan();
  scan_->SetUpperBound(key, true);
  scan_->Seek(key, true);
}

bool IndexEntrySource::Next(storage::IndexEntry& entry) {
  if (exhausted_) return false;
  while (!scan_->Next(entry)) {
    if (next_probe_ >= probes_.size()) {
      exhausted_ = true;
      return false;
    }
    StartProbe();
  }
  return true;
}

void IndexEntrySource::CountIndexScan() {
  context_.CountActivity(plan_.index->schema.relfile, [](storage::TableCounts& counts) { ++counts.index_scans; });
}

}  // namespace granary::executor
