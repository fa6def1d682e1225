// Raw AST: INSERT (with ON CONFLICT), UPDATE and DELETE. Part of the raw syntax tree
// described in ast.hpp.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "parser/ast_expr.hpp"
#include "parser/ast_select.hpp"
#include "parser/ast_stmt.hpp"

namespace granary::parser {

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
  // WHERE CURRENT OF cursor (then `where` is null): the cursor's current row.
  std::string current_of;
  int current_of_location = -1;
  std::vector<ResTarget> returning;
};

struct DeleteStmt : Stmt {
  DeleteStmt() : Stmt(StmtKind::kDelete) {}
  std::unique_ptr<WithClause> with;  // null when absent
  std::unique_ptr<RangeVar> table;
  std::vector<TableRefPtr> using_tables;
  ExprPtr where;
  // WHERE CURRENT OF cursor (then `where` is null): the cursor's current row.
  std::string current_of;
  int current_of_location = -1;
  std::vector<ResTarget> returning;
};

}  // namespace granary::parser
