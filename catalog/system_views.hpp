// System views: PostgreSQL's pg_catalog and information_schema relations as clients read
// them (psql's \d family, drivers' metadata calls), computed at read time from the system
// tables and the running sessions.
//
// The system tables (system_tables.hpp) keep Granary's own compact layout; these views give
// each of them PostgreSQL 15's column names, types and constant columns (relowner,
// relpersistence, ...), plus relations Granary has no table for (pg_type, pg_am,
// pg_database, pg_stat_activity, ...). A view is bound under its name in pg_catalog (or
// information_schema), qualified or not: in a query it takes the place of the system table
// of the same name, as pg_catalog comes first in PostgreSQL's search path.
//
// Types: PostgreSQL's (oid, name, "char", int2vector, int2[], timestamptz), except that the
// aclitem[] columns are text[] (and always NULL: there are no grants yet).
//
// Thread-safety: the definitions are immutable; computing rows reads the system tables under
// the caller's snapshot, so a view is exactly as MVCC-consistent as a table scan.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/search_path.hpp"
#include "catalog/system_tables.hpp"
#include "catalog/table_schema.hpp"
#include "storage/lock/lock_manager.hpp"
#include "storage/txn/transaction_manager.hpp"
#include "storage/vacuum/table_statistics.hpp"

namespace granary::catalog {

class Catalog;

enum class SystemView : uint8_t {
  kNamespace, kClass, kAttribute, kAttrDefault, kType, kIndex, kAm, kConstraint, kRoles,
  kUser, kDatabase, kTablespace, kDescription, kInherits, kSettings, kCollation,
  kStatActivity, kTables, kColumns, kSchemata, kReferentialConstraints, kPreparedStatements, kCursors,
  kSharedDescription,
  // Relations clients read whose features Granary lacks (row security, extended
  // statistics, publications, triggers, role membership): always empty.
  kAuthMembers, kPolicy, kStatisticExt, kPublication, kPublicationNamespace, kPublicationRel,
  kTrigger,
  kProc,  // the built-in functions
  kTableConstraints, kKeyColumnUsage, kConstraintColumnUsage,  // information_schema
  kStats,  // pg_stats: pg_statistic as PostgreSQL's view shows it (value lists as text)
  kPgTables, kPgIndexes, kPgViews,  // PostgreSQL's views over pg_class (system_view_relations.cpp)
  kExtension,  // empty: no extensions (PostgreSQL's plpgsql among them) are installed
  // The activity and lock views (system_view_statistics.cpp).
  kLocks, kSequences, kStatDatabase, kStatAllTables, kStatUserTables, kStatSysTables,
  kStatAllIndexes, kStatUserIndexes, kStatSysIndexes, kStatBgwriter,
  kEnum,  // pg_enum: the labels of enum types, the sort order as real
  kPgMatviews,  // pg_matviews: one row per materialized view (system_view_relations.cpp)
  kLanguage,    // pg_language: internal, c, sql and plpgsql, with PostgreSQL 15's oids
};

// The view's description for the binder: schema_name is pg_catalog or information_schema,
// oid 0, kind 'v'.
const TableSchema& SystemViewSchema(SystemView view);
// The view named `name` in `schema` (empty: pg_catalog, as the search path finds it).
std::optional<SystemView> FindSystemView(std::string_view schema, std::string_view name);

// One session as pg_stat_activity shows it.
struct SessionActivity {
  int32_t pid = 0;                 // the backend key's process id
  std::string user;
  bool superuser = false;          // the session's role is a superuser
  std::string database;
  std::string application_name;
  std::string client_address;      // empty: a local (embedded or Unix socket) session
  int32_t client_port = -1;
  int64_t backend_start = 0;       // microseconds since 2000-01-01 UTC
  std::optional<int64_t> query_start;
  std::optional<int64_t> transaction_start;  // while a transaction is open
  int64_t state_change = 0;
  std::string state;               // active, idle, idle in transaction, ...
  std::string query;               // the running or last statement
  uint64_t backend_id = 0;         // connection order; pg_locks' virtual transaction ids
  storage::Xid transaction_xid = 0;  // the open transaction's top xid (its locks' owner), or 0
};

// One of the session's named prepared statements, as pg_prepared_statements shows it.
struct PreparedStatementInfo {
  std::string name;
  std::string statement;                  // the query string that prepared it
  int64_t prepare_time = 0;               // timestamptz microseconds
  std::vector<std::string> parameter_types;  // type names as regtype prints them
  bool from_sql = false;                  // PREPARE (true) or the protocol's Parse (false)
};

// One of the session's open cursors, as pg_cursors shows it.
struct CursorInfo {
  std::string name;
  std::string statement;  // the query string that declared it
  bool is_holdable = false;
  bool is_binary = false;
  bool is_scrollable = false;
  int64_t creation_time = 0;  // timestamptz microseconds
};

// A sequence's parameters and state, as pg_sequences shows them.
struct SequenceInfo {
  int type_bytes = 8;  // 2, 4 or 8: smallint, integer, bigint
  int64_t start = 1;
  int64_t min_value = 1;
  int64_t max_value = 0;
  int64_t increment = 1;
  int64_t cache = 1;
  bool cycle = false;
  std::optional<int64_t> last_value;  // none before the first nextval
};

// pg_stat_bgwriter's counters.
struct BackgroundWriterActivity {
  uint64_t checkpoints_timed = 0;
  uint64_t checkpoints_requested = 0;
  uint64_t buffers_checkpoint = 0;  // pages checkpoints wrote
  uint64_t buffers_backend = 0;     // pages written to make room for others
  uint64_t buffers_alloc = 0;       // pages read into the pool
};

// What views and catalog functions need beyond the system tables, supplied by the engine
// for the running statement's session.
class SystemViewEnvironment {
 public:
  virtual ~SystemViewEnvironment() = default;
  virtual std::vector<SessionActivity> Sessions() const = 0;
  // Every parameter, sorted by name: (name, setting, description, ...) as the engine's
  // SessionSettings::ShowAll lays them out for pg_settings.
  virtual std::vector<std::vector<std::string>> Settings() const = 0;
  virtual std::string CurrentUser() const = 0;
  virtual std::string CurrentDatabase() const = 0;
  // The session's search_path (search_path.hpp), for unqualified names and visibility.
  virtual SearchPath CurrentSearchPath() const = 0;
  // The session's pg_stat_activity pid (its backend key; 0 for an embedded session).
  virtual int32_t BackendPid() const = 0;
  // The session's named prepared statements, by name.
  virtual std::vector<PreparedStatementInfo> PreparedStatements() const { return {}; }
  // pg_cancel_backend, pg_terminate_backend (waiting up to `timeout_ms` for the backend to
  // end) and pg_reload_conf, returning what PostgreSQL's return: the caller's lack of
  // privilege throws 42501; a process id that is no backend gives a WARNING and false.
  virtual bool CancelBackend(int32_t /*pid*/) const { return false; }
  virtual bool TerminateBackend(int32_t /*pid*/, int64_t /*timeout_ms*/) const { return false; }
  virtual bool ReloadConfiguration() const { return false; }
  // set_config(name, value, is_local): SET (RESET for a null value) as the SET statement does
  // it, and the setting's value after it.
  virtual std::string SetConfig(const std::string& name, const std::optional<std::string>& value,
                                bool is_local) const = 0;
  // The session's open cursors (DECLARE), by name.
  virtual std::vector<CursorInfo> Cursors() const { return {}; }
  // The lock manager's locks and waiters (pg_locks), and the session's own transaction's
  // top xid (0 outside one), which owns its locks.
  virtual std::vector<storage::LockInfo> Locks() const { return {}; }
  virtual storage::Xid TransactionXid() const { return storage::kInvalidXid; }
  // Activity counters: every relation file's (tables' and indexes'), a database's, and the
  // checkpointer's and buffer pool's (the pg_stat_* views).
  virtual std::vector<std::pair<storage::RelFileNumber, storage::TableActivity>> RelationActivity() const {
    return {};
  }
  virtual storage::DatabaseActivity DatabaseActivity(Oid /*database*/) const { return {}; }
  virtual BackgroundWriterActivity BackgroundWriter() const { return {}; }
  // The sequence stored in relation file `rel` (`name` for messages).
  virtual std::optional<SequenceInfo> ReadSequence(storage::RelFileNumber /*rel*/, const std::string& /*name*/) const {
    return std::nullopt;
  }
  // WHERE CURRENT OF `cursor` on the table `table_oid` (`table_name` for messages): the
  // tuple id of the cursor's current row of that table, packed as types::Value::Tid packs it
  // (block << 16 | slot), or nullopt when there is none; when the row has been updated since,
  // the newest version `snapshot` sees (PostgreSQL's TidScan over a CurrentOfExpr takes the
  // latest tid). The engine raises PostgreSQL's execCurrentOf errors: 34000 for an unknown
  // cursor; 24000 for one held from a previous transaction, one that is not a simply
  // updatable scan of the table, one not positioned on a row. Without a session there are no
  // cursors: nullopt.
  virtual std::optional<int64_t> CurrentOf(const std::string& /*cursor*/, Oid /*table_oid*/,
                                           const std::string& /*table_name*/,
                                           const storage::Snapshot& /*snapshot*/) const {
    return std::nullopt;
  }
};

// The databases a server accepts connections to (the same data under either name).
struct DatabaseEntry {
  Oid oid;
  std::string_view name;
};
const std::vector<DatabaseEntry>& KnownDatabases();

// Built-in roles that exist without a pg_authid row (PostgreSQL's predefined roles).
struct PredefinedRole {
  Oid oid;
  std::string_view name;
};
const std::vector<PredefinedRole>& PredefinedRoles();

// The rows of `view` under `snapshot`, in the column order of SystemViewSchema(view).
std::vector<CatalogRow> SystemViewRows(SystemView view, Catalog& catalog,
                                       const SystemViewEnvironment& environment,
                                       const storage::Snapshot& snapshot);

}  // namespace granary::catalog
