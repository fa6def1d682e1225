// ExternalSorter — sorts rows within a memory budget (PostgreSQL's tuplesort, simplified).
//
// Rows are kept in memory while their estimated size (spill_file.hpp) stays within the
// budget; then they are sorted with a stable sort ("quicksort" in EXPLAIN, as PostgreSQL
// calls its in-memory sort). Past the budget, each memory-full of rows is sorted and written
// as a run to one temporary file, and the runs are merged k ways ("external merge"): while
// there are more runs than the merge order (budget / 24kB, at least 6, as tuplesort's
// merge order) consecutive groups of runs are merged into longer runs in a new file. Ties go
// to the run written first, and inside a run to the row added first, so the sort is stable:
// equal rows come out in the order they were added.
//
// With a bound (SetBound: only the first n rows will be read), once more than 2n rows have
// come in memory it keeps only the n first in a heap ("top-N heapsort", as tuplesort's
// bounded sort), ties again to the earlier row; if those n rows outgrow the budget it goes
// back to the unbounded sort.
//
// Departures from PostgreSQL: no replacement selection or logical tapes (a pass writes a new
// file and drops the old one).
//
// Without a TempFileSpace it never spills. `check_for_cancel` (ExecContext::CheckForCancel,
// 57014) is called between runs and while merging; temporary-file errors are 53400 and 58030.
// Thread-safety: none.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "executor/spill/spill_file.hpp"
#include "executor/spill/temp_file_space.hpp"

namespace granary::executor {

class ExternalSorter {
 public:
  using Row = std::vector<types::Value>;
  // True when `a` sorts before `b`; a strict weak ordering.
  using Less = std::function<bool(const Row& a, const Row& b)>;

  ExternalSorter(TempFileSpace* space, size_t memory_bytes, Less less,
                 std::function<void()> check_for_cancel = {});
  ~ExternalSorter();

  // Only the first `rows` rows of the output will be read (0: all). Before the first Add.
  void SetBound(size_t rows) { bound_ = rows; }
  void Add(Row row);
  // Ends the input: sorts, or writes the last run and merges down to one pass.
  void Finish();
  // The next row in order; false at the end. Only after Finish.
  bool Next(Row& row);

  bool spilled() const { return run_file_ != nullptr; }
  bool bounded() const { return bounded_; }
  // Most memory the rows took (estimated), and the size of the runs on disk when it spilled.
  size_t peak_memory_bytes() const { return peak_memory_bytes_; }
  uint64_t disk_bytes() const { return disk_bytes_; }

 private:
  struct Run {
    uint64_t begin = 0;
    uint64_t end = 0;
  };
  class Merger;

  struct HeapEntry {
    Row row;
    uint64_t sequence;  // input position, for ties
  };
  bool Before(const HeapEntry& a, const HeapEntry& b) const;
  void StartBounded();
  void AddBounded(Row row);
  // Back to an unbounded sort: the heap's rows, in input order, become rows_.
  void EndBounded();
  void SortMemory();
  void WriteRun();
  // Merges runs_ into fewer, longer runs until one pass can merge them all.
  void ReduceRuns();

  TempFileSpace* space_;
  std::function<void()> check_for_cancel_;
  size_t memory_bytes_;
  Less less_;
  size_t merge_order_;
  std::vector<Row> rows_;
  size_t rows_bytes_ = 0;
  size_t bound_ = 0;
  bool bounded_ = false;
  std::vector<HeapEntry> heap_;  // bounded: a max-heap by Before
  uint64_t added_ = 0;
  size_t peak_memory_bytes_ = 0;
  uint64_t disk_bytes_ = 0;
  std::unique_ptr<TempFile> run_file_;
  std::vector<Run> runs_;
  bool finished_ = false;
  size_t next_ = 0;  // in-memory output position
  std::unique_ptr<Merger> merger_;
};

}  // namespace granary::executor
