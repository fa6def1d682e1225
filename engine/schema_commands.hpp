// CREATE SCHEMA, ALTER SCHEMA ... RENAME TO, DROP SCHEMA.
#pragma once

#include "engine/session_impl.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// 42P06 when the schema exists (a notice with IF NOT EXISTS), 42704 unknown AUTHORIZATION
// role, 42939 a name starting with pg_.
Result CreateSchema(Session::Impl& session, const parser::CreateSchemaStmt& stmt,
                    planner::AnalyzeContext& context);
// 3F000 unknown schema, 42P06 new name taken, 42939 new name starting with pg_, 0A000 renaming
// pg_catalog or pg_toast.
Result RenameSchema(Session::Impl& session, const parser::RenameSchemaStmt& stmt,
                    planner::AnalyzeContext& context);
// 3F000 unknown schema (a notice with IF EXISTS); 2BP01 a schema that still holds relations
// without CASCADE (DETAIL lists them), or a schema the system needs. CASCADE drops the
// tables (with their indexes and owned sequences), views and sequences, with PostgreSQL's
// NOTICE listing them.
Result DropSchemas(Session::Impl& session, const parser::DropStmt& stmt, planner::AnalyzeContext& context);

}  // namespace granary
