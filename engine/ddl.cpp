// CREATE TABLE, CREATE VIEW, DROP TABLE/VIEW, TRUNCATE.
#include "engine/ddl.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "catalog/system_column_names.hpp"
#include "catalog/reloptions.hpp"
#include "common/sqlstate.hpp"
#include "engine/foreign_keys.hpp"
#include "engine/index_commands.hpp"
#include "engine/schema_commands.hpp"
#include "engine/sequence_commands.hpp"
#include "engine/table_storage.hpp"
#include "engine/temp_tables.hpp"
#include "engine/collation_commands.hpp"
#include "engine/create_table_like.hpp"
#include "engine/type_commands.hpp"
#include "planner/analyze/analyzer.hpp"
#include "planner/analyze/collation_assign.hpp"
#include "planner/analyze/deparse.hpp"
#include "planner/analyze/expr_binder.hpp"
#include "planner/analyze/generated_columns.hpp"
#include "planner/analyze/updatable_view.hpp"

namespace granary {

std::vector<catalog::RelOptionInput> RelOptionInputs(const std::vector<parser::RelOption>& options) {
  std::vector<catalog::RelOptionInput> inputs;
  for (const parser::RelOption& option : options) {
    inputs.push_back({option.name, option.has_value ? std::optional<std::string>(option.value)
                                                    : std::nullopt});
  }
  return inputs;
}

namespace {

const char* ConstraintName(parser::ConstraintKind kind) {
  switch (kind) {
    case parser::ConstraintKind::kPrimaryKey: return "PRIMARY KEY";
    case parser::ConstraintKind::kUnique: return "UNIQUE";
    case parser::ConstraintKind::kCheck: return "CHECK";
    case parser::ConstraintKind::kForeignKey: return "FOREIGN KEY";
    default: return "this";
  }
}

[[noreturn]] void UnsupportedConstraint(const parser::Constraint& constraint,
                                        planner::AnalyzeContext& context) {
  throw context.ErrorAt(sqlstate::kFeatureNotSupported,
                        std::string(ConstraintName(constraint.kind)) +
                            " constraints are not supported yet",
                        constraint.location);
}

// DEFERRABLE / INITIALLY DEFERRED on PRIMARY KEY and UNIQUE: unique checks at commit are not
// implemented (0A000); NOT DEFERRABLE and INITIALLY IMMEDIATE say what they are. (Foreign
// keys may be deferred: foreign_keys.hpp.)
void RefuseDeferrable(const parser::Constraint& constraint, planner::AnalyzeContext& context) {
  if ((constraint.attributes & (parser::kConstraintDeferrable | parser::kConstraintInitiallyDeferred)) != 0) {
    throw context.ErrorAt(sqlstate::kFeatureNotSupported, "deferrable constraints are not supported",
                          constraint.location);
  }
}

// Adds a CHECK constraint to `table`, named as PostgreSQL names it when no name is given:
// <table>_<column>_check when the condition reads exactly one column, else <table>_check, with
// a number appended until the name is free. Binding it here refuses at CREATE time a
// condition that can never work.
}  // namespace

// PostgreSQL's transformColumnDefinition checks of a generation clause against the other
// clauses of its column, made as each clause is met (42601 at that clause).
void CheckGenerationClause(const parser::Constraint& constraint, const parser::Constraint* generated,
                           bool has_default, bool has_identity, const std::string& column,
                           const std::string& table, planner::AnalyzeContext& context) {
  const std::string of = " for column \"" + column + "\" of table \"" + table + "\"";
  const bool is_generated = constraint.kind == parser::ConstraintKind::kGenerated;
  if (is_generated && generated != nullptr) {
    throw context.ErrorAt(sqlstate::kSyntaxError, "multiple generation clauses specified" + of,
                          constraint.location);
  }
  if ((is_generated && has_default) || (generated != nullptr && constraint.kind == parser::ConstraintKind::kDefault)) {
    throw context.ErrorAt(sqlstate::kSyntaxError, "both default and generation expression specified" + of,
                          constraint.location);
  }
  if ((is_generated && has_identity) || (generated != nullptr && constraint.kind == parser::ConstraintKind::kIdentity)) {
    throw context.ErrorAt(sqlstate::kSyntaxError, "both identity and generation expression specified" + of,
                          constraint.location);
  }
}

void AddCheck(catalog::TableSchema& table, const parser::Constraint& constraint,
              planner::AnalyzeContext& context) {
  catalog::TableSchema probe = table;
  probe.checks = {catalog::CheckConstraint{"", planner::ExprToSql(*constraint.expr), 0}};
  const planner::BoundChecks bound = planner::BindChecks(probe, context);
  std::set<size_t> columns;
  bound.exprs[0]->Walk([&](const planner::BoundExpr& node) {
    if (node.kind == planner::BoundKind::kColumn) columns.insert(node.index);
  });
  auto taken = [&](const std::string& candidate) { return ConstraintNameTaken(table, candidate); };
  std::string name = constraint.name;
  if (name.empty()) {
    const std::string base = table.name +
                             (columns.size() == 1 ? "_" + table.columns[*columns.begin()].name : "") +
                             "_check";
    name = base;
    for (int suffix = 1; taken(name); ++suffix) name = base + std::to_string(suffix);
  } else if (taken(name)) {
    throw context.ErrorAt(sqlstate::kDuplicateObject,
                          "constraint \"" + name + "\" for relation \"" + table.name +
                              "\" already exists",
                          constraint.location);
  }
  catalog::CheckConstraint check{name, probe.checks[0].sql, 0};
  check.no_inherit = (constraint.attributes & parser::kConstraintNoInherit) != 0;
  table.checks.push_back(std::move(check));
}

void LockRelationName(planner::AnalyzeContext& context, catalog::Oid namespace_oid,
                      std::string_view name) {
  if (context.locks == nullptr) return;
  // pg_class's oid names the space of relation names.
  constexpr uint32_t kRelationNames = 1259;
  const uint64_t key = std::hash<std::string_view>()(name) * 31 + namespace_oid;
  context.locks->LockObject(kRelationNames, key, storage::LockMode::kAccessExclusive,
                            "relation name \"" + std::string(name) + "\"");
}

catalog::NamespaceName CreationNamespace(Session::Impl& session, const parser::RangeVar& name,
                                         planner::AnalyzeContext& context, bool temporary) {
  planner::CheckDatabaseName(name.catalog, name.schema, name.name, context, name.location);
  const catalog::SearchPath& path = context.SearchPath();
  const bool temp_schema_named = !name.schema.empty() && path.Schema(name.schema) == path.temp_schema;
  if (temporary && !name.schema.empty() && !temp_schema_named) {
    throw context.ErrorAt(sqlstate::kInvalidTableDefinition,
                          "cannot create temporary relation in non-temporary schema", name.location);
  }
  // CREATE TEMP ..., or a name qualified by pg_temp (PostgreSQL makes that relation
  // temporary too).
  if (temporary || temp_schema_named) return TempNamespace(session, context);
  catalog::NamespaceName namespace_name;
  try {
    namespace_name = session.db.catalog->CreationNamespace(name.schema, context.SearchPath(), context.snapshot);
  } catch (const Error& error) {
    throw context.ErrorAt(error.sqlstate(), error.message(), name.location);
  }
  if (namespace_name.oid == catalog::kPgCatalogNamespace || namespace_name.oid == catalog::kPgToastNamespace) {
    throw context.ErrorAt(sqlstate::kInsufficientPrivilege,
                          "permission denied to create \"" + namespace_name.name + "." + name.name + "\"",
                          name.location)
        .WithDetail("System catalog modifications are currently disallowed.");
  }
  return namespace_name;
}

bool DropTargetSchemaExists(Session::Impl& session, const std::string& schema, bool if_exists,
                            Result& result, planner::AnalyzeContext& context) {
  if (schema.empty() || session.db.catalog->FindNamespace(context.SearchPath().Schema(schema), context.snapshot)) {
    return true;
  }
  if (!if_exists) throw Error(sqlstate::kInvalidSchemaName, "schema \"" + schema + "\" does not exist");
  result.impl().notices.push_back(Error(sqlstate::kSuccessfulCompletion,
                                        "schema \"" + schema + "\" does not exist, skipping",
                                        Severity::kNotice));
  return false;
}

Result CreateTable(Session::Impl& session, const parser::CreateTableStmt& stmt,
                   planner::AnalyzeContext& context) {
  Result result;
  result.impl().command_tag = "CREATE TABLE";
  catalog::TableSchema table;
  table.name = stmt.table->name;
  const catalog::NamespaceName namespace_name =
      CreationNamespace(session, *stmt.table, context, stmt.temporary);
  CheckOnCommit(stmt.on_commit, namespace_name, context);
  table.namespace_oid = namespace_name.oid;
  table.schema_name = namespace_name.name;
  LockRelationName(context, table.namespace_oid, table.name);
  if (session.db.catalog->RelationExists(table.namespace_oid, table.name, context.snapshot)) {
    if (stmt.if_not_exists) {
      result.impl().notices.push_back(Error(sqlstate::kDuplicateTable,
                                            "relation \"" + table.name + "\" already exists, skipping",
                                            Severity::kNotice));
      return result;
    }
    throw context.ErrorAt(sqlstate::kDuplicateTable,
                          "relation \"" + table.name + "\" already exists", stmt.table->location);
  }
  table.reloptions = catalog::ValidateTableOptions(RelOptionInputs(stmt.options));
  std::set<std::string> names;
  std::vector<const parser::Constraint*> check_constraints;
  // PRIMARY KEY and UNIQUE constraints: the constraint and its columns.
  std::vector<std::pair<const parser::Constraint*, std::vector<std::string>>> key_constraints;
  std::vector<ColumnSequence> column_sequences;  // of SERIAL and identity columns
  // FOREIGN KEY constraints and their columns, made once the table and its keys exist.
  std::vector<std::pair<const parser::Constraint*, std::vector<std::string>>> foreign_keys;
  // DEFERRABLE / INITIALLY ... written after a column's REFERENCES.
  std::map<const parser::Constraint*, int> key_attributes;
  // Generated columns and their expressions, bound once every column is known (an
  // expression may read a column defined after it).
  std::vector<std::pair<size_t, const parser::Constraint*>> generated_columns;
  // LIKE clauses: their columns go where they stand among the column definitions.
  std::vector<LikeCopies> like_copies;
  auto add_like_clauses = [&](size_t position) {
    for (const parser::TableLikeClause& like : stmt.like_clauses) {
      if (like.position != position) continue;
      LikeCopies copies = AddLikeColumns(session, like, table, names, context);
      for (size_t index : copies.columns) {
        if (table.columns[index].identity == 0) continue;
        ColumnSequence sequence = PlanColumnSequence(session, table, index, {}, context);
        table.columns[index].default_sql = NextvalDefault(sequence);
        table.columns[index].not_null = true;
        column_sequences.push_back(std::move(sequence));
      }
      like_copies.push_back(std::move(copies));
    }
  };
  for (size_t position = 0; position <= stmt.columns.size(); ++position) {
    add_like_clauses(position);
    if (position == stmt.columns.size()) break;
    const parser::ColumnDef& definition = stmt.columns[position];
    if (!names.insert(definition.name).second) {
      throw context.ErrorAt(sqlstate::kDuplicateColumn,
                            "column \"" + definition.name + "\" specified more than once",
                            definition.location);
    }
    catalog::CheckNotSystemColumnName(definition.name);
    catalog::ColumnSchema column;
    column.name = definition.name;
    const std::optional<types::TypeId> serial = SerialColumnType(definition.type);
    column.type = serial ? types::Type{*serial, -1} : planner::ResolveTypeName(definition.type, context);
    planner::CheckColumnType(column.name, column.type);
    const parser::Constraint* identity = nullptr;
    const parser::Constraint* generated = nullptr;
    const parser::Constraint* previous = nullptr;  // the last constraint before an attribute
    bool has_default = false;
    for (const parser::Constraint& constraint : definition.constraints) {
      CheckGenerationClause(constraint, generated, has_default || serial, identity != nullptr, definition.name,
                            table.name, context);
      switch (constraint.kind) {
        case parser::ConstraintKind::kNotNull: column.not_null = true; break;
        case parser::ConstraintKind::kNull: column.not_null = false; break;
        case parser::ConstraintKind::kDefault:
          if (has_default || serial) {
            throw context.ErrorAt(sqlstate::kSyntaxError,
                                  "multiple default values specified for column \"" +
                                      definition.name + "\" of table \"" + table.name + "\"",
                                  constraint.location);
          }
          has_default = true;
          column.default_sql = planner::ExprToSql(*constraint.expr);
          break;
        case parser::ConstraintKind::kIdentity:
          if (identity != nullptr) {
            throw context.ErrorAt(sqlstate::kSyntaxError,
                                  "multiple identity specifications for column \"" +
                                      definition.name + "\" of table \"" + table.name + "\"",
                                  constraint.location);
          }
          identity = &constraint;
          break;
        case parser::ConstraintKind::kGenerated:
          generated = &constraint;
          column.generated = 's';
          break;
        case parser::ConstraintKind::kCheck: check_constraints.push_back(&constraint); break;
        case parser::ConstraintKind::kPrimaryKey:
        case parser::ConstraintKind::kUnique:
          key_constraints.emplace_back(&constraint, std::vector<std::string>{definition.name});
          break;
        case parser::ConstraintKind::kForeignKey:
          foreign_keys.emplace_back(&constraint, std::vector<std::string>{definition.name});
          break;
        case parser::ConstraintKind::kCollate:
          column.type = planner::ApplyCollation(column.type, constraint.collation, constraint.location, context);
          break;
        case parser::ConstraintKind::kAttribute:
          // DEFERRABLE and INITIALLY ... after a column's REFERENCES belong to it.
          if (previous != nullptr && previous->kind == parser::ConstraintKind::kForeignKey) {
            key_attributes[previous] |= constraint.attributes;
          } else {
            RefuseDeferrable(constraint, context);
          }
          break;
        default: UnsupportedConstraint(constraint, context);
      }
      if (constraint.kind != parser::ConstraintKind::kAttribute) previous = &constraint;
    }
    if (identity != nullptr && (has_default || serial)) {
      throw context.ErrorAt(sqlstate::kSyntaxError,
                            "both default and identity specified for column \"" + definition.name +
                                "\" of table \"" + table.name + "\"",
                            identity->location);
    }
    if (identity != nullptr) {
      const types::TypeId id = column.type.id;
      if (id != types::TypeId::kInt2 && id != types::TypeId::kInt4 && id != types::TypeId::kInt8) {
        throw context.ErrorAt(sqlstate::kInvalidParameterValue,
                              "identity column type must be smallint, integer, or bigint",
                              identity->location);
      }
      column.identity = identity->generated_always ? 'a' : 'd';
    }
    if (column.default_sql) {
      // Bind it now so that a default that can never work is refused at CREATE time.
      planner::BindColumnDefault(column, context);
    }
    if (generated != nullptr) generated_columns.emplace_back(table.columns.size(), generated);
    table.columns.push_back(std::move(column));
    if (serial || identity != nullptr) {
      ColumnSequence sequence =
          PlanColumnSequence(session, table, table.columns.size() - 1,
                             identity ? identity->sequence_options : std::vector<parser::SequenceOption>{},
                             context);
      table.columns.back().default_sql = NextvalDefault(sequence);
      table.columns.back().not_null = true;
      column_sequences.push_back(std::move(sequence));
    }
  }
  for (const auto& [index, constraint] : generated_columns) {
    table.columns[index].default_sql =
        planner::CheckGenerationExpression(table, index, *constraint->expr, context);
  }
  for (const parser::Constraint& constraint : stmt.table_constraints) {
    if (constraint.kind == parser::ConstraintKind::kCheck) {
      check_constraints.push_back(&constraint);
    } else if (constraint.kind == parser::ConstraintKind::kPrimaryKey ||
               constraint.kind == parser::ConstraintKind::kUnique) {
      RefuseDeferrable(constraint, context);
      key_constraints.emplace_back(&constraint, constraint.columns);
    } else if (constraint.kind == parser::ConstraintKind::kForeignKey) {
      foreign_keys.emplace_back(&constraint, constraint.columns);
    } else {
      UnsupportedConstraint(constraint, context);
    }
  }
  for (const parser::Constraint* constraint : check_constraints) AddCheck(table, *constraint, context);
  // A primary key's columns are NOT NULL; there is at most one primary key.
  bool has_primary_key = false;
  for (const auto& [constraint, columns] : key_constraints) {
    if (constraint->kind != parser::ConstraintKind::kPrimaryKey) continue;
    if (has_primary_key) {
      throw context.ErrorAt(sqlstate::kInvalidTableDefinition,
                            "multiple primary keys for table \"" + table.name + "\" are not allowed",
                            constraint->location);
    }
    has_primary_key = true;
    for (const std::string& name : columns) {
      const std::optional<size_t> index = table.ColumnIndex(name);
      if (!index) {
        throw context.ErrorAt(sqlstate::kUndefinedColumn,
                              "column \"" + name + "\" named in key does not exist",
                              constraint->location);
      }
      table.columns[*index].not_null = true;
    }
  }

  const catalog::TableSchema created =
      session.db.catalog->CreateTable(std::move(table), context.snapshot, context.snapshot.command_id);
  session.DropFileOnAbort(created.relfile);
  if (created.toast_relfile != 0) session.DropFileOnAbort(created.toast_relfile);
  session.MarkCatalogChanged();
  RegisterOnCommit(session, created, stmt.on_commit);
  for (const ColumnSequence& sequence : column_sequences) {
    CreateColumnSequence(session, created, sequence, context);
  }
  for (const auto& [constraint, columns] : key_constraints) {
    CreateConstraintIndex(session, created, columns,
                          constraint->kind == parser::ConstraintKind::kPrimaryKey, constraint->name,
                          constraint->location, context, constraint->including);
  }
  if (!foreign_keys.empty()) {
    // A new step, so that the table's own keys are there for a self-reference.
    const storage::Snapshot after = session.NextCommand(context.snapshot);
    const QuietLocks locks(context.locks);
    std::vector<types::Type> no_params;
    planner::AnalyzeContext key_context{*session.db.catalog, after, context.sql, no_params};
    key_context.locks = locks.get();
    key_context.search_path = context.search_path;
    key_context.database = context.database;
    catalog::TableSchema current = *session.db.catalog->FindTable(created.schema_name, created.name, catalog::SearchPath{}, after);
    for (const auto& [constraint, columns] : foreign_keys) {
      catalog::ForeignKey key =
          DefineForeignKey(session, current, *constraint, columns, key_context, key_attributes[constraint]);
      key.validated = true;  // an empty table: NOT VALID has nothing to skip
      current.foreign_keys.push_back(
          session.db.catalog->WriteForeignKey(std::move(key), after, after.command_id));
    }
  }
  for (const LikeCopies& copies : like_copies) CopyLikeObjects(session, created, copies, context);
  return result;
}

Result CreateView(Session::Impl& session, const parser::CreateViewStmt& stmt,
                  planner::AnalyzeContext& context) {
  Result result;
  result.impl().command_tag = "CREATE VIEW";
  // The relations the query reads, to see whether one is temporary.
  std::vector<planner::RelationLock> used;
  std::vector<planner::RelationLock>* const outer_locks_taken = context.locks_taken;
  context.locks_taken = &used;
  std::unique_ptr<planner::BoundQuery> query;
  try {
    query = planner::BindSelect(*stmt.query, context);
  } catch (...) {
    context.locks_taken = outer_locks_taken;
    throw;
  }
  context.locks_taken = outer_locks_taken;
  if (outer_locks_taken != nullptr) outer_locks_taken->insert(outer_locks_taken->end(), used.begin(), used.end());
  const std::vector<types::Type> types = query->OutputTypes();
  const std::vector<std::string> names = query->OutputNames();
  if (stmt.columns.size() > types.size()) {
    throw Error(sqlstate::kSyntaxError, "CREATE VIEW specifies more column names than columns");
  }
  catalog::TableSchema view;
  view.kind = 'v';
  view.name = stmt.view->name;
  // A view of a temporary relation is temporary itself, as PostgreSQL makes it (with a
  // notice), unless it was named into a permanent schema (42P16 then).
  bool temporary = stmt.temporary;
  if (!temporary) {
    if (const std::optional<catalog::Oid> temp_oid =
            session.db.catalog->FindNamespace(session.TempSchemaName(), context.snapshot)) {
      for (const catalog::TableSchema& relation : session.db.catalog->NamespaceRelations(*temp_oid, context.snapshot)) {
        temporary = temporary || std::any_of(used.begin(), used.end(), [&](const planner::RelationLock& lock) {
                      return lock.oid == relation.oid;
                    });
      }
      const std::string_view schema = context.SearchPath().Schema(stmt.view->schema);
      if (temporary && !schema.empty() && schema != session.TempSchemaName()) {
        throw context.ErrorAt(sqlstate::kInvalidTableDefinition,
                              "cannot create temporary relation in non-temporary schema", stmt.view->location);
      }
      if (temporary) {
        result.impl().notices.push_back(Error(sqlstate::kSuccessfulCompletion,
                                              "view \"" + stmt.view->name + "\" will be a temporary view",
                                              Severity::kNotice));
      }
    }
  }
  const catalog::NamespaceName namespace_name = CreationNamespace(session, *stmt.view, context, temporary);
  view.namespace_oid = namespace_name.oid;
  view.schema_name = namespace_name.name;
  for (size_t i = 0; i < types.size(); ++i) {
    catalog::ColumnSchema column;
    column.name = i < stmt.columns.size() ? stmt.columns[i] : names[i];
    column.type = types[i].id == types::TypeId::kUnknown ? types::Type{types::TypeId::kText, -1} : types[i];
    view.columns.push_back(std::move(column));
  }
  view.view_definition = std::string(context.sql.substr(stmt.query->location, stmt.query->length));
  // The query binds along the schemas the creator's path finds now, wherever it is read from
  // (PostgreSQL binds it once, here).
  const catalog::ResolvedSearchPath path =
      session.db.catalog->ResolveSearchPath(context.SearchPath(), context.snapshot);
  std::string resolved;
  // A temporary view reads the session's temporary schema first, as its creator did.
  if (temporary && path.implicit_count > 0 && path.namespaces.front().name == session.TempSchemaName()) {
    resolved = planner::QuoteIdentifier(session.TempSchemaName());
  }
  for (size_t i = path.implicit_count; i < path.namespaces.size(); ++i) {
    resolved += (resolved.empty() ? "" : ", ") + planner::QuoteIdentifier(path.namespaces[i].name);
  }
  view.view_search_path = resolved;
  if (stmt.check_option != 0) {
    view.view_check_option = stmt.check_option;
    // Only rows written through the view are checked, so only a view one can write through
    // may have the option (PostgreSQL's DefineView).
    try {
      const planner::UpdatableView writable(view, *stmt.view, planner::ViewChange::kInsert, context);
    } catch (const Error& error) {
      if (error.sqlstate() != sqlstate::kObjectNotInPrerequisiteState) throw;
      throw Error(sqlstate::kFeatureNotSupported,
                  "WITH CHECK OPTION is supported only on automatically updatable views")
          .WithHint(error.detail());
    }
  }
  LockRelationName(context, view.namespace_oid, view.name);
  std::optional<catalog::TableSchema> existing =
      session.db.catalog->FindTable(view.schema_name, view.name, context.SearchPath(), context.snapshot);
  if (existing && stmt.or_replace) {
    if (existing->kind != 'v') {
      throw Error(sqlstate::kWrongObjectType, "\"" + view.name + "\" is not a view");
    }
    if (context.locks) context.locks->LockRelation(existing->oid, storage::LockMode::kAccessExclusive, existing->name);
    session.db.catalog->DropTable(*existing, context.snapshot, context.snapshot.command_id);
    const storage::Snapshot after_drop = session.NextCommand(context.snapshot);
    session.db.catalog->CreateTable(std::move(view), after_drop, after_drop.command_id);
    session.MarkCatalogChanged();
    return result;
  }
  session.db.catalog->CreateTable(std::move(view), context.snapshot, context.snapshot.command_id);
  session.MarkCatalogChanged();
  return result;
}

Result Drop(Session::Impl& session, const parser::DropStmt& stmt, planner::AnalyzeContext& context) {
  if (stmt.object_type == parser::ObjectType::kIndex) return DropIndexes(session, stmt, context);
  if (stmt.object_type == parser::ObjectType::kSequence) return DropSequences(session, stmt, context);
  if (stmt.object_type == parser::ObjectType::kSchema) return DropSchemas(session, stmt, context);
  if (stmt.object_type == parser::ObjectType::kCollation) return DropCollations(session, stmt, context);
  if (stmt.object_type == parser::ObjectType::kType) return DropTypes(session, stmt, context);
  if (stmt.object_type != parser::ObjectType::kTable && stmt.object_type != parser::ObjectType::kView &&
      stmt.object_type != parser::ObjectType::kMaterializedView) {
    throw Error(sqlstate::kFeatureNotSupported,
                "only DROP TABLE, DROP VIEW, DROP SEQUENCE and DROP INDEX are supported yet");
  }
  const char wanted = stmt.object_type == parser::ObjectType::kView               ? 'v'
                      : stmt.object_type == parser::ObjectType::kMaterializedView ? 'm'
                                                                                  : 'r';
  const char* what = wanted == 'v' ? "view" : wanted == 'm' ? "materialized view" : "table";
  Result result;
  result.impl().command_tag = wanted == 'v' ? "DROP VIEW" : wanted == 'm' ? "DROP MATERIALIZED VIEW" : "DROP TABLE";
  std::vector<catalog::TableSchema> tables;
  for (const std::vector<std::string>& name : stmt.names) {
    const auto [schema, relation_name] = planner::SplitObjectName(name, context);
    if (!DropTargetSchemaExists(session, schema, stmt.if_exists, result, context)) continue;
    std::optional<catalog::TableSchema> table =
        session.db.catalog->FindTable(schema, relation_name, context.SearchPath(), context.snapshot);
    if (!table) {
      if (stmt.if_exists) {
        result.impl().notices.push_back(Error(sqlstate::kSuccessfulCompletion,
                                              std::string(what) + " \"" + name.back() +
                                                  "\" does not exist, skipping",
                                              Severity::kNotice));
        continue;
      }
      throw Error(sqlstate::kUndefinedTable,
                  std::string(what) + " \"" + name.back() + "\" does not exist");
    }
    if (table->kind != wanted) {
      const char* hint = table->kind == 'S'   ? "Use DROP SEQUENCE to remove a sequence."
                         : table->kind == 'v' ? "Use DROP VIEW to remove a view."
                         : table->kind == 'm' ? "Use DROP MATERIALIZED VIEW to remove a materialized view."
                                              : "Use DROP TABLE to remove a table.";
      throw Error(sqlstate::kWrongObjectType, "\"" + table->name + "\" is not a " + what)
          .WithHint(hint);
    }
    if (table->namespace_oid == catalog::kPgCatalogNamespace) {
      throw Error(sqlstate::kInsufficientPrivilege,
                  "permission denied: \"" + table->name + "\" is a system catalog");
    }
    // Every lock before the first change: taking one may restart the statement.
    if (context.locks) {
      context.locks->LockRelation(table->oid, storage::LockMode::kAccessExclusive, table->name);
    }
    tables.push_back(std::move(*table));
  }
  // Foreign keys of other tables that reference a dropped table: 2BP01, or dropped with
  // CASCADE (their tables locked first, before any change).
  std::set<catalog::Oid> dropped;
  for (const catalog::TableSchema& table : tables) dropped.insert(table.oid);
  std::vector<catalog::ForeignKey> dependents;
  for (const catalog::TableSchema& table : tables) {
    std::vector<catalog::ForeignKey> mine;
    for (const catalog::ForeignKey& key : table.referenced_by) {
      if (dropped.count(key.table_oid) == 0) mine.push_back(key);
    }
    if (!stmt.cascade) ReportDependentKeys(mine, "table " + table.name, "table " + table.name, false, result);
    dependents.insert(dependents.end(), mine.begin(), mine.end());
  }
  ReportDependentKeys(dependents, "", "", true, result);
  for (const catalog::ForeignKey& key : dependents) {
    if (context.locks) {
      context.locks->LockRelation(key.table_oid, storage::LockMode::kAccessExclusive, key.table_name);
    }
  }
  for (const catalog::ForeignKey& key : dependents) {
    session.db.catalog->DropConstraint(key.oid, context.snapshot, context.snapshot.command_id);
  }
  for (const catalog::TableSchema& table : tables) DropRelation(session, table, context);
  session.MarkCatalogChanged();
  return result;
}

void DropRelation(Session::Impl& session, const catalog::TableSchema& relation,
                  planner::AnalyzeContext& context) {
  if (relation.kind == 'r') DropOwnedSequences(session, relation, context);
  session.db.catalog->DropTable(relation, context.snapshot, context.snapshot.command_id);
  if (relation.kind != 'v') session.DropFileOnCommit(relation.relfile);
  if (relation.toast_relfile != 0) session.DropFileOnCommit(relation.toast_relfile);
  for (const catalog::IndexSchema& index : relation.indexes) session.DropFileOnCommit(index.relfile);
  session.MarkCatalogChanged();
}

Result Truncate(Session::Impl& session, const parser::TruncateStmt& stmt,
                planner::AnalyzeContext& context) {
  Result result;
  result.impl().command_tag = "TRUNCATE TABLE";
  std::vector<catalog::TableSchema> tables;
  std::set<catalog::Oid> seen;
  for (const std::unique_ptr<parser::RangeVar>& name : stmt.tables) {
    // Table lock: AccessExclusiveLock
    catalog::TableSchema table = planner::LookupTable(*name, context, storage::LockMode::kAccessExclusive);
    if (table.kind != 'r') {
      throw Error(sqlstate::kWrongObjectType, "\"" + table.name + "\" is not a table");
    }
    if (table.namespace_oid == catalog::kPgCatalogNamespace) {
      throw Error(sqlstate::kInsufficientPrivilege,
                  "permission denied: \"" + table.name + "\" is a system catalog");
    }
    if (seen.insert(table.oid).second) tables.push_back(std::move(table));
  }
  // Tables referencing a truncated one must be truncated too: listed, or added by CASCADE
  // (PostgreSQL's heap_truncate_find_FKs / heap_truncate_check_FKs).
  for (size_t i = 0; i < tables.size(); ++i) {
    const std::vector<catalog::ForeignKey> referencing = tables[i].referenced_by;
    for (const catalog::ForeignKey& key : referencing) {
      if (seen.count(key.table_oid) != 0) continue;
      if (!stmt.cascade) continue;
      parser::RangeVar name;
      name.schema = key.table_schema;
      name.name = key.table_name;
      catalog::TableSchema child = planner::LookupTable(name, context, storage::LockMode::kAccessExclusive);
      result.impl().notices.push_back(Error(sqlstate::kSuccessfulCompletion,
                                            "truncate cascades to table \"" + child.name + "\"",
                                            Severity::kNotice));
      seen.insert(child.oid);
      tables.push_back(std::move(child));
    }
  }
  for (const catalog::TableSchema& table : tables) {
    for (const catalog::ForeignKey& key : table.referenced_by) {
      if (seen.count(key.table_oid) != 0) continue;
      throw Error(sqlstate::kFeatureNotSupported,
                  "cannot truncate a table referenced in a foreign key constraint")
          .WithDetail("Table \"" + key.table_name + "\" references \"" + table.name + "\".")
          .WithHint("Truncate table \"" + key.table_name +
                    "\" at the same time, or use TRUNCATE ... CASCADE.");
    }
  }
  // RESTART IDENTITY is not undone by a rollback (PostgreSQL's is: it gives the sequences
  // new relation files).
  for (const catalog::TableSchema& table : tables) {
    TruncateStorage(session, table, context);
    if (stmt.restart_identity) RestartOwnedSequences(session, table, context);
  }
  return result;
}

}  // namespace granary
