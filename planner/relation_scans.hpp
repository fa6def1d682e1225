// The plan nodes that scan one relation of their own: each stands for one range table entry
// (range_table.cpp) and may show a Filter node above it as its own "Filter:" line
// (explain.cpp), as PostgreSQL's scan nodes carry their quals.
#pragma once

#include "planner/plan.hpp"

namespace granary::planner {

inline bool IsRelationScan(PlanKind kind) {
  switch (kind) {
    case PlanKind::kSeqScan:
    case PlanKind::kIndexScan:
    case PlanKind::kBitmapHeapScan:
    case PlanKind::kFunctionScan:
    case PlanKind::kSystemViewScan:
    case PlanKind::kCteScan:
    case PlanKind::kWorkTableScan: return true;
    default: return false;
  }
}

}  // namespace granary::planner
