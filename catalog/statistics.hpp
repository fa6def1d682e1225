// Planner statistics: what ANALYZE stores in pg_statistic and the planner reads.
//
// PostgreSQL keeps per-column statistics in pg_statistic (slots of kinds MCV, histogram,
// correlation) and the table's size in pg_class.reltuples/relpages. Granary keeps both in its
// pg_statistic system table: one row per analyzed column (staattnum >= 1) and one row with
// staattnum 0 for the table (reltuples, relpages). Rows are written with the analyzing
// transaction's xid, so statistics are exactly as transactional as the rest of the catalog.
// Value lists (most common values, histogram bounds) are stored as the text form of an
// array of the column's type and parsed back when read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/table_schema.hpp"
#include "types/value.hpp"

namespace granary::catalog {

// One column's statistics (PostgreSQL's pg_stats row).
struct ColumnStatistics {
  int32_t attnum = 0;          // 1-based column number
  double null_fraction = 0;    // stanullfrac
  int32_t average_width = 0;   // stawidth, bytes
  // stadistinct: > 0 the number of distinct non-null values; < 0 minus that number divided
  // by the row count (when it grows with the table); 0 unknown.
  double distinct = 0;
  std::vector<types::Value> common_values;   // most common values, most common first
  std::vector<double> common_frequencies;    // their fractions of all rows
  std::vector<types::Value> histogram;       // equi-depth bounds of the other values
  std::optional<double> correlation;         // physical vs logical order, -1..1
};

// A table's statistics as of its last ANALYZE.
struct RelationStatistics {
  double tuples = 0;      // reltuples
  int64_t pages = 0;      // relpages
  std::vector<ColumnStatistics> columns;  // analyzed columns only, by attnum

  const ColumnStatistics* Column(size_t index) const {  // 0-based column index
    for (const ColumnStatistics& column : columns) {
      if (static_cast<size_t>(column.attnum) == index + 1) return &column;
    }
    return nullptr;
  }
};

}  // namespace granary::catalog
