// System table definitions and row access.
#include "catalog/system_tables.hpp"

#include "storage/heap/row_codec.hpp"

namespace granary::catalog {
namespace {

using types::Type;
using types::TypeId;

constexpr Type kOidType{TypeId::kInt8, -1};
constexpr Type kName{TypeId::kText, -1};

ColumnSchema Column(const char* name, Type type) { return ColumnSchema{name, type, true, {}}; }
ColumnSchema NullableColumn(const char* name, Type type) { return ColumnSchema{name, type, false, {}}; }

TableSchema Define(Oid oid, const char* name, std::vector<ColumnSchema> columns) {
  TableSchema schema;
  schema.oid = oid;
  schema.namespace_oid = kPgCatalogNamespace;
  schema.schema_name = "pg_catalog";
  schema.name = name;
  schema.relfile = oid;
  schema.columns = std::move(columns);
  return schema;
}

// The one definition of every system table. Column order must match the enums in the header.
const std::vector<TableSchema>& Definitions() {
  static const std::vector<TableSchema> definitions = {
      Define(2615, "pg_namespace",
             {Column("oid", kOidType), Column("nspname", kName), Column("nspowner", kOidType)}),
      Define(1259, "pg_class",
             {Column("oid", kOidType), Column("relname", kName), Column("relnamespace", kOidType),
              Column("relkind", kName), Column("relfilenode", kOidType),
              Column("reltoastrelid", kOidType),
              // Storage parameters as PostgreSQL prints the text[]: {fillfactor=100}; NULL
              // when none were given. Rows written before the column existed read NULL.
              NullableColumn("reloptions", kName),
              // false for a materialized view made or refreshed WITH NO DATA; NULL in rows
              // written before the column existed (read as populated).
              NullableColumn("relispopulated", Type{TypeId::kBool, -1})}),
      Define(1249, "pg_attribute",
             {Column("attrelid", kOidType), Column("attname", kName),
              Column("atttypid", kOidType), Column("atttypmod", Type{TypeId::kInt4, -1}),
              Column("attnum", Type{TypeId::kInt2, -1}),
              Column("attnotnull", Type{TypeId::kBool, -1}),
              Column("atthasdef", Type{TypeId::kBool, -1}),
              // 'a' GENERATED ALWAYS, 'd' BY DEFAULT AS IDENTITY; NULL (also in rows written
              // before the column existed) or '' for other columns.
              NullableColumn("attidentity", kName),
              // The column's collation (pg_collation oid); NULL for the default and in rows
              // written before the column existed.
              NullableColumn("attcollation", kOidType),
              // 's' for a stored generated column (its expression is the pg_attrdef row);
              // NULL for other columns and in rows written before the column existed.
              NullableColumn("attgenerated", kName)}),
      Define(2604, "pg_attrdef",
             {Column("adrelid", kOidType), Column("adnum", Type{TypeId::kInt2, -1}),
              Column("adsrc", kName)}),
      // convalidated and connoinherit are a CHECK constraint's (a foreign key keeps its
      // validity in consrc); NULL in other rows and in rows written before the columns
      // existed, read as validated and inheritable.
      Define(2606, "pg_constraint",
             {Column("oid", kOidType), Column("conname", kName), Column("contype", kName),
              Column("conrelid", kOidType), Column("consrc", kName),
              NullableColumn("convalidated", Type{TypeId::kBool, -1}),
              NullableColumn("connoinherit", Type{TypeId::kBool, -1})}),
      // indisclustered: NULL in rows written before the column existed (not clustered).
      Define(2610, "pg_index",
             {Column("indexrelid", kOidType), Column("indrelid", kOidType),
              Column("indisunique", Type{TypeId::kBool, -1}),
              Column("indisprimary", Type{TypeId::kBool, -1}), Column("indexdef", kName),
              NullableColumn("indisclustered", Type{TypeId::kBool, -1})}),
      // ev_search_path: the schemas the creator's search_path resolved to, which the view's
      // query binds along (a search_path setting value); NULL in rows written before the
      // column existed, which bind along the reading session's path.
      // ev_check_option: "local" or "cascaded" for a view WITH CHECK OPTION (PostgreSQL keeps
      // it in pg_class.reloptions), else NULL (as in rows written before the column existed).
      Define(2618, "pg_rewrite",
             {Column("ev_class", kOidType), Column("ev_action", kName),
              NullableColumn("ev_search_path", kName), NullableColumn("ev_check_option", kName)}),
      // rolpassword: a SCRAM-SHA-256 verifier or an md5 hash (auth/password.hpp), never
      // plain text; NULL for a role without a password.
      Define(1260, "pg_authid",
             {Column("oid", kOidType), Column("rolname", kName),
              Column("rolsuper", Type{TypeId::kBool, -1}),
              Column("rolcanlogin", Type{TypeId::kBool, -1}),
              NullableColumn("rolpassword", kName)}),
      // Comments (COMMENT ON): objsubid is a column's number for a column, else 0.
      Define(2609, "pg_description",
             {Column("objoid", kOidType), Column("classoid", kOidType),
              Column("objsubid", Type{TypeId::kInt4, -1}), Column("description", kName)}),
      // Comments on objects shared by the databases: roles and databases.
      Define(2396, "pg_shdescription",
             {Column("objoid", kOidType), Column("classoid", kOidType), Column("description", kName)}),
      // Planner statistics (ANALYZE; statistics.hpp): one row per analyzed column, and one
      // with staattnum 0 holding the table's reltuples and relpages. Value lists are the
      // text form of an array of the column's type; frequencies a float4[]'s.
      Define(2619, "pg_statistic",
             {Column("starelid", kOidType), Column("staattnum", Type{TypeId::kInt4, -1}),
              Column("stanullfrac", Type{TypeId::kFloat8, -1}),
              Column("stawidth", Type{TypeId::kInt4, -1}),
              Column("stadistinct", Type{TypeId::kFloat8, -1}),
              NullableColumn("stavalues1", kName), NullableColumn("stanumbers1", kName),
              NullableColumn("stavalues2", kName),
              NullableColumn("stanumbers3", Type{TypeId::kFloat8, -1}),
              Column("reltuples", Type{TypeId::kFloat8, -1}),
              Column("relpages", Type{TypeId::kInt8, -1})}),
      // Collations made by CREATE COLLATION (the built-in ones are types/collation.hpp's
      // table, not rows here).
      Define(3456, "pg_collation",
             {Column("oid", kOidType), Column("collname", kName), Column("collnamespace", kOidType),
              Column("collprovider", kName), Column("colliculocale", kName),
              Column("collisdeterministic", Type{TypeId::kBool, -1}), Column("collowner", kOidType)}),
      // User-defined functions (CREATE FUNCTION ... LANGUAGE sql; function_catalog.cpp); the
      // built-in ones are types/functions' table, not rows here. Type lists are type oids
      // separated by spaces; names and defaults (SQL text) are separated by U+001F, a
      // character no identifier or expression written in a CREATE FUNCTION holds unquoted.
      Define(1255, "pg_proc",
             {Column("oid", kOidType), Column("proname", kName), Column("pronamespace", kOidType),
              Column("proowner", kOidType), Column("prolang", kOidType), Column("provolatile", kName),
              Column("proisstrict", Type{TypeId::kBool, -1}), Column("proretset", Type{TypeId::kBool, -1}),
              Column("prorettype", kOidType), Column("proargtypes", kName),
              NullableColumn("proallargtypes", kName), NullableColumn("proargmodes", kName),
              NullableColumn("proargnames", kName), NullableColumn("proargdefaults", kName),
              Column("prosrc", kName), Column("prosqlbody", Type{TypeId::kBool, -1}),
              Column("procost", Type{TypeId::kFloat8, -1}), Column("prorows", Type{TypeId::kFloat8, -1}),
              Column("proleakproof", Type{TypeId::kBool, -1}), Column("proparallel", kName)}),
      // User-defined types (CREATE TYPE ... AS ENUM; type_catalog.cpp): typtype 'e', with the
      // oid of the array type made with each. The built-in types are types/type.hpp's table,
      // not rows here (the pg_type view adds them).
      Define(1247, "pg_type",
             {Column("oid", kOidType), Column("typname", kName), Column("typnamespace", kOidType),
              Column("typowner", kOidType), Column("typtype", kName), Column("typarray", kOidType)}),
      // The labels of enum types: PostgreSQL's columns; the sort order is a float8 (see
      // types/enum.hpp), shown as real by the pg_enum view.
      Define(3501, "pg_enum",
             {Column("oid", kOidType), Column("enumtypid", kOidType),
              Column("enumsortorder", Type{TypeId::kFloat8, -1}), Column("enumlabel", kName)}),
  };
  return definitions;
}

}  // namespace

const TableSchema& SystemTableSchema(SystemTable table) {
  return Definitions()[static_cast<size_t>(table)];
}

const std::vector<SystemTable>& AllSystemTables() {
  static const std::vector<SystemTable> all = {SystemTable::kNamespace, SystemTable::kClass,
                                               SystemTable::kAttribute, SystemTable::kAttrDefault,
                                               SystemTable::kConstraint, SystemTable::kIndex,
                                               SystemTable::kRewrite, SystemTable::kAuthId,
                                               SystemTable::kDescription,
                                               SystemTable::kSharedDescription,
                                               SystemTable::kStatistic,
                                               SystemTable::kCollation, SystemTable::kProc,
                                               SystemTable::kType, SystemTable::kEnum};
  return all;
}

SystemTableAccess::SystemTableAccess(storage::BufferPool& pool,
                                     storage::TransactionManager& transactions,
                                     SystemTable table)
    : heap_(pool, SystemTableSchema(table).relfile),
      transactions_(transactions),
      schema_(SystemTableSchema(table)) {}

void SystemTableAccess::Insert(const CatalogRow& row, storage::Xid xid, storage::CommandId cid) {
  std::string bytes;
  storage::EncodeRow(row, bytes);
  heap_.Insert(std::as_bytes(std::span(bytes)), static_cast<uint16_t>(row.size()), xid, cid);
}

std::vector<std::pair<storage::TupleId, CatalogRow>> SystemTableAccess::Scan(
    const storage::Snapshot& snapshot) {
  std::vector<std::pair<storage::TupleId, CatalogRow>> rows;
  storage::HeapFile::Scan scan(heap_, transactions_, snapshot);
  std::vector<storage::HeapTuple> tuples;
  const std::vector<Type> column_types = schema_.ColumnTypes();
  while (scan.NextBatch(tuples, 256)) {
    for (const storage::HeapTuple& tuple : tuples) {
      CatalogRow row;
      storage::DecodeRow(std::as_bytes(std::span(tuple.data)), column_types, row,
                         tuple.header.attribute_count);
      rows.emplace_back(tuple.id, std::move(row));
    }
    tuples.clear();
  }
  return rows;
}

void SystemTableAccess::Delete(storage::TupleId tid, storage::Xid xid, storage::CommandId cid) {
  heap_.MarkDeleted(tid, xid, cid);
}

}  // namespace granary::catalog
