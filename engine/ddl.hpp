// Data definition statements: CREATE TABLE and DROP.
#pragma once

#include <vector>

#include "catalog/reloptions.hpp"
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
// TRUNCATE: new empty files for each table and its indexes (the old ones are removed at
// commit). 42P01 unknown table, 42809 not a table, 42501 a system catalog.
Result Truncate(Session::Impl& session, const parser::TruncateStmt& stmt,
                planner::AnalyzeContext& context);

// The 42601 errors of a column's clauses that clash with a generation clause (another one,
// DEFAULT, IDENTITY), raised at `constraint` given what came before it on the column.
void CheckGenerationClause(const parser::Constraint& constraint, const parser::Constraint* generated,
                           bool has_default, bool has_identity, const std::string& column,
                           const std::string& table, planner::AnalyzeContext& context);

// Adds a CHECK constraint to `table` (bound once, so a condition that can never work is
// refused now), named as PostgreSQL names it when unnamed; 42710 when the name is taken.
void AddCheck(catalog::TableSchema& table, const parser::Constraint& constraint,
              planner::AnalyzeContext& context);

// WITH (...) / SET (...) options as the catalog validates them.
std::vector<catalog::RelOptionInput> RelOptionInputs(const std::vector<parser::RelOption>& options);

// 42P01 `table "t" does not exist` (a notice with IF EXISTS); 0A000 for other object kinds.
Result Drop(Session::Impl& session, const parser::DropStmt& stmt, planner::AnalyzeContext& context);

// The namespace a new relation [database.]schema.name or name goes to (the first schema of
// the search path for an unqualified name): 0A000 another database, 3F000 no such schema or
// no schema on the path, 42501 pg_catalog (system catalog modifications are disallowed).
// A temporary relation (`temporary`, or a name qualified by pg_temp) goes to the session's
// temporary schema, made now if need be; 42P16 when `temporary` names another schema.
catalog::NamespaceName CreationNamespace(Session::Impl& session, const parser::RangeVar& name,
                                         planner::AnalyzeContext& context, bool temporary = false);

// For DROP of [schema.]name: false when the schema is named and does not exist — a NOTICE
// `schema "s" does not exist, skipping` with IF EXISTS, else 3F000.
bool DropTargetSchemaExists(Session::Impl& session, const std::string& schema, bool if_exists,
                            Result& result, planner::AnalyzeContext& context);

// Deletes the catalog rows of a table (with its indexes and owned sequences), view or sequence
// whose lock the caller holds; its files go when the transaction commits.
void DropRelation(Session::Impl& session, const catalog::TableSchema& relation,
                  planner::AnalyzeContext& context);

// Locks a relation name in a namespace until the transaction ends, so that two transactions
// creating the same name queue up and the second sees the first's outcome (PostgreSQL gets
// this from the unique index on pg_class). Call it before looking the name up: it may
// restart the statement (storage::CatalogChanged).
void LockRelationName(planner::AnalyzeContext& context, catalog::Oid namespace_oid,
                      std::string_view name);

}  // namespace granary
