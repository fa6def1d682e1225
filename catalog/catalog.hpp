// Catalog — looks up and changes the descriptions of relations stored in the system tables.
//
// Every read takes the caller's snapshot and every change the caller's xid and command id,
// so catalog changes are exactly as transactional as data changes. Relation files are created
// here; removing them is the caller's job at commit (DROP) or abort (CREATE), since a file
// must outlive the catalog rows that may still become visible.
//
// Errors: 42P07 duplicate_table, 42P01 undefined_table, 3F000 invalid_schema_name,
// 42P06 duplicate_schema, 42710 duplicate_object (roles).
// Thread-safety: thread-safe (oid allocation is atomic; rows are protected by page latches).
#pragma once

#include <atomic>
#include <optional>
#include <string_view>
#include <vector>

#include "catalog/role_schema.hpp"
#include "catalog/search_path.hpp"
#include "catalog/function_schema.hpp"
#include "catalog/statistics.hpp"
#include "catalog/system_tables.hpp"
#include "catalog/table_schema.hpp"
#include "types/collation.hpp"
#include "types/enum.hpp"
#include "storage/buffer/buffer_pool.hpp"
#include "storage/txn/transaction_manager.hpp"

namespace granary::catalog {

class Catalog {
 public:
  // `next_oid` is the first oid not yet used (from the control file).
  Catalog(storage::BufferPool& pool, storage::TransactionManager& transactions, Oid next_oid);

  // Creates the system tables' files and writes their bootstrap rows (committed by
  // kBootstrapXid): the system tables describing themselves and the namespaces pg_catalog and
  // public. Run once, by `granary init`.
  void Bootstrap();

  // Resolves a possibly qualified relation name (a table, view or sequence). An empty schema
  // searches `path`; a schema that does not exist is 3F000. nullopt when not found.
  std::optional<TableSchema> FindTable(std::string_view schema, std::string_view name,
                                       const SearchPath& path, const storage::Snapshot& snapshot);
  std::optional<Oid> FindNamespace(std::string_view name, const storage::Snapshot& snapshot);
  // The name of the namespace with that oid, or nullopt.
  std::optional<std::string> NamespaceNameOf(Oid oid, const storage::Snapshot& snapshot);
  // `path` against the namespaces the snapshot sees (search_path.hpp).
  ResolvedSearchPath ResolveSearchPath(const SearchPath& path, const storage::Snapshot& snapshot);
  // The namespace a new relation named [schema.]name goes to: `schema` (3F000 `schema "x"
  // does not exist`) or the first explicit schema of `path` (3F000 `no schema has been
  // selected to create in`).
  NamespaceName CreationNamespace(std::string_view schema, const SearchPath& path,
                                  const storage::Snapshot& snapshot);

  // Schemas (pg_namespace rows). CreateNamespace: 42P06 `schema "x" already exists`.
  Oid CreateNamespace(std::string_view name, Oid owner, const storage::Snapshot& snapshot,
                      storage::CommandId cid);
  // Renames (42P06 when the new name is taken) or deletes the row of namespace `oid`; the
  // caller has dealt with the relations in it.
  void RenameNamespace(Oid oid, std::string_view new_name, const storage::Snapshot& snapshot,
                       storage::CommandId cid);
  void DropNamespace(Oid oid, const storage::Snapshot& snapshot, storage::CommandId cid);
  // The relations of a namespace that DROP SCHEMA reports and drops: tables, views and
  // sequences (indexes and toast relations go with their tables), each with its schema name
  // and kind but no columns, in oid order.
  std::vector<TableSchema> NamespaceRelations(Oid namespace_oid, const storage::Snapshot& snapshot);
  // Every ordinary table (relkind 'r') the snapshot sees, system tables included, with its
  // schema name, relfile and indexes but without columns and checks: what VACUUM and
  // autovacuum need. Ordered by oid. With `kind` 'S': every sequence, likewise.
  std::vector<TableSchema> ListTables(const storage::Snapshot& snapshot, char kind = 'r');

  // Assigns the oid and relfile of `table`, creates its file and writes its catalog rows.
  // Raises 42P07 when a visible relation of that name exists in the namespace.
  TableSchema CreateTable(TableSchema table, const storage::Snapshot& snapshot,
                          storage::CommandId cid);
  // Deletes the table's catalog rows and those of its indexes (the files stay until the
  // transaction commits).
  void DropTable(const TableSchema& table, const storage::Snapshot& snapshot,
                 storage::CommandId cid);

  // Registers an index of `table`: assigns its oid and relfile (and creates the empty file),
  // writes its pg_class and pg_index rows. Raises 42P07 when a relation of that name exists.
  // `index.definition` must already name the index as it will be stored.
  IndexSchema CreateIndex(const TableSchema& table, IndexSchema index,
                          const storage::Snapshot& snapshot, storage::CommandId cid);
  void DropIndex(const IndexSchema& index, const storage::Snapshot& snapshot,
                 storage::CommandId cid);
  // Creates a new, empty relation file (a new relfile number) in the snapshot's transaction,
  // for TRUNCATE and table rewrites; the caller removes it if the transaction aborts.
  storage::RelFileNumber CreateRelationFile(const storage::Snapshot& snapshot);
  // Gives `table` a toast relation (file and pg_class row; sets `toast_relfile`) when it has a
  // text, varchar or bytea column and none yet. Returns whether it created one; the caller
  // removes the file if the transaction aborts and writes the table's pg_class row.
  bool EnsureToastRelation(TableSchema& table, const storage::Snapshot& snapshot,
                           storage::CommandId cid);
  // Deletes the pg_class row of the table's toast relation, if any, and clears
  // `toast_relfile` (TRUNCATE and rewrites, which then call EnsureToastRelation for a new,
  // empty one); the caller removes the old file when the transaction commits.
  void DropToastRelation(TableSchema& table, const storage::Snapshot& snapshot,
                         storage::CommandId cid);
  // Rewrites the catalog rows describing `table` (identified by its oid): its pg_class row
  // (name, relfile, reloptions), columns, defaults and CHECK constraints. 42P07 when the new
  // name is taken. Indexes are left alone (UpdateIndex).
  void UpdateTable(const TableSchema& table, const storage::Snapshot& snapshot,
                   storage::CommandId cid);
  // Rewrites an index's pg_class row (name, relfile), its pg_index row (definition) and its
  // constraint row.
  void UpdateIndex(const TableSchema& table, const IndexSchema& index,
                   const storage::Snapshot& snapshot, storage::CommandId cid);
  // FOREIGN KEY constraints (pg_constraint rows 'f'). WriteForeignKey inserts the row of
  // `key` (allocating its oid when 0) after deleting any row of that oid; DropConstraint
  // deletes the row of any constraint by oid.
  ForeignKey WriteForeignKey(ForeignKey key, const storage::Snapshot& snapshot,
                             storage::CommandId cid);
  void DropConstraint(Oid oid, const storage::Snapshot& snapshot, storage::CommandId cid);
  // Every foreign key of any table whose referenced table is `relation` (names resolved).
  std::vector<ForeignKey> ReferencingKeys(Oid relation, const storage::Snapshot& snapshot);

  // An index by name (schema empty: the search path), with its table.
  std::optional<std::pair<TableSchema, IndexSchema>> FindIndex(std::string_view schema,
                                                              std::string_view name,
                                                              const SearchPath& path,
                                                              const storage::Snapshot& snapshot);
  // Whether any relation (table or index) of that name exists in the namespace.
  bool RelationExists(Oid namespace_oid, std::string_view name, const storage::Snapshot& snapshot);

  // Roles (pg_authid; role_catalog.cpp). FindRole: nullopt when no visible role has the name.
  std::optional<RoleSchema> FindRole(std::string_view name, const storage::Snapshot& snapshot);
  // Assigns the oid; 42710 `role "x" already exists`.
  RoleSchema CreateRole(RoleSchema role, const storage::Snapshot& snapshot, storage::CommandId cid);
  // Replaces the row of the role with `role.oid` by `role`.
  void UpdateRole(const RoleSchema& role, const storage::Snapshot& snapshot, storage::CommandId cid);
  void DropRole(const RoleSchema& role, const storage::Snapshot& snapshot, storage::CommandId cid);

  // Collations made by CREATE COLLATION (collation_catalog.cpp); the built-in ones are
  // types/collation.hpp's. Each one read or created is registered with the types layer
  // (types::RegisterCollation) so that comparisons can find its locale by oid.
  std::vector<types::CollationDefinition> UserCollations(const storage::Snapshot& snapshot);
  // By name in `schema`, or along `path` when schema is empty; nullopt when none.
  std::optional<types::CollationDefinition> FindUserCollation(std::string_view schema, std::string_view name,
                                                              const SearchPath& path,
                                                              const storage::Snapshot& snapshot);
  // Assigns the oid. 42710 `collation "x" already exists` for a name taken in the schema.
  types::CollationDefinition CreateCollation(types::CollationDefinition collation, Oid owner,
                                             const storage::Snapshot& snapshot, storage::CommandId cid);
  void DropCollation(Oid oid, const storage::Snapshot& snapshot, storage::CommandId cid);

  // Enum types (pg_type rows of typtype 'e' and their pg_enum labels; type_catalog.cpp).
  // Every type and label read or written is registered with types/enum.hpp, which output,
  // comparison and index keys use. EnumTypes: all the snapshot sees (and registers).
  std::vector<types::EnumTypeDefinition> EnumTypes(const storage::Snapshot& snapshot);
  // By name in `schema`, or along `path` when schema is empty; nullopt when none.
  std::optional<types::EnumTypeDefinition> FindEnumType(std::string_view schema, std::string_view name,
                                                        const SearchPath& path, const storage::Snapshot& snapshot);
  // The labels of enum `type_oid` the snapshot sees, in sort order.
  std::vector<types::EnumLabel> EnumLabels(Oid type_oid, const storage::Snapshot& snapshot);
  // Assigns the type's and its array type's oids (42710 `type "x" already exists` for a
  // name taken in the namespace) and writes its labels, sort orders 1, 2, ...
  types::EnumTypeDefinition CreateEnumType(types::EnumTypeDefinition type, const std::vector<std::string>& labels,
                                           Oid owner, const storage::Snapshot& snapshot, storage::CommandId cid);
  // A new label of `type_oid` at `sort_order`; assigns its oid.
  types::EnumLabel AddEnumLabel(Oid type_oid, std::string label, double sort_order,
                                const storage::Snapshot& snapshot, storage::CommandId cid);
  void RenameEnumLabel(const types::EnumLabel& label, std::string new_label, const storage::Snapshot& snapshot,
                       storage::CommandId cid);
  // Deletes the type's pg_type row and its labels (and the comments on it).
  void DropEnumType(Oid type_oid, const storage::Snapshot& snapshot, storage::CommandId cid);

  // User-defined functions (pg_proc; function_catalog.cpp). FindUserFunctions: every
  // function named `name` in `schema`, or in the schemas of `path` in path order, with
  // schema_name filled. CreateFunction assigns the oid when it is 0 (OR REPLACE keeps the
  // replaced function's); DropFunction deletes the row and the function's comments.
  std::vector<FunctionSchema> UserFunctions(const storage::Snapshot& snapshot);
  std::vector<FunctionSchema> FindUserFunctions(std::string_view schema, std::string_view name,
                                                const SearchPath& path, const storage::Snapshot& snapshot);
  FunctionSchema CreateFunction(FunctionSchema function, const storage::Snapshot& snapshot,
                                storage::CommandId cid);
  void DropFunction(Oid oid, const storage::Snapshot& snapshot, storage::CommandId cid);
  // Rewrites the row of the function with `function.oid` (OR REPLACE, ALTER FUNCTION); its
  // comments stay.
  void UpdateFunction(const FunctionSchema& function, const storage::Snapshot& snapshot, storage::CommandId cid);

  // Planner statistics (pg_statistic; statistics_catalog.cpp). StoreStatistics replaces the
  // table's row and the rows of the columns in `statistics` (other columns keep theirs);
  // FindStatistics reads them back for `table`'s current columns (nullopt: never analyzed);
  // DeleteStatistics removes them all (DROP TABLE, and table rewrites that change columns).
  void StoreStatistics(const TableSchema& table, const RelationStatistics& statistics,
                       const storage::Snapshot& snapshot, storage::CommandId cid);
  std::optional<RelationStatistics> FindStatistics(const TableSchema& table,
                                                   const storage::Snapshot& snapshot);
  void DeleteStatistics(Oid table, const storage::Snapshot& snapshot, storage::CommandId cid);

  // Comments (COMMENT ON; comment_catalog.cpp). pg_description holds those of a database's
  // objects, keyed by the object's oid, the oid of the system catalog it lives in
  // (kRelationClassOid for tables, views, sequences, indexes and their columns) and a column
  // number (0 for the object itself); pg_shdescription those of roles and databases. Setting
  // nullopt or an empty text removes the comment. Dropping an object removes its comments
  // (DropTable, DropIndex, DropRole, and UpdateTable for vanished columns and CHECKs).
  void SetComment(Oid object, Oid class_oid, int32_t sub_id, const std::optional<std::string>& text,
                  const storage::Snapshot& snapshot, storage::CommandId cid);
  std::optional<std::string> FindComment(Oid object, Oid class_oid, int32_t sub_id,
                                         const storage::Snapshot& snapshot);
  void SetSharedComment(Oid object, Oid class_oid, const std::optional<std::string>& text,
                        const storage::Snapshot& snapshot, storage::CommandId cid);
  std::optional<std::string> FindSharedComment(Oid object, Oid class_oid, const storage::Snapshot& snapshot);
  // Every row of a system table the snapshot sees, in heap order (the system views'
  // source: system_views.hpp).
  std::vector<CatalogRow> ReadSystemTable(SystemTable table, const storage::Snapshot& snapshot);

  // The size in bytes of a relation file (pg_relation_size); 0 when it has none.
  int64_t RelationBytes(storage::RelFileNumber relfile);

  Oid AllocateOid();
  Oid next_oid() const { return next_oid_.load(); }

 private:
  // The namespaces to look a name up in: `schema` alone (3F000 when missing), or `path`.
  std::vector<NamespaceName> LookupNamespaces(std::string_view schema, const SearchPath& path,
                                              const storage::Snapshot& snapshot);
  TableSchema LoadTable(const CatalogRow& row, const NamespaceName& namespace_name,
                        const storage::Snapshot& snapshot);
  std::vector<ColumnSchema> LoadColumns(Oid relation, const storage::Snapshot& snapshot);
  std::vector<CheckConstraint> LoadChecks(Oid relation, const storage::Snapshot& snapshot);
  std::vector<IndexSchema> LoadIndexes(Oid relation, const storage::Snapshot& snapshot);
  // Deletes the comments on `objects` of `class_oid`, with their columns' comments.
  void DeleteComments(Oid class_oid, const std::vector<Oid>& objects, const storage::Snapshot& snapshot,
                      storage::CommandId cid);
  // UpdateTable: the column comments of `table` follow its columns from `old_names` (by
  // position, or past the one dropped column when there is one fewer).
  void RenumberColumnComments(Oid table, const std::vector<std::string>& old_names,
                              const std::vector<ColumnSchema>& columns, const storage::Snapshot& snapshot,
                              storage::CommandId cid);
  // The foreign keys of `relation` and those referencing it, with their names resolved.
  void LoadForeignKeys(TableSchema& table, const storage::Snapshot& snapshot);
  void ResolveNames(std::vector<ForeignKey>& keys, const storage::Snapshot& snapshot);

  storage::BufferPool& pool_;
  storage::TransactionManager& transactions_;
  std::atomic<Oid> next_oid_;
};

}  // namespace granary::catalog
