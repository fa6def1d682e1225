// The binder of one SELECT/VALUES query level (or of UPDATE/DELETE's row source). Internal to
// planner/analyze: BindSelect and BindModifySource (analyzer.hpp) are its entry points.
//
// Its methods are defined by clause, in pipeline order:
//   select_binder.cpp          the clauses in order, set operations, LIMIT/OFFSET, entry points
//   from_binder.cpp            FROM items naming tables, WITH items, system views, views, sequences
//   from_function_binder.cpp   functions in FROM
//   join_binder.cpp            JOIN items
//   select_list_binder.cpp     WHERE, VALUES, the select list
//   group_by_binder.cpp        GROUP BY keys
//   order_by_binder.cpp        ORDER BY keys
//   aggregate_output.cpp       a grouped query moved onto the aggregate's output; window refs
//
// One instance binds one query level and is not shared between threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "parser/ast.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/cte_scope.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/json_binder.hpp"
#include "planner/analyze/locking.hpp"
#include "planner/analyze/scope.hpp"
#include "planner/query.hpp"

namespace granary::planner {

class SelectBinder {
 public:
  SelectBinder(const parser::SelectStmt& select, AnalyzeContext& context, ExprBinder* outer,
               std::vector<BoundExprPtr>* outer_arguments, std::vector<PushedLock> pushed = {})
      : select_(select),
        context_(context),
        query_(std::make_unique<BoundQuery>()),
        outer_(outer),
        outer_arguments_(outer_arguments),
        pushed_locks_(std::move(pushed)) {}

  // UPDATE/DELETE row source: the target table first, then the other FROM items.
  std::unique_ptr<BoundQuery> BindModify(const parser::RangeVar& target,
                                         const std::vector<parser::TableRefPtr>& from,
                                         const parser::Expr* where, const ModifyTargets& make_targets,
                                         const ExposeTarget& expose_target);

  std::unique_ptr<BoundQuery> Bind();

 private:
  // ---- UNION / INTERSECT / EXCEPT

  void BindSetOperation();

  // Every SELECT of a set operation's tree (PostgreSQL's transformSetOperationTree): 0A000
  // `FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT` for a locking clause on any.
  void RejectLockingInSetOperation(const parser::SelectStmt& select);

  // ---- FROM

  void BindFrom();

  std::unique_ptr<BoundFromItem> BindFromItem(const parser::TableRef& ref);

  // A WITH item, or the work table of the recursive item being bound: the item's columns,
  // renamed by an alias.
  void BindCteReference(const parser::RangeVar& range, const CteLookup& found, BoundFromItem& item);

  // A pg_catalog or information_schema view (catalog/system_views.hpp): its rows are
  // computed when the scan starts. Returns false when `range` names no system view.
  bool BindSystemView(const parser::RangeVar& range, BoundFromItem& item);

  // A function in FROM: generate_series over integers, numeric or timestamps (generate_series.hpp).
  // Its single column is named like the function, or like the alias when the alias gives no
  // column names, as PostgreSQL names a scalar function's column.
  void BindFunction(const parser::FunctionRef& ref, BoundFromItem& item);

  // A user-defined SQL function in FROM (sql_function_binder.hpp): a LATERAL subquery over
  // its body whose outer values, the call's arguments, read the FROM items before it. Its
  // columns are the OUT / TABLE columns, or one named like the function (or the alias).
  // False when no user function takes the arguments.
  bool BindUserFunctionItem(const parser::FunctionRef& ref, const parser::FuncCallExpr& call, BoundFromItem& item);
  void BindRoutineItem(const parser::FunctionRef& ref, const catalog::FunctionSchema& function,
                       std::vector<BoundExprPtr> args, BoundFromItem& item);

  // unnest(array [, array ...]) in FROM: one column per array, of its element type, named
  // unnest (or by the alias); rows up to the longest array, shorter ones padded with NULLs.
  void BindUnnest(const parser::FunctionRef& ref, BoundFromItem& item, std::vector<BoundExprPtr> args);
  // The end of BindUnnest and BindJsonSetFunction: `item` becomes the unnest scan whose
  // columns `entry` names, renamed by the alias, and enters the scope.
  void FinishUnnestItem(const parser::FunctionRef& ref, BoundFromItem& item, ScopeEntry entry);

  // A json set-returning function in FROM: unnest over the arrays of its columns (one for
  // json(b)_array_elements and json(b)_object_keys, key and value for json(b)_each), named
  // as PostgreSQL names them ("value", "key"; a scalar result like its function or alias).
  void BindJsonSetFunction(const parser::FunctionRef& ref, BoundFromItem& item,
                           const JsonSetFunction& json, std::vector<BoundExprPtr> args);

  // A sequence in FROM is one row, its state (last_value, log_cnt, is_called), read when the
  // statement runs: a VALUES row of kSequenceCall reads, bound as a subquery.
  void BindSequence(const parser::RangeVar& range, BoundFromItem& item);

  // A view in FROM is its stored query, bound as a subquery named like the view.
  void BindView(const parser::RangeVar& range, BoundFromItem& item);

  void BindJoin(const parser::JoinRef& join, BoundFromItem& item);
  void BindJoinSides(const parser::JoinRef& join, BoundFromItem& item);
  // (a JOIN b) AS t [(c1, ...)]: t's columns are the JOIN's (42P10 for too many names), and
  // the scope entries from `first_entry` on and the USING columns merged after
  // `merged_before` become unreachable, as inside PostgreSQL's join alias.
  void ExposeJoinAlias(const parser::Alias& alias, BoundFromItem& item, size_t first_entry, size_t merged_before);
  // JOIN ... USING (cols) AS name: name.col reaches a merged column; the tables stay visible.
  void ExposeUsingAlias(const std::string& alias, const BoundFromItem& item);
  // 42712 `table name "x" specified more than once` when `alias` names a FROM item in scope.
  void RequireFreeAlias(const std::string& alias);

  // A recursive term's work table must not be NULL-extended by an outer join (42P19): its
  // rows would not be the iteration's rows (PostgreSQL's checkWellFormedRecursion).
  void RejectWorkTableOnNullableSide(const BoundFromItem& join);

  static const BoundCte* FindWorkTable(const BoundFromItem& item);

  // The column `name` of one side of a USING join: a merged column of a nested join, or the
  // single column of that name among the side's columns.
  BoundExprPtr SideColumn(const BoundFromItem& side, const std::string& name, int location,
                          const char* which);

  // The columns `SELECT *` shows for a FROM item, as PostgreSQL expands them: a USING join
  // shows its merged columns first, then the other columns of each side.
  std::vector<std::pair<BoundExprPtr, std::string>> ExpandItem(const BoundFromItem& item);

  void RenameColumns(ScopeEntry& entry, const parser::Alias& alias, int /*location: unused, see below*/);

  void AddToScope(ScopeEntry entry);

  // ---- WHERE

  void BindWhere();

  // ---- VALUES

  void BindValues();

  // ---- select list, GROUP BY, HAVING

  void BindTargets();

  // 42P20 for a name the WINDOW clause defines twice.
  void CheckWindowNames();

  void ExpandStar(const parser::StarExpr& star, int location);

  // ---- GROUP BY

  // Binds GROUP BY: its distinct expressions become group_keys, the expansion of its
  // grouping sets (if any) grouping_sets (grouping.hpp).
  void BindGroupBy();

  // Binds a grouped expression and returns its index in group_keys (equal ones share one).
  size_t GroupKeyIndex(const parser::Expr& key);

  // Whether a GROUPING(...) call is among the targets or HAVING (it makes the query grouped).
  bool ContainsGrouping() const;

  // GROUP BY accepts an output column number or name as well as an input expression.
  BoundExprPtr BindGroupKey(const parser::Expr& key);

  static bool ContainsAggregate(const BoundExpr& expr);

  // PostgreSQL transforms ORDER BY before GROUP BY, so when both name an ambiguous column
  // the error points into ORDER BY. Called when GROUP BY raised 42702: binds the ORDER BY
  // keys that are not output references on the side (no aggregates or windows are kept) and
  // raises their ambiguity error if there is one; otherwise returns, and the caller rethrows.
  void ReportOrderByAmbiguity();

  // `ORDER BY 2` / `GROUP BY name_of_output_column`: the select-list entry meant, or null.
  const BoundExpr* FindOutputReference(const parser::Expr& key, const char* clause);

  // ---- ORDER BY

  // json has no equality or ordering operator: grouping, DISTINCT and ORDER BY on it are
  // 42883, as PostgreSQL's get_sort_group_operators reports them.
  void RequireOperator(types::TypeId type, std::string_view which, int location);

  void BindOrderBy();

  size_t TargetIndexFor(const parser::Expr& expr);

  // ---- aggregation

  // Rewrites targets, HAVING and the windows' expressions from the input layout onto
  // [group keys..., aggregates...] (the windows run over the groups).
  void MoveOntoAggregateOutput();

  // Window results follow the layout the windows run over: the input, or the aggregate's
  // output in a grouped query.
  void ResolveWindowRefs();

  static BoundExprPtr WindowRefsToColumns(BoundExprPtr expr, size_t base);

  // `from_subquery`: `expr` is a value a subquery reads from this query (42803 names it so).
  BoundExprPtr OntoAggregateOutput(BoundExprPtr expr, bool from_subquery = false);

  // GROUPING(a, b): each argument must be a grouped expression (42803 at the first that is
  // not); the call becomes an output column of the aggregate, after the aggregates.
  BoundExprPtr GroupingCallColumn(const BoundExpr& call);

  // ---- LIMIT / OFFSET

  void BindLimit();

  // An expression binder over this query's scope that sees enclosing queries too.
  ExprBinder MakeBinder(const Scope& scope, std::vector<BoundAggregate>* aggregates,
                        std::string clause);

  const parser::SelectStmt& select_;
  AnalyzeContext& context_;
  std::unique_ptr<BoundQuery> query_;
  ExprBinder* outer_;
  std::vector<BoundExprPtr>* outer_arguments_;
  // The column ranges of the left sides of the RIGHT and FULL JOINs whose right side is
  // being bound: a LATERAL item there may not read them (ExprBinder::SetFromVisibility).
  std::vector<std::pair<size_t, size_t>> wrong_join_columns_;
  std::vector<PushedLock> pushed_locks_;  // locking clauses of an enclosing query
  const parser::RangeVar* modify_target_ = nullptr;  // UPDATE/DELETE: the target table
  bool in_direct_arguments_ = false;  // moving ordered-set aggregates' direct arguments
  Scope scope_;
};

}  // namespace granary::planner
