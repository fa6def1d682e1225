#include "executor/operators/work_table_scan.hpp"

#include "common/sqlstate.hpp"
#include "executor/operators/cte_scan.hpp"
#include "granary/error.hpp"

namespace granary::executor {

bool WorkTableScan::Next(Batch& out) {
  if (!rows_) {
    auto found = context_.ctes->work_tables.find(plan_.work_table);
    if (found == context_.ctes->work_tables.end()) {
      throw Error(sqlstate::kInternalError, "work table scan outside its recursive union");
    }
    rows_ = found->second;
  }
  return NextBufferedBatch(*rows_, next_batch_, out);
}

}  // namespace granary::executor
