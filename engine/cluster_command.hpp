// CLUSTER, VACUUM FULL and ALTER TABLE ... CLUSTER ON / SET WITHOUT CLUSTER: a table's row
// versions copied, packed (and for CLUSTER in an index's order), into new files
// (table_storage.hpp's CompactTable), under AccessExclusiveLock, as PostgreSQL's
// cluster.c does for both statements.
#pragma once

#include <string>

#include "engine/result_impl.hpp"
#include "engine/session_impl.hpp"
#include "parser/ast_ddl.hpp"
#include "parser/ast_utility.hpp"
#include "planner/analyze/analyze_context.hpp"

namespace granary {

// CLUSTER [VERBOSE] table [USING index], CLUSTER index ON table, and CLUSTER alone (every
// table of the database with a clustered index the session can see; 25001 in a transaction
// block). The index used becomes the table's clustered index.
Result Cluster(Session::Impl& session, const parser::ClusterStmt& stmt, planner::AnalyzeContext& context);

// VACUUM FULL of the one table `stmt` names (RunVacuum runs one such statement per table,
// each in a transaction of its own, as PostgreSQL does).
Result VacuumFullTable(Session::Impl& session, const parser::VacuumStmt& stmt,
                       planner::AnalyzeContext& context);

// ALTER TABLE ... CLUSTER ON index (`index` names it) or SET WITHOUT CLUSTER (`index` empty):
// records which index, if any, a plain CLUSTER of `table` uses.
void SetClusteredIndex(Session::Impl& session, const catalog::TableSchema& table, const std::string& index,
                       planner::AnalyzeContext& context);

}  // namespace granary
