// Collation derivation of bound expressions, after PostgreSQL's parse_collate.c.
//
// Every node whose result type is collatable (text, varchar, unknown) gets a collation and
// a strength: a column (or a subquery's output, a parameter, a constant) is IMPLICIT with its
// type's collation (constants and untyped values: the default); COLLATE makes it EXPLICIT;
// any other node takes the merged state of its arguments, or the default if none is
// collatable. Merging (merge_collation_state): the stronger wins; two different EXPLICIT
// collations raise 42P21 `collation mismatch between explicit collations "a" and "b"` at
// the second COLLATE; two different non-default IMPLICIT ones become a CONFLICT, which a
// node that compares strings records as types::kIndeterminateCollation in input_collation
// (the comparison then raises 42P22 when it runs, as varstr_cmp does).
//
// The result is written into the tree: type.collation of every collatable node (0 when
// indeterminate) and input_collation of every node. Running it again over an assigned tree
// gives the same result, so nested binding may run it on subtrees.
#pragma once

#include "planner/analyze/analyze_context.hpp"
#include <string>
#include <vector>

#include "planner/bound_expr.hpp"

namespace granary::planner {

void AssignCollations(BoundExpr& expr, const AnalyzeContext& context);

// For a sort or group key (ORDER BY, GROUP BY, DISTINCT): assigns, then raises 42P21
// `collation mismatch between implicit collations "a" and "b"` (with PostgreSQL's hint, at
// the second one) when the key's collation is a conflict.
void RequireSortCollation(BoundExpr& expr, const AnalyzeContext& context);

// Resolves COLLATE's name: pg_catalog's built-in collations, or one CREATE COLLATION made
// (a bare name along the search path, after pg_catalog). 42704 `collation "x" for encoding
// "UTF8" does not exist` at `location`.
uint32_t LookupCollation(const std::vector<std::string>& names, int location, const AnalyzeContext& context);

// The collation a comparison of `left` and `right` uses after both were assigned (the merged
// state of the two, as for the arguments of an operator): for sort keys and index matching.
uint32_t CommonCollation(const BoundExpr& left, const BoundExpr& right, const AnalyzeContext& context);

// A column's (or index key's) type with the collation of its COLLATE clause `names` (type
// unchanged when names is empty): 42704 for an unknown collation, 42804 `collations are not
// supported by type integer` for a type that has none, both at `location`.
types::Type ApplyCollation(types::Type type, const std::vector<std::string>& names, int location,
                           const AnalyzeContext& context);

// The collation of a UNION/INTERSECT/EXCEPT output column from its two inputs
// (select_common_collation): 42P21 `collation mismatch between implicit collations` when
// they conflict. 0 for the default or a type without collation.
uint32_t SetOperationCollation(const BoundExpr& left, const BoundExpr& right, const AnalyzeContext& context);

// Whether a comparison of strings under `collation` needs the collator (an ICU or
// indeterminate collation); false for the byte-order ones.
bool IsCollatorCollation(uint32_t collation);

}  // namespace granary::planner
