// Roles in pg_authid: lookup by name, create, update (a new row version), drop.
#include "catalog/catalog.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::catalog {
namespace {

using types::Value;

CatalogRow RoleRow(const RoleSchema& role) {
  return {Value::Int8(role.oid), Value::Text(role.name), Value::Bool(role.superuser),
          Value::Bool(role.can_login),
          role.password ? Value::Text(*role.password) : Value::Null(types::TypeId::kText)};
}

RoleSchema RoleFromRow(const CatalogRow& row) {
  RoleSchema role;
  role.oid = static_cast<Oid>(row[pg_authid::kOid].AsInt());
  role.name = row[pg_authid::kName].AsString();
  role.superuser = row[pg_authid::kSuperuser].AsBool();
  role.can_login = row[pg_authid::kCanLogin].AsBool();
  if (!row[pg_authid::kPassword].is_null()) role.password = row[pg_authid::kPassword].AsString();
  return role;
}

}  // namespace

std::optional<RoleSchema> Catalog::FindRole(std::string_view name, const storage::Snapshot& snapshot) {
  SystemTableAccess roles(pool_, transactions_, SystemTable::kAuthId);
  for (const auto& [tid, row] : roles.Scan(snapshot)) {
    if (row[pg_authid::kName].AsString() == name) return RoleFromRow(row);
  }
  return std::nullopt;
}

RoleSchema Catalog::CreateRole(RoleSchema role, const storage::Snapshot& snapshot,
                               storage::CommandId cid) {
  if (FindRole(role.name, snapshot)) {
    throw Error(sqlstate::kDuplicateObject, "role \"" + role.name + "\" already exists");
  }
  role.oid = AllocateOid();
  SystemTableAccess(pool_, transactions_, SystemTable::kAuthId)
      .Insert(RoleRow(role), snapshot.own_xid, cid);
  return role;
}

void Catalog::UpdateRole(const RoleSchema& role, const storage::Snapshot& snapshot,
                         storage::CommandId cid) {
  SystemTableAccess roles(pool_, transactions_, SystemTable::kAuthId);
  for (const auto& [tid, row] : roles.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_authid::kOid].AsInt()) == role.oid) {
      roles.Delete(tid, snapshot.own_xid, cid);
    }
  }
  roles.Insert(RoleRow(role), snapshot.own_xid, cid);
}

void Catalog::DropRole(const RoleSchema& role, const storage::Snapshot& snapshot,
                       storage::CommandId cid) {
  SystemTableAccess roles(pool_, transactions_, SystemTable::kAuthId);
  for (const auto& [tid, row] : roles.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_authid::kOid].AsInt()) == role.oid) {
      roles.Delete(tid, snapshot.own_xid, cid);
    }
  }
  SetSharedComment(role.oid, kRoleClassOid, std::nullopt, snapshot, cid);
}

}  // namespace granary::catalog
