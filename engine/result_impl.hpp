// Result::Impl — a statement's materialised outcome.
#pragma once

#include <string>
#include <vector>

#include "granary/granary.hpp"
#include "types/value.hpp"

namespace granary {

struct Result::Impl {
  std::string command_tag;
  uint64_t affected_rows = 0;
  bool returns_rows = false;
  std::vector<ColumnInfo> columns;
  std::vector<types::Type> column_types;
  std::vector<std::vector<types::Value>> rows;
  std::vector<Error> notices;

  void SetColumns(const std::vector<std::string>& names, const std::vector<types::Type>& types);
};

}  // namespace granary
