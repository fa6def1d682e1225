// The syntax tree of a PL/pgSQL body (pl_parser.hpp builds it; pl_compiler.hpp resolves its
// names; pl_executor.hpp runs it). SQL pieces (expressions, queries) are kept as their text
// (`PlSql`) and become SQL statements with the variables as $n parameters when compiled, as
// PostgreSQL's PL/pgSQL keeps them as PLpgSQL_expr.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "types/type.hpp"

namespace granary::plpgsql {

struct PlStmt;
struct PlQuery;  // pl_function.hpp: the compiled form of a PlSql
using PlStmtPtr = std::unique_ptr<PlStmt>;
using PlBody = std::vector<PlStmtPtr>;

// A piece of SQL text from the body: an expression (run as SELECT text) or a statement.
struct PlSql {
  std::string text;
  int line = 0;
  std::shared_ptr<PlQuery> query;  // set by the compiler
  bool empty() const { return text.empty(); }
};

// A target of an assignment or INTO: a variable, or a field of a record variable.
struct PlTarget {
  std::vector<std::string> name;  // var, or var.field (or label.var)
  int slot = -1;                  // resolved by the compiler
  std::string field;              // the record field, when assigning one
};

// DECLARE name [CONSTANT] type [NOT NULL] [{DEFAULT | := | =} expr] | name ALIAS FOR $n
struct PlDeclaration {
  std::string name;
  std::string type_text;  // as written; "record" for records, table%ROWTYPE / x%TYPE resolved later
  bool constant = false;
  bool not_null = false;
  PlSql default_value;
  int alias_of = -1;  // ALIAS FOR $n: parameter n-1
  int line = 0;
  int slot = -1;  // set by the compiler
};

// EXCEPTION WHEN cond [OR cond] THEN statements
struct PlHandler {
  std::vector<std::string> conditions;  // condition names (lower case) or 5-character SQLSTATEs
  PlBody body;
};

enum class PlStmtKind {
  kBlock, kAssign, kIf, kCase, kLoop, kWhile, kForInteger, kForQuery, kForEach, kExit, kContinue,
  kReturn, kReturnNext, kReturnQuery, kPerform, kSql, kExecute, kGetDiagnostics, kRaise, kAssert, kNull,
};

struct PlRaiseOption {
  std::string name;  // errcode, message, detail, hint
  PlSql value;
};

struct PlStmt {
  PlStmtKind kind = PlStmtKind::kNull;
  int line = 0;
  std::string label;  // blocks and loops: <<label>>; EXIT / CONTINUE: the loop named
  // kBlock
  std::vector<PlDeclaration> declarations;
  PlBody body;  // block, loop and branch bodies
  std::vector<PlHandler> handlers;
  bool has_handlers = false;
  // kAssign, kForInteger / kForQuery / kForEach (loop variable), INTO targets
  std::vector<PlTarget> targets;
  PlSql expr;  // assignment value, WHILE / EXIT condition, RETURN value, CASE value, FOREACH array
  // kIf / kCase: (condition, body) pairs; for a simple CASE, the WHEN values as "v1, v2"
  std::vector<std::pair<PlSql, PlBody>> branches;
  PlBody else_body;
  bool has_else = false;
  // kForInteger
  PlSql lower, upper, step;
  bool reverse = false;
  // kForQuery, kReturnQuery, kPerform, kSql, kExecute: the query (for EXECUTE / dynamic FOR,
  // the expression giving its text), INTO, USING
  PlSql query;
  bool dynamic = false;
  bool strict = false;
  bool into = false;
  std::vector<PlSql> using_args;
  // kGetDiagnostics: (target, item) pairs
  std::vector<std::pair<PlTarget, std::string>> diagnostics;
  // kRaise: level, condition or format and its arguments, USING options
  std::string level;            // debug, log, info, notice, warning, exception
  std::string condition;        // RAISE level condition_name / SQLSTATE 'xxxxx'
  std::optional<std::string> format;
  std::vector<PlSql> arguments;
  std::vector<PlRaiseOption> options;
  bool reraise = false;  // bare RAISE
};

// A parsed function body: its top block.
struct PlFunctionBody {
  PlStmtPtr block;
};

}  // namespace granary::plpgsql
