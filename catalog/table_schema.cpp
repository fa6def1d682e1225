// TableSchema helpers.
#include "catalog/table_schema.hpp"

namespace granary::catalog {

std::optional<size_t> TableSchema::ColumnIndex(std::string_view column_name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == column_name) return i;
  }
  return std::nullopt;
}

std::vector<types::Type> TableSchema::ColumnTypes() const {
  std::vector<types::Type> result;
  result.reserve(columns.size());
  for (const ColumnSchema& column : columns) result.push_back(column.type);
  return result;
}

}  // namespace granary::catalog
