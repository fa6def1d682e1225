// The cost model: PostgreSQL's costsize.c in its essentials, in its units (a sequential page
// read is 1.0) and with its parameters (cost_parameters.hpp).
//
// Scans are costed when they are chosen (a sequential scan against each usable index);
// EstimatePlan then fills in every other node bottom-up: rows from the children and the
// selectivity estimates (selectivity.hpp), costs by PostgreSQL's formulas for the node
// kinds Granary has.
#pragma once

#include "planner/optimize/selectivity.hpp"
#include "planner/plan.hpp"

namespace granary::planner {

// cost_qual_eval's count: the operators and functions an expression evaluates per row.
double OperatorCount(const BoundExpr& expr);

// cost_seqscan for `scan` (its predicate set) over `relation`; fills scan.estimate.
void CostSeqScan(PlanNode& scan, const RelationEstimate& relation);

// What an index scan would cost (cost_index with btcostestimate and the Mackert-Lohman page
// estimate), given the selectivity of the conditions the index applies, the number of them,
// the index's size in pages and the correlation of its first column (0: unknown). With
// `loop_count` > 1 the scan is repeated (the inner side of a nested loop) and the pages it
// reads are shared among the repetitions, as cost_index's loop_count: the cost of one scan.
struct IndexScanCost {
  double startup = 0;
  double total = 0;
};
IndexScanCost CostIndexScan(const RelationEstimate& relation, double index_selectivity, double index_conditions,
                            double other_conditions, double index_pages, double correlation,
                            double loop_count = 1, double probes = 1);

// The index side of CostIndexScan alone: descending the index and reading its entries in
// range (a Bitmap Index Scan's cost). `probes`: the descents an IN list's values make
// (PostgreSQL's num_sa_scans).
IndexScanCost CostIndexEntries(const RelationEstimate& relation, double index_selectivity, double index_conditions,
                               double index_pages, double loop_count = 1, double probes = 1);

// cost_bitmap_tree_node: an index's entries gathered into a bitmap, `entry_rows` of them.
double BitmapEntriesCost(const IndexScanCost& entries, double entry_rows);

// cost_bitmap_heap_scan: a bitmap that costs `bitmap_cost` to build and selects `selectivity`
// of the table's rows, which are then read page by page in heap order and each checked
// against the whole predicate (`predicate_operators`). enable_bitmapscan off adds
// disable_cost.
IndexScanCost CostBitmapHeapScan(const RelationEstimate& relation, double bitmap_cost, double selectivity,
                                 double predicate_operators);

// Fills the estimate of `node` and of every node below it not estimated yet.
void EstimatePlan(PlanNode& node);

}  // namespace granary::planner
