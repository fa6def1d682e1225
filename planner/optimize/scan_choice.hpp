// The scan of one table: a sequential scan or an index scan, whichever costs less
// (PostgreSQL's cost_seqscan against cost_index for each usable index).
#pragma once

#include <string>

#include "catalog/table_schema.hpp"
#include "planner/plan.hpp"
#include "planner/query.hpp"

namespace granary::planner {

// A sequential scan of `table` (output: its columns, then ctid), named `alias` in EXPLAIN.
PlanPtr MakeScan(const catalog::TableSchema& table, const std::string& alias);

// Chooses between a sequential scan and an index scan by cost (PostgreSQL's cost_seqscan and
// cost_index) and makes `scan` (a kSeqScan of `item` with its predicate set) the cheaper. An
// index can serve the scan when the predicate constrains its leading keys: equalities on the
// first keys, then alternatives (IN) or at most a range on the next one. The whole predicate
// stays on the scan and is rechecked for every row. Fills scan.estimate's costs.
void ChooseIndex(PlanNode& scan, const BoundFromItem& item);

}  // namespace granary::planner
