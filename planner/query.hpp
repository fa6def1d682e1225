// The analyzer's output: statements with every name resolved against the catalog and every
// expression bound (bound_expr.hpp). The optimizer turns these into physical plans (plan.hpp).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "catalog/system_views.hpp"
#include "catalog/table_schema.hpp"
#include "parser/ast.hpp"
#include "planner/analyze/index_definition.hpp"
#include "catalog/statistics.hpp"
#include "planner/bound_expr.hpp"
#include "types/functions/aggregate_functions.hpp"

namespace granary::planner {

struct BoundAggregate {
  std::string name;
  types::AggregateSignature signature;
  BoundExprPtr argument;  // over the query's input layout; null for count(*)
  BoundExprPtr delimiter;  // string_agg's second argument (text); null for the others
  bool distinct = false;
  // FILTER (WHERE ...): only rows for which it is true reach the aggregate; null when absent.
  BoundExprPtr filter;
  // ORDER BY inside the call (string_agg(x, ',' ORDER BY y)): the order in which the rows of
  // a group reach the aggregate. With DISTINCT every key equals an argument (42P10).
  std::vector<BoundExprPtr> order_by;
  std::vector<bool> descending;
  std::vector<bool> nulls_first;
  // An ordered-set aggregate's direct arguments (percentile_cont's fraction, rank's
  // hypothetical row): over the aggregate's output layout [group keys...], evaluated once
  // per group. Its ORDER BY is WITHIN GROUP's, its argument the first sort key.
  std::vector<BoundExprPtr> direct_args;
  int location = -1;  // the call, for errors about where aggregates may appear

  BoundAggregate Clone() const;
  // Applies `visit` to the argument, delimiter, FILTER and ORDER BY expressions.
  void Walk(const std::function<void(const BoundExpr&)>& visit) const;
};

// The window functions (PostgreSQL's pg_proc entries with prokind 'w'), and kAggregate for
// an aggregate called with OVER.
enum class WindowFunction {
  kRowNumber,
  kRank,
  kDenseRank,
  kPercentRank,
  kCumeDist,
  kNtile,
  kLag,
  kLead,
  kFirstValue,
  kLastValue,
  kNthValue,
  kAggregate,
};

// A frame as the executor uses it: the default frame (none written) is RANGE UNBOUNDED
// PRECEDING .. CURRENT ROW. Offsets are bound over no columns (the analyzer rejects
// variables) and coerced to bigint for ROWS and GROUPS, to the ORDER BY key's offset type
// for RANGE.
struct BoundFrame {
  bool rows = false;    // ROWS
  bool groups = false;  // GROUPS; RANGE when neither
  parser::FrameBoundKind start = parser::FrameBoundKind::kUnboundedPreceding;
  parser::FrameBoundKind end = parser::FrameBoundKind::kCurrentRow;
  // EXCLUDE CURRENT ROW | GROUP | TIES | NO OTHERS (kNoOthers when not written).
  parser::FrameExclusion exclusion = parser::FrameExclusion::kNoOthers;
  BoundExprPtr start_offset;  // kPreceding / kFollowing only
  BoundExprPtr end_offset;
};

// One window function call and its window: partition and order keys, arguments and (for
// aggregates) FILTER bound over the layout the window runs on (the query's input, or the
// aggregate's output in a grouped query). Its result is referenced by kWindowRef `index` in
// BoundQuery::windows until the analyzer turns that into a column after the input.
struct BoundWindow {
  std::string name;
  WindowFunction function = WindowFunction::kRowNumber;
  types::AggregateSignature aggregate{};  // kAggregate
  std::vector<BoundExprPtr> args;         // count(*): none
  BoundExprPtr filter;                    // kAggregate with FILTER (WHERE ...); else null
  types::Type type;                       // the result type
  std::vector<BoundExprPtr> partition_by;
  std::vector<BoundExprPtr> order_by;
  std::vector<bool> descending;
  std::vector<bool> nulls_first;
  BoundFrame frame;

  BoundWindow Clone() const;
  // The same call over the same window (so one result serves both).
  bool Equals(const BoundWindow& other) const;
  // Applies `rewrite` to every expression (moving them onto another layout).
  void Rewrite(const std::function<BoundExprPtr(BoundExprPtr)>& rewrite);
};

struct SortKey {
  size_t column = 0;  // index into the producing operator's output
  bool descending = false;
  bool nulls_first = false;
  uint32_t collation = 0;  // strings compare under it (the key expression's collation)
};

struct BoundQuery;
struct CtePlan;  // plan.hpp

// A WITH item as bound, shared by every reference to it (BoundFromItem::cte). A recursive
// item's query is a UNION [ALL] whose right side reads the work table (kWorkTable items);
// its column types are those of the non-recursive term.
struct BoundCte {
  std::string name;
  std::vector<std::string> column_names;
  std::vector<types::Type> column_types;
  std::unique_ptr<BoundQuery> query;
  bool recursive = false;
  parser::CteMaterialize materialized = parser::CteMaterialize::kDefault;
  int location = -1;                  // the item's name in the WITH clause
  int work_table_location = -1;       // recursive: the self-reference, for errors
  int references = 0;                 // CTE references bound so far (work tables not counted)
  // SEARCH / CYCLE: the trailing columns those clauses add (sequence, mark, path). The
  // recursive term's self-reference reads them by name, but its `*` does not show them
  // (PostgreSQL's p_dontexpand); references after the item show them like any column.
  size_t search_cycle_columns = 0;
  // INSERT/UPDATE/DELETE: planned when bound (`plan`), run once to completion by the
  // statement whatever reads it; its columns are its RETURNING list (none: not readable).
  bool modifying = false;
  bool has_returning = true;
  // Planned at the first reference (optimizer), so that every scan of the item shares one
  // plan and, when the statement runs, one materialised result.
  std::shared_ptr<CtePlan> plan;
};

// One item of FROM. Base tables and subqueries occupy a contiguous run of the query's
// combined input layout, in FROM order; joins cover the union of their children's runs.
using BoundIndexes = std::vector<std::shared_ptr<const BoundIndex>>;

// TABLESAMPLE on a table (PostgreSQL's TableSampleClause): SYSTEM chooses whole pages,
// BERNOULLI single rows, each with probability percent / 100; both decide by a hash of the
// seed and the page (and row) number, so the same seed chooses the same rows of an
// unchanged table. `percent` is float4 and `seed` float8 (null: a new seed per scan), both
// without column references.
struct TableSample {
  bool system = true;  // SYSTEM, else BERNOULLI
  BoundExprPtr percent;
  BoundExprPtr seed;
};

struct BoundFromItem {
  // kCte reads a WITH item's rows; kWorkTable, inside a recursive item's recursive term, the
  // rows of its previous iteration.
  enum class Kind { kTable, kJoin, kSubquery, kFunction, kSystemView, kCte, kWorkTable };
  Kind kind = Kind::kTable;
  catalog::TableSchema table;              // kTable; kSystemView: the view's description
  catalog::SystemView system_view{};       // kSystemView
  BoundIndexes indexes;                    // kTable: its indexes, for index scans
  std::shared_ptr<const TableSample> sample;  // kTable: TABLESAMPLE; null when absent
  // kTable: what the cost model reads: the statistics of the last ANALYZE (null: never
  // analyzed), the table's size in pages now and each index's (parallel to `indexes`).
  std::shared_ptr<const catalog::RelationStatistics> statistics;
  double pages = 0;
  std::vector<double> index_pages;
  std::unique_ptr<BoundQuery> subquery;    // kSubquery
  std::shared_ptr<BoundCte> cte;           // kCte, kWorkTable
  // kFunction: generate_series(start, stop[, step]) (generate_series.hpp): the arguments (without
  // columns), the function's name and its result type.
  std::vector<BoundExprPtr> function_args;
  std::string function_name;
  types::Type function_type;
  std::vector<types::Type> function_column_types;  // unnest: one per array argument
  // kSubquery, kFunction: the values the item reads from the FROM items before it (LATERAL;
  // functions are implicitly lateral) or from an enclosing query's row, over the combined
  // layout; the item's expressions read them as kOuterRef `index`. Non-empty: the item is
  // run again for every row of what it is joined to (optimize/lateral_join.hpp).
  std::vector<BoundExprPtr> lateral_args;
  parser::JoinType join_type = parser::JoinType::kInner;  // kJoin
  std::unique_ptr<BoundFromItem> left;     // kJoin
  std::unique_ptr<BoundFromItem> right;    // kJoin
  BoundExprPtr condition;                  // kJoin: over the combined layout; may be null
  std::string alias;
  size_t column_offset = 0;
  size_t column_count = 0;
  // kTable/kSubquery: the column names as the query sees them (after alias renaming),
  // including trailing system columns (ctid for tables) that `*` does not show. An aliased
  // kJoin: its columns' names under the alias, in `*`'s order (empty without an alias).
  std::vector<std::string> column_names;
  size_t system_columns = 0;
  // kJoin with USING/NATURAL: each merged column and the expression standing for it (the left
  // column, the right one for RIGHT JOIN, COALESCE of both for FULL JOIN).
  std::vector<std::pair<std::string, BoundExprPtr>> merged_columns;
};

// One table whose rows a SELECT ... FOR UPDATE / SHARE locks (PostgreSQL's PlanRowMark): the
// rows come out of the query with the table's ctid in hidden target `ctid_target`.
struct BoundRowMark {
  catalog::TableSchema table;
  std::string alias;          // the FROM name, to find the table's scan in the plan
  size_t ctid_target = 0;
  parser::LockStrength strength = parser::LockStrength::kUpdate;
  parser::LockWaitPolicy wait_policy = parser::LockWaitPolicy::kBlock;
};

// A SELECT, a VALUES list, or a set operation (UNION/INTERSECT/EXCEPT) of two queries.
struct BoundQuery {
  // Set operation: when set_op is not kNone, `left` and `right` produce the rows, the targets
  // are the output columns, and only sort/limit/offset apply on top.
  parser::SetOperation set_op = parser::SetOperation::kNone;
  bool set_all = false;
  std::unique_ptr<BoundQuery> left;
  std::unique_ptr<BoundQuery> right;

  std::vector<std::unique_ptr<BoundFromItem>> from;
  std::vector<types::Type> input_types;   // the combined layout of FROM
  std::vector<std::string> input_names;
  BoundExprPtr where;                     // over the combined layout

  std::vector<std::vector<BoundExprPtr>> values_rows;  // VALUES: constant-free of columns

  // Aggregation: when `aggregated`, the targets, `having` and sort expressions are bound over
  // the aggregate's output layout [group keys..., aggregates..., GROUPING calls...].
  bool aggregated = false;
  std::vector<BoundExprPtr> group_keys;   // over the combined layout
  std::vector<BoundAggregate> aggregates;
  // GROUPING SETS / ROLLUP / CUBE / (): the sets (indexes into group_keys) each input row is
  // grouped by; empty for a plain GROUP BY. grouping_calls: the keys of each GROUPING(...)
  // call; their results follow the aggregates in the output layout.
  std::vector<std::vector<size_t>> grouping_sets;
  std::vector<std::vector<size_t>> grouping_calls;
  BoundExprPtr having;

  // Window functions: computed over the filtered input (or, when aggregated, over the
  // groups that pass HAVING), their results appended to that layout.
  std::vector<BoundWindow> windows;

  // Output: the first `visible_targets` are the result columns; the rest are hidden sort keys.
  std::vector<BoundExprPtr> targets;
  std::vector<std::string> target_names;
  size_t visible_targets = 0;
  bool distinct = false;
  std::vector<size_t> distinct_on;        // DISTINCT ON: target indexes (first row per key)
  std::vector<SortKey> sort;              // over targets
  BoundExprPtr limit;                     // null when absent
  BoundExprPtr offset;
  bool limit_with_ties = false;           // FETCH FIRST ... WITH TIES: ties with the last row of `sort` too
  // FOR UPDATE / SHARE: the tables whose rows are locked (their ctids are hidden targets
  // after the sort keys).
  std::vector<BoundRowMark> row_marks;
  // WITH items that change data (top-level statement only): run before the query's rows.
  std::vector<std::shared_ptr<const CtePlan>> modifying_ctes;

  std::vector<types::Type> OutputTypes() const;
  std::vector<std::string> OutputNames() const;
  // Calls `visit` on every expression node of this query level: clauses, targets, VALUES
  // rows, aggregates, windows, set-operation sides and FROM items (a subquery in FROM is a
  // level of its own but is visited too; plans of subqueries in expressions are not).
  void VisitExpressions(const std::function<void(const BoundExpr&)>& visit) const;
};

// The table's CHECK constraints, bound over its row (columns 0..n-1).
struct BoundChecks {
  std::vector<BoundExprPtr> exprs;
  std::vector<std::string> names;
  // Parallel to `exprs` when not empty: true for a view's WITH CHECK OPTION condition (named
  // by the view; NULL fails it, 44000), false for a CHECK constraint (NULL passes, 23514).
  std::vector<bool> view_options;
};

// The table's generated columns (GENERATED ALWAYS AS (expr) STORED): their positions and
// expressions, bound over the row being written (columns 0..n-1), computed once the other
// columns have their values and before the NOT NULL and CHECK checks.
struct BoundGenerated {
  std::vector<size_t> columns;
  std::vector<BoundExprPtr> exprs;
};

// RETURNING: expressions and their names, bound over the row the statement produces.
struct BoundReturning {
  std::vector<BoundExprPtr> exprs;
  std::vector<std::string> names;
};

// INSERT ... ON CONFLICT: the unique indexes whose conflicts are handled (the arbiters) and,
// for DO UPDATE, the new row and the condition, both over [existing row (n columns), the
// proposed row EXCLUDED (n columns)].
struct BoundOnConflict {
  parser::OnConflictAction action = parser::OnConflictAction::kNothing;
  BoundIndexes arbiters;
  bool inferred = false;              // arbiters named by a target (else: every unique index)
  std::vector<BoundExprPtr> set_row;  // one per table column
  BoundExprPtr where;                 // null when absent
};

struct BoundInsert {
  std::vector<std::shared_ptr<const CtePlan>> modifying_ctes;  // see BoundQuery
  catalog::TableSchema table;
  std::shared_ptr<const BoundOnConflict> on_conflict;  // null without ON CONFLICT
  std::unique_ptr<BoundQuery> source;  // produces the listed columns
  // One expression per table column over the source's output: the cast source column, the
  // column default, or NULL.
  std::vector<BoundExprPtr> row;
  BoundGenerated generated;  // also recomputed for the row ON CONFLICT DO UPDATE writes
  BoundChecks checks;
  BoundIndexes indexes;  // maintained for every inserted row
  BoundReturning returning;  // over the inserted row
};

// UPDATE and DELETE read their rows from a query over the target table (first in FROM) and
// any FROM/USING items. Its output is the target's new row (UPDATE) or old row (DELETE), then
// the ctid of the old version, then every column of the other FROM items; RETURNING is bound
// over that output.
struct BoundUpdate {
  std::vector<std::shared_ptr<const CtePlan>> modifying_ctes;  // see BoundQuery
  catalog::TableSchema table;
  std::unique_ptr<BoundQuery> source;
  BoundGenerated generated;
  BoundChecks checks;
  BoundIndexes indexes;  // maintained for every new row version
  BoundReturning returning;
};

struct BoundDelete {
  std::vector<std::shared_ptr<const CtePlan>> modifying_ctes;  // see BoundQuery
  catalog::TableSchema table;
  std::unique_ptr<BoundQuery> source;
  BoundReturning returning;
};

}  // namespace granary::planner
