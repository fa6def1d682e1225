// In-memory descriptions of relations as the catalog stores them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/buffer/storage_manager.hpp"
#include "types/type.hpp"

namespace granary::catalog {

using Oid = uint32_t;

// Oids below this belong to the system catalogs (as in PostgreSQL); user objects start here.
inline constexpr Oid kFirstNormalOid = 16384;
// The system catalogs comments name as the home of an object (pg_description.classoid).
inline constexpr Oid kRelationClassOid = 1259;    // pg_class
inline constexpr Oid kNamespaceClassOid = 2615;   // pg_namespace
inline constexpr Oid kConstraintClassOid = 2606;  // pg_constraint
inline constexpr Oid kRoleClassOid = 1260;        // pg_authid
inline constexpr Oid kDatabaseClassOid = 1262;    // pg_database
inline constexpr Oid kTypeClassOid = 1247;        // pg_type

inline constexpr Oid kPgCatalogNamespace = 11;
inline constexpr Oid kPublicNamespace = 2200;
inline constexpr Oid kPgToastNamespace = 99;

struct ColumnSchema {
  std::string name;
  types::Type type;
  bool not_null = false;
  // The DEFAULT expression as SQL text (re-parsed when used), or nullopt. An identity
  // column's is the nextval() call of its sequence.
  std::optional<std::string> default_sql;
  // pg_attribute.attidentity: 'a' GENERATED ALWAYS AS IDENTITY, 'd' BY DEFAULT, 0 otherwise.
  char identity = 0;
  // pg_attribute.attgenerated: 's' for GENERATED ALWAYS AS (expr) STORED, whose expression
  // (over the row's other columns) is then `default_sql`; 0 otherwise.
  char generated = 0;
};

// A CHECK constraint: its name and its condition as SQL text over the table's columns.
struct CheckConstraint {
  std::string name;
  std::string sql;
  // pg_constraint.oid, kept when the table's rows are rewritten; 0 for a new constraint.
  Oid oid = 0;
  // convalidated: false after ADD CONSTRAINT ... NOT VALID until VALIDATE CONSTRAINT; new
  // and updated rows are checked either way, existing rows only once it is validated.
  bool validated = true;
  // connoinherit: NO INHERIT (no effect without table inheritance; kept for the definition).
  bool no_inherit = false;
};

// A B-tree index of a table. Its keys and predicate live in `definition`, the canonical
// CREATE INDEX statement (as pg_get_indexdef prints it), which the planner parses; the
// catalog does not depend on the parser.
struct IndexSchema {
  Oid oid = 0;
  std::string name;
  storage::RelFileNumber relfile = 0;
  bool unique = false;
  bool primary = false;
  // Whether a PRIMARY KEY or UNIQUE constraint owns the index (pg_constraint row 'p' or 'u'
  // of the same name); DROP CONSTRAINT drops such an index, DROP INDEX refuses to.
  bool constraint = false;
  std::string definition;
  // indisclustered: the index CLUSTER last ordered the table by (or ALTER TABLE ... CLUSTER
  // ON named); a plain CLUSTER of the table uses it. At most one per table.
  bool clustered = false;
};

// A FOREIGN KEY constraint (pg_constraint row 'f'). Column positions are 0-based indexes
// into the tables' columns (conkey/confkey are these plus one). The names are resolved when
// the constraint is loaded, for messages and for the statements that enforce it
// (engine/foreign_keys.hpp).
struct ForeignKey {
  Oid oid = 0;
  std::string name;
  Oid table_oid = 0;                     // conrelid: the referencing table
  std::vector<size_t> columns;           // conkey
  Oid referenced_oid = 0;                // confrelid
  std::vector<size_t> referenced_columns;  // confkey
  Oid index_oid = 0;                     // conindid: the referenced unique index
  char match = 's';                      // confmatchtype: 's' SIMPLE, 'f' FULL
  // confupdtype / confdeltype: 'a' NO ACTION, 'r' RESTRICT, 'c' CASCADE, 'n' SET NULL,
  // 'd' SET DEFAULT.
  char on_update = 'a';
  char on_delete = 'a';
  // ON DELETE SET NULL / SET DEFAULT (columns): the columns set (confdelsetcols); empty: all.
  std::vector<size_t> delete_set_columns;
  bool validated = true;                 // convalidated (false after NOT VALID)
  bool deferrable = false;               // condeferrable
  bool initially_deferred = false;       // condeferred

  std::string table_schema, table_name;
  std::vector<std::string> column_names;
  std::string referenced_schema, referenced_name;
  std::vector<std::string> referenced_column_names;

  // The pg_constraint source text of the fields above the names, and back.
  std::string Encode() const;
  static ForeignKey Decode(const std::string& source);
  // pg_get_constraintdef's text: FOREIGN KEY (p) REFERENCES p(id) ON DELETE CASCADE. The
  // referenced table is schema-qualified unless `referenced_visible`.
  std::string Definition(bool referenced_visible) const;
};

// An identifier as PostgreSQL's quote_identifier writes it (double-quoted unless it is
// lower-case letters, digits and underscores starting with a letter or underscore).
std::string QuoteName(const std::string& name);

struct TableSchema {
  Oid oid = 0;
  Oid namespace_oid = kPublicNamespace;
  std::string schema_name = "public";
  std::string name;
  // pg_class.relkind: 'r' ordinary table, 'v' view, 'm' materialized view, 'S' sequence,
  // 't' toast, 'i' index
  char kind = 'r';
  // kind 'v' and 'm': the view's query as SQL text (a materialized view's rows are stored
  // in its relation file like a table's; REFRESH replaces them).
  std::string view_definition;
  // pg_class.relispopulated: false for a materialized view made or refreshed WITH NO DATA,
  // which cannot be read (55000) until refreshed with data.
  bool populated = true;
  // kind 'v': the search_path its query binds along (the schemas the creator's path resolved
  // to, as a setting value); nullopt for views made before it was recorded.
  std::optional<std::string> view_search_path;
  // kind 'v': WITH CHECK OPTION, 'c' CASCADED or 'l' LOCAL (0: none): rows the view's
  // INSERT or UPDATE writes must satisfy its conditions (planner/analyze/updatable_view.hpp).
  char view_check_option = 0;
  storage::RelFileNumber relfile = 0;
  // The toast relation holding its out-of-line values (storage/heap/toast.hpp); 0 when the
  // table has no text, varchar or bytea column (pg_class.reltoastrelid; its oid is its
  // relfile number).
  storage::RelFileNumber toast_relfile = 0;
  std::vector<ColumnSchema> columns;
  std::vector<CheckConstraint> checks;
  std::vector<IndexSchema> indexes;
  // FOREIGN KEY constraints of this table, and those of any table (itself included) that
  // reference it; loaded by Catalog::FindTable, in creation order.
  std::vector<ForeignKey> foreign_keys;
  std::vector<ForeignKey> referenced_by;
  // Storage parameters (pg_class.reloptions), each "name=value", as validated by
  // catalog/reloptions.hpp.
  std::vector<std::string> reloptions;

  // 0-based index of the column named `name`, or nullopt.
  std::optional<size_t> ColumnIndex(std::string_view column_name) const;
  std::vector<types::Type> ColumnTypes() const;
};

}  // namespace granary::catalog
