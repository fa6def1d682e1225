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
//
// The tree is declared in one header per family, which code may include directly:
//   ast_type.hpp     type names
//   ast_expr.hpp     expressions, sort keys, window definitions
//   ast_stmt.hpp     the statement base and StmtKind
//   ast_select.hpp   SELECT, FROM items, WITH, locking clauses
//   ast_dml.hpp      INSERT, UPDATE, DELETE
//   ast_ddl.hpp      CREATE / ALTER / DROP / COMMENT of catalog objects
//   ast_utility.hpp  transactions, prepared statements, cursors, EXPLAIN, SET, COPY, ...
// This header includes them all, for code that dispatches over every statement kind.
#pragma once

#include "parser/ast_ddl.hpp"
#include "parser/ast_dml.hpp"
#include "parser/ast_expr.hpp"
#include "parser/ast_select.hpp"
#include "parser/ast_stmt.hpp"
#include "parser/ast_type.hpp"
#include "parser/ast_utility.hpp"
