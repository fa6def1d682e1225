// Index scan: the rows of a table whose index keys fall in a range, fetched from the heap
// in index order (or its reverse, plan.backward) and filtered by visibility and by the
// scan's full predicate (rechecked, so the index only narrows which rows are read). Once a
// heap slot may have been reused since the scan began (the pool's slot_reuse_epoch moved),
// each fetched tuple's key is recomputed and compared with the index entry's, so a slot reused
// after vacuum removed the entry can never pass for the entry's row. Output: the table's
// columns, then ctid.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "executor/operators/index_entry_source.hpp"
#include "executor/operators/operator.hpp"
#include "executor/operators/scan_decoder.hpp"
#include "storage/btree/btree.hpp"
#include "storage/heap/heap_file.hpp"
#include "types/key_encoding.hpp"
#include "types/value.hpp"

namespace granary::executor {

class IndexScan final : public Operator {
 public:
  IndexScan(const planner::PlanNode& plan, ExecContext& context);
  bool Next(Batch& out) override;
  void SetRowBound(size_t rows) override { bound_.Set(rows); }
  void SetRowHint(size_t rows) override { bound_.SetHint(rows); }
  // Without a filter, the first `rows` visible rows are counted and not decoded.
  bool SkipRows(size_t rows) override;
  // The next lateral probe: the key range is computed again from the outer values.
  bool Rescan() override;

 private:
  // Whether the row stored in `data` (`attribute_count` columns) has exactly `entry_key` in
  // the scanned index: its key columns are decoded into key_row_ for this alone, so the
  // scan's batches need not carry them (toast_pool: for a toastable key column, which only a
  // tuple copy can have; in place, key columns are never toastable).
  bool KeyMatches(const std::string& entry_key, std::span<const std::byte> data, size_t attribute_count,
                  storage::BufferPool* toast_pool);
  // Reads into run_ the next entries that point into one heap block, at most `max_entries`
  // (the entry read past them is kept for the next run); false when none is left.
  bool ReadRun(size_t max_entries);
  // Appends the run's visible rows (AppendInPlace for each entry, when no key recheck and no
  // skipping is due), their slots read under one latch of the page.
  void AppendRunInPlace(Batch& out, storage::BlockPin& heap_pin);
  // Fetches the entry's tuple and, when the snapshot sees it and it is not skipped, appends
  // its row to `out` (the early columns: ScanDecoder). AppendInPlace decodes from the latched
  // page and remembers the tuple id for FilterAndFinish (ScanDecoder::DecodesInPlace);
  // AppendCopy copies the tuple into tuples_. False when no row was appended.
  bool AppendInPlace(const storage::IndexEntry& entry, bool key_unchanged, Batch& out, storage::BlockPin& heap_pin);
  bool AppendCopy(const storage::IndexEntry& entry, bool key_unchanged, Batch& out, storage::BlockPin& heap_pin);
  // MarkEntryDead when the invisible tuple with `header` is dead to every transaction.
  void MarkIfDead(const storage::IndexEntry& entry, const storage::TupleHeader& header);
  // The entry's heap tuple was found dead to every transaction: mark the entry dead, so later
  // scans skip it without visiting the heap (PostgreSQL's kill_prior_tuple).
  void MarkEntryDead(const storage::IndexEntry& entry);

  storage::HeapFile heap_;
  IndexEntrySource entries_;
  std::vector<bool> key_columns_;  // what the key recheck reads (KeyMatches)
  storage::ColumnSelection key_selection_;  // key_columns_'s walk over a row
  Batch key_row_;                           // KeyMatches' one row: the key columns, NULLs
  ScanDecoder decoder_;            // with a filter, the other columns only for kept rows
  // Index entries read ahead (ReadRun): run_size_ of them point into one heap block; with
  // pending_, run_[pending_index_] is the entry read past them, the next run's first.
  std::vector<storage::IndexEntry> run_;
  size_t run_size_ = 0;
  size_t pending_index_ = 0;
  bool pending_ = false;
  // AppendRunInPlace's rows: each appended row's tuple header, run entry and visibility;
  // the entries of dead slots; the batch rows kept when some were invisible.
  struct RunRow {
    storage::TupleHeader header;
    uint32_t entry;
    bool visible;
    bool appended;  // false: the pre-filter rejected it (ScanDecoder::Rejects)
  };
  std::vector<RunRow> run_headers_;
  std::vector<uint32_t> run_dead_;
  std::vector<uint32_t> run_kept_;
  std::vector<storage::HeapTuple> tuples_;  // the current batch's tuples, buffers reused
  std::vector<storage::TupleId> row_tids_;  // in place: the current batch's rows' tuple ids
  storage::HeapTuple refetched_;            // in place: a kept row's tuple, for late columns
  uint64_t rows_fetched_ = 0;               // visible tuples fetched by the current Next call
  size_t rows_rejected_ = 0;  // visible rows the pre-filter rejected in the current pass
  bool started_ = false;
  bool done_ = false;
  uint64_t slot_reuse_epoch_ = 0;  // the pool's, read before the first leaf
  size_t to_skip_ = 0;              // visible rows still to leave out (SkipRows)
  ScanRowBound bound_;
};

}  // namespace granary::executor
