// Batch — the unit operators pass to each other: up to kBatchSize rows stored as column
// vectors. (A row's tuple id travels as the ctid column that every table scan produces.)
#pragma once

#include <cstddef>
#include <vector>

#include "types/value.hpp"

namespace granary::executor {

inline constexpr size_t kBatchSize = 1024;

using Column = std::vector<types::Value>;

struct Batch {
  std::vector<Column> columns;
  size_t row_count = 0;

  // Empties the batch, keeping `width` columns (and their capacity).
  void Reset(size_t width) {
    columns.resize(width);
    for (Column& column : columns) column.clear();
    row_count = 0;
  }
  // Appends one row given as a vector of values.
  void AppendRow(std::vector<types::Value>&& row) {
    for (size_t i = 0; i < columns.size(); ++i) columns[i].push_back(std::move(row[i]));
    ++row_count;
  }
  std::vector<types::Value> Row(size_t index) const {
    std::vector<types::Value> row;
    row.reserve(columns.size());
    for (const Column& column : columns) row.push_back(column[index]);
    return row;
  }
};

}  // namespace granary::executor
