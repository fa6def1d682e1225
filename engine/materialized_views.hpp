// Materialized views (PostgreSQL's commands/matview.c): CREATE MATERIALIZED VIEW and REFRESH
// MATERIALIZED VIEW.
//
// A materialized view is a pg_class row of relkind 'm' whose query text (and the search path
// it binds along) is a pg_rewrite row as a view's, and whose rows live in a relation file of
// its own as a table's: queries read it like a table, indexes may be built on it, and only
// REFRESH changes its rows (INSERT, UPDATE, DELETE, COPY FROM and TRUNCATE refuse it, 42809).
//
// REFRESH runs the query and swaps the view's files as TRUNCATE does
// (table_storage.hpp, ReplaceContents): the rows go into new files registered for removal at
// abort, pg_class points at them in the refreshing transaction, and the old files are
// removed at commit. The swap is therefore exactly as atomic as the transaction: a crash
// before commit recovers the old contents, after it the new ones. CONCURRENTLY is checked as
// PostgreSQL checks it (a populated view with a unique index on plain columns and no WHERE)
// and then refreshes the same way, under the same AccessExclusiveLock (PostgreSQL's
// concurrent refresh lets readers in by applying a diff instead).
#pragma once

#include <string_view>
#include <vector>

#include "engine/session_impl.hpp"
#include "parser/ast_ddl.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// CREATE MATERIALIZED VIEW [IF NOT EXISTS] name [(columns)] AS query [WITH [NO] DATA]
// (`stmt.materialized`). Errors: the query's own; 42P07 the name is taken (a notice with IF
// NOT EXISTS); 42601 more column names than columns; 42701 a duplicate name; 0A000 a query
// reading temporary relations or taking parameters. Tag `SELECT n`, or `CREATE MATERIALIZED
// VIEW` WITH NO DATA.
Result CreateMaterializedView(Session::Impl& session, const parser::CreateTableAsStmt& stmt,
                              std::string_view sql, planner::AnalyzeContext& context);

// REFRESH MATERIALIZED VIEW [CONCURRENTLY] name [WITH [NO] DATA]. Errors: 42P01 no such
// relation, 42809 not a materialized view, 42601 CONCURRENTLY with WITH NO DATA, 0A000
// CONCURRENTLY of a view not populated, 55000 CONCURRENTLY without a usable unique index,
// and the query's own.
Result RefreshMaterializedView(Session::Impl& session, const parser::RefreshMatViewStmt& stmt,
                               planner::AnalyzeContext& context);

}  // namespace granary
