// VACUUM: the statement (outside a transaction block) and the per-table step autovacuum
// shares with it. The storage work is storage/vacuum/vacuum.hpp; this file resolves names
// against the catalog, takes the table-level lock (today: the caller's statement mutex), and
// reports (INFO notices for VERBOSE, the table statistics).
#pragma once

#include <functional>
#include <string_view>

#include "catalog/table_schema.hpp"
#include "engine/database_impl.hpp"
#include "engine/result_impl.hpp"
#include "parser/ast.hpp"
#include "storage/vacuum/vacuum.hpp"

namespace granary {

// Vacuums one table and records the outcome in the table statistics. Called holding the
// database's statement mutex, which stands in for the table lock until the lock manager
// exists (see the comment in the .cpp).
storage::VacuumReport VacuumTable(Database::Impl& db, const catalog::TableSchema& table,
                                  bool autovacuum, const std::function<bool()>& should_stop = {});

// Runs VACUUM [options] [tables]. The caller checked that no transaction block is open
// (25001) and holds the statement mutex. Raises 0A000 for FULL, ANALYZE and the options
// Granary does not implement, 42P01 for an unknown table. Notices: INFO lines with VERBOSE,
// WARNING for relations that are not tables (skipped, as PostgreSQL does).
Result RunVacuum(Database::Impl& db, const parser::VacuumStmt& stmt);

}  // namespace granary
