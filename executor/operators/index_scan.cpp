#include "executor/operators/index_scan.hpp"

#include <algorithm>

#include "common/sqlstate.hpp"
#include "executor/expr/evaluator.hpp"
#include "executor/index_maintenance.hpp"
#include "granary/error.hpp"
#include "storage/heap/row_codec.hpp"
#include "types/array.hpp"
#include "types/key_encoding.hpp"

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

// The table columns the key recheck reads (KeyMatches: the index's key expressions and its
// predicate), decoded from a fetched tuple only once the slot reuse epoch moved.
std::vector<bool> IndexKeyColumns(const planner::PlanNode& plan) {
  std::vector<bool> columns(plan.table.columns.size(), false);
  auto add = [&](const planner::BoundExprPtr& expr) {
    if (!expr) return;
    expr->Walk([&](const planner::BoundExpr& node) {
      if (node.kind == planner::BoundKind::kColumn && node.index < columns.size()) {
        columns[node.index] = true;
      }
    });
  };
  for (const planner::IndexKey& key : plan.index->keys) add(key.expr);
  add(plan.index->predicate);
  return columns;
}

// At most one row: every key of a unique index equal to one value. Decoding the filter's
// columns first would only add a second pass over that row.
bool IsPointLookup(const planner::PlanNode& plan) {
  return plan.index->schema.unique && plan.index_alternatives.empty() &&
         plan.index_values.size() == plan.index->keys.size();
}

// Columns the decoder must decode before the filter, for every row: a toastable key column
// (nullptr: none). It keeps the scan from decoding in place, whose rows' key columns
// KeyMatches could not fetch from the toast relation under the page latch; other key columns
// are read by KeyMatches straight from the tuple, and only once the slot reuse epoch moved.
const std::vector<bool>* EarlyKeyColumns(const planner::PlanNode& plan, const std::vector<bool>& key_columns) {
  for (size_t i = 0; i < key_columns.size(); ++i) {
    if (key_columns[i] && types::IsToastable(plan.table.columns[i].type.id)) return &key_columns;
  }
  return nullptr;
}

}  // namespace

IndexScan::IndexScan(const planner::PlanNode& plan, ExecContext& context)
    : Operator(plan, context),
      heap_(context.pool, plan.table.relfile),
      tree_(context.pool, plan.index->schema.relfile, plan.index->schema.name),
      key_columns_(IndexKeyColumns(plan)),
      decoder_(plan, /*allow_late=*/!IsPointLookup(plan), EarlyKeyColumns(plan, key_columns_)) {}

bool IndexScan::Start() {
  const planner::BoundIndex& index = *plan_.index;
  std::vector<types::Value>& equal = start_values_;
  std::vector<types::KeyColumn>& columns = start_columns_;
  equal.clear();
  columns.clear();
  for (size_t i = 0; i < plan_.index_values.size(); ++i) {
    std::optional<types::Value> value = BoundValue(*plan_.index_values[i], index.keys[i].column, context_);
    if (!value) return false;
    equal.push_back(std::move(*value));
    columns.push_back(index.keys[i].column);
  }
  std::string prefix;
  types::EncodeKey(equal, columns, prefix);
  if (!plan_.index_alternatives.empty()) {
    if (!CollectProbes(prefix)) return false;
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
  }
  if (!low && !prefix.empty()) low = prefix;
  if (!high && !prefix.empty()) high = prefix;

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

bool IndexScan::CollectProbes(const std::string& prefix) {
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

void IndexScan::NewScan() {
  if (scan_ == nullptr) {
    scan_ = std::make_unique<storage::BTreeScan>(tree_);
  } else {
    scan_->Restart();
  }
}

void IndexScan::StartProbe() {
  const std::string& key = probes_[next_probe_++];
  NewScan();
  CountIndexScan();
  scan_->SetUpperBound(key, true);
  scan_->Seek(key, true);
}

bool IndexScan::Next(Batch& out) {
  decoder_.RaiseHeldError();
  if (!started_) {
    started_ = true;
    slot_reuse_epoch_ = context_.pool.slot_reuse_epoch();
    done_ = !Start();
  }
  out.Reset(width());
  // Consecutive entries often point into one heap page; it stays pinned for this call only.
  storage::BlockPin heap_pin;
  const bool in_place = decoder_.DecodesInPlace();
  uint64_t entries_read = 0;
  rows_fetched_ = 0;
  if (in_place) decoder_.BeginRejecting(context_);
  while (!done_ && out.row_count == 0) {
    context_.CheckForCancel();
    const size_t batch_limit = bound_.BatchLimit(plan_.predicate != nullptr);
    // A filtered pass may read more entries than rows are wanted. When the pre-filter tests
    // rows as they are read, the batch's rows have passed its comparison, and the pass stops
    // once it holds the wanted rows (the filter's later conjuncts may still drop some: then
    // the next pass reads on). Without it, rows are filtered only after the pass.
    const size_t rows_wanted = in_place && decoder_.pre_filters() ? bound_.RowsWanted() : batch_limit;
    // The rows the pre-filter rejected count as read, as when they were appended and then
    // filtered: a pass reads no more entries than before.
    rows_rejected_ = 0;
    while (out.row_count + rows_rejected_ < batch_limit && out.row_count < rows_wanted) {
      if (!ReadRun(batch_limit - out.row_count - rows_rejected_)) {
        done_ = true;
        break;
      }
      entries_read += run_size_;
      // Read once for the run, after its entries were read from the index and before the heap
      // is: what the recheck needs (AppendInPlace).
      const bool key_unchanged = context_.pool.slot_reuse_epoch() == slot_reuse_epoch_;
      if (in_place && key_unchanged && to_skip_ == 0) {
        AppendRunInPlace(out, heap_pin);
        continue;
      }
      for (size_t i = 0; i < run_size_; ++i) {
        if (in_place) {
          AppendInPlace(run_[i], key_unchanged, out, heap_pin);
        } else {
          AppendCopy(run_[i], key_unchanged, out, heap_pin);
        }
      }
    }
    decoder_.CountRejected(rows_rejected_, context_);
    if (in_place) {
      // The kept rows' tuples, fetched again for their late columns. A tuple this scan's
      // snapshot sees cannot be pruned, so its slot still holds it, unchanged.
      decoder_.FilterAndFinish(
          out,
          [&](uint32_t row) -> const storage::HeapTuple& {
            if (heap_.FetchSlot(row_tids_[row], refetched_) != storage::HeapFile::SlotContent::kTuple) {
              throw Error(sqlstate::kInternalError, "index scan row vanished from its heap slot");
            }
            return refetched_;
          },
          context_);
    } else {
      decoder_.FilterAndFinish(out, std::span(tuples_.data(), out.row_count), context_);
    }
  }
  if (entries_read > 0) {
    context_.CountActivity(plan_.index->schema.relfile, [&](storage::TableCounts& counts) {
      counts.index_tuples_read += entries_read;
      counts.index_tuples_fetched += rows_fetched_;
    });
  }
  bound_.Returned(out.row_count);
  return out.row_count > 0;
}

bool IndexScan::NextEntry(storage::IndexEntry& entry) {
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

bool IndexScan::ReadRun(size_t max_entries) {
  run_size_ = 0;
  if (pending_) {
    // The entry read past the previous run begins this one.
    std::swap(run_[0], run_[pending_index_]);
    run_size_ = 1;
    pending_ = false;
  }
  while (run_size_ < max_entries) {
    if (run_.size() <= run_size_) run_.resize(run_size_ + 1);
    storage::IndexEntry& entry = run_[run_size_];
    if (!NextEntry(entry)) break;
    if (run_size_ > 0 && entry.tid.block != run_[0].tid.block) {
      pending_ = true;
      pending_index_ = run_size_;
      break;
    }
    ++run_size_;
  }
  return run_size_ > 0;
}

void IndexScan::AppendRunInPlace(Batch& out, storage::BlockPin& heap_pin) {
  const size_t first_row = out.row_count;
  run_headers_.clear();
  run_dead_.clear();
  {
    // Every entry of the run points into one page: its slots are read under one latch, let
    // go before the visibility tests and the dead entries' marking (which latch other pages).
    storage::PageGuard guard;
    for (size_t i = 0; i < run_size_; ++i) {
      const storage::IndexEntry& entry = run_[i];
      storage::HeapTupleView view;
      const storage::HeapFile::SlotContent content =
          guard ? heap_.ViewLatchedSlot(guard, entry.tid, view)
                : heap_.ViewSlotPruning(entry.tid, context_.transactions, heap_pin, guard, view);
      if (content != storage::HeapFile::SlotContent::kTuple) {
        if (content == storage::HeapFile::SlotContent::kDead) run_dead_.push_back(static_cast<uint32_t>(i));
        continue;
      }
      // A row the filter would drop is not decoded; its visibility is still tested below
      // (for the statistics and the dead entries' marking, as for any fetched tuple).
      const bool appended = !decoder_.Rejects(view);
      if (appended) decoder_.Append(view, out);
      run_headers_.push_back({view.header, static_cast<uint32_t>(i), false, appended});
    }
  }
  // The visibility tests of the rows just read; the invisible appended ones leave the batch
  // again.
  bool all_visible = true;
  for (RunRow& row : run_headers_) {
    if (context_.transactions.IsVisible(row.header, context_.snapshot)) {
      row.visible = true;
      ++rows_fetched_;
      if (!row.appended) ++rows_rejected_;
      continue;
    }
    if (row.appended) all_visible = false;
    MarkIfDead(run_[row.entry], row.header);
  }
  if (!all_visible) {
    run_kept_.resize(first_row);
    for (uint32_t row = 0; row < first_row; ++row) run_kept_[row] = row;
    size_t appended_row = first_row;
    for (const RunRow& row : run_headers_) {
      if (!row.appended) continue;
      if (row.visible) run_kept_.push_back(static_cast<uint32_t>(appended_row));
      ++appended_row;
    }
    // The columns Append decoded hold out.row_count values; the others are still empty.
    for (Column& column : out.columns) {
      if (column.size() == out.row_count) KeepRows(column, run_kept_);
    }
    out.row_count = run_kept_.size();
  }
  if (decoder_.has_late()) {
    if (row_tids_.size() < out.row_count) row_tids_.resize(out.row_count);
    size_t row = first_row;
    for (const RunRow& appended : run_headers_) {
      if (appended.appended && appended.visible) row_tids_[row++] = run_[appended.entry].tid;
    }
  }
  for (const uint32_t dead : run_dead_) MarkEntryDead(run_[dead]);
}

bool IndexScan::AppendInPlace(const storage::IndexEntry& entry, bool key_unchanged, Batch& out,
                              storage::BlockPin& heap_pin) {
  storage::PageGuard guard;
  storage::HeapTupleView view;
  const storage::HeapFile::SlotContent content =
      heap_.ViewSlotPruning(entry.tid, context_.transactions, heap_pin, guard, view);
  if (content != storage::HeapFile::SlotContent::kTuple) {
    if (content == storage::HeapFile::SlotContent::kDead) MarkEntryDead(entry);
    return false;
  }
  // The tuple must still be the one the entry was made for: between reading the leaf and
  // fetching the heap, vacuum may have removed the entry and the slot been reused by an
  // unrelated row (storage/README.md, "tuple ids and index scans"). A row whose key differs
  // from the entry's is not this entry's row. No slot became reusable while the epoch stayed
  // the same, so only then are the key columns read.
  const bool key_matches = key_unchanged || KeyMatches(entry.key, view.data, view.header.attribute_count, nullptr);
  // Decoded under the latch, which is let go before the visibility test (that may read the
  // commit log's pages): a row found invisible is dropped again.
  const bool skipped = to_skip_ > 0;
  const bool appended = key_matches && !skipped;
  if (appended) decoder_.Append(view, out);
  guard = storage::PageGuard();
  if (!context_.transactions.IsVisible(view.header, context_.snapshot)) {
    if (appended) decoder_.DropLastRow(out);
    MarkIfDead(entry, view.header);
    return false;
  }
  ++rows_fetched_;
  if (!key_matches) return false;
  if (skipped) {
    if (--to_skip_ % kBatchSize == 0) context_.CheckForCancel();
    return false;
  }
  if (decoder_.has_late()) {
    if (row_tids_.size() < out.row_count) row_tids_.resize(out.row_count);
    row_tids_[out.row_count - 1] = entry.tid;
  }
  return true;
}

bool IndexScan::AppendCopy(const storage::IndexEntry& entry, bool key_unchanged, Batch& out,
                           storage::BlockPin& heap_pin) {
  // Row k's tuple stays in tuples_[k] until FilterAndFinish decodes its late columns.
  if (tuples_.size() <= out.row_count) tuples_.resize(out.row_count + 1);
  storage::HeapTuple& tuple = tuples_[out.row_count];
  const storage::HeapFile::SlotContent content =
      heap_.FetchSlotPruning(entry.tid, tuple, context_.transactions, &heap_pin);
  if (content != storage::HeapFile::SlotContent::kTuple) {
    if (content == storage::HeapFile::SlotContent::kDead) MarkEntryDead(entry);
    return false;
  }
  if (!context_.transactions.IsVisible(tuple.header, context_.snapshot)) {
    MarkIfDead(entry, tuple.header);
    return false;
  }
  ++rows_fetched_;
  // The key recheck of AppendInPlace.
  if (!key_unchanged && !KeyMatches(entry.key, std::as_bytes(std::span(tuple.data)), tuple.header.attribute_count,
                                    &context_.pool)) {
    return false;
  }
  if (to_skip_ > 0) {
    if (--to_skip_ % kBatchSize == 0) context_.CheckForCancel();
    return false;
  }
  decoder_.Append(tuple, out, &context_.pool);
  return true;
}

void IndexScan::MarkIfDead(const storage::IndexEntry& entry, const storage::TupleHeader& header) {
  storage::TransactionManager& transactions = context_.transactions;
  if (transactions.VacuumStateOf(header, transactions.RemovalHorizon()) ==
      storage::TransactionManager::VacuumVerdict::kDead) {
    MarkEntryDead(entry);
  }
}

void IndexScan::CountIndexScan() {
  context_.CountActivity(plan_.index->schema.relfile, [](storage::TableCounts& counts) { ++counts.index_scans; });
}

bool IndexScan::SkipRows(size_t rows) {
  if (plan_.predicate != nullptr || started_) return false;
  to_skip_ = rows;
  return true;
}

bool IndexScan::Rescan() {
  // A held error ends the statement; such a scan is never restarted.
  if (decoder_.held_error()) return false;
  // scan_ is kept: Start restarts it (its buffers' memory reused).
  probes_.clear();
  next_probe_ = 0;
  started_ = false;
  done_ = false;
  to_skip_ = 0;
  run_size_ = 0;
  pending_ = false;
  exhausted_ = false;
  bound_ = ScanRowBound();
  return true;
}

void IndexScan::MarkEntryDead(const storage::IndexEntry& entry) {
  tree_.MarkDeadIf(entry.key, entry.tid,
                   [&] { return heap_.IsDeadToAll(entry.tid, context_.transactions); });
}

bool IndexScan::KeyMatches(const std::string& entry_key, std::span<const std::byte> data, size_t attribute_count,
                           storage::BufferPool* toast_pool) {
  const size_t count = plan_.table.columns.size();
  if (key_row_.columns.empty()) {
    // Every column one NULL (the key expressions read only the key columns), the ctid too.
    key_row_.Reset(count + 1);
    for (Column& column : key_row_.columns) column.resize(1);
    key_row_.row_count = 1;
    key_selection_ = storage::ColumnSelection(plan_.table.ColumnTypes(), key_columns_);
  }
  for (size_t i = 0; i < count; ++i) {
    if (key_columns_[i]) key_row_.columns[i].clear();
  }
  storage::AppendColumns(data, key_selection_, std::span(key_row_.columns.data(), count), attribute_count,
                         toast_pool);
  bool has_null = false;
  const std::optional<std::string> key = EncodeIndexKey(*plan_.index, key_row_, 0, context_, has_null);
  return key && *key == entry_key;
}

}  // namespace granary::executor
