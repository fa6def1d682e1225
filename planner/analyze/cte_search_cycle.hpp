// SEARCH and CYCLE clauses of a recursive WITH item (SQL:2016 7.18 <search or cycle
// clause>; PostgreSQL 14's parse_cte.c checks and rewriteSearchAndCycle).
//
// The clauses add columns to the item, computed by rewriting its two terms. For
//
//   WITH RECURSIVE t(c1, c2) AS (left UNION [ALL] right)
//     SEARCH DEPTH FIRST BY c1 SET seq  CYCLE c1 SET mark TO v DEFAULT d USING path
//
// the item becomes t(c1, c2, seq, mark, path) AS (
//     SELECT c1, c2, ARRAY[ROW(c1)], d, ARRAY[ROW(c1)]
//       FROM (left) "*TLOCRN*"(c1, c2)
//   UNION [ALL]
//     SELECT c1, c2, seq || ARRAY[ROW(c1)],
//            CASE WHEN ROW(c1) = ANY (path) THEN v ELSE d END, path || ARRAY[ROW(c1)]
//       FROM (SELECT right's columns, t.seq, t.mark, t.path FROM ...) "*TROCRN*"(c1, c2, seq, mark, path)
//      WHERE mark <> v)
//
// BREADTH FIRST makes seq ROW(0, c1) in the left term and ROW(seq.depth + 1, c1) in the
// right one. The rewrite is made on the bound query (BoundQuery), not on the text, so that
// the terms' own `*` and column names are bound as written: the recursive term's
// self-reference exposes the added columns by name but not in `*` (BoundCte::
// search_cycle_columns). Departure from PostgreSQL: the sequence and path columns are
// typed record / record[] with a typmod naming their fields' descriptor (types/record.hpp);
// clients see -1, as PostgreSQL sends.
#pragma once

#include <optional>

#include "parser/ast.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "planner/query.hpp"

namespace granary::planner {

// CYCLE ... SET mark TO value DEFAULT default, bound before the item's query (which may read
// the mark column): both constants coerced to their common type.
struct CycleMark {
  BoundExprPtr value;
  BoundExprPtr default_value;
  types::Type type;
};

// The cycle mark of `item` (nullopt without CYCLE): 42804 `CYCLE types boolean and integer
// cannot be matched`, 42883 `could not identify an equality operator for type json`.
std::optional<CycleMark> BindCycleMark(const parser::CommonTableExpr& item, AnalyzeContext& context);

// After the non-recursive term named the item's columns: appends the columns SEARCH and
// CYCLE add (sequence, mark, path) to `cte`'s columns, so that the recursive term can read
// its previous row's values.
void AddSearchCycleColumns(BoundCte& cte, const parser::CommonTableExpr& item, const CycleMark* mark);

// After the recursive item's UNION is bound over its original columns (cte.query, the
// columns before search_cycle_columns): PostgreSQL's checks of the clauses (42601 for names
// not in the column list or already used, 42701 for a column named twice, 0A000 / 42601
// when a side of the UNION is itself a set operation, 0A000 for a self-reference below the
// recursive term's top level), then the rewrite described above.
void RewriteSearchAndCycle(BoundCte& cte, const parser::CommonTableExpr& item,
                           std::optional<CycleMark> mark, AnalyzeContext& context);

}  // namespace granary::planner
