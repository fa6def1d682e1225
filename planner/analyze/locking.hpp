// Row locking clauses of a SELECT (FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE [OF ...]
// [NOWAIT | SKIP LOCKED]): which FROM tables they lock, after PostgreSQL's
// transformLockingClause, CheckSelectLocking and the planner's outer-join check.
//
// A clause without OF locks every table of FROM (joins included) and is pushed down into
// subqueries and views in FROM, which then lock their own tables (their plans get their own
// LockRows, as PostgreSQL plans a subquery it does not flatten). A table named by several
// clauses gets the strongest strength and the strictest wait policy (NOWAIT over SKIP LOCKED
// over waiting).
//
// Errors (PostgreSQL's; "FOR UPDATE" stands for the clause's strength): 0A000 `FOR UPDATE is
// not allowed with UNION/INTERSECT/EXCEPT` (DISTINCT clause, GROUP BY clause, HAVING clause,
// aggregate functions), 0A000 `FOR UPDATE cannot be applied to VALUES` (a join, a function,
// the nullable side of an outer join), 42601 `FOR UPDATE must specify unqualified relation
// names`, 42P01 `relation "x" in FOR UPDATE clause not found in FROM clause`.
#pragma once

#include <string>
#include <vector>

#include "parser/ast.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "planner/query.hpp"

namespace granary::planner {

// A locking clause that applies to every table of a query (one without OF, or one pushed
// down from an enclosing query into a subquery of its FROM).
struct PushedLock {
  parser::LockStrength strength = parser::LockStrength::kUpdate;
  parser::LockWaitPolicy wait_policy = parser::LockWaitPolicy::kBlock;
};

// The clauses (this query's own and those pushed into it) that reach the FROM item named
// `alias`: what a subquery or view of that name inherits, or whether a table is locked.
std::vector<PushedLock> LocksReaching(const std::vector<parser::LockingClause>& own,
                                      const std::vector<PushedLock>& pushed,
                                      const std::string& alias);

// Checks the clauses against the bound query and records its row marks, adding a hidden
// target (the table's ctid) per locked table. Called once FROM, targets, ORDER BY and LIMIT
// are bound.
void BindRowMarks(const std::vector<parser::LockingClause>& own, const std::vector<PushedLock>& pushed,
                  BoundQuery& query, const AnalyzeContext& context);

}  // namespace granary::planner
