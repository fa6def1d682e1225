// Intermediate values the grammar passes between rules before they become AST nodes
// (the Bison semantic value types that are not AST types). Internal to the parser module.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "parser/ast.hpp"

namespace granary::parser {

// UPDATE / DELETE's WHERE: a condition, or CURRENT OF a cursor (then `where` is null).
struct WhereClause {
  ExprPtr where;
  std::string current_of;
  int current_of_location = -1;
};

// One step after a name: `.name` or `.*`.
struct Indirection {
  std::string name;
  bool star = false;
  int location = -1;
  // [lower] or [lower:upper] instead of .name (see Subscript in ast.hpp).
  bool subscript = false;
  bool slice = false;
  ExprPtr lower;
  ExprPtr upper;
};

// DISTINCT [ON (...)]
// GROUP BY [ALL | DISTINCT] item, ...
struct GroupClause {
  bool distinct = false;
  ExprList items;
};

struct DistinctClause {
  bool distinct = false;
  ExprList on;
};

// LIMIT / OFFSET / FETCH FIRST, before they are attached to a SelectStmt. `has_limit` is
// also set for LIMIT ALL, whose `limit` is null.
struct SelectLimit {
  ExprPtr limit;
  ExprPtr offset;
  bool has_limit = false;
  bool has_offset = false;
  int limit_location = -1;
  int offset_location = -1;
  bool with_ties = false;       // FETCH ... WITH TIES
  int with_ties_location = -1;  // its WITH
};

// The right side of IN: a subquery or a parenthesised list.
struct InTarget {
  std::unique_ptr<SelectStmt> select;
  ExprList list;
};

// ON condition or USING (columns) of a join.
struct JoinQualifier {
  ExprPtr on;
  std::vector<std::string> using_columns;
  std::string using_alias;
};

// What follows INSERT INTO t: [(columns)] source, or DEFAULT VALUES (null select).
struct InsertRest {
  std::vector<std::string> columns;
  std::unique_ptr<SelectStmt> select;
  OverridingKind overriding = OverridingKind::kNone;
};

// A referential action: its pg_constraint code and SET NULL/DEFAULT (columns).
struct KeyAction {
  char action = 'a';
  std::vector<std::string> columns;
};

// ON UPDATE / ON DELETE of a foreign key.
struct KeyActions {
  KeyAction update;
  KeyAction del;
};

using TableElement = std::variant<ColumnDef, Constraint, TableLikeClause>;

struct TableElements {
  std::vector<ColumnDef> columns;
  std::vector<Constraint> constraints;
  std::vector<TableLikeClause> like_clauses;
};

// ISOLATION LEVEL ..., READ ONLY | READ WRITE, in any order; `count` modes were written.
struct TransactionModes {
  std::string isolation_level;
  std::optional<bool> read_only;
  std::optional<bool> deferrable;
  int count = 0;
};

// A utility option's argument as written (EXPLAIN (option value)).
enum class GenericValueKind { kNone, kString, kInteger, kNumeric };
struct GenericValue {
  GenericValueKind kind = GenericValueKind::kNone;
  std::string text;
};

struct GenericOption {
  std::string name;
  GenericValue value;
  int location = -1;
};

// The body of SET / RESET: variable name, values, or reset to default.
struct SetRest {
  std::string name;
  std::vector<std::string> values;
  bool reset = false;
  // SET TRANSACTION with several modes: the settings after the first, in order.
  std::vector<std::pair<std::string, std::vector<std::string>>> more;
  bool transaction_statement = false;  // SET TRANSACTION (not SET SESSION CHARACTERISTICS)
};

// CREATE FUNCTION's pieces before they are assembled (function_builder.cpp).
struct FunctionType {
  TypeName type;
  bool setof = false;
};

// RETURN expr or BEGIN ATOMIC ... END: each statement's text and parse.
struct FunctionBody {
  bool present = false;
  std::vector<std::string> texts;
  std::vector<StmtPtr> statements;
  std::vector<ExprPtr> expressions;
};

}  // namespace granary::parser
