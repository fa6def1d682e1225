// SQL's PREPARE, EXECUTE and DEALLOCATE over the session's named prepared statements
// (prepared_statements.hpp).
#pragma once

#include <string_view>

#include "engine/session_impl.hpp"
#include "parser/ast_utility.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// PREPARE name [(type, ...)] AS statement: 42P05 for a name in use, 42704 for an unknown
// type, 42P18 for a parameter whose type cannot be determined, and the statement's own
// analysis errors. `sql` is the whole query string (it is what pg_prepared_statements shows).
Result Prepare(Session::Impl& session, const parser::PrepareStmt& prepare, std::string_view sql,
               planner::AnalyzeContext& context);

// EXECUTE name [(argument, ...)]: 26000 for an unknown name, 42601 for a wrong number of
// arguments, 42804 for an argument that cannot be coerced to its parameter's type (and the
// argument's own errors: 42703 for a column reference, 0A000 for a subquery, 42803 for an
// aggregate). Runs the statement with its cached plan; the result is the statement's.
Result Execute(Session::Impl& session, const parser::ExecuteStmt& execute,
               planner::AnalyzeContext& context, const storage::Snapshot& snapshot);

// The prepared statement `name` for `execute` (26000) and its arguments' values, coerced to
// its parameter types: what EXPLAIN EXECUTE plans.
struct ExecuteTarget {
  PreparedStatement::Impl* statement = nullptr;
  std::vector<types::Value> params;
};
ExecuteTarget ResolveExecute(Session::Impl& session, const parser::ExecuteStmt& execute,
                             planner::AnalyzeContext& context, const storage::Snapshot& snapshot);

// DEALLOCATE [PREPARE] name | ALL: 26000 for an unknown name.
Result Deallocate(Session::Impl& session, const parser::DeallocateStmt& deallocate);

}  // namespace granary
