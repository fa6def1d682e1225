// Schemas: rows of pg_namespace, created, renamed and dropped in the statement's transaction.
#include "engine/schema_commands.hpp"

#include <algorithm>
#include <set>

#include "common/sqlstate.hpp"
#include "engine/alter_table.hpp"
#include "engine/ddl.hpp"
#include "engine/type_commands.hpp"
#include "planner/analyze/deparse.hpp"
#include "storage/sequence/sequence_file.hpp"

namespace granary {
namespace {

Result Tagged(std::string tag) {
  Result result;
  result.impl().command_tag = std::move(tag);
  return result;
}

void Notice(Result& result, std::string_view sqlstate, std::string message, std::string detail = {}) {
  Error notice(sqlstate, std::move(message), Severity::kNotice);
  if (!detail.empty()) notice.WithDetail(std::move(detail));
  result.impl().notices.push_back(std::move(notice));
}

// Locks a schema name until the transaction ends, so that two transactions creating or
// renaming to the same name queue up (PostgreSQL gets this from pg_namespace's unique index).
void LockSchemaName(planner::AnalyzeContext& context, std::string_view name) {
  if (context.locks == nullptr) return;
  constexpr uint32_t kNamespaceNames = 2615;  // pg_namespace's oid names the space
  context.locks->LockObject(kNamespaceNames, std::hash<std::string_view>()(name),
                            storage::LockMode::kAccessExclusive, "schema name \"" + std::string(name) + "\"");
}

// 42939 for names PostgreSQL keeps for system schemas.
void CheckSchemaName(const std::string& name) {
  if (name.starts_with("pg_")) {
    throw Error(sqlstate::kReservedName, "unacceptable schema name \"" + name + "\"")
        .WithDetail("The prefix \"pg_\" is reserved for system schemas.");
  }
}

const char* KindName(char kind) {
  switch (kind) {
    case 'v': return "view";
    case 'S': return "sequence";
    default: return "table";
  }
}

// The relations DROP SCHEMA reports and drops: those of the namespace, less the sequences a
// table of it owns (they go with their table, as PostgreSQL's auto dependencies).
std::vector<catalog::TableSchema> DependentRelations(Session::Impl& session, catalog::Oid namespace_oid,
                                                     planner::AnalyzeContext& context) {
  std::vector<catalog::TableSchema> relations =
      session.db.catalog->NamespaceRelations(namespace_oid, context.snapshot);
  std::set<catalog::Oid> tables;
  for (const catalog::TableSchema& relation : relations) {
    if (relation.kind == 'r') tables.insert(relation.oid);
  }
  std::vector<catalog::TableSchema> listed;
  for (catalog::TableSchema& relation : relations) {
    if (relation.kind == 'S') {
      const catalog::TableSchema full = *session.db.catalog->FindTable(
          relation.schema_name, relation.name, context.SearchPath(), context.snapshot);
      const storage::SequenceOptions options =
          storage::SequenceFile(*session.db.pool, full.relfile, full.name).ReadOptions();
      if (options.owner_relation != 0 && tables.contains(options.owner_relation)) continue;
    }
    listed.push_back(std::move(relation));
  }
  return listed;
}

// A relation as PostgreSQL's getObjectDescription names it: qualified unless the search path
// finds it by its bare name.
std::string DescribeRelation(Session::Impl& session, const catalog::ResolvedSearchPath& path,
                             const catalog::TableSchema& relation, planner::AnalyzeContext& context) {
  const std::string name = planner::QuoteIdentifier(relation.name);
  for (const catalog::NamespaceName& entry : path.namespaces) {
    if (entry.oid == relation.namespace_oid) return name;
    if (session.db.catalog->RelationExists(entry.oid, relation.name, context.snapshot)) break;
  }
  return planner::QuoteIdentifier(relation.schema_name) + "." + name;
}

}  // namespace

Result CreateSchema(Session::Impl& session, const parser::CreateSchemaStmt& stmt,
                    planner::AnalyzeContext& context) {
  Result result = Tagged("CREATE SCHEMA");
  const std::string owner_name =
      stmt.authorization.empty() ? session.settings.Show("session_authorization") : stmt.authorization;
  const std::optional<catalog::RoleSchema> owner = session.db.catalog->FindRole(owner_name, context.snapshot);
  if (!owner && !stmt.authorization.empty()) {
    throw Error(sqlstate::kUndefinedObject, "role \"" + owner_name + "\" does not exist");
  }
  const std::string name = stmt.name.empty() ? owner_name : stmt.name;
  LockSchemaName(context, name);
  if (session.db.catalog->FindNamespace(name, context.snapshot)) {
    if (stmt.if_not_exists) {
      Notice(result, sqlstate::kDuplicateSchema, "schema \"" + name + "\" already exists, skipping");
      return result;
    }
    throw context.ErrorAt(sqlstate::kDuplicateSchema, "schema \"" + name + "\" already exists",
                          stmt.name.empty() ? -1 : stmt.location);
  }
  CheckSchemaName(name);
  // An embedded session may run as no role at all; its schemas belong to the first superuser
  // like the objects bootstrap made (owner 10 is read that way: system_view_rows.hpp).
  session.db.catalog->CreateNamespace(name, owner ? owner->oid : 10, context.snapshot,
                                      context.snapshot.command_id);
  session.MarkCatalogChanged();
  return result;
}

Result RenameSchema(Session::Impl& session, const parser::RenameSchemaStmt& stmt,
                    planner::AnalyzeContext& context) {
  Result result = Tagged("ALTER SCHEMA");
  LockSchemaName(context, stmt.name);
  LockSchemaName(context, stmt.new_name);
  const std::optional<catalog::Oid> oid = session.db.catalog->FindNamespace(stmt.name, context.snapshot);
  if (!oid) throw Error(sqlstate::kInvalidSchemaName, "schema \"" + stmt.name + "\" does not exist");
  if (session.db.catalog->FindNamespace(stmt.new_name, context.snapshot)) {
    throw Error(sqlstate::kDuplicateSchema, "schema \"" + stmt.new_name + "\" already exists");
  }
  CheckSchemaName(stmt.new_name);
  if (*oid == catalog::kPgCatalogNamespace || *oid == catalog::kPgToastNamespace) {
    throw Error(sqlstate::kFeatureNotSupported, "renaming schema \"" + stmt.name + "\" is not supported");
  }
  // The SQL text the catalog keeps names the schema in two places: index definitions (ON
  // schema.table) and the defaults of SERIAL and identity columns (nextval('schema.seq')).
  // PostgreSQL keeps oids there; here they are rewritten with the new name.
  std::vector<catalog::TableSchema> tables;
  for (const catalog::TableSchema& relation : session.db.catalog->NamespaceRelations(*oid, context.snapshot)) {
    if (relation.kind != 'r') continue;
    if (context.locks != nullptr) {
      context.locks->LockRelation(relation.oid, storage::LockMode::kAccessExclusive, relation.name);
    }
    tables.push_back(*session.db.catalog->FindTable(stmt.name, relation.name, context.SearchPath(),
                                                    context.snapshot));
  }
  const std::string old_prefix = "nextval('" + planner::QuoteIdentifier(stmt.name) + ".";
  const std::string new_prefix = "nextval('" + planner::QuoteIdentifier(stmt.new_name) + ".";
  for (catalog::TableSchema& table : tables) {
    bool changed = false;
    for (catalog::ColumnSchema& column : table.columns) {
      if (column.default_sql && column.default_sql->starts_with(old_prefix)) {
        column.default_sql = new_prefix + column.default_sql->substr(old_prefix.size());
        changed = true;
      }
    }
    if (changed) session.db.catalog->UpdateTable(table, context.snapshot, context.snapshot.command_id);
    for (catalog::IndexSchema index : table.indexes) {
      index.definition = IndexDefinitionWithHead(index, stmt.new_name, table.name);
      session.db.catalog->UpdateIndex(table, index, context.snapshot, context.snapshot.command_id);
    }
  }
  session.db.catalog->RenameNamespace(*oid, stmt.new_name, context.snapshot, context.snapshot.command_id);
  session.MarkCatalogChanged();
  return result;
}

Result DropSchemas(Session::Impl& session, const parser::DropStmt& stmt, planner::AnalyzeContext& context) {
  Result result = Tagged("DROP SCHEMA");
  std::vector<std::pair<catalog::Oid, std::string>> schemas;
  for (const std::vector<std::string>& names : stmt.names) {
    const std::string& name = names.back();
    LockSchemaName(context, name);
    const std::optional<catalog::Oid> oid = session.db.catalog->FindNamespace(name, context.snapshot);
    if (!oid) {
      if (!stmt.if_exists) throw Error(sqlstate::kInvalidSchemaName, "schema \"" + name + "\" does not exist");
      Notice(result, sqlstate::kSuccessfulCompletion, "schema \"" + name + "\" does not exist, skipping");
      continue;
    }
    if (*oid == catalog::kPgCatalogNamespace || *oid == catalog::kPgToastNamespace) {
      throw Error(sqlstate::kDependentObjectsStillExist,
                  "cannot drop schema " + name + " because it is required by the database system");
    }
    const bool repeated = std::any_of(schemas.begin(), schemas.end(),
                                      [&](const auto& schema) { return schema.first == *oid; });
    if (!repeated) schemas.emplace_back(*oid, name);
  }
  // Every relation of every schema, in creation order within each schema.
  std::vector<catalog::TableSchema> relations;
  std::string detail;
  const catalog::ResolvedSearchPath path =
      session.db.catalog->ResolveSearchPath(context.SearchPath(), context.snapshot);
  for (const auto& [oid, name] : schemas) {
    for (catalog::TableSchema& relation : DependentRelations(session, oid, context)) {
      const std::string shown = DescribeRelation(session, path, relation, context);
      if (!detail.empty()) detail += '\n';
      detail += stmt.cascade ? "drop cascades to " + std::string(KindName(relation.kind)) + " " + shown
                             : std::string(KindName(relation.kind)) + " " + shown + " depends on schema " +
                                   planner::QuoteIdentifier(name);
      relations.push_back(std::move(relation));
    }
  }
  // Enum types in the schemas (after their relations: PostgreSQL lists dependents by oid).
  std::vector<types::EnumTypeDefinition> enum_types;
  for (const types::EnumTypeDefinition& type : session.db.catalog->EnumTypes(context.snapshot)) {
    for (const auto& [oid, name] : schemas) {
      if (type.namespace_oid != oid) continue;
      const std::string shown = planner::QuoteIdentifier(name) + "." + planner::QuoteIdentifier(type.name);
      if (!detail.empty()) detail += '\n';
      detail += stmt.cascade ? "drop cascades to type " + shown
                             : "type " + shown + " depends on schema " + planner::QuoteIdentifier(name);
      enum_types.push_back(type);
    }
  }
  const size_t dependents = relations.size() + enum_types.size();
  if (dependents > 0 && !stmt.cascade) {
    const std::string message =
        schemas.size() == 1 ? "cannot drop schema " + planner::QuoteIdentifier(schemas[0].second) +
                                  " because other objects depend on it"
                            : "cannot drop desired object(s) because other objects depend on them";
    throw Error(sqlstate::kDependentObjectsStillExist, message)
        .WithDetail(detail)
        .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
  }
  if (dependents == 1) {
    Notice(result, sqlstate::kSuccessfulCompletion, detail);
  } else if (dependents > 1) {
    Notice(result, sqlstate::kSuccessfulCompletion,
           "drop cascades to " + std::to_string(dependents) + " other objects", detail);
  }
  // Every lock before the first change: taking one may restart the statement.
  std::vector<catalog::TableSchema> full;
  for (const catalog::TableSchema& relation : relations) {
    if (context.locks != nullptr) {
      context.locks->LockRelation(relation.oid, storage::LockMode::kAccessExclusive, relation.name);
    }
    std::optional<catalog::TableSchema> table = session.db.catalog->FindTable(
        relation.schema_name, relation.name, context.SearchPath(), context.snapshot);
    if (table) full.push_back(std::move(*table));
  }
  for (const catalog::TableSchema& table : full) DropRelation(session, table, context);
  if (!enum_types.empty()) {
    // Columns of the types in other schemas' tables go too (DROP TYPE ... CASCADE).
    parser::DropStmt drop_types;
    drop_types.object_type = parser::ObjectType::kType;
    drop_types.cascade = true;
    for (const types::EnumTypeDefinition& type : enum_types) drop_types.names.push_back({type.schema, type.name});
    DropTypes(session, drop_types, context);
  }
  for (const auto& [oid, name] : schemas) {
    session.db.catalog->DropNamespace(oid, context.snapshot, context.snapshot.command_id);
  }
  session.MarkCatalogChanged();
  return result;
}

}  // namespace granary
