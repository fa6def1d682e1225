#include "executor/operators/sort.hpp"

#include "executor/instrumentation.hpp"
#include "types/value_ops.hpp"

namespace granary::executor {

void Sort::Consume() {
  const std::vector<planner::SortKey>& keys = plan_.sort_keys;
  sorter_ = std::make_unique<ExternalSorter>(
      context_.temp_files.get(), context_.work_mem_bytes, [&keys](const ExternalSorter::Row& a, const ExternalSorter::Row& b) {
        for (const planner::SortKey& key : keys) {
          const types::Value& x = a[key.column];
          const types::Value& y = b[key.column];
          if (x.is_null() || y.is_null()) {
            if (x.is_null() == y.is_null()) continue;
            return x.is_null() == key.nulls_first;
          }
          const int order = types::Compare(x, y, key.collation);
          if (order != 0) return key.descending ? order > 0 : order < 0;
        }
        return false;
      },
      [this] { context_.CheckForCancel(); });
  if (bound_ > 0) sorter_->SetBound(bound_);
  Batch batch;
  while (child_->Next(batch)) {
    context_.CheckForCancel();
    for (size_t row = 0; row < batch.row_count; ++row) {
      ExternalSorter::Row values;
      values.reserve(width());
      for (size_t c = 0; c < width(); ++c) values.push_back(std::move(batch.columns[c][row]));
      sorter_->Add(std::move(values));
    }
  }
  sorter_->Finish();
  std::string method;
  if (sorter_->spilled()) {
    method = "external merge  Disk: " + Kilobytes(sorter_->disk_bytes());
  } else {
    method = std::string(sorter_->bounded() ? "top-N heapsort" : "quicksort") +
             "  Memory: " + Kilobytes(sorter_->peak_memory_bytes());
  }
  RecordNodeDetails(context_, plan_, {"Sort Method: " + method});
}

bool Sort::Next(Batch& out) {
  if (sorter_ == nullptr) Consume();
  out.Reset(width());
  while (out.row_count < kBatchSize && sorter_->Next(row_)) out.AppendRow(std::move(row_));
  return out.row_count > 0;
}

}  // namespace granary::executor
