// COMMENT ON (PostgreSQL's commands/comment.c): finds the object, locks it as PostgreSQL's
// get_object_address does (ShareUpdateExclusiveLock on a relation), and sets its comment in
// pg_description or pg_shdescription under the statement's snapshot, so a comment is exactly
// as transactional as the rest of the catalog.
#include "engine/comment_command.hpp"

#include "catalog/system_views.hpp"
#include "common/sqlstate.hpp"
#include "engine/function_commands.hpp"

namespace granary {
namespace {

using parser::ObjectType;

const char* KindName(ObjectType type) {
  switch (type) {
    case ObjectType::kView: return "a view";
    case ObjectType::kMaterializedView: return "a materialized view";
    case ObjectType::kSequence: return "a sequence";
    case ObjectType::kIndex: return "an index";
    default: return "a table";
  }
}

char RelationKind(ObjectType type) {
  switch (type) {
    case ObjectType::kView: return 'v';
    case ObjectType::kMaterializedView: return 'm';
    case ObjectType::kSequence: return 'S';
    default: return 'r';
  }
}

// A relation named by `names` (schema-qualified or not): 42P01 when there is none.
catalog::TableSchema FindRelation(Session::Impl& session, const std::vector<std::string>& names, int location,
                                  planner::AnalyzeContext& context) {
  const std::string schema = names.size() > 1 ? names[names.size() - 2] : "";
  const std::string& name = names.back();
  std::optional<catalog::TableSchema> table = session.db.catalog->FindTable(schema, name, context.SearchPath(), context.snapshot);
  if (!table) {
    throw context.ErrorAt(sqlstate::kUndefinedTable,
                          "relation \"" + (schema.empty() ? name : schema + "." + name) + "\" does not exist",
                          location);
  }
  if (context.locks != nullptr) {
    context.locks->LockRelation(table->oid, storage::LockMode::kShareUpdateExclusive, table->name);
  }
  return *table;
}

void CheckQualifiedName(const std::vector<std::string>& names, int location, planner::AnalyzeContext& context) {
  if (names.size() > 3) {
    throw context.ErrorAt(sqlstate::kSyntaxError, "improper relation name (too many dotted names)", location);
  }
}

}  // namespace

Result Comment(Session::Impl& session, const parser::CommentStmt& stmt, planner::AnalyzeContext& context) {
  catalog::Catalog& catalog = *session.db.catalog;
  const storage::Snapshot& snapshot = context.snapshot;
  const storage::CommandId cid = snapshot.command_id;
  Result result;
  result.impl().command_tag = "COMMENT";
  const std::string& name = stmt.name.back();
  switch (stmt.object_type) {
    case ObjectType::kTable:
    case ObjectType::kView:
    case ObjectType::kMaterializedView:
    case ObjectType::kSequence: {
      CheckQualifiedName(stmt.name, stmt.location, context);
      const catalog::TableSchema table = FindRelation(session, stmt.name, stmt.location, context);
      if (table.kind != RelationKind(stmt.object_type)) {
        throw Error(sqlstate::kWrongObjectType,
                    "\"" + table.name + "\" is not " + KindName(stmt.object_type));
      }
      catalog.SetComment(table.oid, catalog::kRelationClassOid, 0, stmt.text, snapshot, cid);
      return result;
    }
    case ObjectType::kIndex: {
      CheckQualifiedName(stmt.name, stmt.location, context);
      const std::string schema = stmt.name.size() > 1 ? stmt.name[stmt.name.size() - 2] : "";
      const auto found = catalog.FindIndex(schema, name, context.SearchPath(), snapshot);
      if (!found) {
        FindRelation(session, stmt.name, stmt.location, context);  // 42P01 when nothing has the name
        throw Error(sqlstate::kWrongObjectType, "\"" + name + "\" is not an index");
      }
      if (context.locks != nullptr) {
        context.locks->LockRelation(found->second.oid, storage::LockMode::kShareUpdateExclusive, name);
      }
      catalog.SetComment(found->second.oid, catalog::kRelationClassOid, 0, stmt.text, snapshot, cid);
      return result;
    }
    case ObjectType::kColumn: {
      if (stmt.name.size() < 2) {
        throw Error(sqlstate::kSyntaxError, "column name must be qualified");
      }
      const std::vector<std::string> relation(stmt.name.begin(), stmt.name.end() - 1);
      CheckQualifiedName(relation, stmt.location, context);
      const catalog::TableSchema table = FindRelation(session, relation, stmt.location, context);
      const std::optional<size_t> column = table.ColumnIndex(name);
      if (!column) {
        throw Error(sqlstate::kUndefinedColumn,
                    "column \"" + name + "\" of relation \"" + table.name + "\" does not exist");
      }
      catalog.SetComment(table.oid, catalog::kRelationClassOid, static_cast<int32_t>(*column + 1), stmt.text,
                         snapshot, cid);
      return result;
    }
    case ObjectType::kConstraint: {
      CheckQualifiedName(stmt.name, stmt.location, context);
      const catalog::TableSchema table = FindRelation(session, stmt.name, stmt.location, context);
      for (const catalog::CatalogRow& row : catalog.ReadSystemTable(catalog::SystemTable::kConstraint, snapshot)) {
        if (static_cast<catalog::Oid>(row[catalog::pg_constraint::kRelation].AsInt()) == table.oid &&
            row[catalog::pg_constraint::kName].AsString() == stmt.constraint_name) {
          catalog.SetComment(static_cast<catalog::Oid>(row[catalog::pg_constraint::kOid].AsInt()),
                             catalog::kConstraintClassOid, 0, stmt.text, snapshot, cid);
          return result;
        }
      }
      throw Error(sqlstate::kUndefinedObject,
                  "constraint \"" + stmt.constraint_name + "\" for table \"" + table.name + "\" does not exist");
    }
    case ObjectType::kSchema: {
      const std::optional<catalog::Oid> schema = catalog.FindNamespace(name, snapshot);
      if (!schema) throw Error(sqlstate::kInvalidSchemaName, "schema \"" + name + "\" does not exist");
      catalog.SetComment(*schema, catalog::kNamespaceClassOid, 0, stmt.text, snapshot, cid);
      return result;
    }
    case ObjectType::kDatabase: {
      for (const catalog::DatabaseEntry& database : catalog::KnownDatabases()) {
        if (database.name == name) {
          catalog.SetSharedComment(database.oid, catalog::kDatabaseClassOid, stmt.text, snapshot, cid);
          return result;
        }
      }
      // As PostgreSQL: a warning, so that dumps restore into a database of another name.
      result.impl().notices.push_back(
          Error(sqlstate::kUndefinedObject, "database \"" + name + "\" does not exist", Severity::kWarning));
      return result;
    }
    case ObjectType::kFunction: {
      const catalog::FunctionSchema function = FindNamedFunction(session, stmt.function, context);
      catalog.SetComment(function.oid, catalog::kProcedureClassOid, 0, stmt.text, snapshot, cid);
      return result;
    }
    case ObjectType::kType: {
      const std::string schema = stmt.name.size() >= 2 ? stmt.name[stmt.name.size() - 2] : "";
      const std::optional<types::EnumTypeDefinition> type =
          catalog.FindEnumType(schema, name, context.SearchPath(), snapshot);
      if (!type) {
        std::string shown;
        for (const std::string& part : stmt.name) shown += (shown.empty() ? "" : ".") + part;
        throw Error(sqlstate::kUndefinedObject, "type \"" + shown + "\" does not exist");
      }
      catalog.SetComment(type->oid, catalog::kTypeClassOid, 0, stmt.text, snapshot, cid);
      return result;
    }
    case ObjectType::kRole: {
      const std::optional<catalog::RoleSchema> role = catalog.FindRole(name, snapshot);
      if (!role) throw Error(sqlstate::kUndefinedObject, "role \"" + name + "\" does not exist");
      catalog.SetSharedComment(role->oid, catalog::kRoleClassOid, stmt.text, snapshot, cid);
      return result;
    }
  }
  throw Error(sqlstate::kFeatureNotSupported, "COMMENT ON this kind of object is not supported");
}

}  // namespace granary
