// A result set as the printers see it: column headers, alignment and text cells.
//
// The printers work on this plain value rather than on granary::Result so that their
// byte-exact psql formats can be tested without an engine (see result_table.hpp for the
// conversion). Thread-safety: a value type.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace granary::tools {

struct TableColumn {
  std::string name;
  bool right_aligned = false;  // numeric types are right-aligned, everything else left
};

struct Table {
  std::vector<TableColumn> columns;
  // rows[r][c]; std::nullopt is SQL NULL (printed as the empty string, psql's default).
  std::vector<std::vector<std::optional<std::string>>> rows;
};

// psql's default "aligned" format with border 1: centered headers, a "-+-" rule, numeric
// columns right-aligned, continuation marks for values with newlines, "(N rows)" footer and
// an empty line after it. Returns the exact bytes psql would print.
std::string FormatAligned(const Table& table);

// psql --csv: a header line, then RFC 4180 rows; fields quoted only when needed; NULL empty.
std::string FormatCsv(const Table& table);

}  // namespace granary::tools
