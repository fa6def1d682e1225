// Enum types in the pg_type system table (typtype 'e') and their labels in pg_enum: lookup
// along the search path, create, add and rename labels, drop. Every row read or written is
// registered with types/enum.hpp, so that values (label oids) can be printed, compared and
// indexed by code that has no catalog.
#include <algorithm>

#include "catalog/catalog.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::catalog {
namespace {

using types::Value;

types::EnumLabel LabelFromRow(const CatalogRow& row) {
  types::EnumLabel label;
  label.oid = static_cast<Oid>(row[pg_enum::kOid].AsInt());
  label.type_oid = static_cast<Oid>(row[pg_enum::kTypeOid].AsInt());
  label.sort_order = row[pg_enum::kSortOrder].AsDouble();
  label.label = row[pg_enum::kLabel].AsString();
  return label;
}

CatalogRow LabelRow(const types::EnumLabel& label) {
  return {Value::Int8(label.oid), Value::Int8(label.type_oid), Value::Float8(label.sort_order),
          Value::Text(label.label)};
}

}  // namespace

std::vector<types::EnumTypeDefinition> Catalog::EnumTypes(const storage::Snapshot& snapshot) {
  std::vector<types::EnumTypeDefinition> enums;
  for (const auto& [tid, row] : SystemTableAccess(pool_, transactions_, SystemTable::kType).Scan(snapshot)) {
    if (row[pg_type::kKind].AsString() != "e") continue;
    types::EnumTypeDefinition type;
    type.oid = static_cast<Oid>(row[pg_type::kOid].AsInt());
    type.name = row[pg_type::kName].AsString();
    type.namespace_oid = static_cast<Oid>(row[pg_type::kNamespace].AsInt());
    type.array_oid = static_cast<Oid>(row[pg_type::kArrayOid].AsInt());
    type.schema = NamespaceNameOf(type.namespace_oid, snapshot).value_or("");
    types::RegisterEnumType(type);
    enums.push_back(std::move(type));
  }
  for (const auto& [tid, row] : SystemTableAccess(pool_, transactions_, SystemTable::kEnum).Scan(snapshot)) {
    types::RegisterEnumLabel(LabelFromRow(row));
  }
  return enums;
}

std::optional<types::EnumTypeDefinition> Catalog::FindEnumType(std::string_view schema, std::string_view name,
                                                               const SearchPath& path,
                                                               const storage::Snapshot& snapshot) {
  const std::vector<types::EnumTypeDefinition> enums = EnumTypes(snapshot);
  for (const NamespaceName& namespace_name : LookupNamespaces(schema, path, snapshot)) {
    for (const types::EnumTypeDefinition& type : enums) {
      if (type.name == name && type.namespace_oid == namespace_name.oid) return type;
    }
  }
  return std::nullopt;
}

std::vector<types::EnumLabel> Catalog::EnumLabels(Oid type_oid, const storage::Snapshot& snapshot) {
  std::vector<types::EnumLabel> labels;
  for (const auto& [tid, row] : SystemTableAccess(pool_, transactions_, SystemTable::kEnum).Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_enum::kTypeOid].AsInt()) != type_oid) continue;
    labels.push_back(LabelFromRow(row));
    types::RegisterEnumLabel(labels.back());
  }
  std::sort(labels.begin(), labels.end(),
            [](const types::EnumLabel& a, const types::EnumLabel& b) { return a.sort_order < b.sort_order; });
  return labels;
}

types::EnumTypeDefinition Catalog::CreateEnumType(types::EnumTypeDefinition type,
                                                  const std::vector<std::string>& labels, Oid owner,
                                                  const storage::Snapshot& snapshot, storage::CommandId cid) {
  for (const types::EnumTypeDefinition& existing : EnumTypes(snapshot)) {
    if (existing.name == type.name && existing.namespace_oid == type.namespace_oid) {
      throw Error(sqlstate::kDuplicateObject, "type \"" + type.name + "\" already exists");
    }
  }
  type.oid = AllocateOid();
  type.array_oid = AllocateOid();
  SystemTableAccess(pool_, transactions_, SystemTable::kType)
      .Insert({Value::Int8(type.oid), Value::Text(type.name), Value::Int8(type.namespace_oid), Value::Int8(owner),
               Value::Text("e"), Value::Int8(type.array_oid)},
              snapshot.own_xid, cid);
  types::RegisterEnumType(type);
  double sort_order = 1;
  for (const std::string& label : labels) AddEnumLabel(type.oid, label, sort_order++, snapshot, cid);
  return type;
}

types::EnumLabel Catalog::AddEnumLabel(Oid type_oid, std::string label, double sort_order,
                                       const storage::Snapshot& snapshot, storage::CommandId cid) {
  types::EnumLabel row{AllocateOid(), type_oid, sort_order, std::move(label)};
  SystemTableAccess(pool_, transactions_, SystemTable::kEnum).Insert(LabelRow(row), snapshot.own_xid, cid);
  types::RegisterEnumLabel(row);
  return row;
}

void Catalog::RenameEnumLabel(const types::EnumLabel& label, std::string new_label,
                              const storage::Snapshot& snapshot, storage::CommandId cid) {
  SystemTableAccess enums(pool_, transactions_, SystemTable::kEnum);
  for (const auto& [tid, row] : enums.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_enum::kOid].AsInt()) != label.oid) continue;
    enums.Delete(tid, snapshot.own_xid, cid);
    types::EnumLabel renamed = label;
    renamed.label = std::move(new_label);
    enums.Insert(LabelRow(renamed), snapshot.own_xid, cid);
    types::RegisterEnumLabel(renamed);
    return;
  }
}

void Catalog::DropEnumType(Oid type_oid, const storage::Snapshot& snapshot, storage::CommandId cid) {
  SystemTableAccess type_rows(pool_, transactions_, SystemTable::kType);
  for (const auto& [tid, row] : type_rows.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_type::kOid].AsInt()) == type_oid) type_rows.Delete(tid, snapshot.own_xid, cid);
  }
  SystemTableAccess enums(pool_, transactions_, SystemTable::kEnum);
  for (const auto& [tid, row] : enums.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_enum::kTypeOid].AsInt()) == type_oid) enums.Delete(tid, snapshot.own_xid, cid);
  }
  DeleteComments(kTypeClassOid, {type_oid}, snapshot, cid);
}

}  // namespace granary::catalog
