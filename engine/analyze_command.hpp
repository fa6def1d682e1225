// ANALYZE (PostgreSQL's commands/analyze.c): samples a table's rows and stores planner
// statistics in pg_statistic (catalog/statistics.hpp). The statement runs in the session's
// transaction (it may be inside a block, as in PostgreSQL) and its rows are written with the
// transaction's xid; VACUUM ANALYZE and autovacuum analyze each table in a transaction of its
// own. All take ShareUpdateExclusiveLock on the table (autovacuum skips a busy table).
#pragma once

#include <functional>
#include <vector>

#include "catalog/statistics.hpp"
#include "catalog/table_schema.hpp"
#include "engine/database_impl.hpp"
#include "engine/result_impl.hpp"
#include "engine/session_impl.hpp"
#include "parser/ast.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// What sampling one table found (for ANALYZE VERBOSE and the activity counters).
struct AnalyzeReport {
  catalog::RelationStatistics statistics;
  uint64_t pages = 0;
  uint64_t live_rows = 0;
  uint64_t sampled_rows = 0;
};

// Samples `table` (300 x the statistics target rows, by reservoir sampling over the rows
// `snapshot` sees) and computes the statistics of the columns `columns` (0-based; empty:
// all). `cancelled`, when given, is polled between pages (57014).
AnalyzeReport SampleTable(Database::Impl& db, const catalog::TableSchema& table, const std::vector<size_t>& columns,
                          const storage::Snapshot& snapshot, const std::function<bool()>& cancelled = {});

// Runs ANALYZE [VERBOSE] [table [(columns)], ...] in the session's transaction. 42P01 unknown
// table, 42703 unknown column, 42701 a column listed twice; a relation that is not a table is
// skipped with a WARNING; VERBOSE adds PostgreSQL's INFO lines.
Result RunAnalyze(Session::Impl& session, const parser::VacuumStmt& stmt, planner::AnalyzeContext& context);

// Analyzes one table in a transaction of its own (VACUUM ANALYZE, autovacuum), all columns.
// Returns false when autovacuum found the table locked. `notices` (may be null) receives
// VERBOSE's INFO lines.
bool AnalyzeTableAlone(Database::Impl& db, const catalog::TableSchema& table, bool autovacuum,
                       std::vector<Error>* notices = nullptr);

}  // namespace granary
