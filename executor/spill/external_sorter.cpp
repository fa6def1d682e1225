#include "executor/spill/external_sorter.hpp"

#include <algorithm>
#include <queue>

namespace granary::executor {
namespace {

// Per-row bookkeeping beyond the values: the row's vector and its slot in rows_.
constexpr size_t kRowOverheadBytes = sizeof(std::vector<types::Value>) + 16;
// What tuplesort_merge_order charges per input run: buffers for reading it.
constexpr size_t kBytesPerMergeInput = 24 * 1024;
constexpr size_t kMinMergeOrder = 6;
constexpr size_t kMaxMergeOrder = 500;
constexpr size_t kCancelCheckRows = 1024;

}  // namespace

// Merges a set of runs: one reader per run and a heap of their current rows, smallest
// first, ties to the earlier run.
class ExternalSorter::Merger {
 public:
  Merger(TempFile& file, const std::vector<Run>& runs, const Less& less) : less_(less) {
    readers_.reserve(runs.size());
    heads_.resize(runs.size());
    for (const Run& run : runs) readers_.emplace_back(file, run.begin, run.end);
    for (size_t i = 0; i < readers_.size(); ++i) {
      if (readers_[i].Read(heads_[i])) heap_.push_back(i);
    }
    std::make_heap(heap_.begin(), heap_.end(), After{this});
  }

  bool Next(Row& row) {
    if (heap_.empty()) return false;
    std::pop_heap(heap_.begin(), heap_.end(), After{this});
    const size_t run = heap_.back();
    row = std::move(heads_[run]);
    if (readers_[run].Read(heads_[run])) {
      std::push_heap(heap_.begin(), heap_.end(), After{this});
    } else {
      heap_.pop_back();
    }
    return true;
  }

 private:
  // The heap's order: true when run a's row comes out after run b's.
  struct After {
    const Merger* merger;
    bool operator()(size_t a, size_t b) const {
      const Row& x = merger->heads_[a];
      const Row& y = merger->heads_[b];
      if (merger->less_(y, x)) return true;
      if (merger->less_(x, y)) return false;
      return a > b;
    }
  };

  const Less& less_;
  std::vector<SpillReader> readers_;
  std::vector<Row> heads_;
  std::vector<size_t> heap_;
};

ExternalSorter::ExternalSorter(TempFileSpace* space, size_t memory_bytes, Less less,
                               std::function<void()> check_for_cancel)
    : space_(space),
      check_for_cancel_(check_for_cancel ? std::move(check_for_cancel) : [] {}),
      memory_bytes_(memory_bytes),
      less_(std::move(less)),
      merge_order_(std::clamp(memory_bytes / kBytesPerMergeInput, kMinMergeOrder, kMaxMergeOrder)) {}

ExternalSorter::~ExternalSorter() = default;

void ExternalSorter::Add(Row row) {
  ++added_;
  if (bounded_) {
    AddBounded(std::move(row));
    return;
  }
  rows_bytes_ += EstimateRowBytes(row) + kRowOverheadBytes;
  rows_.push_back(std::move(row));
  peak_memory_bytes_ = std::max(peak_memory_bytes_, rows_bytes_);
  if (bound_ > 0 && run_file_ == nullptr && rows_.size() > 2 * bound_) {
    StartBounded();
    return;
  }
  if (rows_bytes_ > memory_bytes_ && space_ != nullptr) WriteRun();
}

bool ExternalSorter::Before(const HeapEntry& a, const HeapEntry& b) const {
  if (less_(a.row, b.row)) return true;
  if (less_(b.row, a.row)) return false;
  return a.sequence < b.sequence;
}

void ExternalSorter::StartBounded() {
  bounded_ = true;
  const auto before = [this](const HeapEntry& a, const HeapEntry& b) { return Before(a, b); };
  heap_.clear();
  for (size_t i = 0; i < rows_.size(); ++i) heap_.push_back({std::move(rows_[i]), i});
  rows_.clear();
  std::make_heap(heap_.begin(), heap_.end(), before);
  while (heap_.size() > bound_) {
    std::pop_heap(heap_.begin(), heap_.end(), before);
    heap_.pop_back();
  }
  rows_bytes_ = 0;
  for (const HeapEntry& entry : heap_) rows_bytes_ += EstimateRowBytes(entry.row) + kRowOverheadBytes;
  if (rows_bytes_ > memory_bytes_) EndBounded();
}

void ExternalSorter::AddBounded(Row row) {
  const auto before = [this](const HeapEntry& a, const HeapEntry& b) { return Before(a, b); };
  HeapEntry entry{std::move(row), added_ - 1};
  // Only a row that sorts before the heap's last one gets in.
  if (!Before(entry, heap_.front())) return;
  rows_bytes_ += EstimateRowBytes(entry.row) + kRowOverheadBytes;
  heap_.push_back(std::move(entry));
  std::push_heap(heap_.begin(), heap_.end(), before);
  std::pop_heap(heap_.begin(), heap_.end(), before);
  rows_bytes_ -= EstimateRowBytes(heap_.back().row) + kRowOverheadBytes;
  heap_.pop_back();
  peak_memory_bytes_ = std::max(peak_memory_bytes_, rows_bytes_);
  if (rows_bytes_ > memory_bytes_) EndBounded();
}

void ExternalSorter::EndBounded() {
  bounded_ = false;
  bound_ = 0;
  std::sort(heap_.begin(), heap_.end(), [](const HeapEntry& a, const HeapEntry& b) { return a.sequence < b.sequence; });
  for (HeapEntry& entry : heap_) rows_.push_back(std::move(entry.row));
  heap_.clear();
  if (rows_bytes_ > memory_bytes_ && space_ != nullptr) WriteRun();
}

void ExternalSorter::SortMemory() {
  std::stable_sort(rows_.begin(), rows_.end(), [this](const Row& a, const Row& b) { return less_(a, b); });
}

void ExternalSorter::WriteRun() {
  check_for_cancel_();
  SortMemory();
  if (run_file_ == nullptr) run_file_ = space_->Create();
  SpillWriter writer(*run_file_);
  for (const Row& row : rows_) writer.Write(row);
  writer.Flush();
  runs_.push_back({writer.begin(), run_file_->size()});
  rows_.clear();
  rows_.shrink_to_fit();
  rows_bytes_ = 0;
}

void ExternalSorter::ReduceRuns() {
  while (runs_.size() > merge_order_) {
    std::unique_ptr<TempFile> merged_file = space_->Create();
    std::vector<Run> merged_runs;
    for (size_t first = 0; first < runs_.size(); first += merge_order_) {
      const size_t last = std::min(runs_.size(), first + merge_order_);
      const std::vector<Run> group(runs_.begin() + static_cast<std::ptrdiff_t>(first),
                                   runs_.begin() + static_cast<std::ptrdiff_t>(last));
      Merger merger(*run_file_, group, less_);
      SpillWriter writer(*merged_file);
      Row row;
      size_t count = 0;
      while (merger.Next(row)) {
        writer.Write(row);
        if (++count % kCancelCheckRows == 0) check_for_cancel_();
      }
      writer.Flush();
      merged_runs.push_back({writer.begin(), merged_file->size()});
    }
    run_file_ = std::move(merged_file);
    runs_ = std::move(merged_runs);
  }
}

void ExternalSorter::Finish() {
  finished_ = true;
  if (bounded_) {
    std::sort_heap(heap_.begin(), heap_.end(), [this](const HeapEntry& a, const HeapEntry& b) { return Before(a, b); });
    for (HeapEntry& entry : heap_) rows_.push_back(std::move(entry.row));
    heap_.clear();
    return;
  }
  if (run_file_ == nullptr) {
    SortMemory();
    return;
  }
  if (!rows_.empty()) WriteRun();
  disk_bytes_ = run_file_->size();
  ReduceRuns();
  merger_ = std::make_unique<Merger>(*run_file_, runs_, less_);
}

bool ExternalSorter::Next(Row& row) {
  if (merger_ != nullptr) return merger_->Next(row);
  if (next_ >= rows_.size()) return false;
  row = std::move(rows_[next_++]);
  return true;
}

}  // namespace granary::executor
