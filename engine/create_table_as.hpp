// CREATE TABLE ... AS query / AS EXECUTE name, and SELECT ... INTO (which PostgreSQL runs as
// the same command): a table whose columns are the query's result columns, filled with its
// rows unless WITH NO DATA.
#pragma once

#include <string_view>
#include <vector>

#include "engine/session_impl.hpp"
#include "parser/ast_ddl.hpp"
#include "parser/ast_select.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// The select of `select` (a top-level SELECT statement) that holds its INTO clause: itself,
// or the leftmost select of a set operation. Null when the statement has none.
const parser::SelectStmt* FindSelectInto(const parser::SelectStmt& select);

// Column types are the query's (an untyped literal's column is text); names are the column
// list's, then the query's. Errors: 42P07 the table exists (a notice with IF NOT EXISTS),
// 42601 more column names than columns, 42701 a duplicate column name, 42809 AS EXECUTE of a
// statement that is not a SELECT, 0A000 a temporary table, and the query's own errors. The
// command tag is `SELECT n` (`CREATE TABLE AS` for WITH NO DATA and for a skipped IF NOT
// EXISTS). `sql` is the query string the statement's spans refer to; `params` and
// `param_types` are the statement's $n.
Result CreateTableAs(Session::Impl& session, const parser::CreateTableAsStmt& stmt, std::string_view sql,
                     planner::AnalyzeContext& context, const std::vector<types::Value>& params);
// SELECT ... INTO: `into_select` is FindSelectInto(select).
Result SelectInto(Session::Impl& session, const parser::SelectStmt& select,
                  const parser::SelectStmt& into_select, std::string_view sql,
                  planner::AnalyzeContext& context, const std::vector<types::Value>& params);

}  // namespace granary
