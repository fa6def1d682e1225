// Enum types: CREATE TYPE name AS ENUM (...), ALTER TYPE name ADD VALUE / RENAME VALUE and
// DROP TYPE, rows of the pg_type and pg_enum system tables (catalog/type_catalog.cpp).
#pragma once

#include "engine/session_impl.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// 42710 `type "x" already exists`; 42602 a label longer than 63 bytes.
Result CreateEnum(Session::Impl& session, const parser::CreateEnumStmt& stmt, planner::AnalyzeContext& context);
// 42704 unknown type, 42809 not an enum; ADD VALUE: 42710 `enum label "x" already exists` (a
// notice with IF NOT EXISTS), 22023 `"x" is not an existing enum label` for the neighbour;
// RENAME VALUE: 22023 for the old label, 42710 for a new label that exists.
Result AlterEnum(Session::Impl& session, const parser::AlterEnumStmt& stmt, planner::AnalyzeContext& context);
// 42704 unknown type (a notice with IF EXISTS); 2BP01 when a column uses it, unless CASCADE,
// which drops those columns (a notice names each).
Result DropTypes(Session::Impl& session, const parser::DropStmt& stmt, planner::AnalyzeContext& context);

}  // namespace granary
