// Catalog functions: the built-in functions whose result depends on the catalog or on the
// session (pg_get_userbyid, pg_table_is_visible, format_type, pg_get_indexdef,
// current_user, ...), which psql's \d commands and drivers' metadata queries call.
//
// The analyzer resolves them by name and argument types like the pure built-ins
// (types/functions/builtin_functions.hpp) when no pure built-in has the name; the executor
// calls them with the statement's snapshot, so they see exactly the catalog rows the
// statement's scans see. Object identifiers are bigint (see system_views.hpp); regclass
// results (to_regclass) are the relation's oid.
//
// Thread-safety: stateless; reads the system tables under the given snapshot.
#pragma once

#include <memory>

#include "types/oid_names.hpp"

#include <span>
#include <string_view>
#include <vector>

#include "catalog/system_views.hpp"
#include "types/functions/builtin_functions.hpp"

namespace granary::catalog {

enum class CatalogFunction : uint8_t {
  kGetUserById, kTableIsVisible, kTypeIsVisible, kGetIndexDef, kGetIndexColumn,
  kGetConstraintDef, kGetExpr, kGetViewDef, kObjDescription, kColDescription,
  kShobjDescription, kHasTablePrivilege, kHasUserTablePrivilege, kHasSchemaPrivilege,
  kHasUserSchemaPrivilege, kHasDatabasePrivilege, kHasUserDatabasePrivilege, kToRegclass,
  kCurrentUser, kCurrentDatabase, kCurrentSchema, kCurrentSchemas, kCurrentSetting, kSetConfig, kEncodingToChar,
  kFormatType, kRelationSize, kTableSize, kTotalRelationSize, kDatabaseSize,
  kBackendPid, kRelationIsPublishable, kStatisticsObjDefColumns, kFunctionIsVisible,
  kFunctionResult, kFunctionArguments, kFunctionDef, kCancelBackend, kTerminateBackend, kReloadConf,
  kRegclassIn,  // text::regclass (not callable by name): 42P01 for an unknown relation
  // WHERE CURRENT OF (not callable by name): (cursor name, table oid, table name) -> the tid
  // of the cursor's current row, or NULL (SystemViewEnvironment::CurrentOf).
  kCurrentOf,
  // pg_sleep(float8), pg_sleep_for(interval), pg_sleep_until(timestamptz) -> void: listed
  // here, run by the executor (executor/expr/sleep.hpp), which can cancel them.
  kSleep, kSleepFor, kSleepUntil,
  // pg_stat_force_next_flush(), pg_stat_clear_snapshot() -> void: nothing to do, since each
  // transaction's counts reach the statistics when it ends and views read them live.
  kStatisticsNoOp,
  // txid_current(), txid_current_if_assigned() -> bigint: the transaction's (top-level) id,
  // whose low 32 bits its rows' xmin shows; without one yet, txid_current gives the next id
  // to be assigned (PostgreSQL assigns it there) and txid_current_if_assigned NULL.
  kTxidCurrent, kTxidCurrentIfAssigned,
};

// The overloads registered under `name` (lower case); empty if none. Their `implementation`
// is null: call CallCatalogFunction with CatalogFunctionOf(signature).
std::vector<const types::FunctionSignature*> FindCatalogFunctions(std::string_view name);
// Every catalog function signature, in a fixed order (pg_proc lists them).
std::vector<const types::FunctionSignature*> AllCatalogFunctions();
CatalogFunction CatalogFunctionOf(const types::FunctionSignature* signature);

// regclass/regproc names as `snapshot` sees the catalog (the system tables are read once, at
// the first lookup, or at once with `read_now`): installed with types::ScopedOidNames while a
// statement runs, and kept (read_now) by a result that holds such values to print them.
std::shared_ptr<const types::OidNames> MakeOidNames(Catalog& catalog, const SystemViewEnvironment& environment,
                                                   const storage::Snapshot& snapshot, bool read_now);

// Runs a catalog function (arguments already coerced to its signature; a strict function is
// never called with a NULL argument). Errors: 42P01 (has_table_privilege of a missing
// relation), 3F000 (has_schema_privilege of a missing schema), 3D000 (has_database_privilege
// of an unknown database), 42704 (an unknown role or privilege type).
types::Value CallCatalogFunction(CatalogFunction function, std::span<const types::Value> args,
                                 Catalog& catalog, const SystemViewEnvironment& environment,
                                 const storage::Snapshot& snapshot);

namespace views {
struct CatalogSnapshot;
}
// pg_get_indexdef(index) over system tables already read (pg_indexes reads it per row).
types::Value IndexDefinition(const views::CatalogSnapshot& tables, const SystemViewEnvironment& environment,
                             Oid index);

}  // namespace granary::catalog
