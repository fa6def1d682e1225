// The one switch over plan kinds: it only constructs operators.
#include "common/sqlstate.hpp"
#include "executor/instrumentation.hpp"
#include "granary/error.hpp"
#include "executor/operators/aggregate.hpp"
#include "executor/operators/bitmap_heap_scan.hpp"
#include "executor/operators/cte_scan.hpp"
#include "executor/operators/distinct.hpp"
#include "executor/operators/filter.hpp"
#include "executor/operators/function_scan.hpp"
#include "executor/operators/system_view_scan.hpp"
#include "executor/operators/hash.hpp"
#include "executor/operators/hash_join.hpp"
#include "executor/operators/index_scan.hpp"
#include "executor/operators/lateral_join.hpp"
#include "executor/operators/limit.hpp"
#include "executor/operators/lock_rows.hpp"
#include "executor/operators/merge_join.hpp"
#include "executor/operators/modify_table.hpp"
#include "executor/operators/modifying_ctes.hpp"
#include "executor/operators/nested_loop_join.hpp"
#include "executor/operators/project.hpp"
#include "executor/operators/recheck_scan.hpp"
#include "executor/operators/recursive_union.hpp"
#include "executor/operators/result.hpp"
#include "executor/operators/seq_scan.hpp"
#include "executor/operators/set_operation.hpp"
#include "executor/operators/sort.hpp"
#include "executor/operators/values.hpp"
#include "executor/operators/window.hpp"
#include "executor/operators/work_table_scan.hpp"

namespace granary::executor {
namespace {

OperatorPtr BuildPlanOperator(const planner::PlanNode& plan, ExecContext& context) {
  using planner::PlanKind;
  auto child = [&](size_t index) { return BuildOperator(*plan.children[index], context); };
  if (context.recheck.scan == &plan) return std::make_unique<RecheckScan>(plan, context);
  switch (plan.kind) {
    case PlanKind::kSeqScan: return std::make_unique<SeqScan>(plan, context);
    case PlanKind::kIndexScan: return std::make_unique<IndexScan>(plan, context);
    case PlanKind::kBitmapHeapScan: return std::make_unique<BitmapHeapScan>(plan, context);
    // A bitmap heap scan reads its BitmapOr and Bitmap Index Scans itself.
    case PlanKind::kBitmapOr:
    case PlanKind::kBitmapIndexScan:
      throw Error(sqlstate::kInternalError, "bitmap index scan outside a bitmap heap scan");
    case PlanKind::kValues: return std::make_unique<Values>(plan, context);
    case PlanKind::kFunctionScan: return std::make_unique<FunctionScan>(plan, context);
    case PlanKind::kSystemViewScan: return std::make_unique<SystemViewScan>(plan, context);
    case PlanKind::kFilter: return std::make_unique<Filter>(plan, context, child(0));
    case PlanKind::kProject: return std::make_unique<Project>(plan, context, child(0));
    case PlanKind::kNestedLoopJoin:
      return std::make_unique<NestedLoopJoin>(plan, context, child(0), child(1));
    case PlanKind::kHashJoin: return std::make_unique<HashJoin>(plan, context, child(0), child(1));
    case PlanKind::kMergeJoin: return std::make_unique<MergeJoin>(plan, context, child(0), child(1));
    // children[1] is built for each left row (LateralJoin::StartInner).
    case PlanKind::kLateralJoin: return std::make_unique<LateralJoin>(plan, context, child(0));
    case PlanKind::kAggregate:
      // A Finalize Aggregate runs its Gather itself (operators/gather.hpp).
      if (plan.aggregate_split == planner::AggregateSplit::kFinalize) {
        return std::make_unique<Aggregate>(plan, context, nullptr);
      }
      return std::make_unique<Aggregate>(plan, context, child(0));
    case PlanKind::kGather:
      throw Error(sqlstate::kInternalError, "Gather outside a Finalize Aggregate");
    case PlanKind::kHash: return std::make_unique<Hash>(plan, context, child(0));
    case PlanKind::kResult:
      return std::make_unique<Result>(plan, context, plan.children.empty() ? nullptr : child(0));
    case PlanKind::kSort: return std::make_unique<Sort>(plan, context, child(0));
    case PlanKind::kWindow: return std::make_unique<Window>(plan, context, child(0));
    case PlanKind::kLimit: return std::make_unique<Limit>(plan, context, child(0));
    case PlanKind::kLockRows: return std::make_unique<LockRows>(plan, context, child(0));
    case PlanKind::kDistinct: return std::make_unique<Distinct>(plan, context, child(0));
    case PlanKind::kSetOperation:
      return std::make_unique<SetOperation>(plan, context, child(0), child(1));
    case PlanKind::kCteScan: return std::make_unique<CteScan>(plan, context);
    case PlanKind::kRecursiveUnion: return std::make_unique<RecursiveUnion>(plan, context);
    case PlanKind::kWorkTableScan: return std::make_unique<WorkTableScan>(plan, context);
    case PlanKind::kModifyingCtes: return std::make_unique<ModifyingCtes>(plan, context, child(0));
    case PlanKind::kInsert: return std::make_unique<InsertRows>(plan, context, child(0));
    case PlanKind::kUpdate: return std::make_unique<UpdateRows>(plan, context, child(0));
    case PlanKind::kDelete: return std::make_unique<DeleteRows>(plan, context, child(0));
  }
  return nullptr;
}

}  // namespace

OperatorPtr BuildOperator(const planner::PlanNode& plan, ExecContext& context) {
  OperatorPtr op = BuildPlanOperator(plan, context);
  if (context.instrumentation == nullptr || !op) return op;
  return std::make_unique<InstrumentedOperator>(plan, context, std::move(op), *context.instrumentation);
}

}  // namespace granary::executor
