// State shared by the binders while one statement is analysed.
#pragma once

#include <string_view>
#include <vector>

#include "catalog/catalog.hpp"
#include "granary/error.hpp"
#include "storage/txn/transaction_manager.hpp"
#include "types/type.hpp"

namespace granary::planner {

struct AnalyzeContext {
  catalog::Catalog& catalog;
  const storage::Snapshot& snapshot;
  std::string_view sql;                 // the statement text, for error positions
  std::vector<types::Type>& param_types;  // $n types: given by the caller or inferred here

  // An error pointing at byte `location` of the statement (no position when < 0).
  Error ErrorAt(std::string_view sqlstate, std::string message, int location) const;
};

}  // namespace granary::planner
