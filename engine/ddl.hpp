// Data definition statements: CREATE TABLE and DROP.
#pragma once

#include "engine/session_impl.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// 42P07 when the table exists (a notice with IF NOT EXISTS); 42701 duplicate column names;
// 0A000 for constraints that are not enforced yet (PRIMARY KEY, UNIQUE, CHECK, REFERENCES).
Result CreateTable(Session::Impl& session, const parser::CreateTableStmt& stmt,
                   planner::AnalyzeContext& context);
// 42P07 name taken (CREATE OR REPLACE replaces a view), 42809 replacing something that is not
// a view, 42601 more column names than the query has columns.
Result CreateView(Session::Impl& session, const parser::CreateViewStmt& stmt,
                  planner::AnalyzeContext& context);
// 42P01 `table "t" does not exist` (a notice with IF EXISTS); 0A000 for other object kinds.
Result Drop(Session::Impl& session, const parser::DropStmt& stmt, planner::AnalyzeContext& context);

}  // namespace granary
