// Pulling EXISTS / IN / NOT EXISTS up into semi and anti joins, after PostgreSQL's
// convert_EXISTS_sublink_to_join and convert_ANY_sublink_to_join (optimizer/plan/subselect.c).
//
// A WHERE conjunct (or one of the ON clause of an inner JOIN that the query's top-level join
// list flattens, where it means the same) `EXISTS (sub-select)`, `NOT EXISTS (sub-select)` or `x IN (sub-select)` /
// `x = ANY (sub-select)` is planned as a join of the query's FROM (the outer side) with the
// sub-select (the inner side) instead of a subquery run per row:
//   - EXISTS becomes a semi join, NOT EXISTS an anti join. The sub-select must read the
//     enclosing row, only in its WHERE clause, without volatile calls there; it must be a
//     plain SELECT (no aggregates, windows, set operations, LIMIT/OFFSET, FOR UPDATE,
//     set-returning targets, WITH references, LATERAL items). Its WHERE conjuncts that read
//     the enclosing row become the join's conditions (an enclosing value read through
//     kOuterRef is replaced by the expression that supplied it), the others filter its FROM,
//     which is the inner input (its columns in FROM order). Its select list is not used.
//   - `x IN (...)` becomes a semi join on `x = value` when the sub-select reads nothing of
//     the enclosing row and x reads the query's columns without volatile calls; the whole
//     sub-select, planned on its own, is the inner input. The comparison must be on one
//     type (x's type is the one compared; a cross-type `=` stays a subquery). A row
//     `(a, b) IN (...)` becomes a semi join on the pairs' comparisons (a = x AND b = y).
// NOT IN is never converted: `x NOT IN (...)` is NULL, not true, when the sub-select yields
// a NULL, which no anti join can express (PostgreSQL keeps it a SubPlan too). Neither is a
// sublink under OR, in an outer join's ON clause, in the select list, in a query without
// FROM, or (for now) in the ON clause of an inner JOIN nested in an outer join.
//
// Both joins emit each outer row at most once whatever number of partners it has, and a
// NULL in a condition matches nothing, so the result is that of the subquery in WHERE
// (where NULL and false both drop the row).
#pragma once

#include <optional>
#include <vector>

#include "planner/bound_expr.hpp"
#include "planner/query.hpp"

namespace granary::planner {

struct SublinkPullUp {
  parser::JoinType type = parser::JoinType::kSemi;  // kSemi or kAnti
  const BoundQuery* query = nullptr;                // the sub-select (owned by the conjunct)
  // IN: the inner input is the whole sub-select's plan (one column). EXISTS: it is the
  // sub-select's FROM filtered by `inner_conditions` (over its FROM layout).
  bool whole_query = false;
  std::vector<BoundExprPtr> inner_conditions;
  // Over the outer layout (columns 0 .. outer_width - 1) followed by the inner input's.
  std::vector<BoundExprPtr> join_conditions;
};

// The semi or anti join `conjunct` (a WHERE conjunct over a layout of `outer_width`
// columns) can be planned as, or nullopt when it must stay a subquery.
std::optional<SublinkPullUp> PullUpSublink(const BoundExpr& conjunct, size_t outer_width);

}  // namespace granary::planner
