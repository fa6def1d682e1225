// A compact, deterministic S-expression rendering of the raw AST, for tests and debugging
// (PostgreSQL's nodeToString plays this role). The format is for people and test
// expectations, not for machines: it may change, and nothing parses it back.
//
//   SELECT a + 1 AS b FROM t WHERE x IS NULL
//   => (select :targets ((as (+ a 1) b)) :from (t) :where (isnull x))
//
// Constants: 1 (integer), 1.5 (decimal), 'text', true, false, null; names print as written
// (a.b), a parameter as $1. Thread-safe: pure functions.
#pragma once

#include <string>

#include "parser/ast_expr.hpp"
#include "parser/ast_stmt.hpp"

namespace granary::parser {

std::string DumpStatement(const Stmt& stmt);
std::string DumpExpr(const Expr& expr);
std::string DumpTypeName(const TypeName& type);

}  // namespace granary::parser
