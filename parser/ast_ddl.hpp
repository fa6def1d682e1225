// Raw AST: statements that define catalog objects: tables (constraints, columns, storage
// parameters, CREATE TABLE AS, ALTER TABLE), indexes, views, sequences, schemas, collations,
// functions and roles, DROP and COMMENT ON. Part of the raw syntax tree described in ast.hpp.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parser/ast_dml.hpp"
#include "parser/ast_expr.hpp"
#include "parser/ast_select.hpp"
#include "parser/ast_stmt.hpp"
#include "parser/ast_type.hpp"

namespace granary::parser {

enum class ConstraintKind {
  kNull, kNotNull, kDefault, kPrimaryKey, kUnique, kCheck, kForeignKey, kIdentity,
  // DEFERRABLE / NOT DEFERRABLE / INITIALLY ... written as a column constraint of its own
  // (PostgreSQL's ConstraintAttr); `attributes` says which.
  kAttribute,
  // COLLATE name in a column definition (PostgreSQL's ColConstraint): `collation`.
  kCollate,
  // GENERATED ALWAYS AS (expr) STORED: `expr` is the generation expression.
  kGenerated
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
  // PRIMARY KEY / UNIQUE (...) INCLUDE (columns): non-key columns stored in the index.
  std::vector<std::string> including;
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

// Bits of TableLikeClause::options (PostgreSQL's CREATE_TABLE_LIKE_* values).
inline constexpr uint32_t kLikeComments = 1u << 0;
inline constexpr uint32_t kLikeCompression = 1u << 1;
inline constexpr uint32_t kLikeConstraints = 1u << 2;
inline constexpr uint32_t kLikeDefaults = 1u << 3;
inline constexpr uint32_t kLikeGenerated = 1u << 4;
inline constexpr uint32_t kLikeIdentity = 1u << 5;
inline constexpr uint32_t kLikeIndexes = 1u << 6;
inline constexpr uint32_t kLikeStatistics = 1u << 7;
inline constexpr uint32_t kLikeStorage = 1u << 8;
inline constexpr uint32_t kLikeAll = 0x7fffffffu;

// LIKE source [INCLUDING | EXCLUDING option ...] among CREATE TABLE's elements. Its columns
// go where it is written: after the first `position` column definitions.
struct TableLikeClause {
  std::unique_ptr<RangeVar> relation;
  uint32_t options = 0;  // kLike* bits
  size_t position = 0;
  int location = -1;
};

// ON COMMIT of CREATE TEMP TABLE: kNoop when the clause is absent (PRESERVE ROWS in effect).
enum class OnCommitAction { kNoop, kPreserveRows, kDeleteRows, kDrop };

struct CreateTableStmt : Stmt {
  CreateTableStmt() : Stmt(StmtKind::kCreateTable) {}
  std::unique_ptr<RangeVar> table;
  std::vector<ColumnDef> columns;
  std::vector<Constraint> table_constraints;
  std::vector<TableLikeClause> like_clauses;
  std::vector<RelOption> options;  // WITH (storage parameters)
  bool if_not_exists = false;
  bool temporary = false;
  OnCommitAction on_commit = OnCommitAction::kNoop;
};

// CREATE TABLE [IF NOT EXISTS] name [(columns)] [WITH (...)] AS query [WITH [NO] DATA], where
// the query (with its own span) is a SelectStmt or an ExecuteStmt (CREATE TABLE ... AS
// EXECUTE). SELECT ... INTO is run as one too, and CREATE MATERIALIZED VIEW (`materialized`;
// its query is always a SelectStmt), as in PostgreSQL.
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
  bool materialized = false;
};

// REFRESH MATERIALIZED VIEW [CONCURRENTLY] name [WITH [NO] DATA]
struct RefreshMatViewStmt : Stmt {
  RefreshMatViewStmt() : Stmt(StmtKind::kRefreshMatView) {}
  std::unique_ptr<RangeVar> view;
  bool concurrent = false;
  bool skip_data = false;  // WITH NO DATA
};

// CREATE [UNIQUE] INDEX [[IF NOT EXISTS] name] ON table [USING method] (elems) [WHERE pred]
struct CreateIndexStmt : Stmt {
  CreateIndexStmt() : Stmt(StmtKind::kCreateIndex) {}
  std::string name;  // empty: the engine chooses one, as PostgreSQL does
  std::unique_ptr<RangeVar> table;
  std::vector<IndexElem> elements;
  std::vector<IndexElem> including;  // INCLUDE (columns): stored, not part of the key
  std::string access_method;  // empty for the default (btree)
  ExprPtr where;              // partial index predicate; null when absent
  bool unique = false;
  bool if_not_exists = false;
  bool concurrently = false;  // CREATE INDEX CONCURRENTLY
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

enum class ObjectType { kTable, kIndex, kView, kSequence, kSchema, kColumn, kDatabase, kRole, kConstraint, kCollation, kFunction, kType, kMaterializedView };

struct DropStmt : Stmt {
  DropStmt() : Stmt(StmtKind::kDrop) {}
  ObjectType object_type = ObjectType::kTable;
  std::vector<std::vector<std::string>> names;  // each possibly schema-qualified
  bool if_exists = false;
  bool cascade = false;
  bool concurrently = false;  // DROP INDEX CONCURRENTLY
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

// ---------------------------------------------------------------- ALTER TABLE

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
  kClusterOn,        // name (the index)
  kSetWithoutCluster,
  kDropExpression,   // name, missing_ok: ALTER COLUMN ... DROP EXPRESSION [IF EXISTS]
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
  bool index = false;  // ALTER INDEX name RENAME TO new_name: `table` names the index
  bool materialized_view = false;  // ALTER MATERIALIZED VIEW: `table` names the view
};

// ---------------------------------------------------------------- roles, schemas, collations, functions

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

// DROP ROLE|USER [IF EXISTS] name, ...
struct DropRoleStmt : Stmt {
  DropRoleStmt() : Stmt(StmtKind::kDropRole) {}
  std::vector<std::string> names;
  bool if_exists = false;
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

// CREATE TYPE name AS ENUM ('label', ...)
struct CreateEnumStmt : Stmt {
  CreateEnumStmt() : Stmt(StmtKind::kCreateEnum) {}
  std::vector<std::string> name;  // possibly schema-qualified
  std::vector<std::string> labels;
  int location = -1;  // of the name
};

// ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'new' [BEFORE | AFTER 'neighbor']
// ALTER TYPE name RENAME VALUE 'old' TO 'new'
struct AlterEnumStmt : Stmt {
  AlterEnumStmt() : Stmt(StmtKind::kAlterEnum) {}
  std::vector<std::string> name;
  std::string new_value;
  std::optional<std::string> neighbor;  // ADD VALUE ... BEFORE/AFTER
  bool before = false;
  bool if_not_exists = false;
  std::optional<std::string> old_value;  // RENAME VALUE
  int location = -1;
};

// ALTER SCHEMA name RENAME TO new_name
struct RenameSchemaStmt : Stmt {
  RenameSchemaStmt() : Stmt(StmtKind::kRenameSchema) {}
  std::string name;
  std::string new_name;
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

}  // namespace granary::parser
