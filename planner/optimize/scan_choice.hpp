// The scan of one table: a sequential scan or an index scan, whichever costs less
// (PostgreSQL's cost_seqscan against cost_index for each usable index).
#pragma once

#include <string>

#include "catalog/table_schema.hpp"
#include "planner/optimize/conjuncts.hpp"
#include "planner/plan.hpp"
#include "planner/query.hpp"

namespace granary::planner {

// A sequential scan of `table` (output: its columns, then ctid), named `alias` in EXPLAIN.
PlanPtr MakeScan(const catalog::TableSchema& table, const std::string& alias);

// Chooses between a sequential scan and an index scan by cost (PostgreSQL's cost_seqscan and
// cost_index) and makes `scan` (a kSeqScan of `item` with its predicate set) the cheaper. An
// index can serve the scan when the predicate constrains its leading keys (columns, or
// expressions the predicate spells the same way: `lower(name) = $1` on an index over
// lower(name)): equalities on the first keys, then alternatives (IN) or at most a range on
// the next one. A partial index serves only a predicate that implies its own. The whole
// predicate stays on the scan and is rechecked for every row. Fills scan.estimate's costs.
void ChooseIndex(PlanNode& scan, const BoundFromItem& item);

// Whether `conjuncts` (a scan's predicate) imply a partial index's `predicate`: each of its
// conjuncts is implied by one of them (PostgreSQL's predicate_implied_by, its simpler rules).
bool PredicateImplied(const BoundExpr& predicate, const std::vector<Conjunct>& conjuncts);

// Whether `given` being true makes `required` true: equal expressions, an OR through one of
// its arms, `x IS NOT NULL` from a comparison of x, and `x op c1` to `x op c2` for constants
// of one type without collation (btree's implication table: `id = 11` implies `id < 20`).
bool Implies(const BoundExpr& given, const BoundExpr& required);

}  // namespace granary::planner
