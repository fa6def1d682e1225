// CREATE INDEX, DROP INDEX, ALTER INDEX RENAME, REINDEX, and the indexes behind PRIMARY KEY and
// UNIQUE constraints.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/session_impl.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// 42P01 unknown table, 42P07 name taken (a notice with IF NOT EXISTS), 42703 unknown column,
// 23505 `could not create unique index` when existing rows collide.
Result CreateIndex(Session::Impl& session, const parser::CreateIndexStmt& stmt,
                   planner::AnalyzeContext& context);

// CREATE INDEX `stmt` (its name and table ignored) on `table`, just created by this
// transaction, under PostgreSQL's default name: the indexes CREATE TABLE ... (LIKE ...
// INCLUDING INDEXES) copies.
void CreateIndexOnTable(Session::Impl& session, const catalog::TableSchema& table,
                        const parser::CreateIndexStmt& stmt, planner::AnalyzeContext& context);

// The index behind a PRIMARY KEY (primary) or UNIQUE constraint on `columns` of `table`
// (just created by this transaction); `name` empty: PostgreSQL's default name.
void CreateConstraintIndex(Session::Impl& session, const catalog::TableSchema& table,
                           const std::vector<std::string>& columns, bool primary,
                           const std::string& name, int location, planner::AnalyzeContext& context,
                           const std::vector<std::string>& including = {});

// Fills the (empty, just created) B-tree of `index` from every row version of `table` that
// some transaction may still see; 23505 `could not create unique index` on duplicates.
void BuildIndex(Session::Impl& session, const catalog::TableSchema& table,
                const catalog::IndexSchema& index, planner::AnalyzeContext& context);

// ALTER INDEX [IF EXISTS] name RENAME TO new_name when `name` is an index (a primary key's or
// unique constraint's index renames the constraint with it, as in PostgreSQL); 42P07 for a
// name taken. nullopt when it is no index: PostgreSQL's ALTER INDEX renames a table too,
// which ALTER TABLE's rename does.
std::optional<Result> RenameIndex(Session::Impl& session, const parser::AlterTableStmt& stmt,
                                  planner::AnalyzeContext& context);

// REINDEX: each index named (INDEX), of the table (TABLE), of the schema's tables (SCHEMA) or
// of every table (DATABASE) is built again in a new file. Locks as PostgreSQL's: ShareLock
// on the table, AccessExclusiveLock on the index. Errors: 42P01, 42809 (not an index, not a
// table), 3F000, 0A000 (another database), 25001 (SCHEMA, DATABASE, SYSTEM or CONCURRENTLY
// inside a transaction block). CONCURRENTLY rebuilds under the same locks as without it.
Result Reindex(Session::Impl& session, const parser::ReindexStmt& stmt, planner::AnalyzeContext& context);

// 42704 `index "x" does not exist` (a notice with IF EXISTS); 2BP01 for a primary key's index.
Result DropIndexes(Session::Impl& session, const parser::DropStmt& stmt,
                   planner::AnalyzeContext& context);

}  // namespace granary
