// VACUUM: the statement (outside a transaction block) and the per-table step autovacuum
// shares with it. The storage work is storage/vacuum/vacuum.hpp; this file resolves names
// against the catalog, takes the table-level lock (ShareUpdateExclusiveLock), and
// reports (INFO notices for VERBOSE, the table statistics).
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "catalog/search_path.hpp"
#include "catalog/table_schema.hpp"
#include "engine/database_impl.hpp"
#include "engine/result_impl.hpp"
#include "parser/ast_utility.hpp"
#include "storage/vacuum/vacuum.hpp"

namespace granary {

// Vacuums one table, in a transaction of its own that holds ShareUpdateExclusiveLock on it
// (autovacuum does not wait for it: a busy table is skipped), and records the outcome in
// the table statistics.
storage::VacuumReport VacuumTable(Database::Impl& db, const catalog::TableSchema& table,
                                  bool autovacuum, const std::function<bool()>& should_stop = {});

// VACUUM FULL's step for one user table: compacts it in a transaction of its own and
// returns the statement's notices (the session runs it: cluster_command.hpp).
using CompactTableStep = std::function<std::vector<Error>(const catalog::TableSchema& table)>;

// Runs VACUUM [options] [tables]. The caller checked that no transaction block is open
// (25001). FULL compacts each user table through `compact`, and vacuums the system catalogs
// as a plain VACUUM does (their files are fixed). Raises 0A000 for the options
// Granary does not implement, 42P01 for an unknown table. Notices: INFO lines with VERBOSE,
// WARNING for relations that are not tables (skipped, as PostgreSQL does).
Result RunVacuum(Database::Impl& db, const parser::VacuumStmt& stmt, const catalog::SearchPath& search_path,
                 const CompactTableStep& compact);

}  // namespace granary
