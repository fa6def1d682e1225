// Catalog lookups and DDL on the system tables.
#include "catalog/catalog.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "common/sqlstate.hpp"
#include "granary/error.hpp"
#include "storage/buffer/relation_wal.hpp"
#include "storage/page/page.hpp"

namespace granary::catalog {
namespace {

using types::Value;

CatalogRow NamespaceRow(Oid oid, std::string name) {
  return {Value::Int8(oid), Value::Text(std::move(name)), Value::Int8(10)};
}

// pg_class.reloptions as PostgreSQL prints the array: {a=1,b=on}; NULL when empty.
Value RelOptionsValue(const std::vector<std::string>& options) {
  if (options.empty()) return Value::Null(types::TypeId::kText);
  std::string text = "{";
  for (size_t i = 0; i < options.size(); ++i) {
    if (i > 0) text += ',';
    text += options[i];
  }
  return Value::Text(text + "}");
}

std::vector<std::string> ParseRelOptions(const Value& value) {
  std::vector<std::string> options;
  if (value.is_null()) return options;
  const std::string& text = value.AsString();
  std::string current;
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == ',') {
      options.push_back(std::move(current));
      current.clear();
    } else {
      current += text[i];
    }
  }
  if (!current.empty()) options.push_back(std::move(current));
  return options;
}

CatalogRow ClassRow(const TableSchema& table) {
  return {Value::Int8(table.oid),        Value::Text(table.name),
          Value::Int8(table.namespace_oid), Value::Text(std::string(1, table.kind)),
          Value::Int8(table.relfile),    Value::Int8(table.toast_relfile),
          RelOptionsValue(table.reloptions), Value::Bool(table.populated)};
}

bool NeedsToastRelation(const TableSchema& table) {
  if (table.kind != 'r' && table.kind != 'm') return false;
  for (const ColumnSchema& column : table.columns) {
    if (types::IsToastable(column.type.id)) return true;
  }
  return false;
}

// The pg_constraint row of a PRIMARY KEY ('p') or UNIQUE ('u') constraint: its source is the
// oid of the index that enforces it.
CatalogRow KeyConstraintRow(Oid oid, const IndexSchema& index, Oid table_oid) {
  return {Value::Int8(oid), Value::Text(index.name), Value::Text(index.primary ? "p" : "u"),
          Value::Int8(table_oid), Value::Text(std::to_string(index.oid))};
}

bool IsKeyConstraint(const CatalogRow& row) {
  const std::string& type = row[pg_constraint::kType].AsString();
  return type == "p" || type == "u";
}

CatalogRow AttributeRow(Oid relation, const ColumnSchema& column, size_t index) {
  return {Value::Int8(relation),
          Value::Text(column.name),
          Value::Int8(types::TypeOid(column.type)),
          Value::Int4(types::ClientTypmod(column.type)),
          Value::Int2(static_cast<int64_t>(index + 1)),
          Value::Bool(column.not_null),
          Value::Bool(column.default_sql.has_value()),
          column.identity != 0 ? Value::Text(std::string(1, column.identity)) : Value::Null(),
          column.type.collation != 0 ? Value::Int8(column.type.collation) : Value::Null(),
          column.generated != 0 ? Value::Text(std::string(1, column.generated)) : Value::Null()};
}

CatalogRow CheckRow(Oid oid, Oid relation, const CheckConstraint& check) {
  return {Value::Int8(oid),          Value::Text(check.name),        Value::Text("c"),
          Value::Int8(relation),     Value::Text(check.sql),         Value::Bool(check.validated),
          Value::Bool(check.no_inherit)};
}

}  // namespace

Catalog::Catalog(storage::BufferPool& pool, storage::TransactionManager& transactions,
                 Oid next_oid)
    : pool_(pool), transactions_(transactions), next_oid_(next_oid) {}

Oid Catalog::AllocateOid() { return next_oid_.fetch_add(1); }

int64_t Catalog::RelationBytes(storage::RelFileNumber relfile) {
  if (!pool_.storage().Exists(relfile)) return 0;
  return static_cast<int64_t>(pool_.storage().NumBlocks(relfile)) * static_cast<int64_t>(storage::kPageSize);
}

std::vector<CatalogRow> Catalog::ReadSystemTable(SystemTable table,
                                                 const storage::Snapshot& snapshot) {
  std::vector<CatalogRow> rows;
  for (auto& [tid, row] : SystemTableAccess(pool_, transactions_, table).Scan(snapshot)) {
    rows.push_back(std::move(row));
  }
  return rows;
}

void Catalog::Bootstrap() {
  const storage::Xid xid = storage::kBootstrapXid;
  for (SystemTable table : AllSystemTables()) {
    pool_.storage().Create(SystemTableSchema(table).relfile);
  }
  SystemTableAccess namespaces(pool_, transactions_, SystemTable::kNamespace);
  namespaces.Insert(NamespaceRow(kPgCatalogNamespace, "pg_catalog"), xid, 0);
  namespaces.Insert(NamespaceRow(kPublicNamespace, "public"), xid, 0);
  namespaces.Insert(NamespaceRow(kPgToastNamespace, "pg_toast"), xid, 0);

  SystemTableAccess classes(pool_, transactions_, SystemTable::kClass);
  SystemTableAccess attributes(pool_, transactions_, SystemTable::kAttribute);
  for (SystemTable table : AllSystemTables()) {
    const TableSchema& schema = SystemTableSchema(table);
    classes.Insert(ClassRow(schema), xid, 0);
    for (size_t i = 0; i < schema.columns.size(); ++i) {
      attributes.Insert(AttributeRow(schema.oid, schema.columns[i], i), xid, 0);
    }
  }
}

std::optional<Oid> Catalog::FindNamespace(std::string_view name,
                                          const storage::Snapshot& snapshot) {
  SystemTableAccess namespaces(pool_, transactions_, SystemTable::kNamespace);
  for (const auto& [tid, row] : namespaces.Scan(snapshot)) {
    if (row[pg_namespace::kName].AsString() == name) {
      return static_cast<Oid>(row[pg_namespace::kOid].AsInt());
    }
  }
  return std::nullopt;
}

std::optional<std::string> Catalog::NamespaceNameOf(Oid oid, const storage::Snapshot& snapshot) {
  SystemTableAccess namespaces(pool_, transactions_, SystemTable::kNamespace);
  for (const auto& [tid, row] : namespaces.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_namespace::kOid].AsInt()) == oid) return row[pg_namespace::kName].AsString();
  }
  return std::nullopt;
}

ResolvedSearchPath Catalog::ResolveSearchPath(const SearchPath& path,
                                              const storage::Snapshot& snapshot) {
  std::vector<NamespaceName> all;
  SystemTableAccess namespaces(pool_, transactions_, SystemTable::kNamespace);
  for (const auto& [tid, row] : namespaces.Scan(snapshot)) {
    all.push_back({static_cast<Oid>(row[pg_namespace::kOid].AsInt()), row[pg_namespace::kName].AsString()});
  }
  return catalog::ResolveSearchPath(path, all);
}

NamespaceName Catalog::CreationNamespace(std::string_view schema, const SearchPath& path,
                                         const storage::Snapshot& snapshot) {
  schema = path.Schema(schema);
  if (!schema.empty()) {
    const std::optional<Oid> oid = FindNamespace(schema, snapshot);
    if (!oid) {
      throw Error(sqlstate::kInvalidSchemaName, "schema \"" + std::string(schema) + "\" does not exist");
    }
    return {*oid, std::string(schema)};
  }
  std::optional<NamespaceName> creation = ResolveSearchPath(path, snapshot).CreationNamespace();
  if (!creation) throw Error(sqlstate::kInvalidSchemaName, "no schema has been selected to create in");
  return *creation;
}

std::vector<NamespaceName> Catalog::LookupNamespaces(std::string_view schema, const SearchPath& path,
                                                     const storage::Snapshot& snapshot) {
  if (schema.empty()) return ResolveSearchPath(path, snapshot).namespaces;
  schema = path.Schema(schema);
  std::optional<Oid> namespace_oid = FindNamespace(schema, snapshot);
  if (!namespace_oid) {
    throw Error(sqlstate::kInvalidSchemaName, "schema \"" + std::string(schema) + "\" does not exist");
  }
  return {{*namespace_oid, std::string(schema)}};
}

Oid Catalog::CreateNamespace(std::string_view name, Oid owner, const storage::Snapshot& snapshot,
                             storage::CommandId cid) {
  if (FindNamespace(name, snapshot)) {
    throw Error(sqlstate::kDuplicateSchema, "schema \"" + std::string(name) + "\" already exists");
  }
  const Oid oid = AllocateOid();
  SystemTableAccess(pool_, transactions_, SystemTable::kNamespace)
      .Insert({Value::Int8(oid), Value::Text(std::string(name)), Value::Int8(owner)}, snapshot.own_xid, cid);
  return oid;
}

void Catalog::RenameNamespace(Oid oid, std::string_view new_name, const storage::Snapshot& snapshot,
                              storage::CommandId cid) {
  if (FindNamespace(new_name, snapshot)) {
    throw Error(sqlstate::kDuplicateSchema, "schema \"" + std::string(new_name) + "\" already exists");
  }
  SystemTableAccess namespaces(pool_, transactions_, SystemTable::kNamespace);
  for (const auto& [tid, row] : namespaces.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_namespace::kOid].AsInt()) != oid) continue;
    CatalogRow renamed = row;
    renamed[pg_namespace::kName] = Value::Text(std::string(new_name));
    namespaces.Delete(tid, snapshot.own_xid, cid);
    namespaces.Insert(std::move(renamed), snapshot.own_xid, cid);
  }
}

void Catalog::DropNamespace(Oid oid, const storage::Snapshot& snapshot, storage::CommandId cid) {
  SystemTableAccess namespaces(pool_, transactions_, SystemTable::kNamespace);
  for (const auto& [tid, row] : namespaces.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_namespace::kOid].AsInt()) == oid) namespaces.Delete(tid, snapshot.own_xid, cid);
  }
}

std::vector<TableSchema> Catalog::NamespaceRelations(Oid namespace_oid, const storage::Snapshot& snapshot) {
  const std::string schema_name = NamespaceNameOf(namespace_oid, snapshot).value_or("");
  std::vector<TableSchema> relations;
  SystemTableAccess classes(pool_, transactions_, SystemTable::kClass);
  for (const auto& [tid, row] : classes.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_class::kNamespace].AsInt()) != namespace_oid) continue;
    const std::string& kind = row[pg_class::kKind].AsString();
    if (kind != "r" && kind != "v" && kind != "m" && kind != "S") continue;
    TableSchema table;
    table.oid = static_cast<Oid>(row[pg_class::kOid].AsInt());
    table.namespace_oid = namespace_oid;
    table.schema_name = schema_name;
    table.name = row[pg_class::kName].AsString();
    table.kind = kind.front();
    relations.push_back(std::move(table));
  }
  std::sort(relations.begin(), relations.end(),
            [](const TableSchema& a, const TableSchema& b) { return a.oid < b.oid; });
  return relations;
}

TableSchema Catalog::LoadTable(const CatalogRow& row, const NamespaceName& namespace_name,
                               const storage::Snapshot& snapshot) {
  TableSchema table;
  table.oid = static_cast<Oid>(row[pg_class::kOid].AsInt());
  table.namespace_oid = namespace_name.oid;
  table.schema_name = namespace_name.name;
  table.name = row[pg_class::kName].AsString();
  table.kind = row[pg_class::kKind].AsString().front();
  table.relfile = static_cast<storage::RelFileNumber>(row[pg_class::kRelfile].AsInt());
  if (!row[pg_class::kToastRelid].is_null()) {
    table.toast_relfile = static_cast<storage::RelFileNumber>(row[pg_class::kToastRelid].AsInt());
  }
  table.reloptions = ParseRelOptions(row[pg_class::kRelOptions]);
  if (row.size() > pg_class::kPopulated && !row[pg_class::kPopulated].is_null()) {
    table.populated = row[pg_class::kPopulated].AsBool();
  }
  table.columns = LoadColumns(table.oid, snapshot);
  table.checks = LoadChecks(table.oid, snapshot);
  table.indexes = LoadIndexes(table.oid, snapshot);
  if (table.kind == 'r') LoadForeignKeys(table, snapshot);
  if (table.kind == 'v' || table.kind == 'm') {
    SystemTableAccess rewrites(pool_, transactions_, SystemTable::kRewrite);
    for (const auto& [rewrite_tid, rewrite] : rewrites.Scan(snapshot)) {
      if (static_cast<Oid>(rewrite[pg_rewrite::kRelation].AsInt()) == table.oid) {
        table.view_definition = rewrite[pg_rewrite::kDefinition].AsString();
        if (rewrite.size() > pg_rewrite::kSearchPath && !rewrite[pg_rewrite::kSearchPath].is_null()) {
          table.view_search_path = rewrite[pg_rewrite::kSearchPath].AsString();
        }
        if (rewrite.size() > pg_rewrite::kCheckOption && !rewrite[pg_rewrite::kCheckOption].is_null()) {
          table.view_check_option = rewrite[pg_rewrite::kCheckOption].AsString() == "local" ? 'l' : 'c';
        }
      }
    }
  }
  return table;
}

std::optional<TableSchema> Catalog::FindTable(std::string_view schema, std::string_view name,
                                              const SearchPath& path,
                                              const storage::Snapshot& snapshot) {
  const std::vector<NamespaceName> search = LookupNamespaces(schema, path, snapshot);
  SystemTableAccess classes(pool_, transactions_, SystemTable::kClass);
  const auto rows = classes.Scan(snapshot);
  for (const NamespaceName& namespace_name : search) {
    for (const auto& [tid, row] : rows) {
      if (row[pg_class::kName].AsString() != name) continue;
      if (static_cast<Oid>(row[pg_class::kNamespace].AsInt()) != namespace_name.oid) continue;
      const std::string& kind = row[pg_class::kKind].AsString();
      if (kind != "r" && kind != "v" && kind != "m" && kind != "S") continue;
      return LoadTable(row, namespace_name, snapshot);
    }
  }
  return std::nullopt;
}

std::vector<TableSchema> Catalog::ListTables(const storage::Snapshot& snapshot, char kind) {
  std::vector<std::pair<Oid, std::string>> namespaces;
  SystemTableAccess namespace_rows(pool_, transactions_, SystemTable::kNamespace);
  for (const auto& [tid, row] : namespace_rows.Scan(snapshot)) {
    namespaces.emplace_back(static_cast<Oid>(row[pg_namespace::kOid].AsInt()),
                            row[pg_namespace::kName].AsString());
  }
  std::vector<TableSchema> tables;
  SystemTableAccess classes(pool_, transactions_, SystemTable::kClass);
  for (const auto& [tid, row] : classes.Scan(snapshot)) {
    if (row[pg_class::kKind].AsString() != std::string(1, kind)) continue;
    TableSchema table;
    table.oid = static_cast<Oid>(row[pg_class::kOid].AsInt());
    table.namespace_oid = static_cast<Oid>(row[pg_class::kNamespace].AsInt());
    for (const auto& [oid, name] : namespaces) {
      if (oid == table.namespace_oid) table.schema_name = name;
    }
    table.name = row[pg_class::kName].AsString();
    table.kind = kind;
    table.relfile = static_cast<storage::RelFileNumber>(row[pg_class::kRelfile].AsInt());
    tables.push_back(std::move(table));
  }
  std::sort(tables.begin(), tables.end(),
            [](const TableSchema& a, const TableSchema& b) { return a.oid < b.oid; });
  if (kind == 'r') {
    for (TableSchema& table : tables) table.indexes = LoadIndexes(table.oid, snapshot);
  }
  return tables;
}

std::vector<ColumnSchema> Catalog::LoadColumns(Oid relation, const storage::Snapshot& snapshot) {
  SystemTableAccess attributes(pool_, transactions_, SystemTable::kAttribute);
  std::vector<std::pair<int64_t, ColumnSchema>> numbered;
  for (const auto& [tid, row] : attributes.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_attribute::kRelation].AsInt()) != relation) continue;
    ColumnSchema column;
    column.name = row[pg_attribute::kName].AsString();
    const auto type_oid = static_cast<uint32_t>(row[pg_attribute::kTypeOid].AsInt());
    std::optional<types::Type> type = types::TypeFromOid(type_oid);
    if (!type) {
      EnumTypes(snapshot);  // an enum this process has not registered yet
      type = types::TypeFromOid(type_oid);
    }
    column.type = type.value_or(types::Type{types::TypeId::kText, -1});
    // An enum's typmod is its oid, which TypeFromOid gave; the others' is the row's.
    if (column.type.id != types::TypeId::kEnum && column.type.id != types::TypeId::kEnumArray) {
      column.type.typmod = static_cast<int32_t>(row[pg_attribute::kTypmod].AsInt());
    }
    column.not_null = row[pg_attribute::kNotNull].AsBool();
    if (row.size() > pg_attribute::kCollation && !row[pg_attribute::kCollation].is_null()) {
      column.type.collation = static_cast<uint32_t>(row[pg_attribute::kCollation].AsInt());
      // A CREATE COLLATION collation: (re)register this database's definition of the oid.
      if (!types::FindBuiltinCollationOid(column.type.collation)) UserCollations(snapshot);
    }
    if (row.size() > pg_attribute::kIdentity && !row[pg_attribute::kIdentity].is_null() &&
        !row[pg_attribute::kIdentity].AsString().empty()) {
      column.identity = row[pg_attribute::kIdentity].AsString().front();
    }
    if (row.size() > pg_attribute::kGenerated && !row[pg_attribute::kGenerated].is_null() &&
        !row[pg_attribute::kGenerated].AsString().empty()) {
      column.generated = row[pg_attribute::kGenerated].AsString().front();
    }
    numbered.emplace_back(row[pg_attribute::kNumber].AsInt(), std::move(column));
  }
  std::sort(numbered.begin(), numbered.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });

  SystemTableAccess defaults(pool_, transactions_, SystemTable::kAttrDefault);
  for (const auto& [tid, row] : defaults.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_attrdef::kRelation].AsInt()) != relation) continue;
    const int64_t number = row[pg_attrdef::kNumber].AsInt();
    for (auto& [column_number, column] : numbered) {
      if (column_number == number) column.default_sql = row[pg_attrdef::kSource].AsString();
    }
  }

  std::vector<ColumnSchema> columns;
  columns.reserve(numbered.size());
  for (auto& [number, column] : numbered) columns.push_back(std::move(column));
  return columns;
}

std::vector<CheckConstraint> Catalog::LoadChecks(Oid relation, const storage::Snapshot& snapshot) {
  std::vector<std::pair<Oid, CheckConstraint>> found;
  SystemTableAccess constraints(pool_, transactions_, SystemTable::kConstraint);
  for (const auto& [tid, row] : constraints.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_constraint::kRelation].AsInt()) != relation) continue;
    if (row[pg_constraint::kType].AsString() != "c") continue;
    CheckConstraint check{row[pg_constraint::kName].AsString(), row[pg_constraint::kSource].AsString(), 0};
    check.validated = row[pg_constraint::kValidated].is_null() || row[pg_constraint::kValidated].AsBool();
    check.no_inherit = !row[pg_constraint::kNoInherit].is_null() && row[pg_constraint::kNoInherit].AsBool();
    found.emplace_back(static_cast<Oid>(row[pg_constraint::kOid].AsInt()), std::move(check));
  }
  // Checks run in creation order, so the first one violated is the one reported.
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<CheckConstraint> checks;
  for (auto& [oid, check] : found) {
    check.oid = oid;
    checks.push_back(std::move(check));
  }
  return checks;
}

std::vector<IndexSchema> Catalog::LoadIndexes(Oid relation, const storage::Snapshot& snapshot) {
  std::vector<IndexSchema> indexes;
  SystemTableAccess index_rows(pool_, transactions_, SystemTable::kIndex);
  for (const auto& [tid, row] : index_rows.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_index::kRelation].AsInt()) != relation) continue;
    IndexSchema index;
    index.oid = static_cast<Oid>(row[pg_index::kIndex].AsInt());
    index.relfile = index.oid;
    index.unique = row[pg_index::kUnique].AsBool();
    index.primary = row[pg_index::kPrimary].AsBool();
    index.definition = row[pg_index::kDefinition].AsString();
    index.clustered = !row[pg_index::kClustered].is_null() && row[pg_index::kClustered].AsBool();
    indexes.push_back(std::move(index));
  }
  if (indexes.empty()) return indexes;
  SystemTableAccess classes(pool_, transactions_, SystemTable::kClass);
  for (const auto& [tid, row] : classes.Scan(snapshot)) {
    for (IndexSchema& index : indexes) {
      if (static_cast<Oid>(row[pg_class::kOid].AsInt()) == index.oid) {
        index.name = row[pg_class::kName].AsString();
        index.relfile = static_cast<storage::RelFileNumber>(row[pg_class::kRelfile].AsInt());
      }
    }
  }
  SystemTableAccess constraints(pool_, transactions_, SystemTable::kConstraint);
  for (const auto& [tid, row] : constraints.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_constraint::kRelation].AsInt()) != relation) continue;
    if (!IsKeyConstraint(row)) continue;
    for (IndexSchema& index : indexes) {
      if (row[pg_constraint::kSource].AsString() == std::to_string(index.oid)) index.constraint = true;
    }
  }
  std::sort(indexes.begin(), indexes.end(), [](const auto& a, const auto& b) { return a.oid < b.oid; });
  return indexes;
}

void Catalog::LoadForeignKeys(TableSchema& table, const storage::Snapshot& snapshot) {
  std::vector<ForeignKey> own;
  std::vector<ForeignKey> referencing;
  SystemTableAccess constraints(pool_, transactions_, SystemTable::kConstraint);
  for (const auto& [tid, row] : constraints.Scan(snapshot)) {
    if (row[pg_constraint::kType].AsString() != "f") continue;
    ForeignKey key = ForeignKey::Decode(row[pg_constraint::kSource].AsString());
    key.oid = static_cast<Oid>(row[pg_constraint::kOid].AsInt());
    key.name = row[pg_constraint::kName].AsString();
    key.table_oid = static_cast<Oid>(row[pg_constraint::kRelation].AsInt());
    if (key.table_oid == table.oid) own.push_back(key);
    if (key.referenced_oid == table.oid) referencing.push_back(key);
  }
  if (own.empty() && referencing.empty()) return;
  auto by_oid = [](const ForeignKey& a, const ForeignKey& b) { return a.oid < b.oid; };
  std::sort(own.begin(), own.end(), by_oid);
  std::sort(referencing.begin(), referencing.end(), by_oid);
  ResolveNames(own, snapshot);
  ResolveNames(referencing, snapshot);
  table.foreign_keys = std::move(own);
  table.referenced_by = std::move(referencing);
}

std::vector<ForeignKey> Catalog::ReferencingKeys(Oid relation, const storage::Snapshot& snapshot) {
  std::vector<ForeignKey> keys;
  SystemTableAccess constraints(pool_, transactions_, SystemTable::kConstraint);
  for (const auto& [tid, row] : constraints.Scan(snapshot)) {
    if (row[pg_constraint::kType].AsString() != "f") continue;
    ForeignKey key = ForeignKey::Decode(row[pg_constraint::kSource].AsString());
    if (key.referenced_oid != relation) continue;
    key.oid = static_cast<Oid>(row[pg_constraint::kOid].AsInt());
    key.name = row[pg_constraint::kName].AsString();
    key.table_oid = static_cast<Oid>(row[pg_constraint::kRelation].AsInt());
    keys.push_back(std::move(key));
  }
  std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.oid < b.oid; });
  ResolveNames(keys, snapshot);
  return keys;
}

void Catalog::ResolveNames(std::vector<ForeignKey>& keys, const storage::Snapshot& snapshot) {
  if (keys.empty()) return;
  std::map<Oid, std::string> namespaces;
  for (const auto& [tid, row] : SystemTableAccess(pool_, transactions_, SystemTable::kNamespace).Scan(snapshot)) {
    namespaces[static_cast<Oid>(row[pg_namespace::kOid].AsInt())] = row[pg_namespace::kName].AsString();
  }
  std::map<Oid, std::pair<std::string, std::string>> relations;  // oid -> (schema, name)
  for (const auto& [tid, row] : SystemTableAccess(pool_, transactions_, SystemTable::kClass).Scan(snapshot)) {
    relations[static_cast<Oid>(row[pg_class::kOid].AsInt())] = {
        namespaces[static_cast<Oid>(row[pg_class::kNamespace].AsInt())], row[pg_class::kName].AsString()};
  }
  std::map<std::pair<Oid, int64_t>, std::string> attributes;
  for (const auto& [tid, row] : SystemTableAccess(pool_, transactions_, SystemTable::kAttribute).Scan(snapshot)) {
    attributes[{static_cast<Oid>(row[pg_attribute::kRelation].AsInt()), row[pg_attribute::kNumber].AsInt()}] =
        row[pg_attribute::kName].AsString();
  }
  for (ForeignKey& key : keys) {
    std::tie(key.table_schema, key.table_name) = relations[key.table_oid];
    std::tie(key.referenced_schema, key.referenced_name) = relations[key.referenced_oid];
    key.column_names.clear();
    key.referenced_column_names.clear();
    for (size_t column : key.columns) {
      key.column_names.push_back(attributes[{key.table_oid, static_cast<int64_t>(column + 1)}]);
    }
    for (size_t column : key.referenced_columns) {
      key.referenced_column_names.push_back(
          attributes[{key.referenced_oid, static_cast<int64_t>(column + 1)}]);
    }
  }
}

ForeignKey Catalog::WriteForeignKey(ForeignKey key, const storage::Snapshot& snapshot,
                                    storage::CommandId cid) {
  if (key.oid == 0) {
    key.oid = AllocateOid();
  } else {
    DropConstraint(key.oid, snapshot, cid);
  }
  SystemTableAccess(pool_, transactions_, SystemTable::kConstraint)
      .Insert({Value::Int8(key.oid), Value::Text(key.name), Value::Text("f"),
               Value::Int8(key.table_oid), Value::Text(key.Encode())},
              snapshot.own_xid, cid);
  return key;
}

void Catalog::DropConstraint(Oid oid, const storage::Snapshot& snapshot, storage::CommandId cid) {
  SystemTableAccess constraints(pool_, transactions_, SystemTable::kConstraint);
  for (const auto& [tid, row] : constraints.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_constraint::kOid].AsInt()) == oid) {
      constraints.Delete(tid, snapshot.own_xid, cid);
    }
  }
}

bool Catalog::RelationExists(Oid namespace_oid, std::string_view name,
                             const storage::Snapshot& snapshot) {
  SystemTableAccess classes(pool_, transactions_, SystemTable::kClass);
  for (const auto& [tid, row] : classes.Scan(snapshot)) {
    if (row[pg_class::kName].AsString() == name &&
        static_cast<Oid>(row[pg_class::kNamespace].AsInt()) == namespace_oid) {
      return true;
    }
  }
  return false;
}

IndexSchema Catalog::CreateIndex(const TableSchema& table, IndexSchema index,
                                 const storage::Snapshot& snapshot, storage::CommandId cid) {
  if (RelationExists(table.namespace_oid, index.name, snapshot)) {
    throw Error(sqlstate::kDuplicateTable, "relation \"" + index.name + "\" already exists");
  }
  const storage::Xid xid = snapshot.own_xid;
  index.oid = AllocateOid();
  index.relfile = index.oid;
  transactions_.NoteCreatedFile(xid, index.relfile);
  storage::relation_wal::CreateRelation(pool_, index.relfile, xid);
  TableSchema relation;
  relation.oid = index.oid;
  relation.namespace_oid = table.namespace_oid;
  relation.name = index.name;
  relation.kind = 'i';
  relation.relfile = index.relfile;
  SystemTableAccess(pool_, transactions_, SystemTable::kClass).Insert(ClassRow(relation), xid, cid);
  SystemTableAccess(pool_, transactions_, SystemTable::kIndex)
      .Insert({Value::Int8(index.oid), Value::Int8(table.oid), Value::Bool(index.unique),
               Value::Bool(index.primary), Value::Text(index.definition),
               Value::Bool(index.clustered)},
              xid, cid);
  if (index.constraint) {
    SystemTableAccess(pool_, transactions_, SystemTable::kConstraint)
        .Insert(KeyConstraintRow(AllocateOid(), index, table.oid), xid, cid);
  }
  return index;
}

void Catalog::DropIndex(const IndexSchema& index, const storage::Snapshot& snapshot,
                        storage::CommandId cid) {
  const storage::Xid xid = snapshot.own_xid;
  SystemTableAccess classes(pool_, transactions_, SystemTable::kClass);
  for (const auto& [tid, row] : classes.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_class::kOid].AsInt()) == index.oid) classes.Delete(tid, xid, cid);
  }
  SystemTableAccess index_rows(pool_, transactions_, SystemTable::kIndex);
  for (const auto& [tid, row] : index_rows.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_index::kIndex].AsInt()) == index.oid) index_rows.Delete(tid, xid, cid);
  }
  SystemTableAccess constraints(pool_, transactions_, SystemTable::kConstraint);
  std::vector<Oid> dropped_constraints;
  for (const auto& [tid, row] : constraints.Scan(snapshot)) {
    if (IsKeyConstraint(row) && row[pg_constraint::kSource].AsString() == std::to_string(index.oid)) {
      dropped_constraints.push_back(static_cast<Oid>(row[pg_constraint::kOid].AsInt()));
      constraints.Delete(tid, xid, cid);
    }
  }
  DeleteComments(kRelationClassOid, {index.oid}, snapshot, cid);
  DeleteComments(kConstraintClassOid, dropped_constraints, snapshot, cid);
}

storage::RelFileNumber Catalog::CreateRelationFile(const storage::Snapshot& snapshot) {
  const storage::RelFileNumber relfile = AllocateOid();
  transactions_.NoteCreatedFile(snapshot.own_xid, relfile);
  storage::relation_wal::CreateRelation(pool_, relfile, snapshot.own_xid);
  return relfile;
}

bool Catalog::EnsureToastRelation(TableSchema& table, const storage::Snapshot& snapshot,
                                  storage::CommandId cid) {
  if (table.toast_relfile != 0 || !NeedsToastRelation(table)) return false;
  const storage::Xid xid = snapshot.own_xid;
  // pg_toast.pg_toast_<table oid>, as PostgreSQL names it; its oid is its relfile.
  TableSchema toast;
  toast.oid = AllocateOid();
  toast.namespace_oid = kPgToastNamespace;
  toast.name = "pg_toast_" + std::to_string(table.oid);
  toast.kind = 't';
  toast.relfile = toast.oid;
  transactions_.NoteCreatedFile(xid, toast.relfile);
  storage::relation_wal::CreateRelation(pool_, toast.relfile, xid);
  SystemTableAccess(pool_, transactions_, SystemTable::kClass).Insert(ClassRow(toast), xid, cid);
  table.toast_relfile = toast.relfile;
  return true;
}

void Catalog::DropToastRelation(TableSchema& table, const storage::Snapshot& snapshot,
                                storage::CommandId cid) {
  if (table.toast_relfile == 0) return;
  SystemTableAccess classes(pool_, transactions_, SystemTable::kClass);
  for (const auto& [tid, row] : classes.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_class::kOid].AsInt()) == table.toast_relfile) {
      classes.Delete(tid, snapshot.own_xid, cid);
    }
  }
  table.toast_relfile = 0;
}

void Catalog::UpdateTable(const TableSchema& table, const storage::Snapshot& snapshot,
                          storage::CommandId cid) {
  const storage::Xid xid = snapshot.own_xid;
  SystemTableAccess classes(pool_, transactions_, SystemTable::kClass);
  for (const auto& [tid, row] : classes.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_class::kOid].AsInt()) != table.oid) continue;
    if (row[pg_class::kName].AsString() != table.name &&
        RelationExists(table.namespace_oid, table.name, snapshot)) {
      throw Error(sqlstate::kDuplicateTable, "relation \"" + table.name + "\" already exists");
    }
    classes.Delete(tid, xid, cid);
  }
  classes.Insert(ClassRow(table), xid, cid);
  SystemTableAccess attributes(pool_, transactions_, SystemTable::kAttribute);
  std::vector<std::string> old_names;
  for (const auto& [tid, row] : attributes.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_attribute::kRelation].AsInt()) != table.oid) continue;
    const auto number = static_cast<size_t>(row[pg_attribute::kNumber].AsInt());
    if (number > old_names.size()) old_names.resize(number);
    old_names[number - 1] = row[pg_attribute::kName].AsString();
    attributes.Delete(tid, xid, cid);
  }
  RenumberColumnComments(table.oid, old_names, table.columns, snapshot, cid);
  SystemTableAccess defaults(pool_, transactions_, SystemTable::kAttrDefault);
  for (const auto& [tid, row] : defaults.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_attrdef::kRelation].AsInt()) == table.oid) defaults.Delete(tid, xid, cid);
  }
  for (size_t i = 0; i < table.columns.size(); ++i) {
    attributes.Insert(AttributeRow(table.oid, table.columns[i], i), xid, cid);
    if (table.columns[i].default_sql) {
      defaults.Insert({Value::Int8(table.oid), Value::Int2(static_cast<int64_t>(i + 1)),
                       Value::Text(*table.columns[i].default_sql)},
                      xid, cid);
    }
  }
  // CHECK constraints keep their oids (comments refer to them); new ones get larger oids, so
  // oid order stays creation order.
  SystemTableAccess constraints(pool_, transactions_, SystemTable::kConstraint);
  std::vector<Oid> dropped_checks;
  for (const auto& [tid, row] : constraints.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_constraint::kRelation].AsInt()) == table.oid &&
        row[pg_constraint::kType].AsString() == "c") {
      const auto oid = static_cast<Oid>(row[pg_constraint::kOid].AsInt());
      if (std::none_of(table.checks.begin(), table.checks.end(),
                       [oid](const CheckConstraint& check) { return check.oid == oid; })) {
        dropped_checks.push_back(oid);
      }
      constraints.Delete(tid, xid, cid);
    }
  }
  DeleteComments(kConstraintClassOid, dropped_checks, snapshot, cid);
  for (const CheckConstraint& check : table.checks) {
    constraints.Insert(CheckRow(check.oid != 0 ? check.oid : AllocateOid(), table.oid, check), xid, cid);
  }
}

void Catalog::UpdateIndex(const TableSchema& table, const IndexSchema& index,
                          const storage::Snapshot& snapshot, storage::CommandId cid) {
  const storage::Xid xid = snapshot.own_xid;
  TableSchema relation;
  relation.oid = index.oid;
  relation.namespace_oid = table.namespace_oid;
  relation.name = index.name;
  relation.kind = 'i';
  relation.relfile = index.relfile;
  SystemTableAccess classes(pool_, transactions_, SystemTable::kClass);
  for (const auto& [tid, row] : classes.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_class::kOid].AsInt()) != index.oid) continue;
    if (row[pg_class::kName].AsString() != index.name &&
        RelationExists(table.namespace_oid, index.name, snapshot)) {
      throw Error(sqlstate::kDuplicateTable, "relation \"" + index.name + "\" already exists");
    }
    classes.Delete(tid, xid, cid);
  }
  classes.Insert(ClassRow(relation), xid, cid);
  SystemTableAccess index_rows(pool_, transactions_, SystemTable::kIndex);
  for (const auto& [tid, row] : index_rows.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_index::kIndex].AsInt()) == index.oid) index_rows.Delete(tid, xid, cid);
  }
  index_rows.Insert({Value::Int8(index.oid), Value::Int8(table.oid), Value::Bool(index.unique),
                     Value::Bool(index.primary), Value::Text(index.definition),
                     Value::Bool(index.clustered)},
                    xid, cid);
  SystemTableAccess constraints(pool_, transactions_, SystemTable::kConstraint);
  // The constraint keeps its oid (comments on it refer to it).
  Oid constraint_oid = 0;
  for (const auto& [tid, row] : constraints.Scan(snapshot)) {
    if (IsKeyConstraint(row) && row[pg_constraint::kSource].AsString() == std::to_string(index.oid)) {
      constraint_oid = static_cast<Oid>(row[pg_constraint::kOid].AsInt());
      constraints.Delete(tid, xid, cid);
    }
  }
  if (index.constraint) {
    constraints.Insert(KeyConstraintRow(constraint_oid != 0 ? constraint_oid : AllocateOid(), index, table.oid),
                       xid, cid);
  }
}

std::optional<std::pair<TableSchema, IndexSchema>> Catalog::FindIndex(
    std::string_view schema, std::string_view name, const SearchPath& path,
    const storage::Snapshot& snapshot) {
  const std::vector<NamespaceName> search = LookupNamespaces(schema, path, snapshot);
  SystemTableAccess classes(pool_, transactions_, SystemTable::kClass);
  const auto rows = classes.Scan(snapshot);
  for (const NamespaceName& namespace_name : search) {
    const Oid namespace_oid = namespace_name.oid;
    for (const auto& [tid, row] : rows) {
      if (row[pg_class::kName].AsString() != name || row[pg_class::kKind].AsString() != "i") continue;
      if (static_cast<Oid>(row[pg_class::kNamespace].AsInt()) != namespace_oid) continue;
      const Oid index_oid = static_cast<Oid>(row[pg_class::kOid].AsInt());
      SystemTableAccess index_rows(pool_, transactions_, SystemTable::kIndex);
      for (const auto& [index_tid, index_row] : index_rows.Scan(snapshot)) {
        if (static_cast<Oid>(index_row[pg_index::kIndex].AsInt()) != index_oid) continue;
        const Oid table_oid = static_cast<Oid>(index_row[pg_index::kRelation].AsInt());
        for (const auto& [table_tid, table_row] : rows) {
          if (static_cast<Oid>(table_row[pg_class::kOid].AsInt()) != table_oid) continue;
          // An index lives in its table's namespace.
          const TableSchema table_schema = LoadTable(table_row, namespace_name, snapshot);
          const std::optional<TableSchema> table = table_schema;
          for (const IndexSchema& index : table->indexes) {
            if (index.oid == index_oid) return std::make_pair(*table, index);
          }
        }
      }
    }
  }
  return std::nullopt;
}

TableSchema Catalog::CreateTable(TableSchema table, const storage::Snapshot& snapshot,
                                 storage::CommandId cid) {
  if (RelationExists(table.namespace_oid, table.name, snapshot)) {
    throw Error(sqlstate::kDuplicateTable, "relation \"" + table.name + "\" already exists");
  }
  const storage::Xid xid = snapshot.own_xid;
  table.oid = AllocateOid();
  if (table.kind == 'v' || table.kind == 'm') {
    // A view has no storage: its rows come from its query. A materialized view keeps its
    // query here too, and its rows in a relation file of its own (below).
    SystemTableAccess(pool_, transactions_, SystemTable::kRewrite)
        .Insert({Value::Int8(table.oid), Value::Text(table.view_definition),
                 table.view_search_path ? Value::Text(*table.view_search_path) : Value::Null(types::TypeId::kText),
                 table.view_check_option == 0
                     ? Value::Null(types::TypeId::kText)
                     : Value::Text(table.view_check_option == 'l' ? "local" : "cascaded")},
                xid, cid);
  }
  if (table.kind == 'v') {
    table.relfile = 0;
  } else {
    table.relfile = table.oid;
    transactions_.NoteCreatedFile(xid, table.relfile);
    storage::relation_wal::CreateRelation(pool_, table.relfile, xid);
    EnsureToastRelation(table, snapshot, cid);
  }

  SystemTableAccess(pool_, transactions_, SystemTable::kClass).Insert(ClassRow(table), xid, cid);
  SystemTableAccess attributes(pool_, transactions_, SystemTable::kAttribute);
  SystemTableAccess defaults(pool_, transactions_, SystemTable::kAttrDefault);
  for (size_t i = 0; i < table.columns.size(); ++i) {
    attributes.Insert(AttributeRow(table.oid, table.columns[i], i), xid, cid);
    if (table.columns[i].default_sql) {
      defaults.Insert({Value::Int8(table.oid), Value::Int2(static_cast<int64_t>(i + 1)),
                       Value::Text(*table.columns[i].default_sql)},
                      xid, cid);
    }
  }
  SystemTableAccess constraints(pool_, transactions_, SystemTable::kConstraint);
  for (const CheckConstraint& check : table.checks) {
    constraints.Insert(CheckRow(AllocateOid(), table.oid, check), xid, cid);
  }
  return table;
}

void Catalog::DropTable(const TableSchema& table, const storage::Snapshot& snapshot,
                        storage::CommandId cid) {
  for (const IndexSchema& index : table.indexes) DropIndex(index, snapshot, cid);
  const storage::Xid xid = snapshot.own_xid;
  SystemTableAccess classes(pool_, transactions_, SystemTable::kClass);
  for (const auto& [tid, row] : classes.Scan(snapshot)) {
    const auto oid = static_cast<Oid>(row[pg_class::kOid].AsInt());
    if (oid == table.oid || (table.toast_relfile != 0 && oid == table.toast_relfile)) {
      classes.Delete(tid, xid, cid);
    }
  }
  SystemTableAccess attributes(pool_, transactions_, SystemTable::kAttribute);
  for (const auto& [tid, row] : attributes.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_attribute::kRelation].AsInt()) == table.oid) {
      attributes.Delete(tid, xid, cid);
    }
  }
  SystemTableAccess defaults(pool_, transactions_, SystemTable::kAttrDefault);
  for (const auto& [tid, row] : defaults.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_attrdef::kRelation].AsInt()) == table.oid) {
      defaults.Delete(tid, xid, cid);
    }
  }
  SystemTableAccess constraints(pool_, transactions_, SystemTable::kConstraint);
  std::vector<Oid> dropped_constraints;
  for (const auto& [tid, row] : constraints.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_constraint::kRelation].AsInt()) == table.oid) {
      dropped_constraints.push_back(static_cast<Oid>(row[pg_constraint::kOid].AsInt()));
      constraints.Delete(tid, xid, cid);
    }
  }
  DeleteComments(kRelationClassOid, {table.oid}, snapshot, cid);
  DeleteComments(kConstraintClassOid, dropped_constraints, snapshot, cid);
  DeleteStatistics(table.oid, snapshot, cid);
  SystemTableAccess rewrites(pool_, transactions_, SystemTable::kRewrite);
  for (const auto& [tid, row] : rewrites.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_rewrite::kRelation].AsInt()) == table.oid) rewrites.Delete(tid, xid, cid);
  }
}

}  // namespace granary::catalog
