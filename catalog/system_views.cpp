// System view definitions: PostgreSQL 15's column lists (the columns clients read) and the
// lookup by name. Rows are computed in system_view_rows.cpp and information_schema_rows.cpp.
#include "catalog/system_views.hpp"

#include <array>
#include <utility>

namespace granary::catalog {
namespace {

using types::Type;
using types::TypeId;

// A column as "name:kind": o oid, n name, c "char", b boolean, s smallint, i integer,
// f real, t text, d and z timestamp with time zone, or a type's pg_type name (_int2, int2vector,
// _text for the aclitem[] columns, which Granary keeps empty).
ColumnSchema Column(std::string_view spec) {
  const size_t colon = spec.find(':');
  const std::string_view kind = spec.substr(colon + 1);
  Type type{TypeId::kText, -1};
  if (kind.size() > 1) type = Type{types::LookupTypeName(kind).value(), -1};
  if (kind == "o") type = Type{TypeId::kOid, -1};
  if (kind == "n") type = Type{TypeId::kName, -1};
  if (kind == "c") type = Type{TypeId::kChar, -1};
  if (kind == "b") type = Type{TypeId::kBool, -1};
  if (kind == "s") type = Type{TypeId::kInt2, -1};
  if (kind == "i") type = Type{TypeId::kInt4, -1};
  if (kind == "f") type = Type{TypeId::kFloat4, -1};
  if (kind == "d") type = Type{TypeId::kTimestampTz, -1};
  if (kind == "z") type = Type{TypeId::kTimestampTz, -1};
  return ColumnSchema{std::string(spec.substr(0, colon)), type, false, {}};
}

TableSchema Define(std::string_view schema, std::string_view name,
                   std::initializer_list<std::string_view> columns) {
  TableSchema table;
  table.oid = 0;
  table.namespace_oid = schema == "pg_catalog" ? kPgCatalogNamespace : 0;
  table.schema_name = std::string(schema);
  table.name = std::string(name);
  table.kind = 'v';
  for (std::string_view column : columns) table.columns.push_back(Column(column));
  return table;
}

// pg_stat_all_tables and its user and sys variants.
TableSchema StatTables(std::string_view name) {
  return Define("pg_catalog", name,
                {"relid:o", "schemaname:n", "relname:n", "seq_scan:int8", "seq_tup_read:int8",
                 "idx_scan:int8", "idx_tup_fetch:int8", "n_tup_ins:int8", "n_tup_upd:int8",
                 "n_tup_del:int8", "n_tup_hot_upd:int8", "n_live_tup:int8", "n_dead_tup:int8",
                 "n_mod_since_analyze:int8", "n_ins_since_vacuum:int8", "last_vacuum:z",
                 "last_autovacuum:z", "last_analyze:z", "last_autoanalyze:z", "vacuum_count:int8",
                 "autovacuum_count:int8", "analyze_count:int8", "autoanalyze_count:int8"});
}

TableSchema StatIndexes(std::string_view name) {
  return Define("pg_catalog", name,
                {"relid:o", "indexrelid:o", "schemaname:n", "relname:n", "indexrelname:n",
                 "idx_scan:int8", "idx_tup_read:int8", "idx_tup_fetch:int8"});
}

// In SystemView order.
const std::vector<TableSchema>& Definitions() {
  static const std::vector<TableSchema> definitions = {
      Define("pg_catalog", "pg_namespace", {"oid:o", "nspname:n", "nspowner:o", "nspacl:t"}),
      Define("pg_catalog", "pg_class",
             {"oid:o", "relname:n", "relnamespace:o", "reltype:o", "reloftype:o", "relowner:o",
              "relam:o", "relfilenode:o", "reltablespace:o", "relpages:i", "reltuples:f",
              "relallvisible:i", "reltoastrelid:o", "relhasindex:b", "relisshared:b",
              "relpersistence:c", "relkind:c", "relnatts:s", "relchecks:s", "relhasrules:b",
              "relhastriggers:b", "relhassubclass:b", "relrowsecurity:b",
              "relforcerowsecurity:b", "relispopulated:b", "relreplident:c",
              "relispartition:b", "relrewrite:o", "relacl:_text", "reloptions:_text",
              "relpartbound:t"}),
      Define("pg_catalog", "pg_attribute",
             {"attrelid:o", "attname:n", "atttypid:o", "attstattarget:i", "attlen:s",
              "attnum:s", "attndims:i", "attcacheoff:i", "atttypmod:i", "attbyval:b",
              "attalign:c", "attstorage:c", "attcompression:c", "attnotnull:b", "atthasdef:b",
              "atthasmissing:b", "attidentity:c", "attgenerated:c", "attisdropped:b",
              "attislocal:b", "attinhcount:i", "attcollation:o", "attacl:t", "attoptions:t",
              "attfdwoptions:t"}),
      Define("pg_catalog", "pg_attrdef", {"oid:o", "adrelid:o", "adnum:s", "adbin:t"}),
      Define("pg_catalog", "pg_type",
             {"oid:o", "typname:n", "typnamespace:o", "typowner:o", "typlen:s", "typbyval:b",
              "typtype:c", "typcategory:c", "typispreferred:b", "typisdefined:b",
              "typdelim:c", "typrelid:o", "typsubscript:t", "typelem:o", "typarray:o",
              "typinput:t", "typoutput:t", "typalign:c", "typstorage:c", "typnotnull:b",
              "typbasetype:o", "typtypmod:i", "typndims:i", "typcollation:o",
              "typdefault:t", "typacl:_text"}),
      Define("pg_catalog", "pg_index",
             {"indexrelid:o", "indrelid:o", "indnatts:s", "indnkeyatts:s", "indisunique:b",
              "indnullsnotdistinct:b", "indisprimary:b", "indisexclusion:b", "indimmediate:b",
              "indisclustered:b", "indisvalid:b", "indcheckxmin:b", "indisready:b",
              "indislive:b", "indisreplident:b", "indkey:int2vector", "indoption:int2vector",
              "indexprs:t", "indpred:t"}),
      Define("pg_catalog", "pg_am", {"oid:o", "amname:n", "amhandler:t", "amtype:c"}),
      Define("pg_catalog", "pg_constraint",
             {"oid:o", "conname:n", "connamespace:o", "contype:c", "condeferrable:b",
              "condeferred:b", "convalidated:b", "conrelid:o", "contypid:o", "conindid:o",
              "conparentid:o", "confrelid:o", "confupdtype:c", "confdeltype:c",
              "confmatchtype:c", "conislocal:b", "coninhcount:i", "connoinherit:b",
              "conkey:_int2", "confkey:_int2", "conbin:t"}),
      Define("pg_catalog", "pg_roles",
             {"rolname:n", "rolsuper:b", "rolinherit:b", "rolcreaterole:b", "rolcreatedb:b",
              "rolcanlogin:b", "rolreplication:b", "rolconnlimit:i", "rolpassword:t",
              "rolvaliduntil:d", "rolbypassrls:b", "rolconfig:t", "oid:o"}),
      Define("pg_catalog", "pg_user",
             {"usename:n", "usesysid:o", "usecreatedb:b", "usesuper:b", "userepl:b",
              "usebypassrls:b", "passwd:t", "valuntil:d", "useconfig:t"}),
      Define("pg_catalog", "pg_database",
             {"oid:o", "datname:n", "datdba:o", "encoding:i", "datlocprovider:c",
              "datistemplate:b", "datallowconn:b", "datconnlimit:i", "dattablespace:o",
              "datcollate:t", "datctype:t", "daticulocale:t", "datcollversion:t", "datacl:_text"}),
      Define("pg_catalog", "pg_tablespace",
             {"oid:o", "spcname:n", "spcowner:o", "spcacl:t", "spcoptions:t"}),
      Define("pg_catalog", "pg_description",
             {"objoid:o", "classoid:o", "objsubid:i", "description:t"}),
      Define("pg_catalog", "pg_inherits",
             {"inhrelid:o", "inhparent:o", "inhseqno:i", "inhdetachpending:b"}),
      Define("pg_catalog", "pg_settings",
             {"name:t", "setting:t", "unit:t", "category:t", "short_desc:t", "extra_desc:t",
              "context:t", "vartype:t", "source:t", "min_val:t", "max_val:t", "enumvals:t",
              "boot_val:t", "reset_val:t", "sourcefile:t", "sourceline:i",
              "pending_restart:b"}),
      Define("pg_catalog", "pg_collation",
             {"oid:o", "collname:n", "collnamespace:o", "collowner:o", "collprovider:c",
              "collisdeterministic:b", "collencoding:i", "collcollate:t", "collctype:t",
              "colliculocale:t", "collversion:t"}),
      Define("pg_catalog", "pg_stat_activity",
             {"datid:o", "datname:n", "pid:i", "leader_pid:i", "usesysid:o", "usename:n",
              "application_name:t", "client_addr:t", "client_hostname:t", "client_port:i",
              "backend_start:d", "xact_start:d", "query_start:d", "state_change:d",
              "wait_event_type:t", "wait_event:t", "state:t", "backend_xid:t",
              "backend_xmin:t", "query_id:o", "query:t", "backend_type:t"}),
      Define("information_schema", "tables",
             {"table_catalog:n", "table_schema:n", "table_name:n", "table_type:t",
              "self_referencing_column_name:n", "reference_generation:t",
              "user_defined_type_catalog:n", "user_defined_type_schema:n",
              "user_defined_type_name:n", "is_insertable_into:t", "is_typed:t",
              "commit_action:t"}),
      Define("information_schema", "columns",
             {"table_catalog:n", "table_schema:n", "table_name:n", "column_name:n",
              "ordinal_position:i", "column_default:t", "is_nullable:t", "data_type:t",
              "character_maximum_length:i", "character_octet_length:i",
              "numeric_precision:i", "numeric_precision_radix:i", "numeric_scale:i",
              "datetime_precision:i", "interval_type:t", "interval_precision:i",
              "character_set_catalog:n", "character_set_schema:n", "character_set_name:n",
              "collation_catalog:n", "collation_schema:n", "collation_name:n",
              "domain_catalog:n", "domain_schema:n", "domain_name:n", "udt_catalog:n",
              "udt_schema:n", "udt_name:n", "scope_catalog:n", "scope_schema:n",
              "scope_name:n", "maximum_cardinality:i", "dtd_identifier:n",
              "is_self_referencing:t", "is_identity:t", "identity_generation:t",
              "identity_start:t", "identity_increment:t", "identity_maximum:t",
              "identity_minimum:t", "identity_cycle:t", "is_generated:t",
              "generation_expression:t", "is_updatable:t"}),
      Define("information_schema", "schemata",
             {"catalog_name:n", "schema_name:n", "schema_owner:n",
              "default_character_set_catalog:n", "default_character_set_schema:n",
              "default_character_set_name:n", "sql_path:t"}),
      Define("information_schema", "referential_constraints",
             {"constraint_catalog:n", "constraint_schema:n", "constraint_name:n",
              "unique_constraint_catalog:n", "unique_constraint_schema:n",
              "unique_constraint_name:n", "match_option:t", "update_rule:t", "delete_rule:t"}),
      Define("pg_catalog", "pg_prepared_statements",
             {"name:t", "statement:t", "prepare_time:z", "parameter_types:t", "from_sql:b"}),
      Define("pg_catalog", "pg_cursors",
             {"name:t", "statement:t", "is_holdable:b", "is_binary:b", "is_scrollable:b",
              "creation_time:z"}),
      Define("pg_catalog", "pg_shdescription", {"objoid:o", "classoid:o", "description:t"}),
      Define("pg_catalog", "pg_auth_members",
             {"oid:o", "roleid:o", "member:o", "grantor:o", "admin_option:b"}),
      Define("pg_catalog", "pg_policy",
             {"oid:o", "polname:n", "polrelid:o", "polcmd:c", "polpermissive:b",
              "polroles:_oid", "polqual:t", "polwithcheck:t"}),
      Define("pg_catalog", "pg_statistic_ext",
             {"oid:o", "stxrelid:o", "stxname:n", "stxnamespace:o", "stxowner:o",
              "stxstattarget:i", "stxkeys:int2vector", "stxkind:_char", "stxexprs:t"}),
      Define("pg_catalog", "pg_publication",
             {"oid:o", "pubname:n", "pubowner:o", "puballtables:b", "pubinsert:b",
              "pubupdate:b", "pubdelete:b", "pubtruncate:b", "pubviaroot:b"}),
      Define("pg_catalog", "pg_publication_namespace", {"oid:o", "pnpubid:o", "pnnspid:o"}),
      Define("pg_catalog", "pg_publication_rel",
             {"oid:o", "prpubid:o", "prrelid:o", "prqual:t", "prattrs:int2vector"}),
      Define("pg_catalog", "pg_trigger",
             {"oid:o", "tgrelid:o", "tgparentid:o", "tgname:n", "tgfoid:o", "tgtype:s",
              "tgenabled:c", "tgisinternal:b", "tgconstrrelid:o", "tgconstrindid:o",
              "tgconstraint:o", "tgdeferrable:b", "tginitdeferred:b", "tgnargs:s",
              "tgattr:int2vector", "tgargs:bytea", "tgqual:t", "tgoldtable:n",
              "tgnewtable:n"}),
      Define("pg_catalog", "pg_proc",
             {"oid:o", "proname:n", "pronamespace:o", "proowner:o", "prolang:o",
              "procost:f", "prorows:f", "provariadic:o", "prosupport:regproc", "prokind:c",
              "prosecdef:b", "proleakproof:b", "proisstrict:b", "proretset:b",
              "provolatile:c", "proparallel:c", "pronargs:s", "pronargdefaults:s",
              "prorettype:o", "proargtypes:oidvector", "proallargtypes:_oid",
              "proargmodes:_char", "proargnames:_text", "proargdefaults:t",
              "protrftypes:_oid", "prosrc:t", "probin:t", "prosqlbody:t", "proconfig:_text",
              "proacl:_text"}),
      Define("information_schema", "table_constraints",
             {"constraint_catalog:n", "constraint_schema:n", "constraint_name:n",
              "table_catalog:n", "table_schema:n", "table_name:n", "constraint_type:t",
              "is_deferrable:t", "initially_deferred:t", "enforced:t", "nulls_distinct:t"}),
      Define("information_schema", "key_column_usage",
             {"constraint_catalog:n", "constraint_schema:n", "constraint_name:n",
              "table_catalog:n", "table_schema:n", "table_name:n", "column_name:n",
              "ordinal_position:i", "position_in_unique_constraint:i"}),
      Define("information_schema", "constraint_column_usage",
             {"table_catalog:n", "table_schema:n", "table_name:n", "column_name:n",
              "constraint_catalog:n", "constraint_schema:n", "constraint_name:n"}),
      // most_common_vals and histogram_bounds are anyarray in PostgreSQL; here the array's
      // text form (what a client reads either way).
      Define("pg_catalog", "pg_stats",
             {"schemaname:n", "tablename:n", "attname:n", "inherited:b", "null_frac:f",
              "avg_width:i", "n_distinct:f", "most_common_vals:t", "most_common_freqs:_float4",
              "histogram_bounds:t", "correlation:f", "most_common_elems:t",
              "most_common_elem_freqs:_float4", "elem_count_histogram:_float4"}),
      Define("pg_catalog", "pg_tables",
             {"schemaname:n", "tablename:n", "tableowner:n", "tablespace:n", "hasindexes:b",
              "hasrules:b", "hastriggers:b", "rowsecurity:b"}),
      Define("pg_catalog", "pg_indexes",
             {"schemaname:n", "tablename:n", "indexname:n", "tablespace:n", "indexdef:t"}),
      Define("pg_catalog", "pg_views", {"schemaname:n", "viewname:n", "viewowner:n", "definition:t"}),
      Define("pg_catalog", "pg_extension",
             {"oid:o", "extname:n", "extowner:o", "extnamespace:o", "extrelocatable:b",
              "extversion:t", "extconfig:_oid", "extcondition:_text"}),
      // transactionid is xid in PostgreSQL; Granary has no xid type, and its 64-bit
      // transaction ids read as bigint.
      Define("pg_catalog", "pg_locks",
             {"locktype:t", "database:o", "relation:o", "page:i", "tuple:s", "virtualxid:t",
              "transactionid:int8", "classid:o", "objid:o", "objsubid:s", "virtualtransaction:t",
              "pid:i", "mode:t", "granted:b", "fastpath:b", "waitstart:z"}),
      Define("pg_catalog", "pg_sequences",
             {"schemaname:n", "sequencename:n", "sequenceowner:n", "data_type:regtype",
              "start_value:int8", "min_value:int8", "max_value:int8", "increment_by:int8",
              "cycle:b", "cache_size:int8", "last_value:int8"}),
      Define("pg_catalog", "pg_stat_database",
             {"datid:o", "datname:n", "numbackends:i", "xact_commit:int8", "xact_rollback:int8",
              "blks_read:int8", "blks_hit:int8", "tup_returned:int8", "tup_fetched:int8",
              "tup_inserted:int8", "tup_updated:int8", "tup_deleted:int8", "conflicts:int8",
              "temp_files:int8", "temp_bytes:int8", "deadlocks:int8", "checksum_failures:int8",
              "checksum_last_failure:z", "blk_read_time:float8", "blk_write_time:float8",
              "session_time:float8", "active_time:float8", "idle_in_transaction_time:float8",
              "sessions:int8", "sessions_abandoned:int8", "sessions_fatal:int8",
              "sessions_killed:int8", "stats_reset:z"}),
      StatTables("pg_stat_all_tables"),
      StatTables("pg_stat_user_tables"),
      StatTables("pg_stat_sys_tables"),
      StatIndexes("pg_stat_all_indexes"),
      StatIndexes("pg_stat_user_indexes"),
      StatIndexes("pg_stat_sys_indexes"),
      Define("pg_catalog", "pg_stat_bgwriter",
             {"checkpoints_timed:int8", "checkpoints_req:int8", "checkpoint_write_time:float8",
              "checkpoint_sync_time:float8", "buffers_checkpoint:int8", "buffers_clean:int8",
              "maxwritten_clean:int8", "buffers_backend:int8", "buffers_backend_fsync:int8",
              "buffers_alloc:int8", "stats_reset:z"}),
      Define("pg_catalog", "pg_enum", {"oid:o", "enumtypid:o", "enumsortorder:f", "enumlabel:n"}),
      Define("pg_catalog", "pg_matviews",
             {"schemaname:n", "matviewname:n", "matviewowner:n", "tablespace:n", "hasindexes:b",
              "ispopulated:b", "definition:t"}),
      Define("pg_catalog", "pg_language",
             {"oid:o", "lanname:n", "lanowner:o", "lanispl:b", "lanpltrusted:b", "lanplcallfoid:o",
              "laninline:o", "lanvalidator:o", "lanacl:_text"}),
  };
  return definitions;
}

}  // namespace

const TableSchema& SystemViewSchema(SystemView view) {
  return Definitions()[static_cast<size_t>(view)];
}

std::optional<SystemView> FindSystemView(std::string_view schema, std::string_view name) {
  const std::string_view wanted = schema.empty() ? "pg_catalog" : schema;
  const auto& definitions = Definitions();
  for (size_t i = 0; i < definitions.size(); ++i) {
    if (definitions[i].schema_name == wanted && definitions[i].name == name) {
      return static_cast<SystemView>(i);
    }
  }
  return std::nullopt;
}

const std::vector<DatabaseEntry>& KnownDatabases() {
  static const std::vector<DatabaseEntry> databases = {{5, "postgres"}, {16384, "granary"}};
  return databases;
}

const std::vector<PredefinedRole>& PredefinedRoles() {
  static const std::vector<PredefinedRole> roles = {{6171, "pg_database_owner"}};
  return roles;
}

}  // namespace granary::catalog
