// CREATE COLLATION and DROP COLLATION.
#pragma once

#include "engine/session_impl.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// CREATE COLLATION name (provider = icu, locale = '...' [, deterministic = true]) or
// CREATE COLLATION name FROM existing. 42710 when the name is taken (a notice with IF NOT
// EXISTS), 42P17 without a locale or with an unknown provider, 42601 an unknown attribute,
// 22023 a libc locale other than C/POSIX/C.utf8 or an ICU locale ICU cannot open, 42704 an
// unknown FROM collation, 0A000 deterministic = false (nondeterministic collations are not
// supported).
Result CreateCollation(Session::Impl& session, const parser::CreateCollationStmt& stmt,
                       planner::AnalyzeContext& context);
// 42704 unknown collation (a notice with IF EXISTS); 2BP01 a collation a column uses (DETAIL
// names it; CASCADE is refused with 0A000); 42501 dropping a built-in collation.
Result DropCollations(Session::Impl& session, const parser::DropStmt& stmt, planner::AnalyzeContext& context);

}  // namespace granary
