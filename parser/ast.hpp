// The raw abstract syntax tree the grammar builds: syntax only, no catalog knowledge.
//
// Nodes are plain structs owned through unique_ptr by their parent; a statement owns its
// whole tree. Every node records `location`, the 0-based byte offset in the statement text of
// the token that best identifies it (-1 when none), so later phases can report positions
// (PostgreSQL reports 1-based character positions; the conversion happens when the error is
// raised). Names are already case-folded by the scanner: unquoted identifiers are lower-cased,
// quoted ones are kept as written.
//
// The tree is shaped after PostgreSQL's raw parse tree (parsenodes.h) so that the grammar
// can grow to the full dialect without reshaping: statements, expressions and FROM items are
// separate hierarchies, each with a `kind` tag to dispatch on.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace granary::parser {

// ---------------------------------------------------------------- type names

// A type as written: `integer`, `varchar(20)`, `numeric(10, 2)`, `double precision`.
// Multi-word SQL-standard spellings are normalised by the grammar to PostgreSQL's internal
// names: INTEGER/INT -> "int4", SMALLINT -> "int2", BIGINT -> "int8", REAL -> "float4",
// DOUBLE PRECISION/FLOAT -> "float8", BOOLEAN -> "bool", CHARACTER VARYING/VARCHAR ->
// "varchar", CHAR/CHARACTER -> "bpchar", DECIMAL/NUMERIC -> "numeric",
// TIMESTAMP [WITHOUT TIME ZONE] -> "timestamp", TIMESTAMP WITH TIME ZONE -> "timestamptz",
// TIME -> "time". Other names (text, date, int4, user types) are kept as written.
// Also TIME WITH TIME ZONE -> "timetz", BIT [VARYING] -> "bit" / "varbit". Omitted lengths
// follow PostgreSQL: CHAR and BIT mean length 1 ({1}) except in a typed literal such as
// CHAR 'x'. INTERVAL fields use PostgreSQL's raw interval typmod list: {field mask} or
// {field mask, precision}, with the masks of interval_mask below (INTERVAL(p) is
// {kFullRange, p}). FLOAT(p) is "float4" for p <= 24, else "float8".
struct TypeName {
  std::vector<std::string> names;  // possibly schema-qualified
  std::vector<int64_t> modifiers;  // (20) or (10, 2)
  int array_bounds = 0;            // number of [] suffixes
  int location = -1;
};

// Interval field masks in INTERVAL type modifiers: PostgreSQL's INTERVAL_MASK() of its
// datetime field numbers, so that intervals share PostgreSQL's typmod layout.
namespace interval_mask {
inline constexpr int64_t kMonth = int64_t{1} << 1;
inline constexpr int64_t kYear = int64_t{1} << 2;
inline constexpr int64_t kDay = int64_t{1} << 3;
inline constexpr int64_t kHour = int64_t{1} << 10;
inline constexpr int64_t kMinute = int64_t{1} << 11;
inline constexpr int64_t kSecond = int64_t{1} << 12;
inline constexpr int64_t kFullRange = 0x7FFF;
}  // namespace interval_mask

// ---------------------------------------------------------------- expressions

enum class ExprKind {
  kConstant,
  kColumnRef,
  kStar,
  kParamRef,
  kOperator,
  kBool,
  kNullTest,
  kBooleanTest,
  kFuncCall,
  kTypeCast,
  kInList,
  kBetween,
  kLike,
  kCase,
  kSubquery,
  kDefault,  // DEFAULT in INSERT ... VALUES or UPDATE ... SET
  kCollate,  // x COLLATE name
  kArray,              // ARRAY[...] or ARRAY(SELECT ...)
  kSubscript,          // x[i], x[i:j], x[i][j]
  kArrayComparison,    // x op ANY (array), x op ALL (array)
  kGroupingSet,  // GROUP BY only: (), ROLLUP (...), CUBE (...), GROUPING SETS (...)
  kRow,          // ROW(a, b) or (a, b)
  kFieldSelect,  // (x).name or (x).*
};

struct Expr {
  explicit Expr(ExprKind expr_kind) : kind(expr_kind) {}
  virtual ~Expr() = default;
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;

  template <typename T>
  T& As() { return static_cast<T&>(*this); }
  template <typename T>
  const T& As() const { return static_cast<const T&>(*this); }

  const ExprKind kind;
  int location = -1;
};

using ExprPtr = std::unique_ptr<Expr>;
using ExprList = std::vector<ExprPtr>;

enum class ConstantKind {
  kInteger,  // digits only; the analyzer types it int4, int8 or numeric by magnitude
  kDecimal,  // 1.5, 1e10: numeric
  kString,   // 'text' (escapes already processed): type unknown until coerced
  kBool,     // TRUE / FALSE
  kNull,     // NULL
};

struct ConstantExpr : Expr {
  ConstantExpr() : Expr(ExprKind::kConstant) {}
  ConstantKind constant_kind = ConstantKind::kNull;
  std::string text;  // the literal's text for integer/decimal/string
  bool bool_value = false;
};

// a, t.a, s.t.a
struct ColumnRefExpr : Expr {
  ColumnRefExpr() : Expr(ExprKind::kColumnRef) {}
  std::vector<std::string> names;
};

// * or t.* in a select list (and count(*) is FuncCallExpr::star instead).
struct StarExpr : Expr {
  StarExpr() : Expr(ExprKind::kStar) {}
  std::vector<std::string> qualifier;  // empty for a bare *
};

// $1, $2, ...
struct ParamRefExpr : Expr {
  ParamRefExpr() : Expr(ExprKind::kParamRef) {}
  int number = 0;
};

// An operator by name: binary (left and right set) or prefix (left null): + - * / % ^ ||
// = <> (also written !=, stored as "<>") < > <= >= and any other operator symbol.
// Also, by the grammar:
//   x IS [NOT] DISTINCT FROM y   name "IS DISTINCT FROM" / "IS NOT DISTINCT FROM"
//   x [NOT] SIMILAR TO p [ESCAPE e]
//                                name "~" / "!~", right = FuncCallExpr
//                                similar_to_escape(p [, e]) (as PostgreSQL)
//   x OPERATOR(schema.op) y      name "schema.op" (operator names never contain '.')
//   x op ANY/ALL (SELECT ...)    is a SubqueryExpr, not an OperatorExpr
struct OperatorExpr : Expr {
  OperatorExpr() : Expr(ExprKind::kOperator) {}
  std::string name;
  ExprPtr left;   // null for a prefix operator
  ExprPtr right;
};

enum class BoolOp { kAnd, kOr, kNot };

struct BoolExpr : Expr {
  BoolExpr() : Expr(ExprKind::kBool) {}
  BoolOp op = BoolOp::kAnd;
  ExprList args;  // two or more for AND/OR (flattened), one for NOT
};

// x IS [NOT] NULL
struct NullTestExpr : Expr {
  NullTestExpr() : Expr(ExprKind::kNullTest) {}
  ExprPtr arg;
  bool is_not = false;
};

// x IS [NOT] TRUE | FALSE | UNKNOWN
enum class BooleanTestKind { kTrue, kFalse, kUnknown };
struct BooleanTestExpr : Expr {
  BooleanTestExpr() : Expr(ExprKind::kBooleanTest) {}
  ExprPtr arg;
  BooleanTestKind test = BooleanTestKind::kTrue;
  bool is_not = false;
};

struct SortBy;
struct WindowDef;

// f(args), count(*), count(DISTINCT x). Also the SQL-syntax functions the grammar rewrites
// to calls: SUBSTRING(x FROM a FOR b) -> substring(x, a, b), POSITION(a IN b) ->
// position(b, a), TRIM(...) -> btrim/ltrim/rtrim, EXTRACT(f FROM x) -> extract('f', x),
// COALESCE(...) -> coalesce, NULLIF, GREATEST, LEAST, CURRENT_DATE -> current_date() etc.
// In full, the grammar's calls (unqualified names): current_date, current_time[(p)],
// current_timestamp[(p)], localtime[(p)], localtimestamp[(p)], current_role, current_user,
// session_user, user, current_catalog, current_schema (no arguments unless a precision was
// written; they keep their SQL spelling so the analyzer can tell them from user functions
// and name result columns as PostgreSQL does); x AT TIME ZONE z -> timezone(z, x);
// OVERLAY(a PLACING b FROM c [FOR d]) -> overlay(a, b, c[, d]); SUBSTRING(x FOR b) ->
// substring(x, 1, b::int4); COLLATION FOR (x) -> pg_collation_for(x).
struct FuncCallExpr : Expr {
  FuncCallExpr() : Expr(ExprKind::kFuncCall) {}
  std::vector<std::string> name;  // possibly schema-qualified
  ExprList args;
  bool star = false;      // f(*)
  bool distinct = false;  // f(DISTINCT ...)
  std::vector<SortBy> order_by;  // string_agg(x, ',' ORDER BY y)
  // WITHIN GROUP (ORDER BY ...) of an ordered-set aggregate: its aggregated arguments (args
  // are then the direct ones); empty when absent.
  std::vector<SortBy> within_group;
  ExprPtr filter;                // FILTER (WHERE ...)
  std::unique_ptr<WindowDef> over;  // OVER (...): a window function call; null otherwise
};

// CAST(x AS t), x::t, and typed literals such as DATE '2024-01-01'.
struct TypeCastExpr : Expr {
  TypeCastExpr() : Expr(ExprKind::kTypeCast) {}
  ExprPtr arg;
  TypeName type;
};

// x COLLATE [schema.]name
struct CollateExpr : Expr {
  CollateExpr() : Expr(ExprKind::kCollate) {}
  ExprPtr arg;
  std::vector<std::string> collation;
};

// An item of GROUP BY other than an expression: `()` (kEmpty, no content), `(a, b)`
// (kList: PostgreSQL's implicit row, which grouping treats as the list of its members),
// ROLLUP (...) and CUBE (...) (content: expressions and kLists) or GROUPING SETS (...)
// (content: any GROUP BY items, as written). GROUPING(a, b) is a FuncCallExpr named
// "grouping".
enum class GroupingSetKind { kEmpty, kList, kRollup, kCube, kSets };
struct GroupingSetExpr : Expr {
  GroupingSetExpr() : Expr(ExprKind::kGroupingSet) {}
  GroupingSetKind set_kind = GroupingSetKind::kEmpty;
  ExprList content;
};

// x [NOT] IN (a, b, c)
struct InListExpr : Expr {
  InListExpr() : Expr(ExprKind::kInList) {}
  ExprPtr arg;
  ExprList list;
  bool negated = false;
};

// x [NOT] BETWEEN [SYMMETRIC] a AND b
struct BetweenExpr : Expr {
  BetweenExpr() : Expr(ExprKind::kBetween) {}
  ExprPtr arg;
  ExprPtr low;
  ExprPtr high;
  bool negated = false;
  bool symmetric = false;
};

// x [NOT] LIKE|ILIKE pattern [ESCAPE e]
struct LikeExpr : Expr {
  LikeExpr() : Expr(ExprKind::kLike) {}
  ExprPtr arg;
  ExprPtr pattern;
  ExprPtr escape;  // null when absent
  bool negated = false;
  bool case_insensitive = false;
};

struct CaseWhen {
  ExprPtr condition;
  ExprPtr result;
};

// CASE [arg] WHEN ... THEN ... [ELSE ...] END
struct CaseExpr : Expr {
  CaseExpr() : Expr(ExprKind::kCase) {}
  ExprPtr arg;  // null for a searched CASE
  std::vector<CaseWhen> whens;
  ExprPtr else_result;  // null when absent
};

struct SelectStmt;

enum class SubqueryKind {
  kScalar,  // (SELECT ...)
  kExists,  // EXISTS (SELECT ...)
  kIn,      // x IN (SELECT ...)   (NOT IN is a BoolExpr NOT around it)
  kAny,     // x op ANY (SELECT ...)
  kAll,     // x op ALL (SELECT ...)
};

struct SubqueryExpr : Expr {
  SubqueryExpr() : Expr(ExprKind::kSubquery) {}
  SubqueryKind subquery_kind = SubqueryKind::kScalar;
  ExprPtr test_expr;         // x for IN/ANY/ALL
  std::string operator_name; // op for ANY/ALL ("=" for IN)
  std::unique_ptr<SelectStmt> select;
};

// ARRAY[e1, e2, ...]; a nested [..] list inside it is an ArrayExpr too (a row of a
// multi-dimensional array). ARRAY(SELECT ...) has `select` set and no elements.
struct ArrayExpr : Expr {
  ArrayExpr() : Expr(ExprKind::kArray) {}
  ExprList elements;
  bool nested = false;  // written as a bare [...] inside an outer ARRAY[...]
  std::unique_ptr<SelectStmt> select;
};

// One subscript: [lower] (upper null, slice false) or a slice [lower:upper] in which either
// bound may be omitted.
struct Subscript {
  ExprPtr lower;
  ExprPtr upper;
  bool slice = false;
};

// base[...][...]: array element or slice access.
struct SubscriptExpr : Expr {
  SubscriptExpr() : Expr(ExprKind::kSubscript) {}
  ExprPtr base;
  std::vector<Subscript> subscripts;
};

// left op ANY (array) / left op ALL (array): PostgreSQL's ScalarArrayOpExpr. (With a
// sub-select in the parentheses it is a SubqueryExpr instead.)
struct ArrayComparisonExpr : Expr {
  ArrayComparisonExpr() : Expr(ExprKind::kArrayComparison) {}
  std::string operator_name;
  bool all = false;
  ExprPtr left;
  ExprPtr array;
};

// ROW(a, b, ...), ROW(), or the implicit form (a, b, ...) with two or more members.
struct RowExpr : Expr {
  RowExpr() : Expr(ExprKind::kRow) {}
  ExprList args;
  bool explicit_row = false;  // written with ROW
};

// (x).field, or (x).* (star): a field, or all fields, of a composite value.
struct FieldSelectExpr : Expr {
  FieldSelectExpr() : Expr(ExprKind::kFieldSelect) {}
  ExprPtr arg;
  std::string field;
  bool star = false;
};

struct DefaultExpr : Expr {
  DefaultExpr() : Expr(ExprKind::kDefault) {}
};

// ---------------------------------------------------------------- select parts

enum class SortDirection { kDefault, kAscending, kDescending };
enum class NullsOrder { kDefault, kFirst, kLast };

struct SortBy {
  ExprPtr expr;
  SortDirection direction = SortDirection::kDefault;
  NullsOrder nulls = NullsOrder::kDefault;
  int location = -1;
};

// A window frame (PostgreSQL's frameOptions with their offsets). kDefault: none written,
// which means RANGE UNBOUNDED PRECEDING .. CURRENT ROW.
enum class FrameMode { kDefault, kRows, kRange, kGroups };
enum class FrameBoundKind {
  kUnboundedPreceding,
  kPreceding,
  kCurrentRow,
  kFollowing,
  kUnboundedFollowing
};
struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::kCurrentRow;
  ExprPtr offset;  // kPreceding / kFollowing only
  int location = -1;
};
// EXCLUDE CURRENT ROW | GROUP | TIES | NO OTHERS (kNoOthers is the default).
enum class FrameExclusion { kNoOthers, kCurrentRow, kGroup, kTies };

// A window: OVER (...), OVER name, or one entry of the WINDOW clause (`name` AS (...)).
// OVER name is `name` alone; OVER (w ORDER BY ...) names the window it copies in
// `existing`. The grammar has already rejected impossible frames (42P20).
struct WindowDef {
  std::string name;      // WINDOW clause: the defined name; OVER name: the window referred to
  std::string existing;  // (w ...): the window whose PARTITION BY / ORDER BY are copied
  ExprList partition_by;
  std::vector<SortBy> order_by;
  FrameMode frame_mode = FrameMode::kDefault;
  FrameBound frame_start;
  FrameBound frame_end;
  FrameExclusion exclusion = FrameExclusion::kNoOthers;
  int location = -1;
};

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

// [[database.]schema.]name [[AS] alias [(columns)]]
struct RangeVar : TableRef {
  RangeVar() : TableRef(TableRefKind::kRelation) {}
  std::string catalog;  // the database of a three-part name, else empty
  std::string schema;  // empty when unqualified
  std::string name;
  std::optional<Alias> alias;
};

// kSemi and kAnti never come from the grammar: the planner makes them of EXISTS / IN /
// NOT EXISTS conditions (planner/optimize/semi_join.hpp). A semi join emits each left row
// that has a partner once, an anti join each left row that has none; both output only the
// left row.
enum class JoinType { kInner, kLeft, kRight, kFull, kCross, kSemi, kAnti };

// left [NATURAL] JOIN right [ON cond | USING (cols)]; a comma in FROM is a separate list
// entry, not a JoinRef.
struct JoinRef : TableRef {
  JoinRef() : TableRef(TableRefKind::kJoin) {}
  JoinType join_type = JoinType::kInner;
  TableRefPtr left;
  TableRefPtr right;
  ExprPtr condition;                // ON
  std::vector<std::string> using_columns;
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

// ---------------------------------------------------------------- statements

enum class StmtKind {
  kSelect,
  kInsert,
  kUpdate,
  kDelete,
  kCreateTable,
  kCreateIndex,
  kCreateView,
  kDrop,
  kTransaction,
  kExplain,
  kVariableSet,
  kVariableShow,
  kCreateRole,
  kAlterRole,
  kDropRole,
  kCheckpoint,
  kCopy,
  kTruncate,
  kAlterTable,
  kVacuum,
  kCreateSequence,
  kAlterSequence,
  kLock,
  kCreateSchema,
  kRenameSchema,
  kPrepare,
  kExecute,
  kDeallocate,
  kCreateTableAs,
  kComment,
  kSetConstraints,
  kDeclareCursor,
  kFetch,
  kClosePortal,
  kCreateCollation,
  kCreateFunction,
  kDropFunction,
  kAlterFunction,
};

struct Stmt {
  explicit Stmt(StmtKind stmt_kind) : kind(stmt_kind) {}
  virtual ~Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  template <typename T>
  T& As() { return static_cast<T&>(*this); }
  template <typename T>
  const T& As() const { return static_cast<const T&>(*this); }

  const StmtKind kind;
  // Byte span of this statement in the parsed string (without the terminating ';'), so a
  // multi-statement string can be split and each statement's text reported.
  int location = 0;
  int length = 0;
};

using StmtPtr = std::unique_ptr<Stmt>;

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
  // FOR UPDATE / SHARE clauses, in the order written (all of them apply).
  std::vector<LockingClause> locking;
  // SELECT ... INTO (simple selects only; null when absent). Only the statement's own
  // select, or the leftmost select of its set operation, may have one.
  std::unique_ptr<IntoClause> into;
};

struct SetClause {
  std::string column;
  ExprPtr value;  // may be a DefaultExpr
  int location = -1;
  std::vector<ExprPtr> subscripts;  // column[i][j] = value: one array element
};

// One key of CREATE INDEX or of an ON CONFLICT target: a column name, or an expression
// (written in parentheses or as a function call).
struct IndexElem {
  std::string column;  // empty for an expression
  ExprPtr expr;        // null for a column
  SortDirection direction = SortDirection::kDefault;
  NullsOrder nulls = NullsOrder::kDefault;
  int location = -1;
  std::vector<std::string> collation;  // COLLATE name; empty when not given
};

enum class OnConflictAction { kNothing, kUpdate };

// ON CONFLICT [(keys) [WHERE pred] | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET ... [WHERE]
struct OnConflictClause {
  OnConflictAction action = OnConflictAction::kNothing;
  std::vector<IndexElem> target;  // inference keys; empty when not given
  ExprPtr target_where;           // partial-index inference predicate
  std::string constraint_name;    // ON CONSTRAINT name
  std::vector<SetClause> set_clauses;
  ExprPtr where;                  // DO UPDATE ... WHERE
  int location = -1;
};

enum class OverridingKind { kNone, kUserValue, kSystemValue };

struct InsertStmt : Stmt {
  InsertStmt() : Stmt(StmtKind::kInsert) {}
  std::unique_ptr<WithClause> with;  // null when absent
  std::unique_ptr<RangeVar> table;
  std::vector<std::string> columns;     // empty: all columns in order
  std::unique_ptr<SelectStmt> source;   // VALUES or SELECT; null for DEFAULT VALUES
  OverridingKind overriding = OverridingKind::kNone;
  std::unique_ptr<OnConflictClause> on_conflict;  // null when absent
  std::vector<ResTarget> returning;
};

struct UpdateStmt : Stmt {
  UpdateStmt() : Stmt(StmtKind::kUpdate) {}
  std::unique_ptr<WithClause> with;  // null when absent
  std::unique_ptr<RangeVar> table;
  std::vector<SetClause> set_clauses;
  std::vector<TableRefPtr> from;
  ExprPtr where;
  std::vector<ResTarget> returning;
};

struct DeleteStmt : Stmt {
  DeleteStmt() : Stmt(StmtKind::kDelete) {}
  std::unique_ptr<WithClause> with;  // null when absent
  std::unique_ptr<RangeVar> table;
  std::vector<TableRefPtr> using_tables;
  ExprPtr where;
  std::vector<ResTarget> returning;
};

enum class ConstraintKind {
  kNull, kNotNull, kDefault, kPrimaryKey, kUnique, kCheck, kForeignKey, kIdentity,
  // DEFERRABLE / NOT DEFERRABLE / INITIALLY ... written as a column constraint of its own
  // (PostgreSQL's ConstraintAttr); `attributes` says which.
  kAttribute,
  // COLLATE name in a column definition (PostgreSQL's ColConstraint): `collation`.
  kCollate
};

// Bits of Constraint::attributes (PostgreSQL's CAS_* flags).
inline constexpr int kConstraintNotDeferrable = 1;
inline constexpr int kConstraintDeferrable = 2;
inline constexpr int kConstraintInitiallyImmediate = 4;
inline constexpr int kConstraintInitiallyDeferred = 8;
inline constexpr int kConstraintNotValid = 16;
inline constexpr int kConstraintNoInherit = 32;

// One option of CREATE/ALTER SEQUENCE or of an identity column, named as PostgreSQL's DefElems:
// "as", "increment", "minvalue", "maxvalue", "start", "restart", "cache", "cycle", "owned_by",
// "sequence_name".
struct SequenceOption {
  std::string name;
  std::string value;               // the number as written; empty for NO MINVALUE/MAXVALUE
  bool has_value = false;          // false: NO MINVALUE, NO MAXVALUE, RESTART alone
  bool flag = true;                // "cycle": CYCLE (true) or NO CYCLE (false)
  TypeName type;                   // "as"
  std::vector<std::string> names;  // "owned_by", "sequence_name": a possibly qualified name
  int location = -1;
};

// CREATE [TEMP] SEQUENCE [IF NOT EXISTS] name [options]
struct CreateSequenceStmt : Stmt {
  CreateSequenceStmt() : Stmt(StmtKind::kCreateSequence) {}
  std::unique_ptr<RangeVar> sequence;
  std::vector<SequenceOption> options;
  bool if_not_exists = false;
  bool temporary = false;
};

// ALTER SEQUENCE [IF EXISTS] name options
struct AlterSequenceStmt : Stmt {
  AlterSequenceStmt() : Stmt(StmtKind::kAlterSequence) {}
  std::unique_ptr<RangeVar> sequence;
  std::vector<SequenceOption> options;
  bool missing_ok = false;
};

// A column or table constraint. Column constraints leave `columns` empty.
struct Constraint {
  ConstraintKind kind = ConstraintKind::kNotNull;
  std::string name;                  // CONSTRAINT name, empty when unnamed
  ExprPtr expr;                      // DEFAULT value or CHECK condition
  std::vector<std::string> columns;  // table constraint columns
  // FOREIGN KEY / REFERENCES
  std::unique_ptr<RangeVar> referenced_table;
  std::vector<std::string> referenced_columns;
  char match = 's';                  // 's' SIMPLE, 'f' FULL, 'p' PARTIAL
  char on_update = 'a';              // pg_constraint's codes: a, r, c, n, d
  char on_delete = 'a';
  std::vector<std::string> update_set_columns;  // SET NULL/DEFAULT (columns)
  std::vector<std::string> delete_set_columns;
  int attributes = 0;                // kConstraint* bits
  // GENERATED ALWAYS|BY DEFAULT AS IDENTITY [(options)]
  bool generated_always = false;
  std::vector<SequenceOption> sequence_options;
  std::vector<std::string> collation;  // kCollate
  int location = -1;
};

struct ColumnDef {
  std::string name;
  TypeName type;
  std::vector<Constraint> constraints;
  int location = -1;
};

// One storage parameter of WITH (...) / SET (...) / RESET (...): `name = value`, or `name`
// alone (value empty, has_value false). `name` may be qualified (`toast.autovacuum_enabled`).
struct RelOption {
  std::string name;
  std::string value;  // as written: a number's digits, a string's or word's text
  bool has_value = false;
  int location = -1;
};

// ON COMMIT of CREATE TEMP TABLE: kNoop when the clause is absent (PRESERVE ROWS in effect).
enum class OnCommitAction { kNoop, kPreserveRows, kDeleteRows, kDrop };

struct CreateTableStmt : Stmt {
  CreateTableStmt() : Stmt(StmtKind::kCreateTable) {}
  std::unique_ptr<RangeVar> table;
  std::vector<ColumnDef> columns;
  std::vector<Constraint> table_constraints;
  std::vector<RelOption> options;  // WITH (storage parameters)
  bool if_not_exists = false;
  bool temporary = false;
  OnCommitAction on_commit = OnCommitAction::kNoop;
};

// CREATE TABLE [IF NOT EXISTS] name [(columns)] [WITH (...)] AS query [WITH [NO] DATA], where
// the query (with its own span) is a SelectStmt or an ExecuteStmt (CREATE TABLE ... AS
// EXECUTE). SELECT ... INTO is run as one too.
struct CreateTableAsStmt : Stmt {
  CreateTableAsStmt() : Stmt(StmtKind::kCreateTableAs) {}
  std::unique_ptr<RangeVar> table;
  std::vector<std::string> columns;
  std::vector<RelOption> options;
  StmtPtr query;
  bool if_not_exists = false;
  bool temporary = false;
  OnCommitAction on_commit = OnCommitAction::kNoop;
  bool with_data = true;
};

// CREATE [UNIQUE] INDEX [[IF NOT EXISTS] name] ON table [USING method] (elems) [WHERE pred]
struct CreateIndexStmt : Stmt {
  CreateIndexStmt() : Stmt(StmtKind::kCreateIndex) {}
  std::string name;  // empty: the engine chooses one, as PostgreSQL does
  std::unique_ptr<RangeVar> table;
  std::vector<IndexElem> elements;
  std::string access_method;  // empty for the default (btree)
  ExprPtr where;              // partial index predicate; null when absent
  bool unique = false;
  bool if_not_exists = false;
};

// CREATE [OR REPLACE] VIEW name [(columns)] AS query. The query's span (location/length)
// gives its text, which is what the catalog stores.
struct CreateViewStmt : Stmt {
  CreateViewStmt() : Stmt(StmtKind::kCreateView) {}
  std::unique_ptr<RangeVar> view;
  std::vector<std::string> columns;
  std::unique_ptr<SelectStmt> query;
  bool or_replace = false;
  bool temporary = false;
  char check_option = 0;  // WITH [CASCADED | LOCAL] CHECK OPTION: 'c' or 'l'; 0 without
};

enum class ObjectType { kTable, kIndex, kView, kSequence, kSchema, kColumn, kDatabase, kRole, kConstraint, kCollation, kFunction };

struct DropStmt : Stmt {
  DropStmt() : Stmt(StmtKind::kDrop) {}
  ObjectType object_type = ObjectType::kTable;
  std::vector<std::vector<std::string>> names;  // each possibly schema-qualified
  bool if_exists = false;
  bool cascade = false;
};

// A function named with its argument types (PostgreSQL's ObjectWithArgs); without a list
// the name must be unique.
struct FunctionWithArgs {
  std::vector<std::string> name;
  bool has_args = false;
  std::vector<TypeName> arg_types;  // IN, INOUT and VARIADIC parameters' types
  int location = -1;
};

// COMMENT ON object IS 'text' | NULL. `name` is the object's (possibly qualified) name; for a
// column it ends with the column's name; for a constraint it names the table and
// `constraint_name` the constraint.
struct CommentStmt : Stmt {
  CommentStmt() : Stmt(StmtKind::kComment) {}
  ObjectType object_type = ObjectType::kTable;
  std::vector<std::string> name;
  std::string constraint_name;
  std::optional<std::string> text;  // nullopt: IS NULL
  int location = -1;                // the object's name
  FunctionWithArgs function;        // kFunction: the function and its argument types
};

enum class TransactionKind {
  kBegin,  // BEGIN [WORK|TRANSACTION], START TRANSACTION
  kCommit, // COMMIT, END
  kRollback,
  kSavepoint,
  kRelease,
  kRollbackTo,
};

struct TransactionStmt : Stmt {
  TransactionStmt() : Stmt(StmtKind::kTransaction) {}
  TransactionKind transaction_kind = TransactionKind::kBegin;
  std::string savepoint_name;
  std::string isolation_level;  // "read committed", ... ; empty when not given
  std::optional<bool> read_only;
  std::optional<bool> deferrable;
  bool chain = false;  // COMMIT / ROLLBACK AND CHAIN
};

// PREPARE name [(type, ...)] AS statement. The statement (SELECT, VALUES, INSERT, UPDATE
// or DELETE) carries its own span.
struct PrepareStmt : Stmt {
  PrepareStmt() : Stmt(StmtKind::kPrepare) {}
  std::string name;
  std::vector<TypeName> parameter_types;
  StmtPtr statement;
};

// EXECUTE name [(argument, ...)].
struct ExecuteStmt : Stmt {
  ExecuteStmt() : Stmt(StmtKind::kExecute) {}
  std::string name;
  ExprList arguments;
};

// DEALLOCATE [PREPARE] name | ALL.
struct DeallocateStmt : Stmt {
  DeallocateStmt() : Stmt(StmtKind::kDeallocate) {}
  std::string name;  // empty for ALL
  bool all = false;
};

// DECLARE name [BINARY] [ASENSITIVE | INSENSITIVE] [[NO] SCROLL] CURSOR
// [{WITH | WITHOUT} HOLD] FOR query. The options are kept as written (PostgreSQL's
// CURSOR_OPT_* bits); contradictions are the analyser's 42P11.
struct DeclareCursorStmt : Stmt {
  DeclareCursorStmt() : Stmt(StmtKind::kDeclareCursor) {}
  std::string name;
  bool binary = false;
  bool scroll = false;
  bool no_scroll = false;
  bool asensitive = false;
  bool insensitive = false;
  bool hold = false;
  std::unique_ptr<SelectStmt> query;
};

// FETCH / MOVE [direction] [FROM | IN] name, in PostgreSQL's FetchStmt form: FORWARD and
// BACKWARD with a count (kAll for ALL), ABSOLUTE and RELATIVE with a position. NEXT is
// FORWARD 1, PRIOR BACKWARD 1, FIRST ABSOLUTE 1, LAST ABSOLUTE -1.
enum class FetchDirection { kForward, kBackward, kAbsolute, kRelative };
struct FetchStmt : Stmt {
  static constexpr int64_t kAll = INT64_MAX;
  FetchStmt() : Stmt(StmtKind::kFetch) {}
  std::string name;
  FetchDirection direction = FetchDirection::kForward;
  int64_t count = 1;
  bool move = false;
};

// CLOSE name | CLOSE ALL.
struct ClosePortalStmt : Stmt {
  ClosePortalStmt() : Stmt(StmtKind::kClosePortal) {}
  std::string name;  // empty for ALL
  bool all = false;
};

// EXPLAIN [ANALYZE] [VERBOSE] statement, or EXPLAIN (option, ...) statement. COSTS (on by
// default) prints each node's estimated costs, rows and width.
struct ExplainStmt : Stmt {
  ExplainStmt() : Stmt(StmtKind::kExplain) {}
  bool analyze = false;
  bool verbose = false;
  bool costs = true;
  bool timing = true;                // per-node times (with ANALYZE)
  std::optional<bool> summary;       // Planning/Execution Time; default: ANALYZE
  StmtPtr statement;
};

// SET [SESSION|LOCAL] name {TO|=} value[, ...] | SET name TO DEFAULT | RESET name | RESET ALL
// SET TIME ZONE x is name "timezone".
struct VariableSetStmt : Stmt {
  VariableSetStmt() : Stmt(StmtKind::kVariableSet) {}
  std::string name;               // lower-cased; "all" with reset for RESET ALL
  std::vector<std::string> values; // each value's text (strings unquoted, numbers as written)
  bool local = false;
  bool reset = false;             // RESET or SET ... TO DEFAULT
  bool reset_command = false;     // RESET itself (its command tag is RESET, SET's is SET)
  // SET TRANSACTION ISOLATION LEVEL ..., READ ONLY, DEFERRABLE: the settings after the first.
  std::vector<std::pair<std::string, std::vector<std::string>>> more;
};

struct VariableShowStmt : Stmt {
  VariableShowStmt() : Stmt(StmtKind::kVariableShow) {}
  std::string name;  // lower-cased; "all" for SHOW ALL
};

// One option of CREATE/ALTER ROLE, in PostgreSQL's DefElem names: "password", "superuser",
// "canlogin", "inherit", "createdb", "createrole", "isreplication", "bypassrls",
// "connectionlimit", "validUntil", "sysid", "rolemembers", "adminmembers", "addroleto".
struct RoleOption {
  std::string name;
  bool value = true;                    // SUPERUSER vs NOSUPERUSER, LOGIN vs NOLOGIN, ...
  std::optional<std::string> password;  // PASSWORD 'x'; nullopt for PASSWORD NULL
  int location = -1;
};

// CREATE ROLE name [WITH] option... ; CREATE USER is CREATE ROLE with LOGIN by default.
struct CreateRoleStmt : Stmt {
  CreateRoleStmt() : Stmt(StmtKind::kCreateRole) {}
  std::string name;
  bool is_user = false;
  std::vector<RoleOption> options;
  int name_location = -1;
};

// ALTER ROLE|USER name [WITH] option...
struct AlterRoleStmt : Stmt {
  AlterRoleStmt() : Stmt(StmtKind::kAlterRole) {}
  std::string name;
  std::vector<RoleOption> options;
  int name_location = -1;
};

// CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role], or
// CREATE SCHEMA [IF NOT EXISTS] AUTHORIZATION role (the schema is named after the role).
struct CreateSchemaStmt : Stmt {
  CreateSchemaStmt() : Stmt(StmtKind::kCreateSchema) {}
  std::string name;           // empty: the role's name
  std::string authorization;  // empty: the current user
  bool if_not_exists = false;
  int location = -1;          // of the name (or of AUTHORIZATION)
};

// CREATE COLLATION [IF NOT EXISTS] name (option = value, ...) | name FROM existing
struct CreateCollationStmt : Stmt {
  CreateCollationStmt() : Stmt(StmtKind::kCreateCollation) {}
  std::vector<std::string> name;  // possibly schema-qualified
  bool if_not_exists = false;
  std::vector<RelOption> options;     // provider, locale, lc_collate, lc_ctype, deterministic, ...
  std::vector<std::string> from;      // FROM existing; empty otherwise
  int location = -1;                  // of the name
  int from_location = -1;
};

// A parameter of CREATE FUNCTION (PostgreSQL's FunctionParameter); RETURNS TABLE's columns
// are parameters of mode kTable.
enum class FunctionParameterMode { kIn, kOut, kInOut, kVariadic, kTable };
struct FunctionParameter {
  std::string name;  // empty when unnamed
  TypeName type;
  FunctionParameterMode mode = FunctionParameterMode::kIn;
  ExprPtr default_expr;      // DEFAULT expr or = expr; null when none
  std::string default_text;  // its text as written
  int location = -1;
};

// An option of CREATE FUNCTION: LANGUAGE, IMMUTABLE / STABLE / VOLATILE, STRICT, CALLED ON
// NULL INPUT ("called"), LEAKPROOF, PARALLEL, COST, ROWS, SECURITY, SUPPORT, SET, WINDOW and
// AS (the body; `link` holds AS 'obj', 'link''s second string).
struct FunctionOption {
  std::string name;   // lower case: "language", "volatility", "strict", "as", ...
  std::string value;  // "sql", "immutable", "true", the body text, ...
  std::string link;
  int location = -1;
};

// CREATE [OR REPLACE] FUNCTION name(parameters) [RETURNS [SETOF] type | RETURNS TABLE (...)]
// options [RETURN expr | BEGIN ATOMIC statements END].
struct CreateFunctionStmt : Stmt {
  CreateFunctionStmt() : Stmt(StmtKind::kCreateFunction) {}
  bool replace = false;
  bool procedure = false;  // CREATE PROCEDURE (refused)
  std::vector<std::string> name;  // possibly schema-qualified
  std::vector<FunctionParameter> parameters;
  bool has_return_type = false;
  TypeName return_type;
  bool returns_set = false;    // SETOF, or RETURNS TABLE
  bool returns_table = false;  // RETURNS TABLE (the kTable parameters)
  std::vector<FunctionOption> options;
  // The SQL-standard body: RETURN expr (one SELECT expr) or BEGIN ATOMIC's statements, each
  // as SQL text (RETURN e inside BEGIN ATOMIC reads SELECT e); `has_sql_body` when written.
  bool has_sql_body = false;
  std::vector<std::string> sql_body;
  std::vector<StmtPtr> sql_body_statements;  // the parsed statements (kept for the parse)
  std::vector<ExprPtr> sql_body_expressions;
  int location = -1;  // of the name
};

// DROP FUNCTION [IF EXISTS] f[(types)], ... [CASCADE | RESTRICT]
struct DropFunctionStmt : Stmt {
  DropFunctionStmt() : Stmt(StmtKind::kDropFunction) {}
  std::vector<FunctionWithArgs> functions;
  bool if_exists = false;
  bool cascade = false;
};

// ALTER FUNCTION f[(types)] RENAME TO name | OWNER TO role | SET SCHEMA name | options
enum class AlterFunctionAction { kRename, kOwner, kSetSchema, kOptions };
struct AlterFunctionStmt : Stmt {
  AlterFunctionStmt() : Stmt(StmtKind::kAlterFunction) {}
  FunctionWithArgs function;
  AlterFunctionAction action = AlterFunctionAction::kOptions;
  std::string new_name;  // kRename, kOwner, kSetSchema
  std::vector<FunctionOption> options;
};

// ALTER SCHEMA name RENAME TO new_name
struct RenameSchemaStmt : Stmt {
  RenameSchemaStmt() : Stmt(StmtKind::kRenameSchema) {}
  std::string name;
  std::string new_name;
};

// DROP ROLE|USER [IF EXISTS] name, ...
struct DropRoleStmt : Stmt {
  DropRoleStmt() : Stmt(StmtKind::kDropRole) {}
  std::vector<std::string> names;
  bool if_exists = false;
};

// One option of COPY, in PostgreSQL's DefElem form: the old syntax (CSV, HEADER, DELIMITER
// 'x', FORCE QUOTE (a, b), ...) becomes the same options as WITH (FORMAT csv, HEADER, ...).
enum class CopyOptionKind { kNone, kString, kNumber, kStar, kList };
struct CopyOption {
  std::string name;             // lower-case: "format", "header", "delimiter", "force_quote", ...
  CopyOptionKind kind = CopyOptionKind::kNone;
  std::string value;            // kString / kNumber
  std::vector<std::string> list;  // kList
  int location = -1;
};

// COPY table [(columns)] FROM/TO {'file' | PROGRAM 'cmd' | STDIN | STDOUT} [WITH] options
// [WHERE condition], or COPY (query) TO ...
struct CopyStmt : Stmt {
  CopyStmt() : Stmt(StmtKind::kCopy) {}
  std::unique_ptr<RangeVar> table;  // null for COPY (query)
  std::vector<std::string> columns;
  StmtPtr query;                    // COPY (query) TO; the query carries its own span
  bool is_from = false;
  bool is_program = false;
  std::optional<std::string> filename;  // nullopt for STDIN / STDOUT
  std::vector<CopyOption> options;
  ExprPtr where;                    // COPY FROM ... WHERE
};

// TRUNCATE [TABLE] name [, ...] [RESTART IDENTITY | CONTINUE IDENTITY] [CASCADE | RESTRICT]
// LOCK [TABLE] name [, ...] [IN mode MODE] [NOWAIT]. `mode` is 1..8, PostgreSQL's table lock
// modes weakest first (ACCESS SHARE .. ACCESS EXCLUSIVE, the default).
struct LockStmt : Stmt {
  LockStmt() : Stmt(StmtKind::kLock) {}
  std::vector<std::unique_ptr<RangeVar>> tables;
  int mode = 8;
  bool nowait = false;
};

struct TruncateStmt : Stmt {
  TruncateStmt() : Stmt(StmtKind::kTruncate) {}
  std::vector<std::unique_ptr<RangeVar>> tables;
  bool restart_identity = false;
  bool cascade = false;
};

enum class AlterTableCmdKind {
  kAddColumn,        // column
  kDropColumn,       // name, missing_ok, cascade
  kSetDefault,       // name, expr (null: DROP DEFAULT)
  kSetNotNull,       // name
  kDropNotNull,      // name
  kAlterType,        // name, type, expr (USING; may be null)
  kAddConstraint,    // constraint
  kDropConstraint,   // name, missing_ok, cascade
  kValidateConstraint,  // name
  kSetOptions,       // options
  kResetOptions,     // options (names only)
  kRenameTable,      // new_name
  kRenameColumn,     // name, new_name
  kRenameConstraint, // name, new_name
  kAlterIdentity,    // name, sequence_options ("restart", ..., "generated" with flag = ALWAYS)
  kAddIdentity,      // name, constraint (kIdentity)
  kDropIdentity,     // name, missing_ok
};

struct AlterTableCmd {
  AlterTableCmdKind kind = AlterTableCmdKind::kAddColumn;
  std::string name;
  std::string new_name;
  std::unique_ptr<ColumnDef> column;
  Constraint constraint;
  ExprPtr expr;
  TypeName type;
  std::vector<std::string> collation;  // kAlterType: COLLATE name; empty when not given
  int collation_location = -1;
  std::vector<RelOption> options;
  std::vector<SequenceOption> sequence_options;
  bool missing_ok = false;  // IF EXISTS / IF NOT EXISTS
  bool cascade = false;
  int location = -1;
};

// ALTER TABLE [IF EXISTS] name cmd [, ...], and its RENAME forms (one command each).
struct AlterTableStmt : Stmt {
  AlterTableStmt() : Stmt(StmtKind::kAlterTable) {}
  std::unique_ptr<RangeVar> table;
  bool missing_ok = false;
  std::vector<AlterTableCmd> commands;
};

// CHECKPOINT: write every dirty page and a checkpoint record now.
struct CheckpointStmt : Stmt {
  CheckpointStmt() : Stmt(StmtKind::kCheckpoint) {}
};

// SET CONSTRAINTS {ALL | name [, ...]} {DEFERRED | IMMEDIATE}
struct SetConstraintsStmt : Stmt {
  SetConstraintsStmt() : Stmt(StmtKind::kSetConstraints) {}
  std::vector<std::vector<std::string>> names;  // each possibly schema-qualified; empty: ALL
  bool deferred = false;
};

// One table a VACUUM or ANALYZE names, with the columns it lists (`t (a, b)`; none: all).
struct VacuumRelation {
  std::unique_ptr<RangeVar> relation;
  std::vector<std::string> columns;
  int location = -1;
};

// VACUUM [FULL] [FREEZE] [VERBOSE] [ANALYZE] [table [(columns)], ...] or VACUUM (option, ...)
// [table, ...]; ANALYZE [VERBOSE] [table [(columns)], ...] or ANALYZE (option, ...) [...]
// (PostgreSQL's VacuumStmt with is_vacuumcmd false: `vacuum` is false and `analyze` true).
// Options are checked by the builder: unknown ones are 42601, ones PostgreSQL has but Granary
// does not (FULL, ...) 0A000 when the statement runs.
struct VacuumStmt : Stmt {
  VacuumStmt() : Stmt(StmtKind::kVacuum) {}
  bool vacuum = true;  // false for ANALYZE
  bool verbose = false;
  bool full = false;
  bool freeze = false;
  bool analyze = false;
  bool truncate = true;
  std::string unsupported_option;  // a known PostgreSQL option not supported: 0A000 at run time
  std::vector<std::unique_ptr<RangeVar>> relations;  // empty: every table
  std::vector<std::vector<std::string>> columns;     // per relation: the columns listed
};

}  // namespace granary::parser
