// PlExecutor — runs one call of a compiled PL/pgSQL function (pl_function.hpp): the
// statements of its body over a frame of variable values, its SQL through PlSpi.
//
// Behaviour follows PostgreSQL's pl_exec.c: values assigned to a variable are cast to its
// type by assignment rules; FOUND and GET DIAGNOSTICS ROW_COUNT follow the last SQL
// statement; a block with EXCEPTION handlers runs in a subtransaction of its own, rolled back
// (with every change of the block's statements) when an error is caught; an error that leaves
// a statement gets the CONTEXT line "PL/pgSQL function f(args) line N at STATEMENT".
//
// Errors: the statements' own, and 2F005 (end of function without RETURN), P0001 (RAISE
// EXCEPTION, or the SQLSTATE it names), P0002 / P0003 (SELECT INTO STRICT with no / several
// rows), P0004 (ASSERT), 20000 (CASE without a matching WHEN), 22004 (NULL into NOT NULL),
// 22023 (FOR's BY not positive), 55000 (a record not yet assigned), 42703 (a record field
// that does not exist).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/plpgsql/pl_function.hpp"
#include "engine/plpgsql/pl_spi.hpp"

namespace granary::plpgsql {

struct PlRecord {
  std::vector<std::string> names;
  std::vector<types::Type> types;
  std::vector<types::Value> values;
};

// The result of a call: a value (void for a DO block or a void function), or the rows
// of a set-returning function.
struct PlResult {
  types::Value value;
  std::vector<types::Value> rows;
};

// Runs `function` called with `args` (already of its argument types).
PlResult ExecuteFunction(PlFunction& function, PlSpi& spi, const std::vector<types::Value>& args);

}  // namespace granary::plpgsql
