// Raw AST: SELECT and its parts: the select list, FROM items (tables, joins, subqueries,
// functions), WITH items, locking clauses, SELECT ... INTO, VALUES lists and set operations.
// Part of the raw syntax tree described in ast.hpp.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parser/ast_expr.hpp"
#include "parser/ast_stmt.hpp"

namespace granary::parser {

// One select-list entry: expr [AS alias].
struct ResTarget {
  ExprPtr expr;
  std::string alias;  // empty when none was written
  int location = -1;
};

struct Alias {
  std::string name;
  std::vector<std::string> column_names;
};

enum class TableRefKind { kRelation, kJoin, kSubquery, kFunction };

struct TableRef {
  explicit TableRef(TableRefKind ref_kind) : kind(ref_kind) {}
  virtual ~TableRef() = default;
  TableRef(const TableRef&) = delete;
  TableRef& operator=(const TableRef&) = delete;

  template <typename T>
  T& As() { return static_cast<T&>(*this); }
  template <typename T>
  const T& As() const { return static_cast<const T&>(*this); }

  const TableRefKind kind;
  int location = -1;
};

using TableRefPtr = std::unique_ptr<TableRef>;

// TABLESAMPLE method (args) [REPEATABLE (seed)] after a table in FROM (PostgreSQL's
// RangeTableSample): the method is a possibly qualified name, checked by the analyzer.
struct TableSampleClause {
  std::vector<std::string> method;
  ExprList args;
  ExprPtr repeatable;  // null when absent
  int location = -1;   // the method name
};

// [[database.]schema.]name [[AS] alias [(columns)]] [TABLESAMPLE ...]
struct RangeVar : TableRef {
  RangeVar() : TableRef(TableRefKind::kRelation) {}
  std::string catalog;  // the database of a three-part name, else empty
  std::string schema;  // empty when unqualified
  std::string name;
  std::optional<Alias> alias;
  std::unique_ptr<TableSampleClause> sample;  // FROM items only; null when absent
};

// kSemi and kAnti never come from the grammar: the planner makes them of EXISTS / IN /
// NOT EXISTS conditions (planner/optimize/semi_join.hpp). A semi join emits each left row
// that has a partner once, an anti join each left row that has none; both output only the
// left row.
enum class JoinType { kInner, kLeft, kRight, kFull, kCross, kSemi, kAnti };

// left [NATURAL] JOIN right [ON cond | USING (cols) [AS name]]; a comma in FROM is a separate
// list entry, not a JoinRef. `(left JOIN right) AS alias` sets `alias`.
struct JoinRef : TableRef {
  JoinRef() : TableRef(TableRefKind::kJoin) {}
  JoinType join_type = JoinType::kInner;
  TableRefPtr left;
  TableRefPtr right;
  ExprPtr condition;                // ON
  std::vector<std::string> using_columns;
  std::string using_alias;          // USING (cols) AS name: names the merged columns; empty if none
  bool natural = false;
  std::optional<Alias> alias;
};

// (SELECT ...) [AS] alias, [LATERAL]
struct SubqueryRef : TableRef {
  SubqueryRef() : TableRef(TableRefKind::kSubquery) {}
  std::unique_ptr<SelectStmt> select;
  std::optional<Alias> alias;
  bool lateral = false;
};

// A function call in FROM (a set-returning function: generate_series(1, 10) AS g).
struct FunctionRef : TableRef {
  FunctionRef() : TableRef(TableRefKind::kFunction) {}
  ExprPtr call;  // a FuncCallExpr
  std::optional<Alias> alias;
};

// ---------------------------------------------------------------- the statement

enum class SetOperation { kNone, kUnion, kIntersect, kExcept };

// Row locking clauses (FOR UPDATE ...): PostgreSQL's LockClauseStrength and LockWaitPolicy,
// each weakest first, so that the stronger of two clauses on one table is the larger.
enum class LockStrength { kKeyShare, kShare, kNoKeyUpdate, kUpdate };
enum class LockWaitPolicy { kBlock, kSkip, kError };  // wait, SKIP LOCKED, NOWAIT

// FOR strength [OF name, ...] [NOWAIT | SKIP LOCKED]; an empty `relations` list means every
// table of the query's FROM.
struct LockingClause {
  LockStrength strength = LockStrength::kUpdate;
  std::vector<std::unique_ptr<RangeVar>> relations;
  LockWaitPolicy wait_policy = LockWaitPolicy::kBlock;
  int location = -1;  // the FOR token
};

// "FOR UPDATE", "FOR NO KEY UPDATE", "FOR SHARE", "FOR KEY SHARE", as in messages.
inline const char* LockStrengthName(LockStrength strength) {
  switch (strength) {
    case LockStrength::kKeyShare: return "FOR KEY SHARE";
    case LockStrength::kShare: return "FOR SHARE";
    case LockStrength::kNoKeyUpdate: return "FOR NO KEY UPDATE";
    case LockStrength::kUpdate: return "FOR UPDATE";
  }
  return "FOR UPDATE";
}

// AS [NOT] MATERIALIZED of a WITH item; kDefault lets the planner choose.
enum class CteMaterialize { kDefault, kAlways, kNever };

// One WITH item: name [(columns)] AS [[NOT] MATERIALIZED] (query).
// SEARCH { DEPTH | BREADTH } FIRST BY column, ... SET sequence_column, after a recursive
// WITH item.
struct CteSearchClause {
  std::vector<std::string> columns;
  bool breadth_first = false;
  std::string sequence_column;
  int location = -1;  // the SEARCH token
};

// CYCLE column, ... SET mark_column [TO value DEFAULT default] USING path_column, after a
// recursive WITH item. Without TO ... DEFAULT the mark is boolean: true and false.
struct CteCycleClause {
  std::vector<std::string> columns;
  std::string mark_column;
  ExprPtr mark_value;    // a constant (AexprConst)
  ExprPtr mark_default;  // a constant (AexprConst)
  std::string path_column;
  int location = -1;  // the CYCLE token
};

struct CommonTableExpr {
  std::string name;
  std::vector<std::string> column_names;  // empty: the query's column names
  CteMaterialize materialized = CteMaterialize::kDefault;
  StmtPtr query;  // a SelectStmt, InsertStmt, UpdateStmt or DeleteStmt
  int location = -1;  // the name
  std::unique_ptr<CteSearchClause> search;  // null when absent
  std::unique_ptr<CteCycleClause> cycle;    // null when absent
};

// WITH [RECURSIVE] item, ... in front of SELECT, INSERT, UPDATE or DELETE.
struct WithClause {
  std::vector<CommonTableExpr> ctes;
  bool recursive = false;
  int location = -1;  // the WITH token
};

// SELECT ... INTO [TEMPORARY] [TABLE] name: the clause's byte span lets the engine run the
// query without it.
struct IntoClause {
  std::unique_ptr<RangeVar> table;
  bool temporary = false;
  int location = -1;  // the INTO token
  int end = -1;       // just past the table name
};

// A SELECT, a VALUES list, or a set operation between two selects (then only set_op, all,
// left, right, order_by, limit and offset are used).
struct SelectStmt : Stmt {
  SelectStmt() : Stmt(StmtKind::kSelect) {}

  // WITH: visible to the whole statement, set operations included; null when absent.
  std::unique_ptr<WithClause> with;

  // Simple SELECT
  bool distinct = false;
  ExprList distinct_on;  // DISTINCT ON (...): implies distinct
  std::vector<ResTarget> targets;
  std::vector<TableRefPtr> from;
  ExprPtr where;
  ExprList group_by;    // expressions and GroupingSetExprs
  bool group_by_distinct = false;  // GROUP BY DISTINCT: duplicate grouping sets removed
  ExprPtr having;
  std::vector<WindowDef> windows;  // WINDOW name AS (...), ...

  // VALUES (...), (...): when non-empty, this node is a VALUES list and the simple-select
  // fields above are unused.
  std::vector<ExprList> values;

  // Set operation
  SetOperation set_op = SetOperation::kNone;
  bool all = false;
  std::unique_ptr<SelectStmt> left;
  std::unique_ptr<SelectStmt> right;

  // Applies to the whole statement (including a set operation)
  std::vector<SortBy> order_by;
  ExprPtr limit;   // LIMIT n / FETCH FIRST n ROWS ONLY; null when absent (LIMIT ALL too)
  ExprPtr offset;  // null when absent
  // FETCH FIRST n ROWS WITH TIES: rows equal in ORDER BY to the last one are returned too.
  bool limit_with_ties = false;
  int with_ties_location = -1;  // the FETCH token
  // FOR UPDATE / SHARE clauses, in the order written (all of them apply).
  std::vector<LockingClause> locking;
  // SELECT ... INTO (simple selects only; null when absent). Only the statement's own
  // select, or the leftmost select of its set operation, may have one.
  std::unique_ptr<IntoClause> into;
};

}  // namespace granary::parser
