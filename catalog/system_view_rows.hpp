// Internal to the system views: building rows by column name, and the catalog facts several
// views share (the owner, the index keys). Used by system_view_*.cpp and
// information_schema_rows.cpp only.
#pragma once

#include <utility>

#include "types/functions/builtin_functions.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.hpp"
#include "types/collation.hpp"
#include "catalog/system_views.hpp"

namespace granary::catalog::views {

// One row of a view: cells set by column name (integers take the column's width), the rest
// NULL of the column's type.
class RowBuilder {
 public:
  explicit RowBuilder(SystemView view);
  RowBuilder& Set(std::string_view column, types::Value value);
  RowBuilder& Text(std::string_view column, std::string text);
  RowBuilder& Bool(std::string_view column, bool value);
  RowBuilder& Int(std::string_view column, int64_t value);
  CatalogRow Take();

 private:
  const TableSchema& schema_;
  CatalogRow row_;
};

// The system tables a view reads, each scanned once under the statement's snapshot.
struct CatalogSnapshot {
  CatalogSnapshot(Catalog& catalog, const storage::Snapshot& snapshot);
  std::vector<CatalogRow> namespaces;
  std::vector<CatalogRow> classes;
  std::vector<CatalogRow> attributes;
  std::vector<CatalogRow> defaults;
  std::vector<CatalogRow> constraints;
  std::vector<CatalogRow> indexes;
  std::vector<CatalogRow> roles;
  std::vector<CatalogRow> descriptions;         // pg_description
  std::vector<CatalogRow> shared_descriptions;  // pg_shdescription
  std::vector<CatalogRow> statistics;           // pg_statistic
  std::vector<FunctionSchema> functions;        // pg_proc: the user-defined functions
  std::vector<types::EnumTypeDefinition> enum_types;  // pg_type's rows of typtype 'e'
  std::vector<CatalogRow> enum_labels;                // pg_enum
  // pg_collation: the built-in collations, then those CREATE COLLATION made.
  const std::vector<types::CollationDefinition>& Collations() const { return collations; }
  std::vector<types::CollationDefinition> collations;

  // The owner of every object: the first superuser (the one granary init created), as
  // PostgreSQL's bootstrap superuser owns what it creates; 10 when there is none.
  Oid OwnerOid() const;
  // A pg_namespace row's owner: public belongs to pg_database_owner (as in PostgreSQL 15),
  // the schemas made by bootstrap (owner 10) to the first superuser, others to their owner.
  Oid NamespaceOwner(const CatalogRow& row) const;
  std::string NamespaceName(Oid oid) const;
  const CatalogRow* FindClass(Oid oid) const;
  // attnum -> attname of a relation's columns.
  std::map<int64_t, std::string> ColumnNames(Oid relation) const;
};

// An index's keys as pg_index.indkey holds them (column numbers, 0 for an expression) and
// its expressions and predicate as SQL text, taken from its canonical definition.
struct IndexKeys {
  // Key columns, then INCLUDE columns (0 for an expression key).
  std::vector<int64_t> columns;
  size_t key_count = 0;  // how many of `columns` are keys (pg_index.indnkeyatts)
  std::vector<int64_t> options;  // pg_index.indoption per key: 1 DESC, 2 NULLS FIRST
  std::vector<std::string> expressions;
  std::string predicate;  // empty: none
};
IndexKeys ParseIndexDefinition(std::string_view definition,
                               const std::map<int64_t, std::string>& column_names);

// "1 2" (int2vector output) and "{1,2}" (int2[] output).
std::string VectorText(const std::vector<int64_t>& values);
std::string ArrayText(const std::vector<int64_t>& values);

// PostgreSQL's pg_type facts for a built-in type (typalign, typcategory, ...).
char TypeAlign(types::TypeId id);
char TypeStorage(types::TypeId id);
char TypeCategory(types::TypeId id);
Oid TypeCollation(types::TypeId id);

std::vector<CatalogRow> InformationSchemaRows(SystemView view, const CatalogSnapshot& catalog,
                                              const SystemViewEnvironment& environment);
// pg_proc's rows: each built-in and catalog function with its oid (regproc resolves them).
std::vector<std::pair<Oid, const types::FunctionSignature*>> BuiltinProcedures();
std::vector<CatalogRow> GlobalViewRows(SystemView view, const CatalogSnapshot& catalog,
                                       const SystemViewEnvironment& environment);
// pg_tables, pg_indexes and pg_views (system_view_relations.cpp).
std::vector<CatalogRow> RelationListRows(SystemView view, const CatalogSnapshot& tables, Catalog& catalog,
                                         const SystemViewEnvironment& environment,
                                         const storage::Snapshot& snapshot);

// pg_locks, pg_sequences and the pg_stat_* views (system_view_statistics.cpp).
std::vector<CatalogRow> StatisticsViewRows(SystemView view, const CatalogSnapshot& tables,
                                           const SystemViewEnvironment& environment);

}  // namespace granary::catalog::views
