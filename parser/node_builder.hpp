// Node construction for the grammar's actions: every AST node the grammar builds is made
// here, so that the actions stay one-liners and the rules PostgreSQL's gram.y applies while
// building (flattening AND/OR, folding a minus sign into a numeric constant, rewriting
// SQL-syntax functions to calls, checking qualified names) live in ordinary C++.
//
// Builders that create a node with children record its nesting depth in the ParseContext
// (see ParseContext::RecordDepth), which raises 54001 when a statement nests too deeply.
// Locations are byte offsets into the statement text (-1 for none).
//
// Implemented in expr_builder.cpp (expressions), select_builder.cpp (SELECT and FROM),
// stmt_builder.cpp (other statements) and type_builder.cpp (type names).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "parser/ast.hpp"
#include "parser/grammar_support.hpp"
#include "parser/location.hpp"

namespace granary::parser {

class ParseContext;

// ---------------------------------------------------------------- expressions

ExprPtr MakeConstant(ConstantKind kind, std::string text, int location);
// A numeric literal that is not an ICONST: integer if digits only (too big for int4),
// decimal otherwise.
ExprPtr MakeNumericConstant(std::string text, int location);
ExprPtr MakeBoolConstant(bool value, int location);
// B'0101' / X'1F' (scanner text "b0101" / "x1F"): a string cast to bit(n).
ExprPtr MakeBitStringConstant(ParseContext& ctx, std::string text, int location);
// A typed literal such as DATE '2024-01-01': the string constant cast to `type`.
ExprPtr MakeStringCast(ParseContext& ctx, std::string text, int text_location, TypeName type,
                       int location);
ExprPtr MakeParamRef(int number, int location);
ExprPtr MakeDefault(int location);
ExprPtr MakeStar(int location);
// name[.name...][.*]: a ColumnRefExpr, or a StarExpr when it ends in .*; a * elsewhere
// raises 42601 `improper use of "*"`.
ExprPtr MakeColumnRef(ParseContext& ctx, std::string first, std::vector<Indirection> rest,
                      int location);

// base[...]: a SubscriptExpr over `base` (steps must all be subscripts; a .field step
// raises 0A000); `base` itself when there are none.
// base followed by subscripts and field selections (`.name`, `.*`), left to right.
ExprPtr MakeSubscripts(ParseContext& ctx, ExprPtr base, std::vector<Indirection> steps);
// ROW(args) (explicit_row) or (a, b, ...).
ExprPtr MakeRow(ParseContext& ctx, ExprList args, bool explicit_row, int location);
// (a, b) OVERLAPS (c, d): overlaps(a, b, c, d); 42601 when a row has not two members.
ExprPtr MakeOverlaps(ParseContext& ctx, ExprPtr left, ExprPtr right, int location);
// A GROUP BY element: an implicit row (a, b) becomes a GroupingSetKind::kList.
ExprPtr GroupingElementOf(ParseContext& ctx, ExprPtr expr);
// UPDATE ... SET column[i][j] = value: 0A000 for a slice, 42804 for a .field step.
SetClause MakeElementSetClause(ParseContext& ctx, std::string column, std::vector<Indirection> steps,
                               ExprPtr value, int location);
// ARRAY[...] (nested: a bare [...] inside one) and ARRAY(SELECT ...).
ExprPtr MakeArrayConstructor(ParseContext& ctx, ExprList elements, bool nested, int location);
ExprPtr MakeArraySubquery(ParseContext& ctx, std::unique_ptr<SelectStmt> select, int location);
// left op ANY/ALL (array expression).
ExprPtr MakeArrayComparison(ParseContext& ctx, SubqueryKind kind, ExprPtr left,
                            std::string operator_name, ExprPtr array, int location);

// Binary operator, or prefix operator when `left` is null.
ExprPtr MakeOperator(ParseContext& ctx, std::string name, ExprPtr left, ExprPtr right,
                     int location);
// Unary minus; folded into a numeric constant operand (PostgreSQL's doNegate), which then
// takes the minus sign's location.
ExprPtr MakeNegation(ParseContext& ctx, ExprPtr arg, int location);
// "-" prefixed to, or stripped from, a number's text.
std::string NegateNumber(std::string text);

// AND / OR flatten a left operand of the same kind, as PostgreSQL's makeAndExpr does.
ExprPtr MakeAnd(ParseContext& ctx, ExprPtr left, ExprPtr right, int location);
ExprPtr MakeOr(ParseContext& ctx, ExprPtr left, ExprPtr right, int location);
ExprPtr MakeNot(ParseContext& ctx, ExprPtr arg, int location);

ExprPtr MakeNullTest(ParseContext& ctx, ExprPtr arg, bool is_not, int location);
ExprPtr MakeBooleanTest(ParseContext& ctx, ExprPtr arg, BooleanTestKind test, bool is_not,
                        int location);
ExprPtr MakeTypeCast(ParseContext& ctx, ExprPtr arg, TypeName type, int location);
ExprPtr MakeCollate(ParseContext& ctx, ExprPtr arg, std::vector<std::string> collation, int location);
ExprPtr MakeBetween(ParseContext& ctx, ExprPtr arg, ExprPtr low, ExprPtr high, bool negated,
                    bool symmetric, int location);
ExprPtr MakeLike(ParseContext& ctx, ExprPtr arg, ExprPtr pattern, ExprPtr escape,
                 bool negated, bool case_insensitive, int location);
// x [NOT] SIMILAR TO p [ESCAPE e] -> x ~ similar_to_escape(p[, e]) (or !~), as PostgreSQL.
ExprPtr MakeSimilar(ParseContext& ctx, ExprPtr arg, ExprPtr pattern, ExprPtr escape,
                    bool negated, int location);
// x [NOT] IN (list) -> InListExpr; x [NOT] IN (subquery) -> [NOT] SubqueryExpr kIn.
ExprPtr MakeIn(ParseContext& ctx, ExprPtr arg, InTarget target, bool negated, int location);
ExprPtr MakeSubquery(ParseContext& ctx, SubqueryKind kind, ExprPtr test_expr,
                     std::string operator_name, std::unique_ptr<SelectStmt> select,
                     int location);
ExprPtr MakeCase(ParseContext& ctx, ExprPtr arg, std::vector<CaseWhen> whens,
                 ExprPtr else_result, int location);

// `name => arg` / `name := arg` in a function call's argument list.
ExprPtr MakeNamedArg(ParseContext& ctx, std::string name, ExprPtr arg, int location);
// A call under construction (func_application); FinishFuncCall adds FILTER and records it.
std::unique_ptr<FuncCallExpr> NewFuncCall(std::vector<std::string> name, ExprList args,
                                          int location);
// The frame of a window specification, `start` alone (ending at CURRENT ROW) or BETWEEN
// `start` AND `end`: 42P20 for the frames PostgreSQL's grammar rejects (a start at
// UNBOUNDED FOLLOWING, an end at UNBOUNDED PRECEDING, an end before the start).
std::unique_ptr<WindowDef> MakeFrameExtent(ParseContext& ctx, FrameBound start,
                                           std::optional<FrameBound> end, int start_location,
                                           int end_location);
// `within_group`: WITHIN GROUP (ORDER BY ...) at `within_location`, 42601 with an ORDER BY
// or DISTINCT in the parentheses (PostgreSQL's func_expr).
ExprPtr FinishFuncCall(ParseContext& ctx, std::unique_ptr<FuncCallExpr> call, ExprPtr filter,
                       std::unique_ptr<WindowDef> over = nullptr,
                       std::vector<SortBy> within_group = {}, int within_location = -1);
// A call the grammar makes for SQL-standard syntax (EXTRACT, TRIM, CURRENT_DATE, ...).
ExprPtr MakeSqlFunction(ParseContext& ctx, std::string name, ExprList args, int location);
// A qualified function name; raises 42601 on a * in it.
std::vector<std::string> MakeQualifiedFuncName(ParseContext& ctx, std::string first,
                                                std::vector<Indirection> rest);

template <typename... Exprs>
ExprList MakeList(Exprs... exprs) {
  ExprList list;
  list.reserve(sizeof...(exprs));
  (list.push_back(std::move(exprs)), ...);
  return list;
}

// ---------------------------------------------------------------- SELECT and FROM

std::unique_ptr<SelectStmt> MakeSimpleSelect(DistinctClause distinct,
                                             std::vector<ResTarget> targets,
                                             std::vector<TableRefPtr> from, ExprPtr where,
                                             GroupClause group_by, ExprPtr having);
ExprPtr MakeGroupingSet(ParseContext& ctx, GroupingSetKind kind, ExprList content, int location);
std::unique_ptr<SelectStmt> MakeValues(ExprList first_row);
// TABLE name -> SELECT * FROM name
std::unique_ptr<SelectStmt> MakeTableSelect(std::unique_ptr<RangeVar> table, int location);
std::unique_ptr<SelectStmt> MakeSetOperation(ParseContext& ctx, SetOperation op, bool all,
                                             std::unique_ptr<SelectStmt> left,
                                             std::unique_ptr<SelectStmt> right);
// Attaches ORDER BY / LIMIT / OFFSET to a select; raises 42601 "multiple ORDER BY clauses
// not allowed" (LIMIT, OFFSET) when it already has one, as PostgreSQL's insertSelectOptions.
void InsertSelectOptions(ParseContext& ctx, SelectStmt& select, std::vector<SortBy> order_by,
                         SelectLimit limit);
SelectLimit MergeSelectLimit(SelectLimit limit, SelectLimit offset);
// Appends FOR UPDATE / SHARE clauses to a select (several clauses all apply, as PostgreSQL).
void AppendLocking(SelectStmt& select, std::vector<LockingClause> locking);
LockingClause MakeLockingClause(LockStrength strength, std::vector<std::unique_ptr<RangeVar>> relations,
                                LockWaitPolicy wait_policy, int location);
// Nesting depth of `select` computed from its parts (which must be recorded already).
int SelectDepth(const ParseContext& ctx, const SelectStmt& select);
// Sets a statement's span (location/length) from a grammar location.
void SetSpan(Stmt& stmt, const Location& span);

// ---------------------------------------------------------------- WITH (with_builder.cpp)

std::unique_ptr<WithClause> MakeWithClause(std::vector<CommonTableExpr> ctes, bool recursive,
                                           int location);
CommonTableExpr MakeCommonTableExpr(ParseContext& ctx, std::string name,
                                    std::vector<std::string> columns, CteMaterialize materialized,
                                    StmtPtr query, int location);
std::unique_ptr<CteSearchClause> MakeSearchClause(std::vector<std::string> columns, bool breadth_first,
                                                  std::string sequence_column, int location);
std::unique_ptr<CteCycleClause> MakeCycleClause(std::vector<std::string> columns, std::string mark_column,
                                                ExprPtr mark_value, ExprPtr mark_default,
                                                std::string path_column, int location);
// Attaches WITH to a select; 42601 "multiple WITH clauses not allowed" when it has one, as
// PostgreSQL's insertSelectOptions.
void InsertWithClause(ParseContext& ctx, SelectStmt& select, std::unique_ptr<WithClause> with);
// Attaches an optional WITH (null: none) to an INSERT, UPDATE or DELETE.
void AttachWithClause(Stmt& stmt, std::unique_ptr<WithClause> with);

// [schema.]name; raises 42601 for too many dotted names and 0A000 for catalog.schema.name.
std::unique_ptr<RangeVar> MakeRangeVar(ParseContext& ctx, std::string first,
                                       std::vector<Indirection> rest, int location);
TableRefPtr MakeRelationRef(std::unique_ptr<RangeVar> table, std::optional<Alias> alias);
// (subquery) alias; raises 42601 "subquery in FROM must have an alias" (or "VALUES in FROM
// ...") without one, as PostgreSQL 15 does.
TableRefPtr MakeSubqueryRef(ParseContext& ctx, std::unique_ptr<SelectStmt> select,
                            std::optional<Alias> alias, bool lateral, int location);
// A function in FROM; FILTER, DISTINCT, ORDER BY and f(*) are 42601 there.
TableRefPtr MakeFunctionRef(ParseContext& ctx, std::unique_ptr<FuncCallExpr> call,
                            std::optional<Alias> alias, int location);
TableRefPtr MakeJoin(ParseContext& ctx, JoinType type, bool natural, TableRefPtr left,
                     TableRefPtr right, JoinQualifier qualifier, int location);

// ---------------------------------------------------------------- other statements

StmtPtr MakeInsert(std::unique_ptr<RangeVar> table, InsertRest rest,
                   std::unique_ptr<OnConflictClause> on_conflict,
                   std::vector<ResTarget> returning);
StmtPtr MakeCreateSequence(std::unique_ptr<RangeVar> sequence, std::vector<SequenceOption> options,
                           bool temporary, bool if_not_exists);
StmtPtr MakeAlterSequence(std::unique_ptr<RangeVar> sequence, std::vector<SequenceOption> options,
                          bool missing_ok);
SequenceOption MakeSequenceOption(std::string name, int location, std::string value = {});
StmtPtr MakeUpdate(std::unique_ptr<RangeVar> table, std::vector<SetClause> set_clauses,
                   std::vector<TableRefPtr> from, WhereClause where,
                   std::vector<ResTarget> returning);
StmtPtr MakeDelete(std::unique_ptr<RangeVar> table, std::vector<TableRefPtr> using_tables,
                   WhereClause where, std::vector<ResTarget> returning);

StmtPtr MakeCreateTable(std::unique_ptr<RangeVar> table, TableElements elements,
                        bool temporary, bool if_not_exists, std::vector<RelOption> options);
void AddTableElement(TableElements& elements, TableElement element);
Constraint MakeConstraint(ConstraintKind kind, int location);
Constraint MakeForeignKey(std::vector<std::string> columns,
                          std::unique_ptr<RangeVar> referenced_table,
                          std::vector<std::string> referenced_columns, int location);
// Attaches MATCH, ON UPDATE/DELETE and the constraint attributes to a foreign key.
void SetKeyOptions(Constraint& constraint, char match, KeyActions actions, int attributes);
// Refuses the attributes a constraint of `constraint.kind` cannot have, with PostgreSQL's
// processCASbits messages (0A000): DEFERRABLE on CHECK, NOT VALID on UNIQUE and PRIMARY
// KEY, NO INHERIT on all but CHECK.
void CheckConstraintAttributes(const ParseContext& ctx, const Constraint& constraint);
// GENERATED ALWAYS AS (expr) STORED; BY DEFAULT is 42601 at `when_location`, as PostgreSQL.
Constraint MakeGeneratedColumn(const ParseContext& ctx, bool always, ExprPtr expr, int location,
                               int when_location);
// Sets a CreateIndexStmt's INCLUDE columns.
StmtPtr WithIncluded(StmtPtr stmt, std::vector<IndexElem> including);
// Marks an AlterTableStmt as ALTER MATERIALIZED VIEW.
StmtPtr OnMaterializedView(StmtPtr stmt);
StmtPtr MakeRefreshMatView(std::unique_ptr<RangeVar> view, bool concurrent, bool skip_data);
StmtPtr MakeCreateIndex(bool unique, bool if_not_exists, std::string name,
                        std::unique_ptr<RangeVar> table, std::string access_method,
                        std::vector<IndexElem> elements, ExprPtr where);
IndexElem MakeIndexElem(std::string column, ExprPtr expr, SortDirection direction,
                        NullsOrder nulls, int location);
// An index key's COLLATE clause after its operator class (`name varchar_pattern_ops`): a
// btree class of PostgreSQL's that orders as the type does leaves it as written; a
// *_pattern_ops class compares bytes, which is the "C" collation (the key's COLLATE, if any,
// stays). 42704 for any other class.
std::vector<std::string> OperatorClassCollation(ParseContext& ctx, std::vector<std::string> collation,
                                                const std::vector<std::string>& opclass, int location);
StmtPtr MakeCreateView(bool or_replace, std::unique_ptr<RangeVar> view,
                       std::vector<std::string> columns, std::unique_ptr<SelectStmt> query);
StmtPtr MakeDrop(ObjectType type, std::vector<std::vector<std::string>> names,
                 bool if_exists, bool cascade);

StmtPtr MakeTransaction(TransactionKind kind, std::string savepoint_name = {}, bool chain = false);
StmtPtr MakeBegin(TransactionModes modes);
TransactionModes MergeTransactionModes(TransactionModes first, TransactionModes second);
// SET [SESSION CHARACTERISTICS AS] TRANSACTION mode -> the equivalent variable; more than
// one mode in one statement raises 0A000 (VariableSetStmt holds a single variable).
SetRest TransactionModesToSet(ParseContext& ctx, TransactionModes modes, bool session_default,
                              int location);

StmtPtr MakeExplain(StmtPtr statement, bool analyze, bool verbose);
// COMMENT ON type name IS text (constraint_name for COMMENT ON CONSTRAINT c ON table).
StmtPtr MakeComment(ObjectType type, std::vector<std::string> name, std::string constraint_name,
                    std::optional<std::string> text, int location);
StmtPtr MakeCreateTableAs(std::unique_ptr<RangeVar> table, std::vector<std::string> columns,
                          std::vector<RelOption> options, StmtPtr query, bool temporary,
                          bool if_not_exists, bool with_data);
// INTO [TEMPORARY | TEMP | UNLOGGED] [TABLE] name, spanning `span`.
std::unique_ptr<IntoClause> MakeIntoClause(std::unique_ptr<RangeVar> table, bool temporary,
                                           const Location& span);
// PREPARE / EXECUTE / DEALLOCATE (an empty name with `all` for DEALLOCATE ALL).
StmtPtr MakePrepare(std::string name, std::vector<TypeName> parameter_types, StmtPtr statement);
StmtPtr MakeExecute(std::string name, ExprList arguments);
StmtPtr MakeDeallocate(std::string name, bool all);
// DECLARE ... CURSOR: `options` carries the options written before CURSOR.
StmtPtr MakeDeclareCursor(std::string name, std::unique_ptr<DeclareCursorStmt> options, bool hold,
                          std::unique_ptr<SelectStmt> query);
// FETCH / MOVE: a negative FORWARD or BACKWARD count turns the direction round, as in
// PostgreSQL's DoPortalRunFetch.
std::unique_ptr<FetchStmt> MakeFetch(FetchDirection direction, int64_t count, std::string name);
StmtPtr FinishFetch(std::unique_ptr<FetchStmt> fetch, bool move);
StmtPtr MakeClosePortal(std::string name, bool all);
// EXPLAIN (option [value], ...): ANALYZE, VERBOSE, COSTS, TIMING, SUMMARY and SETTINGS take
// PostgreSQL's boolean spellings; FORMAT TEXT only, BUFFERS and WAL only off (0A000
// otherwise); 42601 for unknown options, 22023 for TIMING without ANALYZE and an unknown
// format, as PostgreSQL.
StmtPtr MakeExplainWithOptions(ParseContext& ctx, std::vector<GenericOption> options,
                               StmtPtr statement);

// CREATE ROLE / CREATE USER (LOGIN by default) and ALTER ROLE.
StmtPtr MakeCreateRole(std::string name, int name_location, std::vector<RoleOption> options,
                       bool is_user);
StmtPtr MakeAlterRole(std::string name, int name_location, std::vector<RoleOption> options);
StmtPtr MakeDropRole(std::vector<std::string> names, bool if_exists);
// function_builder.cpp: CREATE / DROP / ALTER FUNCTION. A function parameter of SETOF type
// is 42P13 (functions cannot accept set arguments); `returns` null when no RETURNS type (or
// RETURNS TABLE, whose columns are `table_columns`).
StmtPtr MakeCreateFunction(bool replace, bool procedure, std::vector<std::string> name, int location,
                           std::vector<FunctionParameter> parameters, FunctionType* returns,
                           std::vector<FunctionParameter> table_columns, std::vector<FunctionOption> options,
                           FunctionBody body);
FunctionParameter MakeFunctionParameter(std::string name, FunctionType type, FunctionParameterMode mode,
                                        int location);
FunctionBody MakeReturnBody(ParseContext& ctx, ExprPtr expr, const Location& span);
void AddBodyStatement(ParseContext& ctx, FunctionBody& body, StmtPtr statement, const Location& span);
void AddReturnStatement(ParseContext& ctx, FunctionBody& body, ExprPtr expr, const Location& span);
FunctionWithArgs MakeFunctionWithArgs(std::vector<std::string> name, bool has_args,
                                      std::vector<FunctionParameter> parameters, int location);
StmtPtr MakeCommentOnFunction(FunctionWithArgs function, std::optional<std::string> text);
StmtPtr MakeDropFunction(std::vector<FunctionWithArgs> functions, bool if_exists, bool cascade);
StmtPtr MakeAlterFunction(FunctionWithArgs function, AlterFunctionAction action, std::string new_name,
                          std::vector<FunctionOption> options);
StmtPtr MakeCreateEnum(std::vector<std::string> name, std::vector<std::string> labels, int location);
StmtPtr MakeAlterEnumAdd(std::vector<std::string> name, bool if_not_exists, std::string value,
                         std::optional<std::string> neighbor, bool before, int location);
StmtPtr MakeAlterEnumRename(std::vector<std::string> name, std::string old_value, std::string new_value,
                            int location);
StmtPtr MakeCreateCollation(std::vector<std::string> name, bool if_not_exists, std::vector<RelOption> options,
                            std::vector<std::string> from, int location, int from_location);
StmtPtr MakeCreateSchema(std::string name, std::string authorization, bool if_not_exists, int location);
StmtPtr MakeRenameSchema(std::string name, std::string new_name);
// A role option written as an identifier (SUPERUSER, NOLOGIN, ...); 42601
// `unrecognized role option "x"` for any other word, as PostgreSQL.
RoleOption MakeRoleIdentOption(ParseContext& ctx, const std::string& word, int location);
RoleOption MakeRoleOption(std::string name, int location);
RoleOption MakePasswordOption(std::optional<std::string> password, int location);
// UNENCRYPTED PASSWORD: 0A000, as PostgreSQL 10 and later.
[[noreturn]] RoleOption RejectUnencryptedPassword(ParseContext& ctx, int location);
// A role name where a new or existing role is named: "public" and "none" raise 42939
// `role name "x" is reserved`.
std::string CheckRoleName(ParseContext& ctx, std::string name, int location);

StmtPtr MakeVariableSet(SetRest rest, bool local);
StmtPtr MakeVariableReset(std::string name);
StmtPtr MakeVariableShow(std::string name);
StmtPtr MakeCheckpoint();
StmtPtr MakeDo(std::vector<std::pair<std::string, std::string>> items);
// Sets `concurrently` on a CreateIndexStmt or DropStmt.
StmtPtr MarkConcurrent(StmtPtr stmt);
StmtPtr MakeReindex(ParseContext& ctx, const std::vector<GenericOption>& options, ReindexTarget target,
                    bool concurrently, std::vector<std::string> name, int location);
// VACUUM with the legacy flags (FULL, FREEZE, VERBOSE, ANALYZE, in PostgreSQL's order).
// CLUSTER: (VERBOSE) is the only option.
StmtPtr MakeCluster(ParseContext& ctx, const std::vector<GenericOption>& options, bool verbose,
                    std::unique_ptr<RangeVar> table, std::string index, int location);
StmtPtr MakeVacuum(bool full, bool freeze, bool verbose, bool analyze,
                   std::vector<VacuumRelation> relations);
// VACUUM (option, ...) / ANALYZE (option, ...) (`vacuum` false): 42601 `unrecognized VACUUM
// option "x"` (ANALYZE option) for unknown options.
StmtPtr MakeVacuumWithOptions(ParseContext& ctx, const std::vector<GenericOption>& options,
                              std::vector<VacuumRelation> relations, bool vacuum = true);
// ANALYZE [VERBOSE] [table [(columns)], ...].
StmtPtr MakeAnalyze(bool verbose, std::vector<VacuumRelation> relations);

// COPY table: the old-syntax BINARY before the name and DELIMITERS 'x' become options;
// 0A000 `WHERE clause not allowed with COPY TO` at the WHERE, as PostgreSQL's grammar.
StmtPtr MakeCopy(ParseContext& ctx, bool binary, std::unique_ptr<RangeVar> table,
                 std::vector<std::string> columns, bool is_from, bool is_program,
                 std::optional<std::string> filename, std::vector<CopyOption> delimiter,
                 std::vector<CopyOption> options, ExprPtr where, int location);
// COPY (query) TO ...: the query keeps its own span.
StmtPtr MakeCopyQuery(ParseContext& ctx, StmtPtr query, const Location& query_span,
                      bool is_program, std::optional<std::string> filename,
                      std::vector<CopyOption> options, int location);
CopyOption MakeCopyOption(std::string name, std::string value, int location);
CopyOption MakeCopyListOption(std::string name, std::vector<std::string> columns, int location);
CopyOption MakeCopyStarOption(std::string name, int location);

StmtPtr MakeLock(std::vector<std::unique_ptr<RangeVar>> tables, int mode, bool nowait);
StmtPtr MakeTruncate(std::vector<std::unique_ptr<RangeVar>> tables, bool restart_identity,
                     bool cascade);
StmtPtr MakeAlterTable(std::unique_ptr<RangeVar> table, bool missing_ok,
                       std::vector<AlterTableCmd> commands);
AlterTableCmd MakeAlterCmd(AlterTableCmdKind kind, std::string name, int location);
AlterTableCmd MakeAddColumn(ColumnDef column, bool if_not_exists, int location);
StmtPtr MakeRenameIndex(std::unique_ptr<RangeVar> index, bool missing_ok, std::string new_name, int location);
StmtPtr MakeRenameTable(std::unique_ptr<RangeVar> table, bool missing_ok, AlterTableCmdKind kind,
                        std::string name, std::string new_name, int location);

// ---------------------------------------------------------------- type names

TypeName MakeTypeName(std::string name, int location);
// A type with modifiers written as expressions; each must be an integer constant.
TypeName MakeGenericType(ParseContext& ctx, std::vector<std::string> names,
                         ExprList modifiers, int location);
TypeName MakeModifiedType(ParseContext& ctx, std::string name, ExprList modifiers,
                          int location);
// FLOAT(p): float4 for p <= 24, float8 for p <= 53, else 22023 as PostgreSQL.
TypeName MakeFloatType(ParseContext& ctx, const std::string& precision,
                       int precision_location, int location);
// The value of an ICONST token (always fits int4).
int64_t ParseIconst(const std::string& text);
std::vector<std::string> PrependName(std::string first, std::vector<std::string> rest);

}  // namespace granary::parser
