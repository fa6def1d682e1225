// RangeTableEntries: PostgreSQL's range table size for a bound statement (EXPLAIN's rule for
// qualifying column names).
#include "planner/range_table.hpp"

#include "planner/plan.hpp"
#include "planner/relation_scans.hpp"

namespace granary::planner {
namespace {

// The relations a planned sub-select reads, for sub-selects whose bound query is not kept:
// every node that stands for a range table entry of its own.
size_t PlanEntries(const PlanNode& node) {
  size_t count = IsRelationScan(node.kind) ? 1 : 0;
  if (node.kind == PlanKind::kValues) count = node.rows.size() > 1 ? 1 : 0;
  for (const PlanPtr& child : node.children) count += PlanEntries(*child);
  return count;
}

size_t ItemEntries(const BoundFromItem& item) {
  switch (item.kind) {
    case BoundFromItem::Kind::kTable:
    case BoundFromItem::Kind::kFunction:
    case BoundFromItem::Kind::kWorkTable: return 1;
    // A system view is a view: its own entry and those of the query it expands to.
    case BoundFromItem::Kind::kSystemView: return 2;
    case BoundFromItem::Kind::kSubquery: return 1 + RangeTableEntries(*item.subquery);
    case BoundFromItem::Kind::kCte: return 1 + (item.cte->query ? RangeTableEntries(*item.cte->query) : 0);
    case BoundFromItem::Kind::kJoin: return 1 + ItemEntries(*item.left) + ItemEntries(*item.right);
  }
  return 1;
}

}  // namespace

size_t RangeTableEntries(const BoundQuery& query) {
  // Each side of a set operation is a subquery entry of its own.
  if (query.set_op != parser::SetOperation::kNone) {
    return 2 + RangeTableEntries(*query.left) + RangeTableEntries(*query.right);
  }
  size_t count = query.values_rows.size() > 1 ? 1 : 0;  // a VALUES list of one row is a Result
  for (const auto& item : query.from) count += ItemEntries(*item);
  // Sub-selects in expressions (VisitExpressions also reaches those of FROM subqueries,
  // whose entries already make the count more than one).
  query.VisitExpressions([&count](const BoundExpr& expr) {
    if (expr.kind != BoundKind::kSubquery || !expr.subquery) return;
    if (expr.subquery->query) {
      count += RangeTableEntries(*expr.subquery->query);
    } else if (expr.subquery->plan) {
      count += PlanEntries(*expr.subquery->plan);
    }
  });
  return count;
}

size_t RangeTableEntries(const BoundInsert& insert) {
  if (!insert.source) return 1;
  const BoundQuery& source = *insert.source;
  const bool single_row = source.set_op == parser::SetOperation::kNone && source.from.empty() &&
                          source.values_rows.size() <= 1;
  return 1 + (single_row ? RangeTableEntries(source) : 1 + RangeTableEntries(source));
}

// UPDATE's and DELETE's source queries read the target table as their first FROM item.
size_t RangeTableEntries(const BoundUpdate& update) {
  return update.source ? RangeTableEntries(*update.source) : 1;
}

size_t RangeTableEntries(const BoundDelete& remove) {
  return remove.source ? RangeTableEntries(*remove.source) : 1;
}

}  // namespace granary::planner
