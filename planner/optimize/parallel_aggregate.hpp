// Parallel aggregation over a sequential scan (PostgreSQL's partial aggregation under a
// Gather, create_partial_grouping_paths), for the plan shape that matters: an aggregate,
// plain or grouped, directly over a (filtered) sequential scan of one table, at the top of a
// SELECT (under its HAVING filter, projection, sort and limit).
//
//   Finalize Aggregate             combines the participants' groups and finishes them
//     ->  Gather                   runs the part below in the leader and `workers` threads
//           Workers Planned: 2
//           ->  Partial Aggregate  one participant's groups, over its share of the rows
//                 ->  Parallel Seq Scan on t   blocks handed out in chunks (ParallelBlocks)
//
// Grouped, PostgreSQL sorts the partial groups and merges them (Finalize GroupAggregate over
// Gather Merge); Granary has hash aggregation only, so it prints Finalize HashAggregate over
// Gather over Partial HashAggregate and costs that.
//
// Chosen when it is cheaper by PostgreSQL's costs: the scan's CPU work divided among the
// participants (its parallel divisor: workers plus the leader's share, 1 - 0.3 * workers),
// plus parallel_setup_cost and parallel_tuple_cost per partial group passed up. Workers
// from the table's size as compute_parallel_worker: none below min_parallel_table_scan_size,
// one more each time the table is three times larger, at most
// max_parallel_workers_per_gather (0: never).
//
// Only where every participant computes what the serial plan would:
// - no grouping sets, and every aggregate's state combines (types::CanCombine: count, sum,
//   avg, min, max, bool_and, bool_or) without DISTINCT, ORDER BY or WITHIN GROUP;
// - only parallel-safe expressions in the scan filter, keys, arguments and FILTERs: no
//   sub-selects or outer references (their results live in the leader's context), no
//   sequence or catalog calls (they use the session), no random()/setseed()
//   (parallel-restricted in PostgreSQL: the seed is the session's);
// - not a temporary table (its pages are the session's, as PostgreSQL's local buffers).
// Hash aggregation in the participants does not spill (docs/architecture.md, "Parallel
// aggregation"): the plan is chosen only when the estimated groups fit in hash memory.
#pragma once

#include "planner/plan.hpp"

namespace granary::planner {

// Replaces the aggregate under `plan`'s top nodes by its parallel form when the shape fits
// and it is cheaper; re-estimates the nodes above it. Reads CurrentCostParameters().
void UseParallelAggregate(PlanPtr& plan);

// compute_parallel_worker for a table of `pages` blocks (0: no parallel scan).
int ParallelWorkers(double pages);

}  // namespace granary::planner
