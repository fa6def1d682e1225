// ExprBinder — binds raw expressions (parser/ast.hpp) to BoundExprs against a Scope.
//
// Resolves column names, literal types (integers are int4, int8 or numeric by magnitude;
// quoted strings stay unknown until context types them), operators, functions and casts.
// Aggregate calls are accepted only when an aggregate list is supplied; they bind to
// kAggregateRef nodes and their arguments are collected in that list.
//
// Errors: 42703/42702/42P01 from the scope, 42883 unknown operator or function, 42804 type
// mismatches, 42803 misplaced aggregates, 42704 unknown type, 0A000 unsupported constructs,
// and the cast errors of constants (22P02, 22003, ...), each with its position.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "parser/ast.hpp"
#include "planner/analyze/analyze_context.hpp"
#include "planner/analyze/scope.hpp"
#include "planner/bound_expr.hpp"
#include "planner/query.hpp"
#include "types/record.hpp"

namespace granary::planner {

class ExprBinder {
 public:
  // `aggregates` null: aggregates are not allowed here; `clause` names the clause for the
  // error ("WHERE", "JOIN conditions", ...).
  ExprBinder(AnalyzeContext& context, const Scope& scope,
             std::vector<BoundAggregate>* aggregates = nullptr, std::string clause = "");

  BoundExprPtr Bind(const parser::Expr& expr);
  // A select-list entry: like Bind, and a set-returning function (unnest, generate_series)
  // may be the entry itself (kSetFunction); anywhere else it raises 0A000.
  BoundExprPtr BindSelectTarget(const parser::Expr& expr);
  // A select-list entry `(x).*` (row_binder.cpp): one field selection per field of x, with
  // the field's name; x may be a set-returning call, as in BindSelectTarget.
  std::vector<std::pair<BoundExprPtr, std::string>> BindSelectFieldStar(const parser::FieldSelectExpr& expr);
  // Binds and coerces to boolean for a condition (WHERE, ON, HAVING): 42804
  // `argument of WHERE must be type boolean, not type integer`.
  BoundExprPtr BindCondition(const parser::Expr& expr, const std::string& clause);

  AnalyzeContext& context() { return context_; }
  const Scope& scope() const { return scope_; }

  // Makes this binder resolve names it cannot find through `outer` (the binder of the
  // enclosing query), collecting the outer values it needs into `arguments`.
  void SetOuter(ExprBinder* outer, std::vector<BoundExprPtr>* arguments) {
    outer_ = outer;
    outer_arguments_ = arguments;
  }
  // Allows window function calls (the select list and ORDER BY of a query): each is added to
  // `windows` (or matched with an equal call already there) and binds to a kWindowRef;
  // `named` is the query's WINDOW clause, which OVER name and OVER (name ...) refer to.
  void AllowWindows(std::vector<BoundWindow>* windows,
                    const std::vector<parser::WindowDef>* named) {
    windows_ = windows;
    named_windows_ = named;
  }

  // Binds entry `index` of the WINDOW clause given to AllowWindows and discards the result:
  // PostgreSQL checks every definition, used or not (42703, 42704, 42P20, ...).
  void CheckWindowDefinition(size_t index);

  // How this binder's scope answers references from a FROM item bound under it (a FROM
  // subquery or function, select_binder.cpp): kVisible for LATERAL items (and functions,
  // implicitly lateral), kHidden for other subqueries (42P01 `invalid reference to
  // FROM-clause entry`, 42703 for an unqualified column, each with PostgreSQL's hint),
  // `wrong_join`: under kVisible, the column ranges [first, second) a LATERAL item may not
  // read: the left sides of the RIGHT and FULL JOINs it is on the right of (42P10). The
  // other FROM items before it stay visible, as in PostgreSQL.
  enum class FromVisibility { kVisible, kHidden };
  void SetFromVisibility(FromVisibility visibility, std::vector<std::pair<size_t, size_t>> wrong_join = {}) {
    from_visibility_ = visibility;
    wrong_join_ = std::move(wrong_join);
  }
  // The scope's columns before `column` are hidden as under kHidden: a JOIN's ON condition
  // reads only that JOIN's items, not the FROM items before it.
  void SetFirstVisibleColumn(size_t column) { first_visible_column_ = column; }

  // Binds a column reference, looking through enclosing queries; null when not found.
  BoundExprPtr TryBindColumn(const parser::ColumnRefExpr& ref);

 private:
  BoundExprPtr BindNode(const parser::Expr& expr);
  // Bind for an expression kept outside the tree being bound (a window's keys): its
  // collations are derived at once.
  BoundExprPtr BindDetached(const parser::Expr& expr);
  BoundExprPtr BindConstant(const parser::ConstantExpr& expr);
  BoundExprPtr BindOperator(const parser::OperatorExpr& expr);
  BoundExprPtr BindBool(const parser::BoolExpr& expr);
  BoundExprPtr BindFunction(const parser::FuncCallExpr& expr);
  // A call of a scalar built-in or user function whose arguments are bound (the part of
  // BindFunction after the aggregates and the special forms).
  BoundExprPtr BindCallWithArguments(const parser::FuncCallExpr& expr, const std::string& name,
                                     std::vector<BoundExprPtr> args, bool set_function_here);
  // named_call_binder.cpp: a call with named arguments (call_arguments.hpp): a built-in
  // PostgreSQL names the parameters of, or a user function; 42601 for misplaced or
  // repeated names, 42883 when no function takes them.
  BoundExprPtr BindNamedCall(const parser::FuncCallExpr& expr, bool set_function_here);
  // variadic_call_binder.cpp: concat, concat_ws, format, num_nulls and num_nonnulls (VARIADIC
  // "any") with their arguments listed, and every built-in with a variadic last parameter
  // (those and json(b)_build_object/array, json(b)_extract_path(_text)) called with
  // `VARIADIC array` (42804 `VARIADIC argument must be an array`); null for other calls.
  BoundExprPtr BindVariadicAny(const parser::FuncCallExpr& expr, const std::string& name,
                               std::vector<BoundExprPtr>& args);
  BoundExprPtr BindFunctionStyleCast(const parser::FuncCallExpr& expr, std::vector<BoundExprPtr>& args);
  BoundExprPtr BindAggregate(const parser::FuncCallExpr& expr, const std::string& name);
  // ordered_set_binder.cpp: f(direct args) WITHIN GROUP (ORDER BY keys) [FILTER (...)]:
  // percentile_cont, percentile_disc, mode and the hypothetical-set rank, dense_rank,
  // percent_rank, cume_dist (PostgreSQL's 42809, 0A000, 42883, 42804 and 42803 checks); also
  // the errors of WITHIN GROUP on any other function.
  BoundExprPtr BindOrderedSetAggregate(const parser::FuncCallExpr& expr, const std::string& name);
  // aggregate_level.cpp, PostgreSQL's check_agg_arguments: the query level an aggregate call
  // belongs to, 0 for this one, n for the n-th enclosing query: the nearest level whose
  // columns (or aggregates) its arguments, ORDER BY and FILTER read, 0 when they read none.
  int AggregateLevel(const parser::FuncCallExpr& call) const;
  // The lowest level a column reference (or, unless `columns_only`, an aggregate call) in
  // `expr` belongs to and where the first such is written; level -1 when there is none.
  struct LevelFound {
    int level = -1;
    int location = -1;
  };
  LevelFound LowestLevel(const parser::Expr& expr, bool columns_only) const;
  // The FROM items of a sub-select inside an aggregate's arguments, by name (innermost
  // `parent` chain: the sub-selects around it), for telling its own column references from
  // those of this query and enclosing ones. An item whose columns are unknown (a WITH item,
  // a system view, `*` in a FROM subquery) takes every unqualified name.
  struct SubselectNames {
    explicit SubselectNames(const SubselectNames* parent_names) : parent(parent_names) {}
    struct Item {
      std::string alias;
      std::vector<std::string> columns;
      bool columns_known = true;
    };
    const SubselectNames* parent;
    std::vector<Item> items;
    std::vector<std::string> cte_names;  // the sub-select's own WITH items
    // Whether `ref` names a column (or a whole row) of these sub-selects.
    bool Resolves(const parser::ColumnRefExpr& ref) const;
  };
  // Adds FROM item `ref` of the sub-select `names` describes to `items`.
  void AddFromItem(const parser::TableRef& ref, const SubselectNames& names,
                   std::vector<SubselectNames::Item>& items) const;
  // Whether `name` may name a WITH item where the sub-select `names` is.
  bool NamesCte(const std::string& name, const SubselectNames& names) const;
  // 42803 `aggregate function calls cannot be nested` for an aggregate in `call`'s FILTER
  // that belongs to `level`, the level of `call` itself (PostgreSQL's check_agg_arguments;
  // at level 0 the FILTER's own 42803 `not allowed in FILTER` applies instead).
  void CheckNestedInFilter(const parser::FuncCallExpr& call, int level) const;
  // The level a column reference resolves at (0: this scope), -1 when it resolves nowhere.
  int ReferenceLevel(const parser::ColumnRefExpr& ref) const;
  // `outer` (bound by the enclosing query's binder) as this query's kOuterRef to it.
  BoundExprPtr OuterReference(BoundExprPtr outer, int location);
  // In a SQL function's body: argument `index` of the call (sql_function_binder.hpp).
  BoundExprPtr FunctionArgument(size_t index, int location);
  // sql_function_call.cpp: a call of a user-defined SQL function (`schema` empty: along the
  // search path) as a subquery over its body; null when no user function takes `args`
  // (in the order of expr.args, with their names and VARIADIC). A set-returning one is
  // allowed only where a set-returning call is (`set_function_here`).
  BoundExprPtr BindUserFunction(const parser::FuncCallExpr& expr, const std::string& schema,
                                std::vector<BoundExprPtr>& args, bool set_function_here);
  BoundExprPtr BindGrouping(const parser::FuncCallExpr& expr);
  void BindAggregateOrderBy(const parser::FuncCallExpr& expr, BoundAggregate& aggregate);
  BoundExprPtr BindFilter(const parser::Expr& filter);
  // window_binder.cpp: f(...) OVER window, with 42P20 for misplaced or nested calls, 42809
  // for OVER on a plain function, 0A000 for DISTINCT / FILTER / ORDER BY PostgreSQL rejects.
  BoundExprPtr BindWindowFunction(const parser::FuncCallExpr& expr, const std::string& name);
  void BindWindowDefinition(const parser::WindowDef& over, BoundWindow& window);
  void BindWindowArguments(const parser::FuncCallExpr& expr, const std::string& name,
                           BoundWindow& window);
  void BindFrame(const parser::WindowDef& frame, BoundWindow& window);
  BoundExprPtr BindFrameOffset(const parser::FrameBound& bound, const BoundWindow& window,
                               parser::FrameMode mode);
  BoundExprPtr BindSpecialFunction(const parser::FuncCallExpr& expr, const std::string& name);
  // nextval, currval, setval, lastval, pg_get_serial_sequence: volatile calls the executor
  // hands to its SequenceAccess (kSequenceCall).
  BoundExprPtr BindSequenceFunction(const parser::FuncCallExpr& expr, const std::string& name);
  BoundExprPtr BindTypeCast(const parser::TypeCastExpr& expr);
  BoundExprPtr BindCollate(const parser::CollateExpr& expr);
  static bool IsRegclassName(const parser::TypeName& type);
  BoundExprPtr BindRegclassCast(const parser::TypeCastExpr& expr);
  BoundExprPtr RegclassIn(BoundExprPtr name, int location);
  BoundExprPtr BindInList(const parser::InListExpr& expr);
  BoundExprPtr BindBetween(const parser::BetweenExpr& expr);
  BoundExprPtr BindLike(const parser::LikeExpr& expr);
  BoundExprPtr BindCase(const parser::CaseExpr& expr);
  BoundExprPtr BindSubquery(const parser::SubqueryExpr& expr);
  // A sub-select under this binder: its outer references collected into `arguments`.
  std::unique_ptr<BoundQuery> BindSubselect(const parser::SelectStmt& select,
                                            std::vector<BoundExprPtr>& arguments);
  // array_binder.cpp: unnest(array) or generate_series(...) as a select-list entry.
  BoundExprPtr BindSetFunction(const parser::FuncCallExpr& expr, const std::string& name,
                               std::vector<BoundExprPtr> args);
  // array_binder.cpp. `target`: the type an enclosing cast asks for, which types an empty
  // ARRAY[] and untyped elements.
  BoundExprPtr BindArray(const parser::ArrayExpr& expr, const types::Type* target = nullptr);
  BoundExprPtr BindArraySubquery(const parser::ArrayExpr& expr);
  BoundExprPtr BindSubscript(const parser::SubscriptExpr& expr);
  BoundExprPtr BindArrayComparison(const parser::ArrayComparisonExpr& expr);
  BoundExprPtr ToBoolean(BoundExprPtr expr, const std::string& construct);
  // row_binder.cpp: ROW(...) / (a, b) (fields f1, f2, ...); (x).field (42809 on a
  // non-composite, 42703 on an unknown field; `set_function_allowed` passes a select-list
  // entry's permission for a set-returning call on to x); comparisons of two row
  // constructors (42601 for unequal lengths) and of two record values (null when `name` is
  // no comparison or a side is no record); information_schema._pg_expandarray (42883).
  BoundExprPtr BindRow(const parser::RowExpr& expr);
  // A FROM item's name used as a value (`SELECT t FROM t`): a record of its visible columns,
  // with their names; null when `ref` names no item of this scope.
  BoundExprPtr TryBindWholeRow(const parser::ColumnRefExpr& ref);
  // The same in this query or an enclosing one (`SELECT (SELECT v) FROM v`: an outer value).
  BoundExprPtr TryBindWholeRowAnyLevel(const parser::ColumnRefExpr& ref);
  BoundExprPtr BindFieldSelect(const parser::FieldSelectExpr& expr, bool set_function_allowed);
  BoundExprPtr BindRowComparison(const parser::OperatorExpr& expr);
  // PostgreSQL's make_row_comparison_op over `width` pairs: AND of `=`, OR of `<>`, and the
  // lexicographic form of < <= > >=; `compare(i, op)` binds pair i's comparison.
  using PairComparison = std::function<BoundExprPtr(size_t, const std::string&)>;
  BoundExprPtr CombineRowComparison(const std::string& name, size_t width, int location,
                                    const PairComparison& compare);
  // (a, b) op ANY/ALL (SELECT x, y ...) with `inner` the sub-select's column types: sets
  // info's row_compare and test_count and returns the coerced test values.
  std::vector<BoundExprPtr> BindRowSubqueryTest(const parser::RowExpr& row, const std::string& name,
                                                const std::vector<types::Type>& inner, SubqueryInfo& info,
                                                int location);
  BoundExprPtr BindRecordComparison(std::string_view name, BoundExprPtr left, BoundExprPtr right,
                                    int location);
  BoundExprPtr BindExpandArray(const parser::FuncCallExpr& expr, std::vector<BoundExprPtr> args,
                               bool set_function_here);

  AnalyzeContext& context_;
  const Scope& scope_;
  std::vector<BoundAggregate>* aggregates_;
  std::string clause_;
  bool inside_aggregate_ = false;
  int bind_depth_ = 0;                 // nesting of Bind calls (collations: outermost)
  bool set_function_allowed_ = false;  // the next Bind is a select-list entry itself
  bool set_function_here_ = false;     // the function being bound may return a set
  // Inside a select-list entry a set-returning call may sit anywhere (PostgreSQL's
  // ProjectSet; the optimizer plans those below the top as a Project under the entries),
  // except under the construct `set_function_barrier_` names: CASE and COALESCE, which
  // evaluate lazily, and window calls (aggregates: inside_aggregate_).
  bool in_select_entry_ = false;
  const char* set_function_barrier_ = nullptr;
  // PostgreSQL's error for a set-returning call where none may be: 0A000, with its hint.
  Error SetFunctionRefusal(int location) const;
  // Refuses set-returning calls under `construct` for its lifetime.
  class SetFunctionBarrier {
   public:
    SetFunctionBarrier(ExprBinder& binder, const char* construct)
        : binder_(binder), previous_(std::exchange(binder.set_function_barrier_, construct)) {}
    ~SetFunctionBarrier() { binder_.set_function_barrier_ = previous_; }
    SetFunctionBarrier(const SetFunctionBarrier&) = delete;
    SetFunctionBarrier& operator=(const SetFunctionBarrier&) = delete;

   private:
    ExprBinder& binder_;
    const char* previous_;
  };
  // The error for a reference SetFromVisibility forbids (`column`: its input index).
  [[noreturn]] void RejectFromReference(const parser::ColumnRefExpr& ref, size_t column) const;
  ExprBinder* outer_ = nullptr;
  std::vector<BoundExprPtr>* outer_arguments_ = nullptr;
  // Whether SetFromVisibility forbids reading input column `column`.
  bool Forbidden(size_t column) const;
  bool InWrongJoin(size_t column) const;  // forbidden for reading a wrong_join range (42P10)
  FromVisibility from_visibility_ = FromVisibility::kVisible;
  std::vector<std::pair<size_t, size_t>> wrong_join_;
  size_t first_visible_column_ = 0;
  std::vector<BoundWindow>* windows_ = nullptr;
  const std::vector<parser::WindowDef>* named_windows_ = nullptr;
  // Where a window call would sit when windows_ is null inside a window call, for the error.
  enum class WindowPart { kNone, kDefinition, kArguments };
  WindowPart window_part_ = WindowPart::kNone;
};

// "name(type, type, ...)" for errors about a call (untyped arguments as unknown).
std::string FunctionSignatureText(const std::string& name, const std::vector<BoundExprPtr>& args);

// 42P16 `column "x" has pseudo-type record` for a table column of a type no value can be
// stored as (record, anyelement, anyarray); PostgreSQL's CheckAttributeType.
void CheckColumnType(const std::string& column, const types::Type& type);

// `name(type, type, ...)` for the 42883 `function ... does not exist` error.
std::string FunctionSignatureText(const std::string& name, const std::vector<BoundExprPtr>& args);

// A record type whose fields are `fields` (types/record.hpp's registry).
types::Type RecordTypeOfFields(std::vector<types::RecordField> fields);

// record_eq, record_ne, record_lt, ... for comparison operator `name` (= <> < <= > >=):
// btrecordcmp's order, NULL fields equal to each other and after every value.
types::ScalarFunction RecordComparisonFunction(std::string_view name);

// Resolves a type name as written (`varchar(20)`, `numeric(10,2)`, `int`): 42704
// `type "x" does not exist`.
types::Type ResolveTypeName(const parser::TypeName& name, const AnalyzeContext& context);

}  // namespace granary::planner
