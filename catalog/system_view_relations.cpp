// pg_tables, pg_indexes, pg_views and pg_matviews: PostgreSQL's views over pg_class, one row
// per table, per index of a table, per view, per materialized view. Granary has no tablespaces (NULL), rules, triggers or row
// security (false); every relation belongs to the first superuser, as in pg_class.
#include <string>

#include "catalog/catalog_functions.hpp"
#include "catalog/system_view_rows.hpp"

namespace granary::catalog::views {
namespace {

Oid OidOf(const types::Value& value) { return static_cast<Oid>(value.AsInt()); }

// pg_get_userbyid(relowner), as PostgreSQL's views compute it.
types::Value OwnerName(const CatalogSnapshot& tables) {
  const Oid owner = tables.OwnerOid();
  for (const CatalogRow& role : tables.roles) {
    if (OidOf(role[pg_authid::kOid]) == owner) return role[pg_authid::kName];
  }
  return types::Value::Text("unknown (OID=" + std::to_string(owner) + ")");
}

types::Value Name(std::string text) { return types::Value::OfString(types::TypeId::kName, std::move(text)); }

}  // namespace

std::vector<CatalogRow> RelationListRows(SystemView view, const CatalogSnapshot& tables, Catalog& catalog,
                                         const SystemViewEnvironment& environment,
                                         const storage::Snapshot& snapshot) {
  std::vector<CatalogRow> rows;
  const types::Value owner = OwnerName(tables);
  std::vector<CatalogRow> rewrites;
  if (view == SystemView::kPgViews || view == SystemView::kPgMatviews) rewrites = catalog.ReadSystemTable(SystemTable::kRewrite, snapshot);
  for (const CatalogRow& row : tables.classes) {
    const Oid oid = OidOf(row[pg_class::kOid]);
    const std::string kind = row[pg_class::kKind].AsString();
    const types::Value schema = Name(tables.NamespaceName(OidOf(row[pg_class::kNamespace])));
    RowBuilder builder(view);
    if (view == SystemView::kPgTables && kind == "r") {
      bool has_indexes = false;
      for (const CatalogRow& index : tables.indexes) {
        has_indexes = has_indexes || OidOf(index[pg_index::kRelation]) == oid;
      }
      rows.push_back(builder.Set("schemaname", schema)
                         .Set("tablename", row[pg_class::kName])
                         .Set("tableowner", owner)
                         .Bool("hasindexes", has_indexes)
                         .Bool("hasrules", false)
                         .Bool("hastriggers", false)
                         .Bool("rowsecurity", false)
                         .Take());
    } else if (view == SystemView::kPgIndexes && kind == "i") {
      for (const CatalogRow& index : tables.indexes) {
        if (OidOf(index[pg_index::kIndex]) != oid) continue;
        const CatalogRow* table = tables.FindClass(OidOf(index[pg_index::kRelation]));
        if (table == nullptr) continue;
        rows.push_back(builder.Set("schemaname", schema)
                           .Set("tablename", (*table)[pg_class::kName])
                           .Set("indexname", row[pg_class::kName])
                           .Set("indexdef", IndexDefinition(tables, environment, oid))
                           .Take());
      }
    } else if (view == SystemView::kPgMatviews && kind == "m") {
      bool has_indexes = false;
      for (const CatalogRow& index : tables.indexes) {
        has_indexes = has_indexes || OidOf(index[pg_index::kRelation]) == oid;
      }
      types::Value definition = types::Value::Null(types::TypeId::kText);
      for (const CatalogRow& rewrite : rewrites) {
        if (OidOf(rewrite[pg_rewrite::kRelation]) == oid) definition = rewrite[pg_rewrite::kDefinition];
      }
      rows.push_back(builder.Set("schemaname", schema)
                         .Set("matviewname", row[pg_class::kName])
                         .Set("matviewowner", owner)
                         .Bool("hasindexes", has_indexes)
                         .Bool("ispopulated", row.size() <= pg_class::kPopulated ||
                                                  row[pg_class::kPopulated].is_null() ||
                                                  row[pg_class::kPopulated].AsBool())
                         .Set("definition", definition)
                         .Take());
    } else if (view == SystemView::kPgViews && kind == "v") {
      types::Value definition = types::Value::Null(types::TypeId::kText);
      for (const CatalogRow& rewrite : rewrites) {
        if (OidOf(rewrite[pg_rewrite::kRelation]) == oid) definition = rewrite[pg_rewrite::kDefinition];
      }
      rows.push_back(builder.Set("schemaname", schema)
                         .Set("viewname", row[pg_class::kName])
                         .Set("viewowner", owner)
                         .Set("definition", definition)
                         .Take());
    }
  }
  return rows;
}

}  // namespace granary::catalog::views
