// Enum types: CREATE TYPE ... AS ENUM, ALTER TYPE ... ADD VALUE / RENAME VALUE, DROP TYPE
// (PostgreSQL 15's commands/typecmds.c and catalog/pg_enum.c).
#include "engine/type_commands.hpp"

#include "common/sqlstate.hpp"
#include "engine/alter_table.hpp"
#include "planner/analyze/deparse.hpp"

namespace granary {
namespace {

// NAMEDATALEN - 1: the longest label pg_enum.enumlabel (a name) holds.
constexpr size_t kMaxLabelBytes = 63;

Result Tagged(std::string tag) {
  Result result;
  result.impl().command_tag = std::move(tag);
  return result;
}

std::string Shown(const std::vector<std::string>& names) {
  std::string shown;
  for (const std::string& part : names) shown += (shown.empty() ? "" : ".") + part;
  return shown;
}

std::string SchemaOf(const std::vector<std::string>& names) {
  return names.size() >= 2 ? names[names.size() - 2] : "";
}

void CheckLabel(const std::string& label) {
  if (label.size() > kMaxLabelBytes) {
    throw Error(sqlstate::kInvalidName, "invalid enum label \"" + label + "\"")
        .WithDetail("Labels must be 63 bytes or less.");
  }
}

std::optional<types::EnumTypeDefinition> FindType(Session::Impl& session, const std::vector<std::string>& names,
                                                  planner::AnalyzeContext& context) {
  return session.db.catalog->FindEnumType(SchemaOf(names), names.back(), context.SearchPath(), context.snapshot);
}

// The user columns of an enum type (or of its array type), as (table oid, table name, column).
struct DependentColumn {
  catalog::Oid table = 0;
  std::string schema;
  std::string table_name;
  std::string column;
};

std::vector<DependentColumn> ColumnsUsing(Session::Impl& session, const types::EnumTypeDefinition& type,
                                          planner::AnalyzeContext& context) {
  std::vector<DependentColumn> columns;
  const std::vector<catalog::CatalogRow> classes =
      session.db.catalog->ReadSystemTable(catalog::SystemTable::kClass, context.snapshot);
  for (const catalog::CatalogRow& row :
       session.db.catalog->ReadSystemTable(catalog::SystemTable::kAttribute, context.snapshot)) {
    const auto type_oid = static_cast<uint32_t>(row[catalog::pg_attribute::kTypeOid].AsInt());
    if (type_oid != type.oid && type_oid != type.array_oid) continue;
    DependentColumn column;
    column.table = static_cast<catalog::Oid>(row[catalog::pg_attribute::kRelation].AsInt());
    column.column = row[catalog::pg_attribute::kName].AsString();
    for (const catalog::CatalogRow& class_row : classes) {
      if (static_cast<catalog::Oid>(class_row[catalog::pg_class::kOid].AsInt()) != column.table) continue;
      column.table_name = class_row[catalog::pg_class::kName].AsString();
      column.schema = session.db.catalog
                          ->NamespaceNameOf(static_cast<catalog::Oid>(class_row[catalog::pg_class::kNamespace].AsInt()),
                                            context.snapshot)
                          .value_or("");
    }
    columns.push_back(std::move(column));
  }
  return columns;
}

}  // namespace

Result CreateEnum(Session::Impl& session, const parser::CreateEnumStmt& stmt, planner::AnalyzeContext& context) {
  const catalog::NamespaceName target =
      session.db.catalog->CreationNamespace(SchemaOf(stmt.name), context.SearchPath(), context.snapshot);
  types::EnumTypeDefinition type;
  type.name = stmt.name.back();
  type.namespace_oid = target.oid;
  type.schema = target.name;
  for (const std::string& label : stmt.labels) CheckLabel(label);
  const bool builtin = target.oid == catalog::kPgCatalogNamespace && types::LookupTypeName(type.name);
  if (builtin || session.db.catalog->FindEnumType(target.name, type.name, context.SearchPath(), context.snapshot)) {
    throw Error(sqlstate::kDuplicateObject, "type \"" + type.name + "\" already exists");
  }
  for (size_t i = 0; i < stmt.labels.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (stmt.labels[i] == stmt.labels[j]) {
        throw Error(sqlstate::kUniqueViolation,
                    "duplicate key value violates unique constraint \"pg_enum_typid_label_index\"");
      }
    }
  }
  const types::EnumTypeDefinition created = session.db.catalog->CreateEnumType(
      std::move(type), stmt.labels, 10, context.snapshot, context.snapshot.command_id);
  for (const types::EnumLabel& label : types::EnumLabelsOf(created.oid)) {
    session.UndoEnumChangeOnAbort(types::EnumChange{label.oid, std::nullopt});
  }
  session.MarkCatalogChanged();
  return Tagged("CREATE TYPE");
}

Result AlterEnum(Session::Impl& session, const parser::AlterEnumStmt& stmt, planner::AnalyzeContext& context) {
  Result result = Tagged("ALTER TYPE");
  const std::optional<types::EnumTypeDefinition> type = FindType(session, stmt.name, context);
  if (!type) throw Error(sqlstate::kUndefinedObject, "type \"" + Shown(stmt.name) + "\" does not exist");
  catalog::Catalog& catalog = *session.db.catalog;
  const std::vector<types::EnumLabel> labels = catalog.EnumLabels(type->oid, context.snapshot);
  const auto find = [&](const std::string& label) -> const types::EnumLabel* {
    for (const types::EnumLabel& existing : labels) {
      if (existing.label == label) return &existing;
    }
    return nullptr;
  };
  if (stmt.old_value) {  // RENAME VALUE
    const types::EnumLabel* old_label = find(*stmt.old_value);
    if (old_label == nullptr) {
      throw Error(sqlstate::kInvalidParameterValue, "\"" + *stmt.old_value + "\" is not an existing enum label");
    }
    if (find(stmt.new_value) != nullptr) {
      throw Error(sqlstate::kDuplicateObject, "enum label \"" + stmt.new_value + "\" already exists");
    }
    CheckLabel(stmt.new_value);
    session.UndoEnumChangeOnAbort(types::EnumChange{old_label->oid, old_label->label});
    catalog.RenameEnumLabel(*old_label, stmt.new_value, context.snapshot, context.snapshot.command_id);
    session.MarkCatalogChanged();
    return result;
  }
  CheckLabel(stmt.new_value);
  if (find(stmt.new_value) != nullptr) {
    const std::string message = "enum label \"" + stmt.new_value + "\" already exists";
    if (!stmt.if_not_exists) throw Error(sqlstate::kDuplicateObject, message);
    result.impl().notices.push_back(Error(sqlstate::kDuplicateObject, message + ", skipping", Severity::kNotice));
    return result;
  }
  // AddEnumLabel's placement: after the last label, or between the neighbour and the label
  // on its other side (one less / one more than the neighbour at either end).
  double sort_order = labels.empty() ? 1 : labels.back().sort_order + 1;
  if (stmt.neighbor) {
    const types::EnumLabel* neighbor = find(*stmt.neighbor);
    if (neighbor == nullptr) {
      throw Error(sqlstate::kInvalidParameterValue, "\"" + *stmt.neighbor + "\" is not an existing enum label");
    }
    const size_t at = static_cast<size_t>(neighbor - labels.data());
    if (stmt.before) {
      sort_order = at == 0 ? neighbor->sort_order - 1 : (labels[at - 1].sort_order + neighbor->sort_order) / 2;
    } else {
      sort_order =
          at + 1 == labels.size() ? neighbor->sort_order + 1 : (neighbor->sort_order + labels[at + 1].sort_order) / 2;
    }
    for (const types::EnumLabel& existing : labels) {
      // PostgreSQL renumbers the labels here; their order is in index keys, so Granary cannot.
      if (existing.sort_order == sort_order) {
        throw Error(sqlstate::kProgramLimitExceeded,
                    "too many enum labels have been added between \"" + *stmt.neighbor + "\" and its neighbour");
      }
    }
  }
  const types::EnumLabel added =
      catalog.AddEnumLabel(type->oid, stmt.new_value, sort_order, context.snapshot, context.snapshot.command_id);
  session.UndoEnumChangeOnAbort(types::EnumChange{added.oid, std::nullopt});
  session.MarkCatalogChanged();
  return result;
}

Result DropTypes(Session::Impl& session, const parser::DropStmt& stmt, planner::AnalyzeContext& context) {
  Result result = Tagged("DROP TYPE");
  std::vector<types::EnumTypeDefinition> dropped;
  for (const std::vector<std::string>& names : stmt.names) {
    std::optional<types::EnumTypeDefinition> found = FindType(session, names, context);
    if (!found) {
      const bool builtin = (names.size() == 1 || SchemaOf(names) == "pg_catalog") && types::LookupTypeName(names.back());
      if (builtin) {
        throw Error(sqlstate::kDependentObjectsStillExist,
                    "cannot drop type " + names.back() + " because it is required by the database system");
      }
      if (!stmt.if_exists) throw Error(sqlstate::kUndefinedObject, "type \"" + Shown(names) + "\" does not exist");
      result.impl().notices.push_back(Error(sqlstate::kSuccessfulCompletion,
                                            "type \"" + Shown(names) + "\" does not exist, skipping", Severity::kNotice));
      continue;
    }
    dropped.push_back(std::move(*found));
  }
  for (const types::EnumTypeDefinition& type : dropped) {
    const std::vector<DependentColumn> columns = ColumnsUsing(session, type, context);
    if (columns.empty()) continue;
    const std::string type_name = planner::QuoteIdentifier(type.name);
    if (!stmt.cascade) {
      std::string detail;
      for (const DependentColumn& column : columns) {
        detail += (detail.empty() ? "" : "\n") + ("column " + column.column + " of table " + column.table_name +
                                                   " depends on type " + type_name);
      }
      throw Error(sqlstate::kDependentObjectsStillExist,
                  "cannot drop type " + type_name + " because other objects depend on it")
          .WithDetail(detail)
          .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
    }
    for (const DependentColumn& column : columns) {
      result.impl().notices.push_back(Error(sqlstate::kSuccessfulCompletion,
                                            "drop cascades to column " + column.column + " of table " +
                                                column.table_name,
                                            Severity::kNotice));
      parser::AlterTableStmt alter;
      alter.table = std::make_unique<parser::RangeVar>();
      alter.table->schema = column.schema;
      alter.table->name = column.table_name;
      parser::AlterTableCmd command;
      command.kind = parser::AlterTableCmdKind::kDropColumn;
      command.name = column.column;
      alter.commands.push_back(std::move(command));
      AlterTable(session, alter, context);
    }
  }
  for (const types::EnumTypeDefinition& type : dropped) {
    session.db.catalog->DropEnumType(type.oid, context.snapshot, context.snapshot.command_id);
  }
  if (!dropped.empty()) session.MarkCatalogChanged();
  return result;
}

}  // namespace granary
