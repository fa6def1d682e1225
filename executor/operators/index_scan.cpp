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
      entries_(plan, context),
      key_columns_(IndexKeyColumns(plan)),
      decoder_(plan, /*allow_late=*/!IsPointLookup(plan), EarlyKeyColumns(plan, key_columns_)) {}

bool IndexScan::Next(Batch& out) {
  decoder_.RaiseHeldError();
  if (!started_) {
    started_ = true;
    slot_reuse_epoch_ = context_.pool.slot_reuse_epoch();
    done_ = !entries_.Start();
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
    if (!entries_.Next(entry)) break;
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

bool IndexScan::SkipRows(size_t rows) {
  if (plan_.predicate != nullptr || started_) return false;
  to_skip_ = rows;
  return true;
}

bool IndexScan::Rescan() {
  // A held error ends the statement; such a scan is never restarted.
  if (decoder_.held_error()) return false;
  // The entry source's scan is kept: Start restarts it (its buffers' memory reused).
  started_ = false;
  done_ = false;
  to_skip_ = 0;
  run_size_ = 0;
  pending_ = false;
  bound_ = ScanRowBound();
  return true;
}

void IndexScan::MarkEntryDead(const storage::IndexEntry& entry) {
  entries_.tree().MarkDeadIf(entry.key, entry.tid,
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
