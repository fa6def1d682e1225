// The names of PostgreSQL's system columns, which no table column may take (heap.c's
// SystemAttributeByName): ctid, xmin, cmin, xmax, cmax and tableoid. Granary's scans return
// ctid, xmin and xmax (planner::kTableSystemColumns); the others are reserved all the same, so
// that tables move between Granary and PostgreSQL unchanged.
#pragma once

#include <string>
#include <string_view>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::catalog {

inline bool IsSystemColumnName(std::string_view name) {
  return name == "ctid" || name == "xmin" || name == "cmin" || name == "xmax" || name == "cmax" ||
         name == "tableoid";
}

// 42701 `column name "xmin" conflicts with a system column name` (CREATE TABLE, CREATE TABLE
// AS, ALTER TABLE ... ADD COLUMN and RENAME COLUMN, as PostgreSQL's CheckAttributeNamesTypes
// and check_for_column_name_collision).
inline void CheckNotSystemColumnName(const std::string& name) {
  if (!IsSystemColumnName(name)) return;
  throw Error(sqlstate::kDuplicateColumn, "column name \"" + name + "\" conflicts with a system column name");
}

}  // namespace granary::catalog
