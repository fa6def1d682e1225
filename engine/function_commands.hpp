// CREATE [OR REPLACE] FUNCTION, DROP FUNCTION and ALTER FUNCTION for SQL functions (rows of
// the pg_proc system table; catalog/function_catalog.cpp, planner/analyze/sql_function_binder.hpp).
#pragma once

#include "engine/session_impl.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// LANGUAGE sql only: 0A000 for plpgsql, c and internal (not supported), 42704 for another
// language; 42P13 for a body that does not return the declared type (PostgreSQL's
// check_sql_fn_retval messages), a missing or duplicate body, a missing result type, OUT
// parameter conflicts, defaults not at the end, a repeated parameter name, a changed return
// type under OR REPLACE; 42723 when the signature exists without OR REPLACE; 42601 for a
// repeated option; 22023 for COST <= 0 or ROWS on a function returning no set; 0A000 for
// VARIADIC parameters, RETURNS void, RETURNS record without OUT columns, CREATE PROCEDURE,
// and bodies with statements other than SELECT.
Result CreateFunction(Session::Impl& session, const parser::CreateFunctionStmt& stmt,
                      planner::AnalyzeContext& context);
// 42883 unknown function (a notice with IF EXISTS), 42725 a name without arguments that is
// not unique. Nothing records what depends on a function, so CASCADE drops only it.
Result DropFunctions(Session::Impl& session, const parser::DropFunctionStmt& stmt,
                     planner::AnalyzeContext& context);
// RENAME TO (42723 when the new signature exists), OWNER TO (42704 unknown role), SET SCHEMA
// (3F000 unknown schema), and the volatility / STRICT / LEAKPROOF / COST / ROWS / PARALLEL
// options.
// The function COMMENT ON FUNCTION names (as DROP FUNCTION finds it): 42883, 42725.
catalog::FunctionSchema FindNamedFunction(Session::Impl& session, const parser::FunctionWithArgs& name,
                                          planner::AnalyzeContext& context);
Result AlterFunction(Session::Impl& session, const parser::AlterFunctionStmt& stmt,
                     planner::AnalyzeContext& context);

}  // namespace granary
