// The planner's cost constants (PostgreSQL's planner GUCs), set per statement by the engine
// from the session's settings.
//
// The optimizer reads them through CurrentCostParameters(); CostParametersScope installs a
// statement's values for the calling thread while it plans (planning runs on the thread of
// the session's statement, and subqueries are planned inside it).
#pragma once

namespace granary::planner {

struct CostParameters {
  double seq_page_cost = 1.0;
  double random_page_cost = 4.0;
  double cpu_tuple_cost = 0.01;
  double cpu_index_tuple_cost = 0.005;
  double cpu_operator_cost = 0.0025;
  double effective_cache_size = 524288;  // pages (4GB)
  bool enable_seqscan = true;
  bool enable_indexscan = true;
  bool enable_hashjoin = true;
  bool enable_nestloop = true;
  bool enable_sort = true;
  bool enable_mergejoin = true;
  // Hashed aggregation is Granary's only aggregation (no GroupAggregate yet), so a disabled
  // enable_hashagg only adds disable_cost to it; likewise there is no index-only scan, bitmap
  // scan or Materialize node for the other three to remove.
  bool enable_hashagg = true;
  bool enable_material = true;
  bool enable_indexonlyscan = true;
  bool enable_bitmapscan = true;
  // PostgreSQL's join_collapse_limit / from_collapse_limit: the join search's list sizes
  // (optimize/join_search.hpp).
  int join_collapse_limit = 8;
  int from_collapse_limit = 8;
  // Parallel query (optimize/parallel_aggregate.hpp), PostgreSQL's settings: the workers a
  // Gather may plan (0: no parallel plans), the cost of starting them and of passing a row
  // to the leader, and the smallest table (in 8 KiB blocks) a parallel scan is planned for.
  int max_parallel_workers_per_gather = 2;
  double parallel_setup_cost = 1000;
  double parallel_tuple_cost = 0.1;
  double min_parallel_table_scan_size = 1024;
  // work_mem * hash_mem_multiplier in bytes: a parallel plan's partial hash aggregation does
  // not spill, so it is planned only for groups estimated to fit.
  double hash_mem_bytes = 8.0 * 1024 * 1024;
};

// PostgreSQL's geqo_threshold: lists of this many relations or more are joined by the
// greedy search instead of dynamic programming (optimize/join_search.hpp).
inline constexpr int kGreedyThreshold = 12;

// PostgreSQL's disable_cost: added to a path a disabled enable_* setting forbids.
inline constexpr double kDisableCost = 1.0e10;

const CostParameters& CurrentCostParameters();

// Installs `parameters` for the calling thread until destroyed (nests).
class CostParametersScope {
 public:
  explicit CostParametersScope(const CostParameters& parameters);
  ~CostParametersScope();
  CostParametersScope(const CostParametersScope&) = delete;
  CostParametersScope& operator=(const CostParametersScope&) = delete;

 private:
  const CostParameters* previous_;
};

}  // namespace granary::planner
