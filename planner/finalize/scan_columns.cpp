// Scan column pruning: a walk down the plan carrying, for each node, which of its output
// columns the nodes above read; each node adds what it reads itself and hands its children
// the columns of theirs it needs.
#include "planner/finalize/scan_columns.hpp"

#include "planner/analyze/index_definition.hpp"

namespace granary::planner {
namespace {

using Needed = std::vector<bool>;

void AddReads(const BoundExpr& expr, Needed& needed) {
  expr.Walk([&](const BoundExpr& node) {
    if (node.kind != BoundKind::kColumn) return;
    if (node.index < needed.size()) {
      needed[node.index] = true;
    } else {
      needed.assign(needed.size(), true);  // not this node's layout: read everything
    }
  });
}

void AddReads(const BoundExprPtr& expr, Needed& needed) {
  if (expr) AddReads(*expr, needed);
}

Needed All(const PlanNode& node) { return Needed(node.output_types.size(), true); }

void Visit(PlanNode& node, Needed needed);

void VisitChildrenReadingAll(PlanNode& node) {
  node.join_columns.clear();
  for (PlanPtr& child : node.children) Visit(*child, All(*child));
}

// A table scan: the table's columns, then ctid (always produced).
void VisitScan(PlanNode& node, Needed needed) {
  AddReads(node.predicate, needed);
  if (node.kind == PlanKind::kIndexScan && node.index) {
    // Every fetched row's key is compared with its index entry's (executor/operators/index_scan).
    for (const IndexKey& key : node.index->keys) AddReads(key.expr, needed);
    AddReads(node.index->predicate, needed);
  }
  // The table's columns, then its system columns (the scan leaves out xmin and xmax unread).
  needed.resize(node.table.columns.size() + kTableSystemColumns, true);
  node.scan_columns = std::move(needed);
}

// A join's input is left ++ right; semi and anti joins output the left row alone.
void VisitJoin(PlanNode& node, const Needed& needed) {
  PlanNode& left = *node.children[0];
  PlanNode& right = *node.children[1];
  const size_t left_width = left.output_types.size();
  const size_t right_width = right.output_types.size();
  const bool left_only =
      node.join_type == parser::JoinType::kSemi || node.join_type == parser::JoinType::kAnti;
  if (node.output_types.size() != (left_only ? left_width : left_width + right_width)) {
    VisitChildrenReadingAll(node);
    return;
  }
  Needed both(left_width + right_width, false);
  for (size_t i = 0; i < needed.size(); ++i) both[i] = needed[i];
  AddReads(node.predicate, both);
  Needed left_needed(both.begin(), both.begin() + static_cast<std::ptrdiff_t>(left_width));
  Needed right_needed(both.begin() + static_cast<std::ptrdiff_t>(left_width), both.end());
  for (const BoundExprPtr& key : node.left_keys) AddReads(key, left_needed);
  for (const BoundExprPtr& key : node.right_keys) AddReads(key, right_needed);
  for (const BoundExprPtr& expr : node.expressions) AddReads(expr, left_needed);  // lateral
  node.join_columns = left_needed;
  node.join_columns.insert(node.join_columns.end(), right_needed.begin(), right_needed.end());
  Visit(left, std::move(left_needed));
  Visit(right, std::move(right_needed));
}

void Visit(PlanNode& node, Needed needed) {
  needed.resize(node.output_types.size(), true);
  // A one-child node whose output lines up with its input.
  auto same_layout_child = [&]() -> PlanNode* {
    if (node.children.size() != 1) return nullptr;
    PlanNode& child = *node.children[0];
    return child.output_types.size() == node.output_types.size() ? &child : nullptr;
  };
  switch (node.kind) {
    case PlanKind::kSeqScan:
    case PlanKind::kIndexScan:
    case PlanKind::kBitmapHeapScan:  // its Bitmap Index Scans read no row
      VisitScan(node, std::move(needed));
      return;
    case PlanKind::kFilter:
    case PlanKind::kLimit:
    case PlanKind::kSort:
    case PlanKind::kHash:
    case PlanKind::kResult:
    case PlanKind::kDistinct: {
      PlanNode* child = same_layout_child();
      if (child == nullptr) break;
      AddReads(node.predicate, needed);
      for (const SortKey& key : node.sort_keys) {
        if (key.column < needed.size()) needed[key.column] = true;
      }
      if (node.kind == PlanKind::kDistinct) {
        if (node.distinct_columns.empty()) needed.assign(needed.size(), true);
        for (size_t column : node.distinct_columns) {
          if (column < needed.size()) needed[column] = true;
        }
      }
      Visit(*child, std::move(needed));
      return;
    }
    case PlanKind::kProject: {
      if (node.children.size() != 1) break;
      PlanNode& child = *node.children[0];
      // Every entry is evaluated (so its errors happen); an entry that only copies a column
      // nobody reads needs nothing.
      Needed child_needed(child.output_types.size(), false);
      for (size_t i = 0; i < node.expressions.size(); ++i) {
        const BoundExpr& expr = *node.expressions[i];
        if (i < needed.size() && !needed[i] && expr.kind == BoundKind::kColumn) continue;
        AddReads(expr, child_needed);
      }
      Visit(child, std::move(child_needed));
      return;
    }
    case PlanKind::kAggregate: {
      if (node.children.size() != 1) break;
      PlanNode& child = *node.children[0];
      Needed child_needed(child.output_types.size(), false);
      for (const BoundExprPtr& key : node.group_keys) AddReads(key, child_needed);
      for (const BoundAggregate& aggregate : node.aggregates) {
        aggregate.Walk([&](const BoundExpr& expr) {
          if (expr.kind == BoundKind::kColumn) {
            if (expr.index < child_needed.size()) {
              child_needed[expr.index] = true;
            } else {
              child_needed.assign(child_needed.size(), true);
            }
          }
        });
      }
      Visit(child, std::move(child_needed));
      return;
    }
    case PlanKind::kHashJoin:
    case PlanKind::kNestedLoopJoin:
    case PlanKind::kMergeJoin:
    case PlanKind::kLateralJoin:
      if (node.children.size() != 2) break;
      VisitJoin(node, needed);
      return;
    default:
      break;
  }
  VisitChildrenReadingAll(node);
}

}  // namespace

void ComputeScanColumns(PlanNode& plan) { Visit(plan, All(plan)); }

}  // namespace granary::planner
