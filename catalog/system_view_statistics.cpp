// The activity and lock views: pg_locks, pg_sequences, pg_stat_database, pg_stat_bgwriter,
// pg_stat_{all,user,sys}_tables and pg_stat_{all,user,sys}_indexes, computed from what the
// engine counts (SystemViewEnvironment) joined with pg_class as PostgreSQL's view
// definitions join it.
//
// As in PostgreSQL, a table's idx_scan and idx_tup_fetch are its indexes' counts summed
// (NULL for a table without indexes), and "user" relations are those outside pg_catalog,
// information_schema and the pg_toast schemas. Counters Granary has no source for (HOT
// updates, conflicts, temporary files, I/O and session timings, the background writer's own
// cleaning) are zero; stats_reset is NULL, as for statistics never reset.
#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>

#include "catalog/system_view_rows.hpp"

namespace granary::catalog::views {
namespace {

using types::Value;

Oid OidOf(const Value& value) { return static_cast<Oid>(value.AsInt()); }

Value Name(std::string text) { return Value::OfString(types::TypeId::kName, std::move(text)); }

bool IsSystemSchema(const std::string& schema) {
  return schema == "pg_catalog" || schema == "information_schema" || schema.starts_with("pg_toast");
}

// Which relations a pg_stat_*_tables or *_indexes view lists.
enum class Scope { kAll, kUser, kSys };

Scope ScopeOf(SystemView view) {
  switch (view) {
    case SystemView::kStatUserTables:
    case SystemView::kStatUserIndexes: return Scope::kUser;
    case SystemView::kStatSysTables:
    case SystemView::kStatSysIndexes: return Scope::kSys;
    default: return Scope::kAll;
  }
}

bool InScope(Scope scope, const std::string& schema) {
  if (scope == Scope::kAll) return true;
  return IsSystemSchema(schema) == (scope == Scope::kSys);
}

// Unix milliseconds (0: never) as a timestamptz, NULL for never.
Value UnixMsTimestamp(int64_t unix_ms) {
  if (unix_ms == 0) return Value::Null(types::TypeId::kTimestampTz);
  constexpr int64_t kPostgresEpochUnixMicros = 946684800LL * 1000000;
  return Value::TimestampTz(unix_ms * 1000 - kPostgresEpochUnixMicros);
}

using ActivityByFile = std::unordered_map<storage::RelFileNumber, storage::TableActivity>;

ActivityByFile ActivityOfFiles(const SystemViewEnvironment& environment) {
  ActivityByFile activity;
  for (auto& [rel, counts] : environment.RelationActivity()) activity.emplace(rel, counts);
  return activity;
}

storage::TableActivity ActivityOf(const ActivityByFile& activity, const CatalogRow& relation) {
  const auto it = activity.find(static_cast<storage::RelFileNumber>(relation[pg_class::kRelfile].AsInt()));
  return it == activity.end() ? storage::TableActivity{} : it->second;
}

std::vector<CatalogRow> TableRows(SystemView view, const CatalogSnapshot& tables,
                                  const SystemViewEnvironment& environment) {
  const Scope scope = ScopeOf(view);
  const ActivityByFile activity = ActivityOfFiles(environment);
  // Each table's indexes' scans, summed.
  struct IndexTotals {
    uint64_t scans = 0;
    uint64_t fetched = 0;
  };
  std::map<Oid, IndexTotals> index_totals;
  for (const CatalogRow& index : tables.indexes) {
    const CatalogRow* index_class = tables.FindClass(OidOf(index[pg_index::kIndex]));
    if (index_class == nullptr) continue;
    const storage::TableActivity counts = ActivityOf(activity, *index_class);
    IndexTotals& totals = index_totals[OidOf(index[pg_index::kRelation])];
    totals.scans += counts.idx_scan;
    totals.fetched += counts.idx_tup_fetch;
  }
  std::vector<CatalogRow> rows;
  for (const CatalogRow& row : tables.classes) {
    if (row[pg_class::kKind].AsString() != "r") continue;
    const Oid oid = OidOf(row[pg_class::kOid]);
    const std::string schema = tables.NamespaceName(OidOf(row[pg_class::kNamespace]));
    if (!InScope(scope, schema)) continue;
    const storage::TableActivity counts = ActivityOf(activity, row);
    RowBuilder builder(view);
    builder.Int("relid", oid)
        .Set("schemaname", Name(schema))
        .Set("relname", row[pg_class::kName])
        .Int("seq_scan", static_cast<int64_t>(counts.seq_scan))
        .Int("seq_tup_read", static_cast<int64_t>(counts.seq_tup_read))
        .Int("n_tup_ins", static_cast<int64_t>(counts.tuples_inserted))
        .Int("n_tup_upd", static_cast<int64_t>(counts.tuples_updated))
        .Int("n_tup_del", static_cast<int64_t>(counts.tuples_deleted))
        .Int("n_tup_hot_upd", 0)
        .Int("n_live_tup", counts.live_tuples)
        .Int("n_dead_tup", counts.dead_tuples)
        .Int("n_mod_since_analyze", counts.changes_since_analyze)
        .Int("n_ins_since_vacuum", static_cast<int64_t>(counts.inserts_since_vacuum))
        .Set("last_vacuum", UnixMsTimestamp(counts.last_vacuum_unix_ms))
        .Set("last_autovacuum", UnixMsTimestamp(counts.last_autovacuum_unix_ms))
        .Set("last_analyze", UnixMsTimestamp(counts.last_analyze_unix_ms))
        .Set("last_autoanalyze", UnixMsTimestamp(counts.last_autoanalyze_unix_ms))
        .Int("vacuum_count", static_cast<int64_t>(counts.vacuum_count))
        .Int("autovacuum_count", static_cast<int64_t>(counts.autovacuum_count))
        .Int("analyze_count", static_cast<int64_t>(counts.analyze_count))
        .Int("autoanalyze_count", static_cast<int64_t>(counts.autoanalyze_count));
    if (const auto it = index_totals.find(oid); it != index_totals.end()) {
      builder.Int("idx_scan", static_cast<int64_t>(it->second.scans))
          .Int("idx_tup_fetch", static_cast<int64_t>(it->second.fetched));
    }
    rows.push_back(builder.Take());
  }
  return rows;
}

std::vector<CatalogRow> IndexRows(SystemView view, const CatalogSnapshot& tables,
                                  const SystemViewEnvironment& environment) {
  const Scope scope = ScopeOf(view);
  const ActivityByFile activity = ActivityOfFiles(environment);
  std::vector<CatalogRow> rows;
  for (const CatalogRow& index : tables.indexes) {
    const CatalogRow* index_class = tables.FindClass(OidOf(index[pg_index::kIndex]));
    const CatalogRow* table = tables.FindClass(OidOf(index[pg_index::kRelation]));
    if (index_class == nullptr || table == nullptr) continue;
    const std::string schema = tables.NamespaceName(OidOf((*table)[pg_class::kNamespace]));
    if (!InScope(scope, schema)) continue;
    const storage::TableActivity counts = ActivityOf(activity, *index_class);
    rows.push_back(RowBuilder(view)
                       .Set("relid", (*table)[pg_class::kOid])
                       .Set("indexrelid", (*index_class)[pg_class::kOid])
                       .Set("schemaname", Name(schema))
                       .Set("relname", (*table)[pg_class::kName])
                       .Set("indexrelname", (*index_class)[pg_class::kName])
                       .Int("idx_scan", static_cast<int64_t>(counts.idx_scan))
                       .Int("idx_tup_read", static_cast<int64_t>(counts.idx_tup_read))
                       .Int("idx_tup_fetch", static_cast<int64_t>(counts.idx_tup_fetch))
                       .Take());
  }
  return rows;
}

std::vector<CatalogRow> DatabaseRows(const SystemViewEnvironment& environment) {
  std::map<std::string, int64_t> backends;
  for (const SessionActivity& session : environment.Sessions()) ++backends[session.database];
  // An embedded session (pid 0) is not listed in pg_stat_activity; it is a backend all the same.
  if (environment.BackendPid() == 0) ++backends[environment.CurrentDatabase()];
  std::vector<CatalogRow> rows;
  // PostgreSQL's first row holds the shared relations' counts (datid 0, datname NULL).
  std::vector<std::pair<Oid, std::optional<std::string>>> databases = {{0, std::nullopt}};
  for (const DatabaseEntry& database : KnownDatabases()) {
    databases.emplace_back(database.oid, std::string(database.name));
  }
  for (const auto& [oid, name] : databases) {
    const storage::DatabaseActivity counts = environment.DatabaseActivity(oid);
    RowBuilder builder(SystemView::kStatDatabase);
    builder.Int("datid", oid)
        .Int("numbackends", name ? backends[*name] : 0)
        .Int("xact_commit", static_cast<int64_t>(counts.xact_commit))
        .Int("xact_rollback", static_cast<int64_t>(counts.xact_rollback))
        .Int("blks_read", static_cast<int64_t>(counts.blks_read))
        .Int("blks_hit", static_cast<int64_t>(counts.blks_hit))
        .Int("tup_returned", static_cast<int64_t>(counts.tup_returned))
        .Int("tup_fetched", static_cast<int64_t>(counts.tup_fetched))
        .Int("tup_inserted", static_cast<int64_t>(counts.tup_inserted))
        .Int("tup_updated", static_cast<int64_t>(counts.tup_updated))
        .Int("tup_deleted", static_cast<int64_t>(counts.tup_deleted))
        .Int("conflicts", 0)
        .Int("temp_files", 0)
        .Int("temp_bytes", 0)
        .Int("deadlocks", static_cast<int64_t>(counts.deadlocks))
        .Int("checksum_failures", 0)  // pages are always checksummed
        .Set("blk_read_time", Value::Float8(0))
        .Set("blk_write_time", Value::Float8(0));
    if (name) {
      builder.Set("datname", Name(*name))
          .Set("session_time", Value::Float8(0))
          .Set("active_time", Value::Float8(0))
          .Set("idle_in_transaction_time", Value::Float8(0))
          .Int("sessions", static_cast<int64_t>(counts.sessions))
          .Int("sessions_abandoned", 0)
          .Int("sessions_fatal", 0)
          .Int("sessions_killed", 0);
    }
    rows.push_back(builder.Take());
  }
  return rows;
}

std::vector<CatalogRow> BackgroundWriterRows(const SystemViewEnvironment& environment) {
  const BackgroundWriterActivity counts = environment.BackgroundWriter();
  return {RowBuilder(SystemView::kStatBgwriter)
              .Int("checkpoints_timed", static_cast<int64_t>(counts.checkpoints_timed))
              .Int("checkpoints_req", static_cast<int64_t>(counts.checkpoints_requested))
              .Set("checkpoint_write_time", Value::Float8(0))
              .Set("checkpoint_sync_time", Value::Float8(0))
              .Int("buffers_checkpoint", static_cast<int64_t>(counts.buffers_checkpoint))
              .Int("buffers_clean", 0)
              .Int("maxwritten_clean", 0)
              .Int("buffers_backend", static_cast<int64_t>(counts.buffers_backend))
              .Int("buffers_backend_fsync", 0)
              .Int("buffers_alloc", static_cast<int64_t>(counts.buffers_alloc))
              .Take()};
}

std::vector<CatalogRow> SequenceRows(const CatalogSnapshot& tables, const SystemViewEnvironment& environment) {
  Value owner = Value::Null(types::TypeId::kName);
  for (const CatalogRow& role : tables.roles) {
    if (OidOf(role[pg_authid::kOid]) == tables.OwnerOid()) owner = role[pg_authid::kName];
  }
  std::vector<CatalogRow> rows;
  for (const CatalogRow& row : tables.classes) {
    if (row[pg_class::kKind].AsString() != "S") continue;
    const std::string name = row[pg_class::kName].AsString();
    const std::optional<SequenceInfo> sequence =
        environment.ReadSequence(static_cast<storage::RelFileNumber>(row[pg_class::kRelfile].AsInt()), name);
    if (!sequence) continue;
    const types::TypeId type = sequence->type_bytes == 2   ? types::TypeId::kInt2
                               : sequence->type_bytes == 4 ? types::TypeId::kInt4
                                                           : types::TypeId::kInt8;
    RowBuilder builder(SystemView::kSequences);
    builder.Set("schemaname", Name(tables.NamespaceName(OidOf(row[pg_class::kNamespace]))))
        .Set("sequencename", row[pg_class::kName])
        .Set("sequenceowner", owner)
        .Int("data_type", types::InfoOf(type).oid)
        .Int("start_value", sequence->start)
        .Int("min_value", sequence->min_value)
        .Int("max_value", sequence->max_value)
        .Int("increment_by", sequence->increment)
        .Bool("cycle", sequence->cycle)
        .Int("cache_size", sequence->cache);
    if (sequence->last_value) builder.Int("last_value", *sequence->last_value);
    rows.push_back(builder.Take());
  }
  return rows;
}

// A lock tag as pg_locks spells it: locktype and the columns that identify the object.
void DescribeLockTag(const storage::LockTag& tag, Oid database, const CatalogSnapshot& tables, RowBuilder& row) {
  switch (tag.kind) {
    case storage::LockTagKind::kRelation:
      row.Text("locktype", "relation").Int("database", database).Int("relation", static_cast<int64_t>(tag.id));
      break;
    case storage::LockTagKind::kTransaction:
      row.Text("locktype", "transactionid").Int("transactionid", static_cast<int64_t>(tag.id));
      break;
    case storage::LockTagKind::kObject:
      row.Text("locktype", "object")
          .Int("database", database)
          .Int("classid", tag.space)
          .Int("objid", static_cast<int64_t>(tag.id & 0xFFFFFFFFU))
          .Int("objsubid", 0);
      break;
    case storage::LockTagKind::kTuple: {
      row.Text("locktype", "tuple")
          .Int("database", database)
          .Int("page", static_cast<int64_t>(tag.id >> 16))
          .Int("tuple", static_cast<int64_t>(tag.id & 0xFFFF));
      for (const CatalogRow& relation : tables.classes) {
        if (relation[pg_class::kRelfile].AsInt() == static_cast<int64_t>(tag.space)) {
          row.Set("relation", relation[pg_class::kOid]);
        }
      }
      break;
    }
  }
}

std::vector<CatalogRow> LockRows(const CatalogSnapshot& tables, const SystemViewEnvironment& environment) {
  Oid database = 0;
  for (const DatabaseEntry& entry : KnownDatabases()) {
    if (entry.name == environment.CurrentDatabase()) database = entry.oid;
  }
  std::vector<SessionActivity> sessions = environment.Sessions();
  // An embedded session is not listed in pg_stat_activity, but its locks are its own.
  const storage::Xid own = environment.TransactionXid();
  const bool own_listed = std::any_of(sessions.begin(), sessions.end(), [own](const SessionActivity& session) {
    return session.transaction_xid == own;
  });
  if (own != storage::kInvalidXid && !own_listed) {
    SessionActivity self;
    self.pid = environment.BackendPid();
    self.transaction_xid = own;
    sessions.push_back(self);
  }
  auto virtual_transaction = [](const SessionActivity& session) {
    return std::to_string(session.backend_id) + "/" + std::to_string(session.transaction_xid);
  };
  std::vector<CatalogRow> rows;
  // Every transaction holds its virtual transaction id, as in PostgreSQL.
  for (const SessionActivity& session : sessions) {
    if (session.transaction_xid == storage::kInvalidXid) continue;
    rows.push_back(RowBuilder(SystemView::kLocks)
                       .Text("locktype", "virtualxid")
                       .Text("virtualxid", virtual_transaction(session))
                       .Text("virtualtransaction", virtual_transaction(session))
                       .Int("pid", session.pid)
                       .Text("mode", "ExclusiveLock")
                       .Bool("granted", true)
                       .Bool("fastpath", false)
                       .Take());
  }
  for (const storage::LockInfo& lock : environment.Locks()) {
    RowBuilder row(SystemView::kLocks);
    DescribeLockTag(lock.tag, database, tables, row);
    const auto holder = std::find_if(sessions.begin(), sessions.end(), [&](const SessionActivity& session) {
      return session.transaction_xid == lock.owner;
    });
    if (holder != sessions.end()) row.Text("virtualtransaction", virtual_transaction(*holder)).Int("pid", holder->pid);
    rows.push_back(row.Text("mode", storage::LockModeName(lock.mode))
                       .Bool("granted", lock.granted)
                       .Bool("fastpath", false)
                       .Take());
  }
  return rows;
}

}  // namespace

std::vector<CatalogRow> StatisticsViewRows(SystemView view, const CatalogSnapshot& tables,
                                           const SystemViewEnvironment& environment) {
  switch (view) {
    case SystemView::kLocks: return LockRows(tables, environment);
    case SystemView::kSequences: return SequenceRows(tables, environment);
    case SystemView::kStatDatabase: return DatabaseRows(environment);
    case SystemView::kStatBgwriter: return BackgroundWriterRows(environment);
    case SystemView::kStatAllTables:
    case SystemView::kStatUserTables:
    case SystemView::kStatSysTables: return TableRows(view, tables, environment);
    default: return IndexRows(view, tables, environment);
  }
}

}  // namespace granary::catalog::views
