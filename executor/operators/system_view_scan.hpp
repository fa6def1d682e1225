// A pg_catalog / information_schema view in FROM: its rows are computed once, when the scan
// starts, from the system tables under the statement's snapshot (catalog/system_views.hpp).
#pragma once

#include "catalog/catalog.hpp"
#include "executor/operators/operator.hpp"

namespace granary::executor {

class SystemViewScan final : public Operator {
 public:
  using Operator::Operator;
  // Raises XX000 when the statement runs without a catalog (ExecContext::catalog).
  bool Next(Batch& out) override;

 private:
  bool started_ = false;
  std::vector<catalog::CatalogRow> rows_;
  size_t next_ = 0;
};

}  // namespace granary::executor
