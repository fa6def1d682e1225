// Constant folding (PostgreSQL's eval_const_expressions, for the immutable part): a call or
// cast whose arguments are all constants becomes one constant, so that
// `date '1998-12-01' - interval '90' day` is computed once per plan instead of once per row.
//
// What is folded: kCall nodes of built-in functions and operators, and kCast nodes, over
// constant arguments, when the call is immutable. Built-in calls carry no volatility, so
// immutability is decided here: calls named in a list of volatile and stable functions
// (random, now, to_char, ...) are never folded, nor calls or casts that read or produce a
// timestamptz (their results depend on the TimeZone setting: stable in PostgreSQL), nor casts
// between date/time types and strings (DateStyle, IntervalStyle), nor anything over arrays,
// records or catalog types. kCatalogCall, kSequenceCall and kSubquery nodes are never folded.
//
// Errors: PostgreSQL folds while planning, so a constant call that raises (1/0) fails the
// statement whether or not any row would reach it, except where its folding does not look:
// CASE arms after a constant-true condition or behind a constant false/NULL one, COALESCE
// arguments after a non-NULL constant, AND arguments after a constant false and OR arguments
// after a constant true. CheckFoldingErrors raises those errors from the query as bound,
// before planning splits WHERE into conjuncts (whose order no longer tells which ones an AND
// reached); the plan's own folding leaves a call that raises unfolded, for the rows that
// reach it (tests/sql/expressions/constant_folding.test).
#pragma once

#include "planner/plan.hpp"

namespace granary::planner {

enum class FoldingErrors { kRaise, kLeaveUnfolded };

// Folds `expr` in place (its constant sub-expressions, or the whole expression).
void FoldConstants(BoundExprPtr& expr, FoldingErrors errors);

// Raises what PostgreSQL's folding of the query's expressions (FROM conditions, WHERE, GROUP
// BY, aggregate arguments and FILTERs, HAVING, the select list, LIMIT, OFFSET) raises.
// Sub-selects and FROM subqueries are checked when they are planned.
void CheckFoldingErrors(const BoundQuery& query);

// While one exists on the thread, CheckFoldingErrors raises nothing: planning a statement
// only to describe it (the extended protocol's Parse, SQL PREPARE), which PostgreSQL answers
// from parse analysis alone, must not fail where running the statement fails later.
class ScopedFoldingErrorsDeferred {
 public:
  ScopedFoldingErrorsDeferred();
  ~ScopedFoldingErrorsDeferred();
  ScopedFoldingErrorsDeferred(const ScopedFoldingErrorsDeferred&) = delete;
  ScopedFoldingErrorsDeferred& operator=(const ScopedFoldingErrorsDeferred&) = delete;
};

}  // namespace granary::planner
