// Join methods: building and costing one join of two inputs, as PostgreSQL's
// add_paths_to_joinrel considers them (joinpath.c): hash join, merge join (inputs sorted on
// the keys unless an index scan already delivers them in order), nested loop, and nested
// loop over a parameterized index scan of the inner table (the outer row's key value probes
// the index: PostgreSQL's parameterized path). The cost model (cost_model.hpp) prices each;
// ChooseJoin keeps the cheapest, trying each input as the outer one.
#pragma once

#include <vector>

#include "planner/optimize/selectivity.hpp"
#include "planner/plan.hpp"
#include "planner/query.hpp"

namespace granary::planner {

enum class JoinMethod { kHash, kMerge, kNestLoop, kIndexNestLoop };

// One input of a join: its estimated plan and, when the plan is the bare scan of a table in
// FROM, that item (so a parameterized index scan may replace the scan).
struct JoinInput {
  const PlanNode* plan = nullptr;
  const BoundFromItem* table = nullptr;
};

struct JoinChoice {
  JoinMethod method = JoinMethod::kNestLoop;
  bool swapped = false;   // the right input is the outer one (LEFT and RIGHT exchanged)
  PlanEstimate estimate;  // of the join node
};

// The cheapest way to join `left` and `right` with `conditions` (over left ++ right; every
// one belongs to the join: its ON clause, or the WHERE conjuncts that first have all their
// columns here). `type` is kInner, kLeft, kRight or kFull; either input may become the outer
// one (a LEFT join with swapped inputs is a RIGHT join). For kSemi and kAnti (semi_join.hpp)
// `right` is the inner input and stays so; the join's output is the left row alone.
// With `keep_outer_order`, only the joins that return their rows in the order of `left` as
// the outer input are considered (nested loops, plain or over a parameterized index scan:
// PostgreSQL's nested loop keeps its outer path's pathkeys); `estimate.total_cost` is
// infinite when none can do the join.
JoinChoice ChooseJoin(parser::JoinType type, const JoinInput& left, const JoinInput& right,
                      const std::vector<const BoundExpr*>& conditions, bool keep_outer_order = false);

// The join of `outer` and `inner` by `method` (conditions over outer ++ inner), estimated;
// null when the method cannot do this join (no equality for hash or merge join, no usable
// index for the index nested loop, a RIGHT or FULL nested loop while a hash or merge join
// could do it). `outer_table`, `inner_table`: the input's table item when it is a bare scan
// (a merge join may then read it in order through an index, an index nested loop probe it).
PlanPtr MakeJoin(parser::JoinType type, JoinMethod method, PlanPtr outer, PlanPtr inner,
                 std::vector<BoundExprPtr> conditions, const BoundFromItem* outer_table,
                 const BoundFromItem* inner_table);

// LEFT <-> RIGHT; others unchanged.
parser::JoinType MirroredJoin(parser::JoinType type);

// The table of a FROM item as the cost model sees it (unique single-column indexes mark
// their column distinct).
RelationEstimate EstimateItem(const BoundFromItem& item);

}  // namespace granary::planner
