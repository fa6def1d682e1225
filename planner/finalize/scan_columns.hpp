// Which table columns each scan of a finished plan must decode (PostgreSQL builds a scan's
// target list in setrefs.c / use_physical_tlist for the same purpose): a column that no
// expression above the scan reads, nor the scan's own filter, is skipped while decoding and
// reaches the operators above as a NULL they never look at.
#pragma once

#include "planner/plan.hpp"

namespace granary::planner {

// Sets `scan_columns` of every kSeqScan and kIndexScan in `plan`, whose output columns are all
// taken to be read by its consumer. Node kinds whose reads it does not model keep every column
// of their inputs. Safe to run again on a plan that became a subtree of a larger one.
void ComputeScanColumns(PlanNode& plan);

}  // namespace granary::planner
