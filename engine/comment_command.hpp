// COMMENT ON table | column | index | view | sequence | schema | database | role |
// constraint ... IS 'text' | NULL.
#pragma once

#include "engine/session_impl.hpp"
#include "parser/ast_ddl.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// Sets (or with NULL or '' removes) the object's comment. Errors as PostgreSQL's: 42P01
// unknown relation, 42809 a relation of another kind ("x" is not a view), 42703 unknown
// column, 42601 an unqualified column name, 42704 unknown constraint or role, 3F000 unknown
// schema; an unknown database is a warning.
Result Comment(Session::Impl& session, const parser::CommentStmt& stmt, planner::AnalyzeContext& context);

}  // namespace granary
