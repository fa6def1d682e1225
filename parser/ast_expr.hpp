// Raw AST: value expressions (Expr and its node kinds), and the sort keys and window
// definitions that function calls and SELECT share. Part of the raw syntax tree described in
// ast.hpp. A subquery's SelectStmt is declared in ast_select.hpp: code that reads a
// subquery's SELECT includes that header as well.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "parser/ast_type.hpp"

namespace granary::parser {

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
  kNamedArg,     // name => value (or name := value): a function call's argument only
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
  // f(a, VARIADIC arr): the last argument is the array of the variadic parameter's values
  // (PostgreSQL's func_variadic).
  bool variadic = false;
};

// A named argument of a function call, `name => arg` or `name := arg`: an element of
// FuncCallExpr::args (PostgreSQL's NamedArgExpr). The grammar allows one anywhere in a
// call's list; positional arguments after named ones are the analyzer's 42601. `location`
// is the name's.
struct NamedArgExpr : Expr {
  NamedArgExpr() : Expr(ExprKind::kNamedArg) {}
  std::string name;
  ExprPtr arg;
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

// Declared in ast_select.hpp. The nodes that own one construct and destroy it out of line
// (ast_expr.cpp), so that this header does not need its definition.
struct SelectStmt;

enum class SubqueryKind {
  kScalar,  // (SELECT ...)
  kExists,  // EXISTS (SELECT ...)
  kIn,      // x IN (SELECT ...)   (NOT IN is a BoolExpr NOT around it)
  kAny,     // x op ANY (SELECT ...)
  kAll,     // x op ALL (SELECT ...)
};

struct SubqueryExpr : Expr {
  SubqueryExpr();
  ~SubqueryExpr() override;
  SubqueryKind subquery_kind = SubqueryKind::kScalar;
  ExprPtr test_expr;         // x for IN/ANY/ALL
  std::string operator_name; // op for ANY/ALL ("=" for IN)
  std::unique_ptr<SelectStmt> select;
};

// ARRAY[e1, e2, ...]; a nested [..] list inside it is an ArrayExpr too (a row of a
// multi-dimensional array). ARRAY(SELECT ...) has `select` set and no elements.
struct ArrayExpr : Expr {
  ArrayExpr();
  ~ArrayExpr() override;
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

// ---------------------------------------------------------------- sort keys and windows

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

}  // namespace granary::parser
