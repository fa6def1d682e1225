// Physical plans: the tree of operators the executor runs, as the optimizer chose them.
//
// A PlanNode is a tagged record: each kind uses the fields its comment names. Expressions
// are bound over the layout of the node's input: the child's output for one child, the
// concatenation left ++ right for joins. EXPLAIN prints the tree in PostgreSQL's shape.
#pragma once

#include <functional>
#include <optional>

#include <memory>
#include <string>
#include <vector>

#include "catalog/table_schema.hpp"
#include "parser/ast.hpp"
#include "planner/bound_expr.hpp"
#include "planner/query.hpp"

namespace granary::planner {

// The system columns a table scan returns after the table's columns, in this order: ctid
// (tid), xmin and xmax (xid: the low 32 bits of the row version's inserting and deleting or
// locking transaction, 0 for none). SELECT * does not show them.
inline constexpr size_t kTableSystemColumns = 3;

enum class PlanKind {
  kSeqScan,         // table, predicate; output: the table's columns, then ctid
  kIndexScan,       // table, index, index_values (equal leading keys), alternatives or lower/upper
                    // on the next key, predicate (rechecked on every row); output as kSeqScan
  kBitmapHeapScan,  // table, predicate (all of it rechecked on every row); children[0]: a
                    // kBitmapIndexScan or kBitmapOr naming the rows to read, which are read
                    // in heap order, each once (PostgreSQL's Bitmap Heap Scan); output as
                    // kSeqScan
  kBitmapOr,        // children: kBitmapIndexScan nodes; the union of their rows (no operator
                    // of its own: the kBitmapHeapScan above reads it)
  kBitmapIndexScan, // index, index_values, alternatives or range, index_quals as kIndexScan:
                    // the rows whose entries fall in range, for the kBitmapHeapScan above
  kValues,          // rows (each of output width; no input)
  kFunctionScan,    // a set-returning function in FROM: generate_series, its arguments in
                    // expressions (no input); output: one column
  kSystemViewScan,  // a pg_catalog / information_schema view: system_view, table (its
                    // description); output: the view's columns (no input)
  kWindow,          // windows: output = input ++ one column per window function call
  kFilter,          // predicate
  kProject,         // expressions
  // Joins: output left ++ right, except semi and anti joins (join_type kSemi / kAnti), whose
  // output is the left row alone (their predicates still read left ++ right).
  kNestedLoopJoin,  // join_type (inner/left/cross), predicate over left ++ right
  kHashJoin,        // join_type (inner/left), left_keys, right_keys, predicate (residual);
                    // children[1] is a kHash over the inner input once the plan is finished
  kMergeJoin,       // join_type (any), left_keys, right_keys (plain columns of one type, each
                    // input ordered on its keys ascending, NULLs last), predicate (residual)
  kLateralJoin,     // join_type (inner/left), expressions (over the left row: the values
                    // children[1] reads as kOuterRef), predicate over left ++ right; runs
                    // children[1] again for every left row (optimize/lateral_join.hpp).
                    // With `parameterized`: a nested loop over a parameterized index scan
                    // (optimize/join_methods.hpp), children[1] reading the values after the
                    // enclosing query's first parameter_base outer values
  kAggregate,       // group_keys, aggregates, grouping_sets, grouping_calls: output = keys ++
                    // aggregate results ++ GROUPING(...) results; aggregate_split (parallel
                    // plans: a Finalize Aggregate over a kGather of its Partial Aggregate)
  kGather,          // workers_planned: runs children[0] (a Partial Aggregate over a parallel
                    // kSeqScan) in the leader and in worker threads; only ever the child of a
                    // Finalize Aggregate, which merges the participants' groups
                    // (optimize/parallel_aggregate.hpp)
  kHash,            // the build input of the kHashJoin above (its children[1]): passes
                    // children[0]'s rows on for the join to hash (PostgreSQL's Hash node;
                    // finalize/hash_nodes.hpp puts one under every hash join)
  kResult,          // predicate: a One-Time Filter (PostgreSQL's Result node), reading no
                    // column, tested once before the first row; no rows unless true, then
                    // children[0]'s rows (output: children[0]'s). Without a child: one row
                    // of no columns (SELECT without FROM), or, with a constant false
                    // predicate, a FROM proven empty (output: the FROM's columns)
  kSort,            // sort_keys
  kLimit,           // limit, offset (int8 expressions without columns; null when absent);
                    // limit_with_ties: also the rows equal on sort_keys to the last one
  kDistinct,        // all columns, or with distinct_columns the first row per key (DISTINCT ON)
  kSetOperation,    // set_op, set_all over children[0] (left) and children[1] (right)
  kCteScan,         // cte: the rows of a materialised WITH item, computed once per statement
                    // however many scans read them (no input)
  kRecursiveUnion,  // work_table, set_all: children[0] (non-recursive term), then
                    // children[1] (recursive term) run again over the previous round's rows
                    // until a round yields none; UNION (not ALL) drops rows seen before
  kWorkTableScan,   // work_table: inside a recursive term, the previous round's rows
  kModifyingCtes,   // modifying_ctes: runs each data-modifying WITH item to completion,
                    // then passes children[0]'s rows on (output: children[0]'s)
  kLockRows,        // row_marks: locks each row's version of every marked table (its ctid is
                    // in the row_mark's ctid_target column) before passing the row on
  kInsert,          // table, expressions (one per table column, over the child's output),
                    // returning (over the inserted or, ON CONFLICT DO UPDATE, updated row),
                    // on_conflict
  kUpdate,          // table; child output: new row (n columns), ctid of the old version, then
                    // any columns of other FROM items; returning (over the child's output)
  kDelete,          // table; child output: old row (n columns), ctid, other FROM columns;
                    // returning (over the child's output)
};

// The scans that read a table's rows (output: the table's columns, then ctid).
inline bool IsTableScan(PlanKind kind) {
  return kind == PlanKind::kSeqScan || kind == PlanKind::kIndexScan || kind == PlanKind::kBitmapHeapScan;
}

struct PlanNode;
using PlanPtr = std::unique_ptr<PlanNode>;

// kAggregate in a parallel plan (PostgreSQL's AggSplit): a Partial Aggregate runs in every
// participant over its share of the rows and keeps its groups' states unfinished; the
// Finalize Aggregate above the Gather combines them (AggregateState::Combine) and finishes.
enum class AggregateSplit { kSimple, kPartial, kFinalize };

// A materialised WITH item: its scans share it, and a running statement keeps the item's
// rows (and a recursive item's work table) under its address (executor/cte_store.hpp).
struct CtePlan {
  std::string name;
  std::shared_ptr<const PlanNode> plan;  // a recursive item's is a kRecursiveUnion
};

// The cost model's estimates for a node (optimize/cost_model.hpp), in PostgreSQL's units:
// the cost until the first row and until the last, the rows and the average row width, and
// per output column its distinct values (0: unknown) and width.
struct PlanEstimate {
  bool done = false;
  double startup_cost = 0;
  double total_cost = 0;
  double rows = 0;
  double width = 0;
  std::vector<double> column_distinct;
  std::vector<double> column_widths;
};

struct PlanNode {
  PlanKind kind = PlanKind::kValues;
  PlanEstimate estimate;
  std::vector<types::Type> output_types;
  std::vector<std::string> output_names;  // for EXPLAIN and result descriptions
  std::vector<PlanPtr> children;

  catalog::TableSchema table;
  // kSeqScan, kIndexScan: per output column (the table's, then the kTableSystemColumns),
  // whether the plan reads it (finalize/scan_columns); the scan decodes only those and
  // outputs NULL for the others (ctid is always there). Empty: every column.
  std::vector<bool> scan_columns;
  // Joins (kNestedLoopJoin, kHashJoin, kMergeJoin, kLateralJoin): per column of left ++ right,
  // whether the join itself (keys, predicate, lateral arguments) or a node above reads it
  // (finalize/scan_columns). The join outputs NULL for the others, and a hash join keeps
  // only the read right columns in its table. Empty: every column.
  std::vector<bool> join_columns;
  std::vector<std::vector<BoundExprPtr>> rows;
  BoundExprPtr predicate;
  std::vector<BoundExprPtr> expressions;
  std::vector<BoundExprPtr> returning;
  std::vector<BoundExprPtr> checks;       // INSERT/UPDATE: CHECK constraints over the new row
  // INSERT/UPDATE: the generated columns' positions and expressions over the new row
  // (BoundGenerated), computed before `checks`.
  std::vector<size_t> generated_columns;
  std::vector<BoundExprPtr> generated;
  BoundIndexes indexes;                   // INSERT/UPDATE: indexes to maintain
  std::shared_ptr<const BoundOnConflict> on_conflict;  // INSERT ... ON CONFLICT; else null
  // kIndexScan: the index, the values of its first index_values.size() keys, and then either
  // alternatives for the next key (`key IN (...)`: one probe per distinct value, in index
  // order) or an optional range on it (each bound an expression without columns).
  std::shared_ptr<const BoundIndex> index;
  std::vector<BoundExprPtr> index_values;
  // Parallel to index_values: true where the key condition is `key IS NULL` (the value is
  // then unused): the scan reads the key's NULL entries.
  std::vector<bool> index_null_keys;
  std::vector<BoundExprPtr> index_alternatives;
  // `key = ANY (array)`: index_alternatives holds the one array expression, whose elements
  // are the alternatives (known only when the statement runs: a parameter, say).
  bool alternatives_from_array = false;
  BoundExprPtr range_lower;
  BoundExprPtr range_upper;
  // kIndexScan: the WHERE conjuncts the index values, alternatives and range above enforce
  // exactly (each entry the scan reads satisfies them, and its row has the entry's key), in
  // index key order: EXPLAIN's "Index Cond". The optimizer leaves them in `predicate` too;
  // finalize/index_conditions takes them out of it, so they are not evaluated per row again.
  std::vector<BoundExprPtr> index_quals;
  bool lower_inclusive = true;
  bool upper_inclusive = true;
  // kIndexScan read from the last entry in range to the first (PostgreSQL's "Index Scan
  // Backward"), for an ORDER BY the index's order reversed; never with alternatives.
  bool backward = false;
  // kIndexScan probed by a nested loop's outer row: EXPLAIN's "Index Cond" text.
  std::string index_condition;
  // kLateralJoin: a parameterized nested loop (see kLateralJoin).
  bool parameterized = false;
  size_t parameter_base = 0;
  std::vector<std::string> check_names;
  std::vector<bool> check_is_view_option;  // parallel to checks (BoundChecks::view_options)
  parser::JoinType join_type = parser::JoinType::kInner;
  std::vector<BoundExprPtr> left_keys;
  std::vector<BoundExprPtr> right_keys;
  std::vector<BoundExprPtr> group_keys;
  std::vector<BoundAggregate> aggregates;
  // kAggregate with GROUPING SETS / ROLLUP / CUBE: each set lists the group keys it groups by
  // (the others come out NULL); empty: one set of every key. grouping_calls: the keys named by
  // each GROUPING(...) call, whose results follow the aggregates' in the output.
  std::vector<std::vector<size_t>> grouping_sets;
  std::vector<std::vector<size_t>> grouping_calls;
  AggregateSplit aggregate_split = AggregateSplit::kSimple;  // kAggregate
  // kSeqScan: a Parallel Seq Scan, one participant's share of the blocks (under a kGather).
  bool parallel_aware = false;
  double table_pages = 0;  // kSeqScan: the table's pages as the cost model saw them
  int workers_planned = 0;  // kGather
  std::vector<SortKey> sort_keys;
  std::vector<size_t> distinct_columns;
  BoundExprPtr limit;
  BoundExprPtr offset;
  bool limit_with_ties = false;  // kLimit: FETCH FIRST ... WITH TIES (over sort_keys)
  std::shared_ptr<const TableSample> sample;  // kSeqScan: TABLESAMPLE (EXPLAIN: Sample Scan)
  parser::SetOperation set_op = parser::SetOperation::kNone;
  bool set_all = false;
  catalog::SystemView system_view{};      // kSystemViewScan
  std::vector<BoundWindow> windows;       // kWindow
  std::string alias;  // scans: the name the query gave the table, for EXPLAIN
  std::vector<BoundRowMark> row_marks;  // kLockRows
  std::shared_ptr<const CtePlan> cte;   // kCteScan
  // kRecursiveUnion, kWorkTableScan: the recursive item, which owns this node (so a plain
  // pointer: the item's plan holds its work-table scans, not the other way round).
  const CtePlan* work_table = nullptr;
  std::vector<std::shared_ptr<const CtePlan>> modifying_ctes;  // kModifyingCtes
};

// What EXPLAIN ANALYZE measured for one node: loops, rows and times summed over its loops.
struct ExplainActuals {
  uint64_t loops = 0;
  uint64_t rows = 0;
  double startup_ms = 0;
  double total_ms = 0;
  // What the node's operator reported about its run (Sort Method, Batches, Memory Usage).
  std::vector<std::string> details;
};

struct ExplainOptions {
  bool analyze = false;
  bool costs = true;  // each node's "(cost=a..b rows=n width=w)"
  bool timing = true;
  // Whether the sort keys, group keys, join conditions and the filters of nodes above the
  // scans name columns with their relation's name (`t.a`): PostgreSQL's `useprefix`, set
  // when the statement's range table has more than one entry (range_table.hpp). A scan's
  // own conditions (Filter, Index Cond, Recheck Cond) never are, as in PostgreSQL.
  bool qualify_columns = true;
  // With analyze: a node's measurements (nullopt: it never ran), and the rows a predicate
  // (a node's Filter or Join Filter) removed.
  std::function<std::optional<ExplainActuals>(const PlanNode&)> actuals;
  std::function<uint64_t(const BoundExpr&)> removed;
};

// EXPLAIN's text: one line per node, children indented with "->" as PostgreSQL prints them;
// with analyze, each node's "(actual time=a..b rows=n loops=m)" (per-loop averages, as
// PostgreSQL) and "Rows Removed by Filter" lines.
std::vector<std::string> ExplainPlan(const PlanNode& plan, const ExplainOptions& options = {});

}  // namespace granary::planner
