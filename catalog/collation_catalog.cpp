// Collations made by CREATE COLLATION, in the pg_collation system table: lookup along the
// search path, create, drop. Every row read is registered with types::RegisterCollation so
// that the comparison functions know its ICU locale by oid.
#include "catalog/catalog.hpp"
#include "common/sqlstate.hpp"
#include "granary/error.hpp"

namespace granary::catalog {
namespace {

using types::Value;

types::CollationDefinition CollationFromRow(const CatalogRow& row) {
  types::CollationDefinition collation;
  collation.oid = static_cast<Oid>(row[pg_collation::kOid].AsInt());
  collation.name = row[pg_collation::kName].AsString();
  collation.namespace_oid = static_cast<Oid>(row[pg_collation::kNamespace].AsInt());
  collation.provider = row[pg_collation::kProvider].AsString().empty() ? 'i' : row[pg_collation::kProvider].AsString()[0];
  collation.icu_locale = row[pg_collation::kIcuLocale].AsString();
  collation.deterministic = row[pg_collation::kDeterministic].AsBool();
  return collation;
}

}  // namespace

std::vector<types::CollationDefinition> Catalog::UserCollations(const storage::Snapshot& snapshot) {
  std::vector<types::CollationDefinition> collations;
  for (const auto& [tid, row] : SystemTableAccess(pool_, transactions_, SystemTable::kCollation).Scan(snapshot)) {
    collations.push_back(CollationFromRow(row));
    types::RegisterCollation(collations.back());
  }
  return collations;
}

std::optional<types::CollationDefinition> Catalog::FindUserCollation(std::string_view schema, std::string_view name,
                                                                     const SearchPath& path,
                                                                     const storage::Snapshot& snapshot) {
  const std::vector<types::CollationDefinition> collations = UserCollations(snapshot);
  for (const NamespaceName& namespace_name : LookupNamespaces(schema, path, snapshot)) {
    for (const types::CollationDefinition& collation : collations) {
      if (collation.name == name && collation.namespace_oid == namespace_name.oid) return collation;
    }
  }
  return std::nullopt;
}

types::CollationDefinition Catalog::CreateCollation(types::CollationDefinition collation, Oid owner,
                                                    const storage::Snapshot& snapshot, storage::CommandId cid) {
  for (const types::CollationDefinition& existing : UserCollations(snapshot)) {
    if (existing.name == collation.name && existing.namespace_oid == collation.namespace_oid) {
      throw Error(sqlstate::kDuplicateObject, "collation \"" + collation.name + "\" already exists");
    }
  }
  collation.oid = AllocateOid();
  SystemTableAccess(pool_, transactions_, SystemTable::kCollation)
      .Insert({Value::Int8(collation.oid), Value::Text(collation.name), Value::Int8(collation.namespace_oid),
               Value::Text(std::string(1, collation.provider)), Value::Text(collation.icu_locale),
               Value::Bool(collation.deterministic), Value::Int8(owner)},
              snapshot.own_xid, cid);
  types::RegisterCollation(collation);
  return collation;
}

void Catalog::DropCollation(Oid oid, const storage::Snapshot& snapshot, storage::CommandId cid) {
  SystemTableAccess collations(pool_, transactions_, SystemTable::kCollation);
  for (const auto& [tid, row] : collations.Scan(snapshot)) {
    if (static_cast<Oid>(row[pg_collation::kOid].AsInt()) == oid) collations.Delete(tid, snapshot.own_xid, cid);
  }
}

}  // namespace granary::catalog
