// ScanDecoder — turns a table scan's heap tuples into batch rows, decoding only the columns
// the plan reads (PlanNode::scan_columns); the others come out NULL. With late decoding, the
// columns only the operators above read are decoded after the scan's filter, for the rows it
// keeps (PostgreSQL deforms a tuple only as far as the filter's columns first, too).
//
// Owned by one scan operator; not thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "executor/batch.hpp"
#include "executor/exec_context.hpp"
#include "executor/expr/compiled_predicate.hpp"
#include "executor/expr/evaluator.hpp"
#include "executor/operators/row_hint.hpp"
#include "planner/plan.hpp"
#include "storage/heap/heap_file.hpp"
#include "storage/heap/row_codec.hpp"

namespace granary::executor {

// A transaction id as the xid type shows it: its low 32 bits (0 for none).
types::Value XidValue(storage::Xid xid);
// The xmax system column of a row version: its deleter, else its last locker (PostgreSQL's
// lock-only xmax; storage::TupleHeader::locker), else 0.
types::Value XmaxValue(const storage::TupleHeader& header);

class ScanDecoder {
 public:
  using TupleSource = std::function<const storage::HeapTuple&(uint32_t row)>;

  // `allow_late`: the caller keeps a batch's tuples until FilterAndFinish. `always_early`
  // (if given, one flag per table column): columns Append must decode even when only the
  // rows the filter keeps need them (an index scan's key columns, which its key recheck reads).
  ScanDecoder(const planner::PlanNode& plan, bool allow_late,
              const std::vector<bool>* always_early = nullptr);

  // Appends the tuple's row (the table's columns, then its system columns) to `out`, except the values
  // of the columns not decoded now: PadUndecoded (or FilterAndFinish) adds those.
  void Append(const storage::HeapTuple& tuple, Batch& out, storage::BufferPool* toast_pool);
  // The same from a tuple read in place (its page latched): only when DecodesInPlace(), as
  // no column Append decodes can then be stored out of line (no toast fetch under the latch).
  void Append(const storage::HeapTupleView& tuple, Batch& out);
  bool DecodesInPlace() const { return in_place_; }
  // Whether FilterAndFinish decodes columns of the kept rows' tuples (else it never reads them).
  bool has_late() const { return has_late_; }
  // Brings the columns Append leaves out up to out.row_count rows (NULLs: nothing reads
  // them, or FilterAndFinish decodes them later).
  void PadUndecoded(Batch& out) const;
  // Readies Rejects for the next rows (the parameters' values are read here): called before
  // a batch's rows are read.
  void BeginRejecting(const ExecContext& context);
  // Whether the tuple's row certainly fails the predicate, read from its bytes alone: its
  // first conjunct, a compiled comparison of an integer-like column with a constant or a
  // parameter (CompiledPredicate::LeadingColumnTest), is false or NULL. Such a row need not
  // be appended: FilterAndFinish would drop it, and it cannot raise an error the predicate
  // would raise (ExecQual stops at that conjunct). False when not known (no such conjunct, a
  // NULL before the column): the row is appended and filtered as usual. The caller counts the
  // visible rows rejected here (CountRejected), as the filter would have removed them.
  // Whether Rejects tests rows (after BeginRejecting): the rows Append then adds have passed
  // the filter's first comparison.
  bool pre_filters() const { return reject_test_.kind != CompiledPredicate::ColumnTest::Kind::kNone; }
  bool Rejects(const storage::HeapTupleView& tuple) const {
    return reject_test_.kind != CompiledPredicate::ColumnTest::Kind::kNone &&
           RejectsStored(tuple.data, tuple.header.attribute_count);
  }
  bool Rejects(const storage::HeapTuple& tuple) const {
    return reject_test_.kind != CompiledPredicate::ColumnTest::Kind::kNone &&
           RejectsStored(std::as_bytes(std::span(tuple.data)), tuple.header.attribute_count);
  }
  // EXPLAIN ANALYZE's rows removed by the filter, for `rows` rejected by Rejects.
  void CountRejected(size_t rows, const ExecContext& context) const;
  // Removes the row Append added last (before PadUndecoded).
  void DropLastRow(Batch& out) const;
  // Applies the plan's predicate (if any) to `out`, whose rows are `tuples` in order, pads the
  // columns Append left out (PadUndecoded) and decodes the late columns of the rows it keeps.
  // When the predicate reads only columns Append decoded, it runs first and the padding is
  // made for the kept rows only (the late columns are appended to, never padded). When its
  // leading conjuncts are compiled comparisons (expr/compiled_predicate.hpp), Append decodes
  // only the columns of the first of them, those comparisons run first, and the predicate's
  // other columns are decoded for the rows they keep. A row whose
  // predicate raises an error ends the batch: the rows kept before it stay in `out` and the
  // error is held (raised here when none were kept, else by RaiseHeldError).
  void FilterAndFinish(Batch& out, std::span<const storage::HeapTuple> tuples,
                       const ExecContext& context);
  // The same, for a scan that did not keep its tuples: `tuple_of(k)` gives row k's tuple,
  // called for kept rows only, in order, and only when has_late() (a scan reading in place
  // never has staged filtering, which reads the tuples of the rows its stages keep).
  void FilterAndFinish(Batch& out, const TupleSource& tuple_of, const ExecContext& context);
  // The scan's Next calls this first: the error a row raised in the previous batch.
  void RaiseHeldError() const { deferred_.RaiseIfHeld(); }
  bool held_error() const { return deferred_.held(); }

 private:
  // Rejects for a row of `attribute_count` stored values, once a test is readied.
  bool RejectsStored(std::span<const std::byte> data, size_t attribute_count) const;
  // Appends a row version's system columns (planner::kTableSystemColumns) to columns[0..2]:
  // its ctid, and its xmin and xmax when the plan reads them.
  void AppendSystemColumns(const storage::TupleId& id, const storage::TupleHeader& header, Column* columns) const;
  // Chooses the staged filtering below when the predicate compiles (the constructor).
  void PlanStages(const std::vector<bool>* always_early);
  // The leading compiled comparisons over the rows of `out` (whose tuples are `tuples`):
  // keeps the rows they pass (their tuple indexes in prefix_kept_) and decodes the middle
  // columns for them.
  void RunPrefix(Batch& out, const TupleSource& tuple_of, const ExecContext& context);

  std::vector<types::Type> column_types_;
  const planner::BoundExpr* predicate_;
  std::vector<bool> early_;  // decoded by Append
  std::vector<bool> late_;   // decoded by FilterAndFinish for kept rows
  bool has_late_ = false;
  bool in_place_ = false;  // no early column is toastable
  // xmin and xmax are appended (some node reads them); else they are padded with NULLs as
  // the undecoded columns are.
  bool system_values_ = true;
  storage::ColumnSelection early_selection_;  // early_'s walk over a row
  storage::ColumnSelection late_selection_;   // late_'s
  // Every column the predicate reads is decoded by Append (or is the ctid): the predicate runs
  // before the undecoded columns are padded, and they are padded for the kept rows only.
  bool filter_reads_early_ = false;
  // Staged filtering: the leading compiled comparisons (`prefix_steps_` of `compiled_`) read
  // only what Append decodes; the filter's other columns (`middle_`) are decoded for the rows
  // those comparisons keep, before the whole predicate runs over them.
  std::optional<CompiledPredicate> compiled_;
  size_t prefix_steps_ = 0;
  std::vector<bool> middle_;
  storage::ColumnSelection middle_selection_;
  // Rejects' test: the predicate's first conjunct read from the stored bytes, when it
  // compiles to a column test (reject_probe_) and no staged filtering reads the tuples.
  std::optional<storage::FixedColumnProbe> reject_probe_;
  CompiledPredicate::ColumnTest reject_test_;
  std::vector<uint32_t> prefix_kept_;
  std::vector<uint32_t> kept_;
  DeferredError deferred_;
};

// How many rows a scan reads for its next batch. Under its parent's promise
// (Operator::SetRowBound): no more than the rows still promised, so `LIMIT 20` over a scan
// reads 20 rows rather than a batch of 1,024. Otherwise under its parent's hint
// (Operator::SetRowHint, RowHint): the hinted rows, then geometrically more, so `LIMIT 20`
// over a nested loop reads about 20 outer rows first. With a filter the scan cannot tell how
// many rows it must read, so it reads at least kMinimumFiltered (and returns the batch as
// soon as one such read keeps a row); a scan that can count its kept rows as it reads (an
// index scan) also stops once it holds RowsWanted() of them, so that `LIMIT 20` over a
// filtered index scan reads the entries up to its 20th match, not up to the next multiple of
// kMinimumFiltered.
class ScanRowBound {
 public:
  static constexpr size_t kMinimumFiltered = 128;

  void Set(size_t rows) { bound_ = rows; }
  void SetHint(size_t rows) { hint_.Set(rows); }
  size_t BatchLimit(bool filtered) const {
    if (hint_.single()) return 1;
    const size_t wanted = RowsWanted();
    return filtered ? std::min(kBatchSize, std::max(wanted, kMinimumFiltered)) : wanted;
  }
  // The rows the next batch should hold at most (the promise's rest, else the hint's window).
  size_t RowsWanted() const {
    size_t wanted = kBatchSize;
    if (bound_ && returned_ < *bound_) {
      wanted = *bound_ - returned_;
    } else if (hint_.hinted()) {
      wanted = hint_.BatchLimit();
    }
    return std::min(kBatchSize, wanted);
  }
  void Returned(size_t rows) {
    returned_ += rows;
    hint_.Returned(rows);
  }

 private:
  std::optional<size_t> bound_;
  size_t returned_ = 0;
  RowHint hint_;
};

}  // namespace granary::executor
