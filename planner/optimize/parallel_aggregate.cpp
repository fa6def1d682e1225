// Parallel aggregation over a sequential scan (see parallel_aggregate.hpp).
#include "planner/optimize/parallel_aggregate.hpp"

#include <algorithm>
#include <cmath>

#include "catalog/catalog_functions.hpp"
#include "catalog/search_path.hpp"
#include "planner/optimize/cost_model.hpp"
#include "planner/optimize/cost_parameters.hpp"
#include "types/functions/aggregate_functions.hpp"

namespace granary::planner {
namespace {

// Estimated bytes of one group in a partial hash table (as the executor's Aggregate charges
// it: the group, its key twice, a state per aggregate).
constexpr double kGroupOverheadBytes = 160;
constexpr double kStateBytes = 64;

// Whether every participant can evaluate `expr` on its own thread and get what the leader
// would (PostgreSQL's max_parallel_hazard: nothing parallel-restricted or unsafe).
bool ParallelSafe(const BoundExpr& expr) {
  bool safe = true;
  expr.Walk([&](const BoundExpr& node) {
    switch (node.kind) {
      case BoundKind::kCatalogCall: {
        // pg_sleep & co. only wait, polling the statement's cancel flag and deadline
        // (parallel safe in PostgreSQL); the others read the session or its catalog.
        const auto function = static_cast<catalog::CatalogFunction>(node.index);
        if (function != catalog::CatalogFunction::kSleep && function != catalog::CatalogFunction::kSleepFor &&
            function != catalog::CatalogFunction::kSleepUntil) {
          safe = false;
        }
        break;
      }
      case BoundKind::kSubquery:
      case BoundKind::kOuterRef:
      case BoundKind::kSequenceCall:
      case BoundKind::kRoutineCall:
      case BoundKind::kSetFunction:
      case BoundKind::kAggregateRef:
      case BoundKind::kWindowRef:
      case BoundKind::kGroupingRef:
        safe = false;
        break;
      case BoundKind::kCall:
        if (node.name == "random" || node.name == "setseed") safe = false;
        break;
      default:
        break;
    }
  });
  return safe;
}

bool ParallelSafe(const BoundExprPtr& expr) { return expr == nullptr || ParallelSafe(*expr); }

// The aggregate's own conditions: every state combines, no grouping sets, safe expressions.
bool CanSplit(const PlanNode& aggregate) {
  if (aggregate.aggregate_split != AggregateSplit::kSimple || !aggregate.grouping_sets.empty() ||
      !aggregate.grouping_calls.empty()) {
    return false;
  }
  for (const BoundAggregate& call : aggregate.aggregates) {
    if (call.distinct || !call.order_by.empty() || !call.direct_args.empty() || call.delimiter ||
        !types::CanCombine(call.signature) || !ParallelSafe(call.argument) || !ParallelSafe(call.filter)) {
      return false;
    }
  }
  for (const BoundExprPtr& key : aggregate.group_keys) {
    if (!ParallelSafe(*key)) return false;
  }
  return true;
}

bool CanScanInParallel(const PlanNode& scan) {
  return scan.kind == PlanKind::kSeqScan && !scan.parallel_aware && !scan.sample &&
         !catalog::IsTempSchemaName(scan.table.schema_name) && ParallelSafe(scan.predicate);
}

// get_parallel_divisor: the workers, plus the leader's share of the work (it also reads the
// workers' rows, less so the more workers there are).
double ParallelDivisor(int workers) {
  double divisor = workers;
  const double leader = 1.0 - 0.3 * workers;
  if (leader > 0) divisor += leader;
  return divisor;
}

PlanPtr CopyAggregateShape(const PlanNode& aggregate) {
  auto copy = std::make_unique<PlanNode>();
  copy->kind = PlanKind::kAggregate;
  copy->output_types = aggregate.output_types;
  copy->output_names = aggregate.output_names;
  for (const BoundExprPtr& key : aggregate.group_keys) copy->group_keys.push_back(key->Clone());
  for (const BoundAggregate& call : aggregate.aggregates) copy->aggregates.push_back(call.Clone());
  return copy;
}

// The parallel form of `aggregate` (over its scan, which it takes), costed, with `workers`.
PlanPtr SplitAggregate(PlanNode& aggregate, int workers) {
  const CostParameters& p = CurrentCostParameters();
  const double divisor = ParallelDivisor(workers);
  PlanPtr scan = std::move(aggregate.children[0]);
  const PlanEstimate serial_scan = scan->estimate;

  // cost_seqscan with a parallel divisor: the CPU work and the rows are shared, the disk
  // reads are not.
  scan->parallel_aware = true;
  const double disk = p.seq_page_cost * scan->table_pages;
  scan->estimate.total_cost = disk + std::max(0.0, serial_scan.total_cost - disk) / divisor;
  scan->estimate.rows = ClampRows(serial_scan.rows / divisor);

  PlanPtr partial = CopyAggregateShape(aggregate);
  partial->aggregate_split = AggregateSplit::kPartial;
  partial->children.push_back(std::move(scan));
  EstimatePlan(*partial);

  auto gather = std::make_unique<PlanNode>();
  gather->kind = PlanKind::kGather;
  gather->workers_planned = workers;
  gather->output_types = partial->output_types;
  gather->output_names = partial->output_names;
  PlanEstimate& g = gather->estimate;
  g.rows = ClampRows(partial->estimate.rows * divisor);
  g.width = partial->estimate.width;
  g.column_distinct = partial->estimate.column_distinct;
  g.column_widths = partial->estimate.column_widths;
  g.startup_cost = partial->estimate.startup_cost + p.parallel_setup_cost;
  g.total_cost = partial->estimate.total_cost + p.parallel_setup_cost + p.parallel_tuple_cost * g.rows;
  g.done = true;
  gather->children.push_back(std::move(partial));

  PlanPtr finalize = CopyAggregateShape(aggregate);
  finalize->aggregate_split = AggregateSplit::kFinalize;
  PlanEstimate& f = finalize->estimate;
  f.rows = aggregate.estimate.rows;
  f.width = aggregate.estimate.width;
  f.column_distinct = aggregate.estimate.column_distinct;
  f.column_widths = aggregate.estimate.column_widths;
  const double combine = p.cpu_operator_cost *
                         static_cast<double>(aggregate.aggregates.size() + aggregate.group_keys.size()) * g.rows;
  f.startup_cost = g.total_cost + combine;
  if (!aggregate.group_keys.empty() && !p.enable_hashagg) f.startup_cost += kDisableCost;
  f.total_cost = f.startup_cost + p.cpu_tuple_cost * f.rows;
  f.done = true;
  finalize->children.push_back(std::move(gather));
  return finalize;
}

// The serial aggregate back over its scan, after SplitAggregate took it (a plan not chosen).
void Restore(PlanNode& aggregate, PlanPtr& parallel, const PlanEstimate& scan_estimate) {
  PlanPtr& scan = parallel->children[0]->children[0]->children[0];
  scan->parallel_aware = false;
  scan->estimate = scan_estimate;
  aggregate.children[0] = std::move(scan);
}

}  // namespace

int ParallelWorkers(double pages) {
  const CostParameters& p = CurrentCostParameters();
  if (p.max_parallel_workers_per_gather <= 0 || pages < p.min_parallel_table_scan_size) return 0;
  double threshold = std::max(p.min_parallel_table_scan_size, 1.0);
  int workers = 1;
  while (pages >= threshold * 3 && workers < p.max_parallel_workers_per_gather) {
    ++workers;
    threshold *= 3;
  }
  return std::min(workers, p.max_parallel_workers_per_gather);
}

void UseParallelAggregate(PlanPtr& plan) {
  // Down the single-input nodes a SELECT puts above its grouping.
  std::vector<PlanNode*> above;
  PlanPtr* slot = &plan;
  while ((*slot)->kind != PlanKind::kAggregate) {
    const PlanKind kind = (*slot)->kind;
    const bool passes = kind == PlanKind::kProject || kind == PlanKind::kFilter || kind == PlanKind::kSort ||
                        kind == PlanKind::kLimit || kind == PlanKind::kDistinct;
    if (!passes || (*slot)->children.size() != 1) return;
    above.push_back(slot->get());
    slot = &(*slot)->children[0];
  }
  PlanNode& aggregate = **slot;
  if (!CanSplit(aggregate) || aggregate.children.size() != 1 || !CanScanInParallel(*aggregate.children[0])) return;
  const int workers = ParallelWorkers(aggregate.children[0]->table_pages);
  if (workers == 0) return;

  const CostParameters& p = CurrentCostParameters();
  const PlanEstimate scan_estimate = aggregate.children[0]->estimate;
  PlanPtr parallel = SplitAggregate(aggregate, workers);
  const PlanNode& partial = *parallel->children[0]->children[0];
  const double group_bytes = kGroupOverheadBytes + 2 * (partial.estimate.width + 16) +
                             kStateBytes * static_cast<double>(aggregate.aggregates.size());
  const bool fits = aggregate.group_keys.empty() || partial.estimate.rows * group_bytes <= p.hash_mem_bytes;
  if (!fits || parallel->estimate.total_cost >= aggregate.estimate.total_cost) {
    Restore(aggregate, parallel, scan_estimate);
    return;
  }
  *slot = std::move(parallel);
  for (PlanNode* node : above) node->estimate.done = false;
  EstimatePlan(*plan);
}

}  // namespace granary::planner
